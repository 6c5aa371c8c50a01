#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "mroi/result.h"

#include "ingest/byte_source.h"

namespace mroi::internal {

/// Splits a byte stream into lines (LF or CRLF), block by block; memory is
/// O(block + max_line_bytes). A longer line is returned cut to its first KiB with
/// `too_long` set. Thread safety: none.
class LineReader {
 public:
  LineReader(ByteSource* source, size_t block_bytes, size_t max_line_bytes,
             std::function<void(int64_t, int64_t)> progress);

  /// Return up to `count` bytes of the start of the data without consuming them.
  Result<std::string_view> Peek(size_t count);
  /// Drop `count` bytes already peeked (a byte-order mark).
  void Skip(size_t count);
  /// Read the next line (without its line end) and its 1-based number; false at the end.
  /// The view stays valid until the next call.
  Result<bool> Next(std::string_view* line, int64_t* number, bool* too_long);

 private:
  Result<bool> Fill();

  ByteSource* source_;
  size_t block_bytes_;
  size_t max_line_bytes_;
  std::function<void(int64_t, int64_t)> progress_;
  ByteBuffer buffer_;
  std::vector<char> long_line_;
  size_t begin_ = 0;
  size_t end_ = 0;
  size_t scanned_ = 0;  // bytes of buffer_[begin_, end_) known to hold no '\n'
  bool eof_ = false;
  int64_t line_ = 0;
};

}  // namespace mroi::internal
