#pragma once

// The parts of the extension module mroi._core, each registered by its own file, and
// the one way C++ errors become Python exceptions.
#include <pybind11/pybind11.h>

#include <utility>

#include "mroi/result.h"
#include "mroi/status.h"

namespace mroi::python {

/// Exceptions (mroi.Error and subclasses) and the translation of Status into them.
void RegisterErrors(pybind11::module_& m);
/// clean / pipeline runs / attribution / the api layer's analyses (bind_core.cc).
void RegisterCore(pybind11::module_& m);
/// The scale-out functions of mroi/scale.h, used by mroi.dask (bind_scale.cc).
void RegisterScale(pybind11::module_& m);
/// Generated data: per-partition event logs for the scale benchmarks (bind_demo.cc).
void RegisterDemo(pybind11::module_& m);

/// Raise the Python exception of `status` (mroi.InvalidArgumentError for
/// kInvalidArgument, ...) with status.message() as its text — the CLI's message.
[[noreturn]] void ThrowStatus(const Status& status);

/// Raise when `status` is not OK.
inline void ThrowIfError(const Status& status) {
  if (!status.ok()) ThrowStatus(status);
}

/// The value of `result`, or raise its error.
template <typename T>
T Unwrap(Result<T> result) {
  if (!result.ok()) ThrowStatus(result.status());
  return std::move(result).value();
}

}  // namespace mroi::python
