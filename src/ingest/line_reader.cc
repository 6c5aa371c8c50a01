#include "ingest/line_reader.h"

#include <algorithm>
#include <cstring>

namespace mroi::internal {

namespace {
constexpr size_t kRawLimit = 1024;
}  // namespace

LineReader::LineReader(ByteSource* source, size_t block_bytes, size_t max_line_bytes,
                       std::function<void(int64_t, int64_t)> progress)
    : source_(source),
      block_bytes_(block_bytes == 0 ? 1 : block_bytes),
      max_line_bytes_(max_line_bytes),
      progress_(std::move(progress)) {}

Result<bool> LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  buffer_.Reserve(end_ + block_bytes_, end_);
  MROI_ASSIGN_OR_RETURN(size_t count, source_->Read(buffer_.data() + end_, block_bytes_));
  end_ += count;
  if (progress_) progress_(source_->position(), source_->size());
  if (count == 0) eof_ = true;
  return count > 0;
}

Result<std::string_view> LineReader::Peek(size_t count) {
  while (end_ - begin_ < count) {
    MROI_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) break;
  }
  return std::string_view(buffer_.data() + begin_, std::min(count, end_ - begin_));
}

void LineReader::Skip(size_t count) { begin_ += std::min(count, end_ - begin_); }

Result<bool> LineReader::Next(std::string_view* line, int64_t* number, bool* too_long) {
  *too_long = false;
  while (true) {
    const char* data = buffer_.data() + begin_;
    const size_t size = end_ - begin_;
    const void* found =
        size > scanned_ ? std::memchr(data + scanned_, '\n', size - scanned_) : nullptr;
    if (found != nullptr || (eof_ && size > 0)) {
      const size_t length =
          found != nullptr ? static_cast<size_t>(static_cast<const char*>(found) - data)
                           : size;
      *line = std::string_view(data, length);
      if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
      begin_ += found != nullptr ? length + 1 : length;
      scanned_ = 0;
      *number = ++line_;
      return true;
    }
    if (eof_) return false;
    scanned_ = size;
    if (size > max_line_bytes_) {
      // Keep the first KiB, drop the rest through the next line end.
      long_line_.assign(data, data + std::min(kRawLimit, size));
      *number = ++line_;
      *too_long = true;
      while (true) {
        const void* line_end = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
        if (line_end != nullptr) {
          begin_ =
              static_cast<size_t>(static_cast<const char*>(line_end) - buffer_.data()) +
              1;
          break;
        }
        begin_ = end_;
        MROI_ASSIGN_OR_RETURN(bool more, Fill());
        if (!more) break;
      }
      scanned_ = 0;
      *line = std::string_view(long_line_.data(), long_line_.size());
      return true;
    }
    MROI_RETURN_IF_ERROR(Fill().status());
  }
}

}  // namespace mroi::internal
