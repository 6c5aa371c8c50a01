#include <algorithm>
#include <cstring>

#include "ingest/field_parsers.h"
#include "ingest/ingest_internal.h"

namespace mroi::internal {

namespace {
constexpr size_t kRawLimit = 1024;
}  // namespace

Result<size_t> CheckTextStart(std::string_view prefix, bool at_end) {
  if (prefix.empty()) return InvalidArgument("file is empty");
  auto starts = [&](std::string_view magic) {
    return prefix.size() >= magic.size() &&
           std::memcmp(prefix.data(), magic.data(), magic.size()) == 0;
  };
  if (starts(std::string_view("\xFF\xFE", 2)) ||
      starts(std::string_view("\xFE\xFF", 2))) {
    return InvalidArgument(
        "file is UTF-16, not UTF-8; convert it (iconv -f UTF-16 -t UTF-8)");
  }
  if (prefix.find('\0') != std::string_view::npos) {
    return InvalidArgument("file is binary, not UTF-8 text (it holds NUL bytes)");
  }
  const size_t bom = starts("\xEF\xBB\xBF") ? 3 : 0;
  std::string_view text = prefix.substr(bom);
  // Check the first line; when it is cut by the prefix, drop a partial character.
  size_t line_end = text.find('\n');
  std::string_view first_line = text.substr(0, line_end);
  if (line_end == std::string_view::npos && !at_end) {
    size_t cut = first_line.size();
    size_t back = 0;
    while (cut > 0 && back < 4 &&
           (static_cast<unsigned char>(first_line[cut - 1]) & 0x80)) {
      --cut;
      ++back;
    }
    first_line = first_line.substr(0, cut);
  }
  if (!IsValidUtf8(first_line)) {
    return InvalidArgument("file is not UTF-8 text (its first line has invalid bytes)");
  }
  if (TrimSpace(text).empty()) return InvalidArgument("file is empty (no header)");
  return bom;
}

size_t MaxRowBytes(const IngestOptions& options, size_t num_fields) {
  constexpr size_t kMinRowBytes = size_t{1} << 20;
  constexpr size_t kMaxRowBytes = size_t{1} << 30;
  const size_t slots = num_fields + 4;  // extra columns may be present too
  if (options.max_field_bytes >= kMaxRowBytes / slots) return kMaxRowBytes;
  return std::max(kMinRowBytes, options.max_field_bytes * slots);
}

void AddParseError(Dataset* dataset, RowOrigin origin, int32_t column,
                   std::string_view raw, std::string message) {
  RowIssue issue;
  issue.origin = origin;
  issue.rule = Rule::kParseError;
  issue.column = column;
  raw = Shorten(raw, kRawLimit);
  issue.raw = IsValidUtf8(raw) ? std::string(raw) : ReplaceInvalidUtf8(raw);
  issue.message = std::move(message);
  dataset->quarantine.push_back(std::move(issue));
}

}  // namespace mroi::internal
