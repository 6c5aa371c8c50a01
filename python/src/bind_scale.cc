#include "bindings.h"
namespace mroi::python {
void RegisterScale(pybind11::module_&) {}
}  // namespace mroi::python
