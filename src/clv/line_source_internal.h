#pragma once

// Line-by-line reading of a plain or gzip text file for the transactions reader.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "mroi/status.h"

namespace mroi::internal {

/// Call `on_line(line, line_number)` for every line of `path` (1-based numbers;
/// "\n" or "\r\n" endings removed; a last line without "\n" included). gzip input
/// is detected by its magic bytes and inflated (zlib's gzread); concatenated
/// members are read in turn. `on_line` returns false to stop early.
/// Errors: kNotFound (no such file), kIOError (open, read or gzip error).
/// Cost: O(file), memory O(longest line + 1 MiB).
Status ForEachLine(const std::string& path,
                   const std::function<bool(std::string_view, int64_t)>& on_line);

}  // namespace mroi::internal
