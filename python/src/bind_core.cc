#include "bindings.h"
namespace mroi::python {
void RegisterCore(pybind11::module_&) {}
}  // namespace mroi::python
