#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/result.h"

namespace mroi {

/// One input file and what it holds.
struct InputSpec {
  std::string path;
  InputKind kind = InputKind::kTouchpoints;
};

/// The encoding of a file's rows. Default: from the extension (.jsonl/.ndjson → JSONL,
/// else CSV; a trailing .gz is decompressed while streaming).
enum class InputFormat : uint8_t { kAuto, kCsv, kJsonl, kJson };

/// How files are read.
struct IngestOptions {
  /// CSV field delimiter. Default '\0': sniffed from the header among ',' ';' '\t'.
  char delimiter = '\0';
  /// Zone for timestamps written without one. Default: UTC.
  TimeZone default_zone;
  /// A field longer than this makes its row a parse_error. Default: 64 KiB.
  size_t max_field_bytes = 64 * 1024;
  /// Bytes read from the file at a time; memory stays O(this), not O(file).
  /// Default: 4 MiB.
  size_t read_block_bytes = 4 * 1024 * 1024;
  /// Called with (bytes read, total bytes or -1) as a file is read; may be empty.
  std::function<void(int64_t, int64_t)> progress;
};

/// Return the kind named by a file's name prefix ("touchpoints_2025.csv.gz" →
/// touchpoints; goals only for .json), or nullopt when no prefix matches.
std::optional<InputKind> InputKindFromFileName(std::string_view file_name);

/// List the input files of `dir` (not recursive), recognised by name prefix, sorted by
/// kind then name. Unrecognised files are skipped. Error kNotFound when `dir` does not
/// exist, kInvalidArgument when it holds no recognised file.
Result<std::vector<InputSpec>> DiscoverInputs(const std::string& dir);

/// Read one file into `dataset`: append its rows to the vector of its kind, register it
/// in dataset->files, and put every row that cannot be parsed into dataset->quarantine
/// as Rule::kParseError (wrong column count, bad number/date, negative cost, over-long
/// field, invalid UTF-8, missing required value). A bad row never stops the read.
/// Errors (the file is not read at all, nothing appended, one line naming the file and,
/// where it applies, the column): kNotFound (no such file), kIOError, kInvalidArgument
/// (empty file, missing required column, not UTF-8, undecodable gzip, bad goals JSON).
Status ReadInput(const InputSpec& spec, const IngestOptions& options, Dataset* dataset);

/// Read `bytes` as if it were a file named `name` (tests, fuzzing, request bodies).
Status ReadInputFromMemory(std::string_view name, std::string_view bytes, InputKind kind,
                           InputFormat format, const IngestOptions& options,
                           Dataset* dataset);

}  // namespace mroi
