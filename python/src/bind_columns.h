#pragma once

// Columns for pandas built in C++: numeric vectors handed to NumPy without a copy (the
// array owns the C++ buffer through a capsule), times as datetime64[ns], and strings as
// object arrays that share one Python str per distinct dictionary string.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mroi/dataset.h"

namespace mroi::python {

/// An ordered list of (column name, NumPy array); the Python side makes a DataFrame
/// of it with copy=False.
using ColumnList = std::vector<std::pair<std::string, pybind11::array>>;

/// A 1-D array that owns `values` (moved into the capsule): zero copy.
template <typename T>
pybind11::array OwnedArray(std::vector<T> values) {
  auto* holder = new std::vector<T>(std::move(values));
  pybind11::capsule owner(holder, [](void* pointer) {
    delete static_cast<std::vector<T>*>(pointer);
  });
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(holder->size()), holder->data(),
                              owner);
}

/// A bool array of `values` (owning a byte buffer).
pybind11::array BoolArray(const std::vector<bool>& values);
/// A datetime64[ns] array of Unix seconds (kNoTime → NaT), owning its buffer.
pybind11::array TimeArray(const std::vector<int64_t>& seconds);
/// A datetime64[ns] array of Unix days (midnight UTC), owning its buffer.
pybind11::array DateArray(const std::vector<int32_t>& days);

/// A str of UTF-8 `text`; invalid bytes (a quarantined row's raw text) become U+FFFD.
pybind11::object Utf8Text(std::string_view text);

/// Python str objects of a Dictionary, made once per id (missing → None).
class StringCache {
 public:
  explicit StringCache(const Dictionary& strings) : strings_(strings) {}
  /// A new reference to the str of `id` (None for kEmptyString).
  pybind11::object Get(StringId id);

 private:
  const Dictionary& strings_;
  std::vector<pybind11::object> made_;
};

/// An object array of the strings `ids`.
pybind11::array StringIdArray(const std::vector<StringId>& ids, StringCache* cache);
/// An object array of `texts` ("" → None when `empty_is_none`).
pybind11::array TextArray(const std::vector<std::string>& texts, bool empty_is_none);

}  // namespace mroi::python
