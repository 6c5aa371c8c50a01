// A buffered RFC 4180 CSV writer that counts physical lines, for the demo's files.
#pragma once

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

#include "mroi/status.h"

namespace mroi::internal {

/// Writes rows to one file; quotes fields holding ',', '"', CR or LF. Tracks the
/// 1-based physical line of the next row (the header is line 1). Not thread-safe.
class CsvOut {
 public:
  CsvOut() = default;
  ~CsvOut();
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;

  /// Create `path` and write the header. Error kIOError when it cannot be created.
  Status Open(const std::string& path, std::initializer_list<std::string_view> header);
  /// Append one row; returns the physical line it starts on.
  int64_t Row(std::initializer_list<std::string_view> fields);
  /// Append one row of owned strings; returns its line.
  int64_t Row(const std::string* fields, size_t count);
  /// Append a line verbatim (a deliberately broken row); returns its line.
  int64_t RawLine(std::string_view text);
  /// Flush and close. Error kIOError when a write failed.
  Status Close();

  /// The line the next row will start on.
  int64_t next_line() const { return next_line_; }
  /// Data rows written (header excluded).
  int64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }

 private:
  void AppendField(std::string_view field);
  void MaybeFlush();

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  int64_t next_line_ = 1;
  int64_t rows_ = -1;  // the header is not a row
  bool failed_ = false;
};

}  // namespace mroi::internal
