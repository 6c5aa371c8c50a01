// RegisterCore: the pipeline run and its frames, attribution, and the api layer's
// analyses, each registered by its own file (core_parts.h).
#include "bindings.h"
#include "core_parts.h"

namespace mroi::python {

void RegisterCore(pybind11::module_& m) {
  RegisterRun(m);
  RegisterAttribution(m);
  RegisterApi(m);
}

}  // namespace mroi::python
