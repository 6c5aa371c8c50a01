// Column builders for pandas: owned numeric buffers, datetime64 and object arrays.
#include "bind_columns.h"

#include <limits>

namespace py = pybind11;

namespace mroi::python {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kNaT = std::numeric_limits<int64_t>::min();

// A datetime64[ns] array owning `nanos`.
py::array OwnedNanos(std::vector<int64_t> nanos) {
  auto* holder = new std::vector<int64_t>(std::move(nanos));
  py::capsule owner(holder, [](void* pointer) {
    delete static_cast<std::vector<int64_t>*>(pointer);
  });
  return py::array(py::dtype("datetime64[ns]"),
                   std::vector<py::ssize_t>{static_cast<py::ssize_t>(holder->size())},
                   std::vector<py::ssize_t>{}, holder->data(), owner);
}

// An empty object array of `size` None elements.
py::array NoneArray(size_t size) {
  py::array out(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(size)});
  auto** cells = static_cast<PyObject**>(out.mutable_data());
  for (size_t i = 0; i < size; ++i) {
    PyObject* old = cells[i];
    Py_INCREF(Py_None);
    cells[i] = Py_None;
    Py_XDECREF(old);
  }
  return out;
}

// Put `value` (a new reference taken over) into cell `i` of an object array.
void SetCell(py::array* array, size_t i, py::object value) {
  auto** cells = static_cast<PyObject**>(array->mutable_data());
  PyObject* old = cells[i];
  cells[i] = value.release().ptr();
  Py_XDECREF(old);
}

}  // namespace

py::object Utf8Text(std::string_view text) {
  PyObject* decoded =
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (decoded == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(decoded);
}

py::array TimeArray(const std::vector<int64_t>& seconds) {
  std::vector<int64_t> nanos(seconds.size());
  for (size_t i = 0; i < seconds.size(); ++i) {
    nanos[i] = seconds[i] == kNoTime ? kNaT : seconds[i] * kNanosPerSecond;
  }
  return OwnedNanos(std::move(nanos));
}

py::array DateArray(const std::vector<int32_t>& days) {
  std::vector<int64_t> nanos(days.size());
  for (size_t i = 0; i < days.size(); ++i) nanos[i] = int64_t{days[i]} * 86400 * kNanosPerSecond;
  return OwnedNanos(std::move(nanos));
}

py::array BoolArray(const std::vector<bool>& values) {
  auto* holder = new std::vector<uint8_t>(values.begin(), values.end());
  py::capsule owner(holder, [](void* pointer) {
    delete static_cast<std::vector<uint8_t>*>(pointer);
  });
  return py::array(py::dtype("bool"),
                   std::vector<py::ssize_t>{static_cast<py::ssize_t>(holder->size())},
                   std::vector<py::ssize_t>{}, holder->data(), owner);
}

py::object StringCache::Get(StringId id) {
  if (id == kEmptyString || id < 0 || id >= strings_.size()) return py::none();
  const auto index = static_cast<size_t>(id);
  if (made_.size() <= index) made_.resize(static_cast<size_t>(strings_.size()));
  if (!made_[index]) {
    std::string_view text = strings_.Get(id);
    made_[index] = Utf8Text(text);
  }
  return made_[index];
}

py::array StringIdArray(const std::vector<StringId>& ids, StringCache* cache) {
  py::array out = NoneArray(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) SetCell(&out, i, cache->Get(ids[i]));
  return out;
}

py::array TextArray(const std::vector<std::string>& texts, bool empty_is_none) {
  py::array out = NoneArray(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    if (empty_is_none && texts[i].empty()) continue;
    SetCell(&out, i, Utf8Text(texts[i]));
  }
  return out;
}

}  // namespace mroi::python
