#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mroi/dataset.h"
#include "mroi/ingest.h"

#include "ingest/byte_source.h"

namespace mroi::internal {

/// The state of one file being read: where its rows go and how many were read.
struct FileContext {
  std::string_view name;
  InputKind kind = InputKind::kTouchpoints;
  const IngestOptions* options = nullptr;
  Dataset* dataset = nullptr;
  size_t block_bytes =
      0;  // bytes per read: options->read_block_bytes, or less for a small input
  int32_t file = -1;    // index in dataset->files
  int64_t rows_in = 0;  // data rows read so far, quarantined ones included
  // A CSV input of at least this many bytes (or of unknown size) interns its strings
  // on a second thread (RowPipeline); tests lower it to cover both paths.
  int64_t pipeline_min_bytes = int64_t{1} << 20;
};

/// Read the CSV rows of `source` (header first) into context->dataset.
/// Errors are whole-file errors (the caller rolls the dataset back).
Status ReadCsvRows(ByteSource* source, FileContext* context);
/// Read the JSON Lines rows of `source` into context->dataset.
Status ReadJsonlRows(ByteSource* source, FileContext* context);
/// Read a goals JSON document (an array of goals or {"goals": [...]}).
Status ReadGoalsJson(ByteSource* source, FileContext* context);

/// Check the first bytes of a file: error kInvalidArgument when it is empty,
/// UTF-16/32 (by byte-order mark) or binary (NUL bytes, not UTF-8 in `prefix`).
/// Return the length of a UTF-8 byte-order mark to skip (0 or 3).
Result<size_t> CheckTextStart(std::string_view prefix, bool at_end);

/// The longest row (CSV record or JSON line) read before it is cut as a parse
/// error: room for every field at max_field_bytes, at least 1 MiB, at most 1 GiB.
size_t MaxRowBytes(const IngestOptions& options, size_t num_fields);

/// Add a parse_error row to the quarantine; `raw` is cut to 1 KiB.
void AddParseError(Dataset* dataset, RowOrigin origin, int32_t column,
                   std::string_view raw, std::string message);

}  // namespace mroi::internal
