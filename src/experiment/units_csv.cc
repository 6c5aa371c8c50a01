// Reading a units CSV (unit, variant, converted, revenue, pre-period covariate).
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "mroi/experiment_readout.h"

#include "experiment/units_builder_internal.h"
#include "ingest/byte_source.h"
#include "ingest/csv_reader.h"

namespace mroi {

namespace {

constexpr size_t kBlockBytes = 1 << 16;
constexpr size_t kMaxRecordBytes = 1 << 20;

constexpr std::string_view kUnitNames[] = {"unit", "unit_id",      "user_id",
                                           "user", "anonymous_id", "id"};
constexpr std::string_view kVariantNames[] = {"variant", "group", "arm", "bucket",
                                              "treatment"};
constexpr std::string_view kConvertedNames[] = {"converted", "conversion", "conversions",
                                                "purchased"};
constexpr std::string_view kRevenueNames[] = {"revenue", "amount", "value"};
constexpr std::string_view kPreNames[] = {"pre", "pre_revenue", "pre_period",
                                          "covariate"};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& letter : out) {
    letter = static_cast<char>(std::tolower(static_cast<unsigned char>(letter)));
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<double> ParseNumber(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Column index of `wanted` (exact name, any case) or, when empty, of the first of
// `names` present; -1 when absent. Errors: `wanted` given but missing.
Result<int> FindColumn(const std::vector<std::string>& header, const std::string& wanted,
                       std::span<const std::string_view> names,
                       const std::string& source) {
  if (!wanted.empty()) {
    for (size_t idx = 0; idx < header.size(); ++idx) {
      if (Lower(header[idx]) == Lower(wanted)) return static_cast<int>(idx);
    }
    return InvalidArgument(
        fmt::format("{}: no column '{}' in the header", source, wanted));
  }
  for (std::string_view name : names) {
    for (size_t idx = 0; idx < header.size(); ++idx) {
      if (Lower(header[idx]) == name) return static_cast<int>(idx);
    }
  }
  return -1;
}

struct Layout {
  int unit = -1;
  int variant = -1;
  int converted = -1;
  int revenue = -1;
  int pre = -1;
};

Result<Layout> ResolveLayout(const std::vector<std::string>& header,
                             const UnitsCsvOptions& options, const std::string& source) {
  Layout layout;
  MROI_ASSIGN_OR_RETURN(layout.unit,
                        FindColumn(header, options.unit_column, kUnitNames, source));
  MROI_ASSIGN_OR_RETURN(
      layout.variant, FindColumn(header, options.variant_column, kVariantNames, source));
  MROI_ASSIGN_OR_RETURN(layout.converted, FindColumn(header, options.converted_column,
                                                     kConvertedNames, source));
  MROI_ASSIGN_OR_RETURN(
      layout.revenue, FindColumn(header, options.revenue_column, kRevenueNames, source));
  MROI_ASSIGN_OR_RETURN(layout.pre,
                        FindColumn(header, options.pre_column, kPreNames, source));
  if (layout.pre < 0 && options.pre_column.empty()) {
    for (size_t idx = 0; idx < header.size(); ++idx) {
      if (Lower(header[idx]).starts_with("pre_")) {
        layout.pre = static_cast<int>(idx);
        break;
      }
    }
  }
  if (layout.variant < 0) {
    return InvalidArgument(
        fmt::format("{}: no variant column (variant, group, arm, bucket or treatment; or "
                    "--variant-column)",
                    source));
  }
  if (layout.converted < 0 && layout.revenue < 0) {
    return InvalidArgument(
        fmt::format("{}: no converted column (converted, conversion, purchased) and no "
                    "revenue column",
                    source));
  }
  return layout;
}

// converted as 0/1, true/false, yes/no or a non-negative count (> 0 = converted).
std::optional<bool> ParseConverted(std::string_view text) {
  const std::string lower = Lower(Trim(text));
  if (lower == "true" || lower == "yes" || lower == "y" || lower == "t") return true;
  if (lower == "false" || lower == "no" || lower == "n" || lower == "f" ||
      lower.empty()) {
    return false;
  }
  std::optional<double> count = ParseNumber(lower);
  if (!count || *count < 0) return std::nullopt;
  return *count > 0;
}

Result<ExperimentUnits> ReadUnits(internal::ByteSource* source,
                                  const UnitsCsvOptions& options,
                                  const std::string& name) {
  internal::CsvReader reader(source, kBlockBytes, kMaxRecordBytes, {});
  MROI_ASSIGN_OR_RETURN(std::string_view bom, reader.Peek(3));
  if (bom == "\xEF\xBB\xBF") reader.Skip(3);
  internal::CsvRecord record;
  MROI_ASSIGN_OR_RETURN(bool has_header, reader.Next(&record));
  if (!has_header) return InvalidArgument(fmt::format("{}: the file is empty", name));
  std::vector<std::string> header;
  for (std::string_view field : record.fields) header.emplace_back(Trim(field));
  MROI_ASSIGN_OR_RETURN(const Layout layout, ResolveLayout(header, options, name));

  ExperimentUnits base;
  base.source = name;
  base.has_revenue = layout.revenue >= 0;
  if (layout.pre >= 0) base.pre_name = header[static_cast<size_t>(layout.pre)];
  if (layout.converted < 0)
    base.notes.push_back("no converted column: converted = revenue > 0");
  if (layout.unit < 0) base.notes.push_back("no unit column: every row is one unit");
  internal::UnitsBuilder builder;
  while (true) {
    MROI_ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    ++base.rows;
    const std::string where = fmt::format("{}:{}", name, record.line);
    if (record.unclosed_quote || record.stray_quote || record.too_long) {
      return InvalidArgument(where + ": malformed CSV record (quotes or length)");
    }
    if (record.fields.size() != header.size()) {
      return InvalidArgument(fmt::format("{}: {} fields, the header has {}", where,
                                         record.fields.size(), header.size()));
    }
    auto field = [&](int index) {
      return Trim(record.fields[static_cast<size_t>(index)]);
    };
    const std::string_view variant = field(layout.variant);
    if (variant.empty()) return InvalidArgument(where + ": empty variant");
    double revenue = 0;
    if (layout.revenue >= 0 && !field(layout.revenue).empty()) {
      std::optional<double> parsed = ParseNumber(field(layout.revenue));
      if (!parsed || *parsed < 0) {
        return InvalidArgument(fmt::format("{}: revenue '{}' must be a number >= 0",
                                           where, field(layout.revenue)));
      }
      revenue = *parsed;
    }
    bool converted = revenue > 0;
    if (layout.converted >= 0) {
      std::optional<bool> parsed = ParseConverted(field(layout.converted));
      if (!parsed) {
        return InvalidArgument(fmt::format(
            "{}: converted '{}' must be 0/1, true/false, yes/no or a count >= 0", where,
            field(layout.converted)));
      }
      converted = *parsed;
    }
    double pre = 0;
    if (layout.pre >= 0 && !field(layout.pre).empty()) {
      std::optional<double> parsed = ParseNumber(field(layout.pre));
      if (!parsed) {
        return InvalidArgument(fmt::format("{}: pre-period value '{}' is not a number",
                                           where, field(layout.pre)));
      }
      pre = *parsed;
    }
    builder.Add(layout.unit >= 0 ? field(layout.unit) : std::string_view(), variant,
                converted, revenue, pre);
  }
  if (base.rows == 0) return InvalidArgument(fmt::format("{}: no data rows", name));
  return std::move(builder).Finish(options.control, false, std::move(base));
}

}  // namespace

Result<ExperimentUnits> ReadUnitsCsv(const std::string& path,
                                     const UnitsCsvOptions& options) {
  bool gzip = false;
  {
    MROI_ASSIGN_OR_RETURN(std::unique_ptr<internal::ByteSource> probe_source,
                          internal::OpenFileSource(path));
    internal::CsvReader probe(probe_source.get(), kBlockBytes, kMaxRecordBytes, {});
    MROI_ASSIGN_OR_RETURN(std::string_view start, probe.Peek(2));
    gzip = internal::HasGzipMagic(start);
  }
  MROI_ASSIGN_OR_RETURN(std::unique_ptr<internal::ByteSource> source,
                        internal::OpenFileSource(path));
  if (gzip) source = internal::NewGzipSource(std::move(source), kBlockBytes);
  return ReadUnits(source.get(), options, path);
}

Result<ExperimentUnits> ParseUnitsCsv(std::string_view text,
                                      const UnitsCsvOptions& options,
                                      const std::string& source) {
  std::unique_ptr<internal::ByteSource> bytes = internal::NewMemorySource(text);
  return ReadUnits(bytes.get(), options, source);
}

}  // namespace mroi
