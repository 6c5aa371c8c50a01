#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "mroi/status.h"

namespace mroi {

/// A value of type T or the Status that explains why there is none; modelled on
/// absl::StatusOr and arrow::Result. Accessing the value of an error Result is a
/// programming error (checked by assert in debug builds).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "a Result built from a Status must hold an error");
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "Result built from OK status");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// Return the value, or `fallback` when this is an error.
  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace mroi

#define MROI_CONCAT_INNER_(a, b) a##b
#define MROI_CONCAT_(a, b) MROI_CONCAT_INNER_(a, b)

/// Evaluate `rexpr` (a Result<T>); on error return its Status, else move the
/// value into `lhs` (which may be a declaration: `auto x`).
#define MROI_ASSIGN_OR_RETURN(lhs, rexpr) \
  MROI_ASSIGN_OR_RETURN_IMPL_(MROI_CONCAT_(mroi_result_, __LINE__), lhs, rexpr)
#define MROI_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                \
  if (!result.ok()) return result.status();             \
  lhs = std::move(result).value()
