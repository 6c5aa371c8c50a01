#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Console output of the CLI: aligned tables, thousands separators and a progress bar
// on stderr that only draws when stderr is a terminal.
namespace mroi::cli {

/// "1234567" → "1,234,567".
std::string Thousands(int64_t value);

/// A text table printed with aligned columns; numeric columns are right-aligned.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// Progress on stderr: "  ingest touchpoints.csv [#####     ] 52%". Silent unless
/// stderr is a TTY (or --quiet was given).
class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  void Stage(std::string_view name);
  void Bytes(int64_t done, int64_t total);
  void Finish();

 private:
  bool enabled_;
  std::string stage_;
  int last_percent_ = -1;
};

}  // namespace mroi::cli
