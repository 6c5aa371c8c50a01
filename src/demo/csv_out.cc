#include "demo/csv_out.h"

#include <fmt/format.h>

namespace mroi::internal {

namespace {
constexpr size_t kFlushBytes = 1 << 20;
}  // namespace

CsvOut::~CsvOut() {
  if (file_ != nullptr) std::fclose(file_);
}

Status CsvOut::Open(const std::string& path,
                    std::initializer_list<std::string_view> header) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) return IOError(fmt::format("cannot create '{}'", path));
  buffer_.reserve(kFlushBytes + 4096);
  next_line_ = 1;
  rows_ = -1;
  Row(header);
  return Status();
}

void CsvOut::AppendField(std::string_view field) {
  for (char c : field) {
    if (c == '\n') ++next_line_;  // a quoted newline adds a physical line
  }
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    buffer_.append(field);
    return;
  }
  buffer_ += '"';
  for (char c : field) {
    if (c == '"') buffer_ += '"';
    buffer_ += c;
  }
  buffer_ += '"';
}

int64_t CsvOut::Row(std::initializer_list<std::string_view> fields) {
  const int64_t line = next_line_;
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) buffer_ += ',';
    first = false;
    AppendField(field);
  }
  buffer_ += '\n';
  ++next_line_;
  ++rows_;
  MaybeFlush();
  return line;
}

int64_t CsvOut::Row(const std::string* fields, size_t count) {
  const int64_t line = next_line_;
  for (size_t index = 0; index < count; ++index) {
    if (index > 0) buffer_ += ',';
    AppendField(fields[index]);
  }
  buffer_ += '\n';
  ++next_line_;
  ++rows_;
  MaybeFlush();
  return line;
}

int64_t CsvOut::RawLine(std::string_view text) {
  const int64_t line = next_line_;
  buffer_.append(text);
  buffer_ += '\n';
  ++next_line_;
  ++rows_;
  MaybeFlush();
  return line;
}

void CsvOut::MaybeFlush() {
  if (buffer_.size() < kFlushBytes) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    failed_ = true;
  buffer_.clear();
}

Status CsvOut::Close() {
  if (file_ == nullptr) return Status();
  if (!buffer_.empty() &&
      std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    failed_ = true;
  }
  buffer_.clear();
  if (std::fclose(file_) != 0) failed_ = true;
  file_ = nullptr;
  if (failed_) return IOError(fmt::format("cannot write '{}'", path_));
  return Status();
}

}  // namespace mroi::internal
