// mroi._core: the C++ library under the Python package `mroi` (python/mroi/).
#include "bindings.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "The C++ core of mroi; use the package `mroi`, not this module.";
  mroi::python::RegisterErrors(m);
  mroi::python::RegisterCore(m);
  mroi::python::RegisterScale(m);
  mroi::python::RegisterDemo(m);
}
