#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "mroi/status.h"

namespace mroi::internal {

/// Writes RFC 4180 CSV (quotes only where needed, LF line ends) through a large
/// buffer. Owns its FILE; Close() reports the first write error.
class CsvWriter {
 public:
  static Status Open(const std::string& path, CsvWriter* writer);
  CsvWriter() = default;
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;
  ~CsvWriter();

  /// Append one field to the current row.
  void Field(std::string_view value);
  void Field(double value);
  void Field(int64_t value);
  /// End the current row.
  void EndRow();
  Status Close();

 private:
  void Separator();
  std::FILE* file_ = nullptr;
  std::string path_;
  std::string buffer_;
  bool row_started_ = false;
};

}  // namespace mroi::internal
