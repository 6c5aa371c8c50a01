#pragma once

// Private CSV helpers of the segments layer: a line source (text in memory or a
// file, read line by line) and a strict field splitter with double-quote support.

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/result.h"
#include "mroi/status.h"

namespace mroi::internal {

/// Lines of a text or file, "\r\n" or "\n" ended; the 1-based number of the last
/// line returned is line_number(). Not thread-safe.
class CsvLineSource {
 public:
  /// Read lines of `text` (which must outlive the source).
  static CsvLineSource FromText(std::string_view text);
  /// Open `path`. Errors kNotFound (no such file), kIOError (cannot open).
  static Result<CsvLineSource> FromFile(const std::string& path);

  /// Put the next line (without its end) in *line; false at the end of input.
  bool Next(std::string* line);
  /// True when the file could not be read to its end (an I/O error, not EOF).
  bool failed() const;
  int64_t line_number() const { return line_number_; }

 private:
  CsvLineSource() = default;
  std::string_view text_;
  size_t text_pos_ = 0;
  std::unique_ptr<std::ifstream> file_;
  int64_t line_number_ = 0;
};

/// Split one CSV line into trimmed fields. Fields may be double-quoted ("" inside
/// is a quote; spaces around the quotes are ignored). Error kInvalidArgument (no
/// location) for an unterminated quote or text after a closing quote.
Result<std::vector<std::string>> SplitCsvFields(std::string_view line);

/// Lower-case ASCII copy of `text`.
std::string LowerAscii(std::string_view text);

/// Strip a UTF-8 byte-order mark from the start of `line`.
void StripByteOrderMark(std::string* line);

/// True when `line` holds only spaces and tabs.
bool IsBlankLine(std::string_view line);

/// The header names that mean "customer id" (lower case).
inline constexpr std::string_view kCustomerColumnNames[] = {"customer_id", "customerid",
                                                            "customer", "id"};

}  // namespace mroi::internal
