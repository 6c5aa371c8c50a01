#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/result.h"

#include "ingest/byte_source.h"

namespace mroi::internal {

/// One CSV record. Views point into the reader's buffers and stay valid until the
/// next call of CsvReader::Next().
struct CsvRecord {
  std::vector<std::string_view> fields;  // unquoted, "" unescaped
  std::string_view raw;                  // the record's text (without its line end);
                                         // only its first KiB when too_long
  int64_t line = 0;                      // 1-based physical line where it starts
  bool unclosed_quote = false;           // a quoted field ran to the end of the data
  bool stray_quote = false;              // text after a closing quote
  bool too_long = false;                 // longer than max_record_bytes; fields empty
};

/// Splits a byte stream into RFC 4180 records: quoted fields with "" escapes and
/// embedded line breaks, LF or CRLF line ends, a chosen delimiter. Blank lines are
/// skipped. Reads `block_bytes` at a time; memory is O(block + longest record).
/// Thread safety: none.
class CsvReader {
 public:
  /// `source` must outlive the reader. `progress` (may be empty) is called after
  /// each block with (position, size) of the source.
  CsvReader(ByteSource* source, size_t block_bytes, size_t max_record_bytes,
            std::function<void(int64_t, int64_t)> progress);

  /// Return up to `count` bytes of the start of the data (fewer at its end),
  /// without consuming them. Only before the first Next().
  Result<std::string_view> Peek(size_t count);
  /// Drop `count` bytes already peeked (a byte-order mark).
  void Skip(size_t count);
  void set_delimiter(char delimiter) { delimiter_ = delimiter; }

  /// Read the next record into `record`; return false at the end of the data.
  Result<bool> Next(CsvRecord* record);

 private:
  enum class ParseResult { kComplete, kNeedMore };
  ParseResult ParseRecord(const char* data, size_t size, CsvRecord* record,
                          size_t* consumed, int64_t* newlines);
  // Read one more block; false at the end of the data.
  Result<bool> Fill();
  // Skip past the next line end after an over-long record.
  Status SkipLongRecord(CsvRecord* record);

  ByteSource* source_;
  size_t block_bytes_;
  size_t max_record_bytes_;
  std::function<void(int64_t, int64_t)> progress_;
  char delimiter_ = ',';
  ByteBuffer buffer_;
  size_t begin_ = 0;  // unread data is buffer_[begin_, end_)
  size_t end_ = 0;
  bool eof_ = false;
  int64_t line_ = 1;
  std::string scratch_;  // unescaped quoted fields of the current record
};

}  // namespace mroi::internal
