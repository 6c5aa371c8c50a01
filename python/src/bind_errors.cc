// The exceptions of mroi._core: mroi.Error and one subclass per mroi::StatusCode, each
// also deriving from the closest built-in exception (InvalidArgumentError is a
// ValueError, NotFoundError a FileNotFoundError, ...), and ThrowStatus, the one
// translation of a Status into them. str(exception) is status.message(), the text the
// CLI prints after "mroi: error: ".
#include <pybind11/pybind11.h>

#include <array>
#include <string>

#include "bindings.h"

namespace py = pybind11;

namespace mroi::python {
namespace {

/// One exception class: its Python name, the built-in it also derives from, its code.
struct ErrorClassSpec {
  StatusCode code;
  const char* name;
  const char* builtin_base;  // nullptr: only mroi.Error
  const char* doc;
};

constexpr std::array<ErrorClassSpec, 7> kErrorClasses = {{
    {StatusCode::kInvalidArgument, "InvalidArgumentError", "ValueError",
     "A bad argument, flag, config or unreadable input (the CLI's exit code 2)."},
    {StatusCode::kNotFound, "NotFoundError", "FileNotFoundError",
     "A file or directory that does not exist."},
    {StatusCode::kFailedPrecondition, "FailedPreconditionError", nullptr,
     "The input is usable but not for this request (e.g. no conversions to attribute)."},
    {StatusCode::kOutOfRange, "OutOfRangeError", "IndexError", "A value out of its range."},
    {StatusCode::kIOError, "IOError", "OSError", "The operating system refused a read or write."},
    {StatusCode::kUnimplemented, "UnimplementedError", "NotImplementedError",
     "A feature mroi does not have."},
    {StatusCode::kInternal, "InternalError", "RuntimeError", "A bug in mroi; please report it."},
}};

/// The classes, created once by RegisterErrors; leaked on purpose (they live as long as
/// the interpreter, and destroying Python objects at exit is unsafe).
struct ErrorClasses {
  py::object base;
  std::array<py::object, kErrorClasses.size()> by_index;
};

ErrorClasses& Classes() {
  static auto* classes = new ErrorClasses();
  return *classes;
}

py::object MakeClass(const py::module_& m, const char* name, py::tuple bases, const char* doc) {
  py::dict namespace_dict;
  namespace_dict["__doc__"] = doc;
  namespace_dict["__module__"] = "mroi";
  py::object type = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyType_Type));
  py::object cls = type(name, std::move(bases), namespace_dict);
  m.attr(name) = cls;
  return cls;
}

}  // namespace

void RegisterErrors(py::module_& m) {
  py::module_ builtins = py::module_::import("builtins");
  ErrorClasses& classes = Classes();
  classes.base = MakeClass(
      m, "Error", py::make_tuple(builtins.attr("Exception")),
      "The base of every mroi error; str(error) is the message the CLI prints.\n\n"
      "Attribute `code`: the status code name (\"invalid_argument\", ...).");
  classes.base.attr("code") = "unknown";
  for (std::size_t i = 0; i < kErrorClasses.size(); ++i) {
    const ErrorClassSpec& spec = kErrorClasses[i];
    py::tuple bases = spec.builtin_base == nullptr
                          ? py::make_tuple(classes.base)
                          : py::make_tuple(classes.base, builtins.attr(spec.builtin_base));
    classes.by_index[i] = MakeClass(m, spec.name, bases, spec.doc);
    classes.by_index[i].attr("code") = std::string(StatusCodeName(spec.code));
  }
  // Raise one from Python (tests and the pure-Python layer): _raise_status("not_found", msg).
  m.def(
      "_raise_status",
      [](const std::string& code_name, const std::string& message) {
        for (const ErrorClassSpec& spec : kErrorClasses) {
          if (StatusCodeName(spec.code) == code_name) ThrowStatus(Status(spec.code, message));
        }
        ThrowStatus(Status(StatusCode::kInternal, message));
      },
      py::arg("code"), py::arg("message"),
      "Raise the mroi exception of status code name `code` with `message` (internal use).");
}

void ThrowStatus(const Status& status) {
  ErrorClasses& classes = Classes();
  py::object cls = classes.base;
  for (std::size_t i = 0; i < kErrorClasses.size(); ++i) {
    if (kErrorClasses[i].code == status.code()) cls = classes.by_index[i];
  }
  if (!cls) {  // RegisterErrors has not run (cannot happen once the module is imported)
    throw std::runtime_error(status.ToString());
  }
  PyErr_SetString(cls.ptr(), status.message().c_str());
  throw py::error_already_set();
}

}  // namespace mroi::python
