// Reads a CSV file of one input kind: checks the start of the data, sniffs the
// delimiter, maps the header onto the kind's schema, then parses row by row.

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "ingest/csv_reader.h"
#include "ingest/field_parsers.h"
#include "ingest/ingest_internal.h"
#include "ingest/row_parser.h"
#include "ingest/row_pipeline.h"
#include "ingest/schema.h"

namespace mroi::internal {

namespace {

constexpr size_t kPeekBytes = 64 * 1024;
constexpr int64_t kSampleRows = 1024;

// Pick the delimiter among , ; \t that occurs most often (outside quotes) in the
// first line; ',' on a tie or when none occurs.
char SniffDelimiter(std::string_view prefix) {
  std::array<size_t, 3> counts{};
  constexpr std::array<char, 3> kCandidates{',', ';', '\t'};
  bool quoted = false;
  for (char c : prefix) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    for (size_t idx = 0; idx < kCandidates.size(); ++idx) {
      if (c == kCandidates[idx]) ++counts[idx];
    }
  }
  size_t best = 0;
  for (size_t idx = 1; idx < kCandidates.size(); ++idx) {
    if (counts[idx] > counts[best]) best = idx;
  }
  return kCandidates[best];
}

std::string DelimiterName(char delimiter) {
  return delimiter == '\t' ? std::string("tab") : fmt::format("'{}'", delimiter);
}

// Return the index of the first field of `record` that is not UTF-8, or -1.
int FindInvalidUtf8(const CsvRecord& record) {
  for (size_t idx = 0; idx < record.fields.size(); ++idx) {
    if (!IsValidUtf8(record.fields[idx])) return static_cast<int>(idx);
  }
  return -1;
}

}  // namespace

Status ReadCsvRows(ByteSource* source, FileContext* context) {
  const IngestOptions& options = *context->options;
  const Schema& schema = SchemaFor(context->kind);
  const size_t max_record = MaxRowBytes(options, schema.fields.size());
  CsvReader reader(source, context->block_bytes, max_record, options.progress);

  MROI_ASSIGN_OR_RETURN(std::string_view prefix, reader.Peek(kPeekBytes));
  MROI_ASSIGN_OR_RETURN(size_t bom, CheckTextStart(prefix, prefix.size() < kPeekBytes));
  const char delimiter =
      options.delimiter != '\0' ? options.delimiter : SniffDelimiter(prefix.substr(bom));
  reader.Skip(bom);
  reader.set_delimiter(delimiter);

  // Header: map each column to a schema field (first occurrence wins).
  CsvRecord record;
  MROI_ASSIGN_OR_RETURN(bool has_header, reader.Next(&record));
  if (!has_header) return InvalidArgument("file is empty (no header)");
  const size_t num_columns = record.fields.size();
  std::vector<int> column_of_field(schema.fields.size(), -1);
  bool any_name = false;
  for (size_t column = 0; column < num_columns; ++column) {
    const std::string name = NormaliseName(record.fields[column]);
    any_name = any_name || !name.empty();
    const int field = FindField(schema, name);
    if (field >= 0 && column_of_field[static_cast<size_t>(field)] < 0) {
      column_of_field[static_cast<size_t>(field)] = static_cast<int>(column);
    }
  }
  if (!any_name) return InvalidArgument("the header has no column names");
  std::vector<bool> present(schema.fields.size());
  for (size_t field = 0; field < present.size(); ++field) {
    present[field] = column_of_field[field] >= 0;
  }
  std::string missing = MissingRequired(schema, present);
  if (!missing.empty()) {
    return InvalidArgument(fmt::format("{} (a {} file needs it; the delimiter is {})",
                                       missing, InputKindName(context->kind),
                                       DelimiterName(delimiter)));
  }

  RowParser parser(context->kind, options, context->dataset, context->file);
  // A big (or compressed) file interns its strings on a second thread.
  const int64_t source_bytes = source->decompressing() ? -1 : source->size();
  std::optional<RowPipeline> pipeline;
  if (source_bytes < 0 || source_bytes >= context->pipeline_min_bytes) {
    pipeline.emplace(&parser, context->kind);
  }
  std::vector<std::string_view> values(schema.fields.size());
  FieldError error;
  // After kSampleRows rows, reserve room for the rows the file size suggests.
  const int64_t file_bytes = source->decompressing() ? -1 : source->size();
  int64_t sample_bytes = 0;
  while (true) {
    MROI_ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    ++context->rows_in;
    if (context->rows_in <= kSampleRows && file_bytes > 0) {
      sample_bytes += static_cast<int64_t>(record.raw.size()) + 1;
      if (context->rows_in == kSampleRows) {
        const auto rows = static_cast<size_t>(
            file_bytes / std::max<int64_t>(1, sample_bytes / kSampleRows));
        if (pipeline) {
          pipeline->batch()->reserve_rows = rows;
        } else {
          parser.Reserve(rows);
        }
      }
    }
    const RowOrigin origin{context->file, record.line};
    if (record.too_long) {
      AddParseError(
          context->dataset, origin, -1, record.raw,
          fmt::format("row is longer than {} bytes (an unclosed quote?)", max_record));
      continue;
    }
    if (record.unclosed_quote) {
      AddParseError(context->dataset, origin,
                    static_cast<int32_t>(record.fields.size()) - 1, record.raw,
                    "a quoted field is not closed before the end of the file");
      continue;
    }
    if (record.fields.size() != num_columns) {
      AddParseError(context->dataset, origin, -1, record.raw,
                    fmt::format("row has {} fields, the header has {}",
                                record.fields.size(), num_columns));
      continue;
    }
    if (record.stray_quote) {
      AddParseError(
          context->dataset, origin, -1, record.raw,
          "text after a closing quote (a quote inside a field must be doubled)");
      continue;
    }
    bool bad = false;
    for (size_t column = 0; column < num_columns; ++column) {
      if (record.fields[column].size() > options.max_field_bytes) {
        AddParseError(context->dataset, origin, static_cast<int32_t>(column), record.raw,
                      fmt::format("field {} is longer than {} bytes", column + 1,
                                  options.max_field_bytes));
        bad = true;
        break;
      }
    }
    if (bad) continue;
    if (!IsValidUtf8(record.raw)) {
      const int column = FindInvalidUtf8(record);
      if (column >= 0) {
        AddParseError(context->dataset, origin, column, ReplaceInvalidUtf8(record.raw),
                      fmt::format("field {} is not valid UTF-8", column + 1));
        continue;
      }
    }
    for (size_t field = 0; field < values.size(); ++field) {
      const int column = column_of_field[field];
      values[field] =
          column >= 0 ? record.fields[static_cast<size_t>(column)] : std::string_view();
    }
    if (!parser.Append(values.data(), record.line, &error)) {
      const int32_t column =
          error.field >= 0 ? column_of_field[static_cast<size_t>(error.field)] : -1;
      AddParseError(context->dataset, origin, column, record.raw,
                    std::move(error.message));
      error = FieldError();
    }
    if (pipeline) pipeline->SubmitIfFull();
  }
  if (pipeline) pipeline->Finish();
  return Status::OK();
}

}  // namespace mroi::internal
