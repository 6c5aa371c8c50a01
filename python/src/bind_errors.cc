#include "bindings.h"
namespace mroi::python {
void RegisterErrors(pybind11::module_&) {}
}  // namespace mroi::python
