#pragma once

// The parts of the extension module mroi._core, each registered by its own file.
#include <pybind11/pybind11.h>

namespace mroi::python {

/// Exceptions (mroi.Error and subclasses) and the translation of Status into them.
void RegisterErrors(pybind11::module_& m);
/// clean / pipeline runs / attribution / the api layer's analyses (bind_core.cc).
void RegisterCore(pybind11::module_& m);
/// The scale-out functions of mroi/scale.h, used by mroi.dask (bind_scale.cc).
void RegisterScale(pybind11::module_& m);
/// Generated data: the demo and per-partition event logs for benchmarks (bind_demo.cc).
void RegisterDemo(pybind11::module_& m);

}  // namespace mroi::python
