#include "bindings.h"
namespace mroi::python {
void RegisterDemo(pybind11::module_&) {}
}  // namespace mroi::python
