#include "mroi/mmm_data.h"

#include <gtest/gtest.h>
