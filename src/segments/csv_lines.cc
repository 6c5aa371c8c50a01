// Line source and field splitter shared by the transactions and attributes readers.
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "csv_lines_internal.h"

namespace mroi::internal {

CsvLineSource CsvLineSource::FromText(std::string_view text) {
  CsvLineSource source;
  source.text_ = text;
  return source;
}

Result<CsvLineSource> CsvLineSource::FromFile(const std::string& path) {
  CsvLineSource source;
  source.file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*source.file_) {
    if (errno == ENOENT) return NotFound(fmt::format("{}: no such file", path));
    return IOError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  return source;
}

bool CsvLineSource::Next(std::string* line) {
  if (file_ != nullptr) {
    if (!std::getline(*file_, *line)) return false;
  } else {
    if (text_pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', text_pos_);
    if (end == std::string_view::npos) end = text_.size();
    line->assign(text_.substr(text_pos_, end - text_pos_));
    text_pos_ = end + 1;
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  ++line_number_;
  return true;
}

bool CsvLineSource::failed() const { return file_ != nullptr && file_->bad(); }

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<std::vector<std::string>> SplitCsvFields(std::string_view line) {
  std::vector<std::string> fields;
  size_t pos = 0;
  while (true) {
    while (pos < line.size() && IsSpace(line[pos])) ++pos;
    std::string field;
    if (pos < line.size() && line[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < line.size()) {
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field.push_back('"');
            pos += 2;
            continue;
          }
          ++pos;
          closed = true;
          break;
        }
        field.push_back(line[pos++]);
      }
      if (!closed) return InvalidArgument("unterminated quoted field");
      while (pos < line.size() && IsSpace(line[pos])) ++pos;
      if (pos < line.size() && line[pos] != ',') {
        return InvalidArgument("text after a closing quote");
      }
    } else {
      size_t comma = line.find(',', pos);
      if (comma == std::string_view::npos) comma = line.size();
      field.assign(TrimSpaces(line.substr(pos, comma - pos)));
      pos = comma;
    }
    fields.push_back(std::move(field));
    if (pos >= line.size()) break;
    ++pos;  // the comma
    if (pos == line.size()) {
      fields.emplace_back();  // a trailing comma ends with an empty field
      break;
    }
  }
  return fields;
}

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

void StripByteOrderMark(std::string* line) {
  if (line->rfind("\xEF\xBB\xBF", 0) == 0) line->erase(0, 3);
}

bool IsBlankLine(std::string_view line) { return TrimSpaces(line).empty(); }

}  // namespace mroi::internal
