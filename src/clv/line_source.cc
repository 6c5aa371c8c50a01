// Plain or gzip text read line by line through zlib's gzread (which passes plain
// files through unchanged).

#include "clv/line_source_internal.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

namespace mroi::internal {
namespace {

constexpr unsigned kBlockBytes = 1u << 20;

// Closes the gzFile on every path out.
struct GzCloser {
  gzFile file;
  ~GzCloser() {
    if (file != nullptr) gzclose(file);
  }
};

}  // namespace

Status ForEachLine(const std::string& path,
                   const std::function<bool(std::string_view, int64_t)>& on_line) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return NotFound(fmt::format("{}: no such file", path));
  }
  GzCloser closer{gzopen(path.c_str(), "rb")};
  if (closer.file == nullptr) {
    return IOError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  gzbuffer(closer.file, kBlockBytes);
  std::vector<char> block(kBlockBytes);
  std::string pending;  // the start of a line cut by the block boundary
  int64_t line_number = 0;
  auto emit = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return on_line(line, ++line_number);
  };
  while (true) {
    const int read = gzread(closer.file, block.data(), kBlockBytes);
    if (read < 0) {
      int code = 0;
      const char* message = gzerror(closer.file, &code);
      return IOError(fmt::format("{}: read error: {}", path, message));
    }
    if (read == 0) {
      // A truncated gzip stream ends without an error from gzread; gzerror says so.
      int code = Z_OK;
      const char* message = gzerror(closer.file, &code);
      if (code != Z_OK) return IOError(fmt::format("{}: read error: {}", path, message));
      break;
    }
    std::string_view data(block.data(), static_cast<size_t>(read));
    size_t start = 0;
    while (true) {
      const size_t newline = data.find('\n', start);
      if (newline == std::string_view::npos) break;
      std::string_view piece = data.substr(start, newline - start);
      if (!pending.empty()) {
        pending.append(piece);
        if (!emit(pending)) return Status::OK();
        pending.clear();
      } else if (!emit(piece)) {
        return Status::OK();
      }
      start = newline + 1;
    }
    pending.append(data.substr(start));
  }
  if (!pending.empty()) emit(pending);
  return Status::OK();
}

}  // namespace mroi::internal
