// Reads JSON Lines: one object per line with the field names of the kind's CSV
// schema (case-insensitive); numbers or strings are accepted for every field.

#include <charconv>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ingest/field_parsers.h"
#include "ingest/ingest_internal.h"
#include "ingest/line_reader.h"
#include "ingest/row_parser.h"
#include "ingest/schema.h"

namespace mroi::internal {

namespace {

constexpr size_t kPeekBytes = 64 * 1024;

// Render a JSON scalar as the text a CSV cell would hold; false for arrays/objects.
bool ScalarText(const nlohmann::json& value, std::string* out) {
  char buffer[64];
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      out->clear();
      return true;
    case nlohmann::json::value_t::string:
      *out = value.get_ref<const std::string&>();
      return true;
    case nlohmann::json::value_t::boolean:
      *out = value.get<bool>() ? "true" : "false";
      return true;
    case nlohmann::json::value_t::number_integer: {
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), value.get<int64_t>());
      out->assign(buffer, result.ptr);
      return true;
    }
    case nlohmann::json::value_t::number_unsigned: {
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), value.get<uint64_t>());
      out->assign(buffer, result.ptr);
      return true;
    }
    case nlohmann::json::value_t::number_float: {
      auto result = std::to_chars(buffer, buffer + sizeof(buffer), value.get<double>());
      out->assign(buffer, result.ptr);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

Status ReadJsonlRows(ByteSource* source, FileContext* context) {
  const IngestOptions& options = *context->options;
  const Schema& schema = SchemaFor(context->kind);
  const size_t max_line = MaxRowBytes(options, schema.fields.size());
  LineReader reader(source, context->block_bytes, max_line, options.progress);
  MROI_ASSIGN_OR_RETURN(std::string_view prefix, reader.Peek(kPeekBytes));
  MROI_ASSIGN_OR_RETURN(size_t bom, CheckTextStart(prefix, prefix.size() < kPeekBytes));
  reader.Skip(bom);

  RowParser parser(context->kind, options, context->dataset, context->file);
  std::vector<std::string> texts(schema.fields.size());
  std::vector<std::string_view> values(schema.fields.size());
  std::string_view line;
  int64_t number = 0;
  bool too_long = false;
  FieldError error;
  while (true) {
    MROI_ASSIGN_OR_RETURN(bool more, reader.Next(&line, &number, &too_long));
    if (!more) break;
    if (!too_long && TrimSpace(line).empty()) continue;  // blank lines are no rows
    ++context->rows_in;
    const RowOrigin origin{context->file, number};
    if (too_long) {
      AddParseError(context->dataset, origin, -1, line,
                    fmt::format("line is longer than {} bytes", max_line));
      continue;
    }
    if (!IsValidUtf8(line)) {
      AddParseError(context->dataset, origin, -1, line, "line is not valid UTF-8");
      continue;
    }
    nlohmann::json object = nlohmann::json::parse(line.begin(), line.end(), nullptr,
                                                  /*allow_exceptions=*/false);
    if (object.is_discarded() || !object.is_object()) {
      AddParseError(
          context->dataset, origin, -1, line,
          object.is_discarded() ? "line is not valid JSON" : "line is not a JSON object");
      continue;
    }
    for (std::string& text : texts) text.clear();
    std::vector<bool> seen(schema.fields.size());
    bool bad = false;
    for (const auto& [key, value] : object.items()) {
      const int field = FindField(schema, NormaliseName(key));
      if (field < 0 || seen[static_cast<size_t>(field)]) continue;
      seen[static_cast<size_t>(field)] = true;
      std::string& text = texts[static_cast<size_t>(field)];
      if (!ScalarText(value, &text)) {
        AddParseError(context->dataset, origin, -1, line,
                      fmt::format("{} is not a string or a number", key));
        bad = true;
        break;
      }
      if (text.size() > options.max_field_bytes) {
        AddParseError(
            context->dataset, origin, -1, line,
            fmt::format("{} is longer than {} bytes", key, options.max_field_bytes));
        bad = true;
        break;
      }
    }
    if (bad) continue;
    for (size_t field = 0; field < values.size(); ++field) values[field] = texts[field];
    if (!parser.Append(values.data(), number, &error)) {
      AddParseError(context->dataset, origin, -1, line, std::move(error.message));
      error = FieldError();
    }
  }
  return Status::OK();
}

}  // namespace mroi::internal
