#include "csv_writer.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>

namespace mroi::internal {

namespace {
constexpr size_t kFlushBytes = 1 << 20;
}  // namespace

Status CsvWriter::Open(const std::string& path, CsvWriter* writer) {
  writer->file_ = std::fopen(path.c_str(), "wb");
  if (writer->file_ == nullptr) {
    return IOError(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  }
  writer->path_ = path;
  return Status::OK();
}

CsvWriter::~CsvWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void CsvWriter::Separator() {
  if (row_started_) buffer_ += ',';
  row_started_ = true;
}

void CsvWriter::Field(std::string_view value) {
  Separator();
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    buffer_ += value;
    return;
  }
  buffer_ += '"';
  for (char c : value) {
    if (c == '"') buffer_ += '"';
    buffer_ += c;
  }
  buffer_ += '"';
}

void CsvWriter::Field(double value) {
  Separator();
  if (std::isnan(value)) return;
  buffer_ += fmt::format("{}", value);
}

void CsvWriter::Field(int64_t value) {
  Separator();
  buffer_ += fmt::format("{}", value);
}

void CsvWriter::EndRow() {
  buffer_ += '\n';
  row_started_ = false;
  if (buffer_.size() >= kFlushBytes && file_ != nullptr) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }
}

Status CsvWriter::Close() {
  if (file_ == nullptr) return Status::OK();
  const size_t pending = buffer_.size();
  const size_t written = std::fwrite(buffer_.data(), 1, pending, file_);
  buffer_.clear();
  const bool had_error = std::ferror(file_) != 0 || written != pending;
  const int close_error = std::fclose(file_);
  file_ = nullptr;
  if (had_error || close_error != 0) {
    return IOError(fmt::format("writing '{}' failed: {}", path_, std::strerror(errno)));
  }
  return Status::OK();
}

}  // namespace mroi::internal
