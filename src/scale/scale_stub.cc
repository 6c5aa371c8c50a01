// Placeholder so the layer links while it is written; replaced by the real files.
#include "mroi/scale.h"
