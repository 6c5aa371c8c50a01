// mroi._core.generate_event_log: one chunk of a generated event log (mroi/demo_events.h),
// for the scale benchmark (bench/dask_scale.py), which generates each chunk on the
// worker that processes it.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <utility>

#include "bindings.h"
#include "mroi/demo_events.h"

namespace mroi::python {

namespace py = pybind11;

namespace {

// {"touchpoints": (header, rows bytes), "conversions": (header, rows bytes)}.
py::dict GenerateEventLogChunk(uint64_t seed, int64_t chunk, int64_t rows, int64_t persons,
                               double overlap) {
  EventLogOptions options;
  options.seed = seed;
  options.chunk = chunk;
  options.rows = rows;
  options.persons = persons;
  options.overlap = overlap;
  Result<EventLog> generated = [&] {
    py::gil_scoped_release release;
    return GenerateEventLog(options);
  }();
  EventLog log = Unwrap(std::move(generated));
  py::dict files;
  // Each file's C++ bytes are freed as soon as Python holds its copy.
  const auto add = [&files](const char* kind, EventLogFile& file) {
    files[kind] = py::make_tuple(py::str(file.header),
                                 py::bytes(file.rows.data(), file.rows.size()));
    std::string().swap(file.rows);
  };
  add("touchpoints", log.touchpoints);
  add("conversions", log.conversions);
  return files;
}

}  // namespace

void RegisterDemo(py::module_& m) {
  m.def("generate_event_log", &GenerateEventLogChunk, py::arg("seed"), py::arg("chunk"),
        py::arg("rows"), py::arg("persons"), py::arg("overlap") = 0.1,
        "Generate chunk `chunk` of the seeded event log of `seed`: `rows` touchpoints over\n"
        "`persons` persons of the chunk's own (a share `overlap` of them also appear in the\n"
        "next chunk) and about one conversion per 50 touchpoints, in the canonical CSV\n"
        "schemas. Returns {kind: (header line, rows bytes without header)} for\n"
        "'touchpoints' and 'conversions'. The same arguments give the same bytes; the GIL\n"
        "is released while generating. Raises mroi.InvalidArgumentError for negative\n"
        "chunk or rows, persons < 1, overlap outside [0, 1).");
}

}  // namespace mroi::python
