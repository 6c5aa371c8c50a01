#include "ingest/csv_reader.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

namespace mroi::internal {

namespace {
constexpr size_t kRawLimit = 1024;

int64_t CountNewlines(const char* data, size_t size) {
  return static_cast<int64_t>(std::count(data, data + size, '\n'));
}

// Return the position of the first `delimiter` or '\n' in data[pos, size), or
// `size`. Eight bytes at a time: a byte b of a word w equals c when (w ^ c*0x01..)
// has a zero byte there, and the lowest flagged byte of the zero-byte test is
// exact (a false flag can only follow a true one), so ctz finds the first match.
size_t FindFieldEnd(const char* data, size_t pos, size_t size, char delimiter) {
  static_assert(std::endian::native == std::endian::little, "ctz finds the first byte");
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  const uint64_t delimiters = kOnes * static_cast<unsigned char>(delimiter);
  const uint64_t newlines = kOnes * static_cast<unsigned char>('\n');
  for (; pos + 8 <= size; pos += 8) {
    uint64_t word;
    std::memcpy(&word, data + pos, 8);
    const uint64_t at_delimiter = word ^ delimiters;
    const uint64_t at_newline = word ^ newlines;
    const uint64_t found = ((at_delimiter - kOnes) & ~at_delimiter & kHighs) |
                           ((at_newline - kOnes) & ~at_newline & kHighs);
    if (found != 0) return pos + static_cast<size_t>(__builtin_ctzll(found) >> 3);
  }
  while (pos < size && data[pos] != delimiter && data[pos] != '\n') ++pos;
  return pos;
}
}  // namespace

CsvReader::CsvReader(ByteSource* source, size_t block_bytes, size_t max_record_bytes,
                     std::function<void(int64_t, int64_t)> progress)
    : source_(source),
      block_bytes_(block_bytes == 0 ? 1 : block_bytes),
      max_record_bytes_(max_record_bytes),
      progress_(std::move(progress)) {}

Result<bool> CsvReader::Fill() {
  if (eof_) return false;
  // Move the unread tail to the front, then make room for one more block.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // Read at least as much as is pending: a record longer than a block is then
  // re-parsed O(log) times, not once per block.
  const size_t want = std::max(block_bytes_, end_);
  buffer_.Reserve(end_ + want, end_);
  MROI_ASSIGN_OR_RETURN(size_t count, source_->Read(buffer_.data() + end_, want));
  end_ += count;
  if (progress_) progress_(source_->position(), source_->size());
  if (count == 0) {
    eof_ = true;
    return false;
  }
  return true;
}

Result<std::string_view> CsvReader::Peek(size_t count) {
  while (end_ - begin_ < count) {
    MROI_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) break;
  }
  return std::string_view(buffer_.data() + begin_, std::min(count, end_ - begin_));
}

void CsvReader::Skip(size_t count) { begin_ += std::min(count, end_ - begin_); }

