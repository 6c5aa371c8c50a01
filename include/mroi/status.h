#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace mroi {

/// The canonical error codes. A bad row is never an error (it is a RowIssue in
/// the quarantine); a Status error means the run cannot go on at all.
enum class StatusCode : unsigned char {
  kOk = 0,
  kInvalidArgument,     // bad flag, bad config, unreadable file contents
  kNotFound,            // file or directory missing
  kFailedPrecondition,  // input usable but not for this request
  kOutOfRange,
  kIOError,             // the OS refused a read or write
  kUnimplemented,
  kInternal,            // a bug in mroi
};

/// Return the lower-case name of a code ("invalid_argument").
std::string_view StatusCodeName(StatusCode code);

/// The outcome of an operation: OK, or a code with a one-line message that says
/// what went wrong and, where it can, what to do next. Cheap to copy when OK.
/// Thread safety: a const Status may be read from several threads.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  /// Render as "invalid_argument: message" (or "ok").
  std::string ToString() const;

  /// Return a copy with `context` prepended to the message ("file.csv: ...").
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgument(std::string message);
Status NotFound(std::string message);
Status FailedPrecondition(std::string message);
Status OutOfRange(std::string message);
Status IOError(std::string message);
Status Unimplemented(std::string message);
Status Internal(std::string message);

}  // namespace mroi

/// Return from the current function if `expr` is a non-OK Status.
#define MROI_RETURN_IF_ERROR(expr)                  \
  do {                                              \
    ::mroi::Status mroi_status_ = (expr);           \
    if (!mroi_status_.ok()) return mroi_status_;    \
  } while (false)
