#include "console.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace mroi::cli {

std::string Thousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t pos = 0; pos < digits.size(); ++pos) {
    if (pos > 0 && (digits.size() - pos) % 3 == 0) out += ',';
    out += digits[pos];
  }
  return value < 0 ? "-" + out : out;
}

namespace {
bool LooksNumeric(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ',' || c == '.' || c == '-' || c == '%';
  });
}
}  // namespace

std::string TextTable::Render() const {
  std::vector<size_t> widths(header_.size(), 0);
  for (size_t col = 0; col < header_.size(); ++col) widths[col] = header_[col].size();
  for (const auto& row : rows_) {
    for (size_t col = 0; col < row.size() && col < widths.size(); ++col) {
      widths[col] = std::max(widths[col], row[col].size());
    }
  }
  auto render_row = [&](const std::vector<std::string>& row, bool is_header) {
    std::string line;
    for (size_t col = 0; col < widths.size(); ++col) {
      const std::string cell = col < row.size() ? row[col] : "";
      const size_t pad = widths[col] - cell.size();
      const bool right = !is_header && col > 0 && LooksNumeric(cell);
      if (col > 0) line += "  ";
      if (right) line += std::string(pad, ' ') + cell;
      else line += cell + (col + 1 < widths.size() ? std::string(pad, ' ') : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };
  std::string out = render_row(header_, true);
  for (const auto& row : rows_) out += render_row(row, false);
  return out;
}

Progress::Progress(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO) != 0) {}
Progress::~Progress() { Finish(); }

void Progress::Stage(std::string_view name) {
  if (!enabled_) return;
  Finish();
  stage_ = std::string(name);
  last_percent_ = -1;
  std::fprintf(stderr, "\r\033[K  %s ...", stage_.c_str());
  std::fflush(stderr);
}

void Progress::Bytes(int64_t done, int64_t total) {
  if (!enabled_ || total <= 0) return;
  int percent = static_cast<int>(100 * done / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  constexpr int kWidth = 30;
  int filled = percent * kWidth / 100;
  std::fprintf(stderr, "\r\033[K  %s [%s%s] %3d%%", stage_.c_str(),
               std::string(static_cast<size_t>(filled), '#').c_str(),
               std::string(static_cast<size_t>(kWidth - filled), ' ').c_str(), percent);
  std::fflush(stderr);
}

void Progress::Finish() {
  if (!enabled_ || stage_.empty()) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  stage_.clear();
}

}  // namespace mroi::cli