CsvReader::ParseResult CsvReader::ParseRecord(const char* data, size_t size,
                                              CsvRecord* record, size_t* consumed,
                                              int64_t* newlines) {
  record->fields.clear();
  record->unclosed_quote = false;
  record->stray_quote = false;
  record->too_long = false;
  const char delimiter = delimiter_;
  size_t pos = 0;
  size_t scratch_used = 0;
  int64_t lines = 0;
  while (true) {
    if (pos < size && data[pos] == '"') {
      // Quoted field: copy the pieces between quotes into scratch_, unescaping "".
      if (scratch_.size() < size) scratch_.resize(size);
      const size_t field_start = scratch_used;
      ++pos;
      while (true) {
        const void* found = std::memchr(data + pos, '"', size - pos);
        if (found == nullptr) {
          if (!eof_) return ParseResult::kNeedMore;
          std::memcpy(&scratch_[scratch_used], data + pos, size - pos);
          lines += CountNewlines(data + pos, size - pos);
          scratch_used += size - pos;
          pos = size;
          record->unclosed_quote = true;
          break;
        }
        const size_t quote = static_cast<size_t>(static_cast<const char*>(found) - data);
        std::memcpy(&scratch_[scratch_used], data + pos, quote - pos);
        lines += CountNewlines(data + pos, quote - pos);
        scratch_used += quote - pos;
        if (quote + 1 == size && !eof_) return ParseResult::kNeedMore;
        if (quote + 1 < size && data[quote + 1] == '"') {
          scratch_[scratch_used++] = '"';
          pos = quote + 2;
          continue;
        }
        pos = quote + 1;
        break;
      }
      // After the closing quote: a delimiter, a line end or the end of data.
      // Anything else is kept in the field and flagged.
      while (pos < size && data[pos] != delimiter && data[pos] != '\n' &&
             !(data[pos] == '\r' && (pos + 1 == size || data[pos + 1] == '\n'))) {
        scratch_[scratch_used++] = data[pos++];
        record->stray_quote = true;
      }
      if (pos == size && !eof_) return ParseResult::kNeedMore;
      record->fields.emplace_back(scratch_.data() + field_start,
                                  scratch_used - field_start);
    } else {
      // Unquoted field: scan to the delimiter or the line end.
      const size_t field_start = pos;
      pos = FindFieldEnd(data, pos, size, delimiter);
      if (pos == size && !eof_) return ParseResult::kNeedMore;
      size_t field_end = pos;
      if (pos < size && data[pos] == '\n' && field_end > field_start &&
          data[field_end - 1] == '\r') {
        --field_end;
      } else if (pos == size && field_end > field_start && data[field_end - 1] == '\r') {
        --field_end;
      }
      record->fields.emplace_back(data + field_start, field_end - field_start);
    }
    if (pos < size && data[pos] == delimiter) {
      ++pos;
      continue;
    }
    // Line end (LF or CRLF) or end of data.
    size_t raw_end = pos;
    if (pos < size && data[pos] == '\r') {
      if (pos + 1 == size && !eof_) return ParseResult::kNeedMore;
      ++pos;
    }
    if (pos < size && data[pos] == '\n') {
      ++pos;
      ++lines;
    }
    if (raw_end > 0 && data[raw_end - 1] == '\r' && raw_end == pos - 1) --raw_end;
    record->raw = std::string_view(data, std::min(raw_end, size));
    *consumed = pos;
    *newlines = lines;
    return ParseResult::kComplete;
  }
}

Status CsvReader::SkipLongRecord(CsvRecord* record) {
  // Keep the first KiB as the raw text, then drop bytes through the next line end.
  scratch_.assign(buffer_.data() + begin_, std::min(kRawLimit, end_ - begin_));
  record->raw = scratch_;
  record->fields.clear();
  record->too_long = true;
  record->unclosed_quote = false;
  record->stray_quote = false;
  size_t scan = begin_ + std::min(max_record_bytes_, end_ - begin_);
  line_ += CountNewlines(buffer_.data() + begin_, scan - begin_);
  begin_ = scan;
  while (true) {
    const void* found = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
    if (found != nullptr) {
      begin_ = static_cast<size_t>(static_cast<const char*>(found) - buffer_.data()) + 1;
      ++line_;
      return Status::OK();
    }
    begin_ = end_;
    MROI_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) return Status::OK();
  }
}

Result<bool> CsvReader::Next(CsvRecord* record) {
  while (true) {
    if (begin_ == end_) {
      MROI_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) return false;
      continue;
    }
    size_t consumed = 0;
    int64_t newlines = 0;
    const char* data = buffer_.data() + begin_;
    const size_t size = end_ - begin_;
    if (ParseRecord(data, size, record, &consumed, &newlines) == ParseResult::kNeedMore) {
      if (size > max_record_bytes_) {
        record->line = line_;
        MROI_RETURN_IF_ERROR(SkipLongRecord(record));
        return true;
      }
      MROI_ASSIGN_OR_RETURN(bool more, Fill());
      (void)more;  // at the end, ParseRecord completes the record with eof_ set
      continue;
    }
    record->line = line_;
    line_ += newlines;
    begin_ += consumed;
    // A blank line is no record.
    if (record->fields.size() == 1 && record->raw.empty() && !record->unclosed_quote &&
        consumed > 0 && data[0] != '"') {
      continue;
    }
    return true;
  }
}

}  // namespace mroi::internal
