// Reading the tracker's inputs: the plan CSV and the actuals CSV.
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "ingest/byte_source.h"
#include "ingest/csv_reader.h"
#include "mroi/plan_track.h"

namespace mroi {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// The records of a CSV text (the ingest layer's RFC 4180 reader) with their 1-based
// line numbers; fields trimmed, header names lower-cased, rows of only separators
// skipped.
struct CsvRows {
  std::vector<std::string> header;
  std::vector<std::pair<int64_t, std::vector<std::string>>> rows;
  int Column(std::string_view name) const {
    for (size_t idx = 0; idx < header.size(); ++idx) {
      if (header[idx] == name) return static_cast<int>(idx);
    }
    return -1;
  }
};

Result<CsvRows> ReadCsv(std::string_view text, std::string_view source) {
  std::unique_ptr<internal::ByteSource> bytes = internal::NewMemorySource(text);
  internal::CsvReader reader(bytes.get(), 1 << 16, 1 << 20, {});
  MROI_ASSIGN_OR_RETURN(std::string_view bom, reader.Peek(3));
  if (bom == "\xEF\xBB\xBF") reader.Skip(3);
  CsvRows csv;
  internal::CsvRecord record;
  while (true) {
    MROI_ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    if (record.unclosed_quote || record.stray_quote || record.too_long) {
      return InvalidArgument(
          fmt::format("{} line {}: malformed CSV record (quotes or length)", source, record.line));
    }
    std::vector<std::string> fields;
    bool blank = true;
    for (std::string_view field : record.fields) {
      fields.push_back(Trim(field));
      blank = blank && fields.back().empty();
    }
    if (blank) continue;
    if (csv.header.empty()) {
      for (std::string& field : fields) csv.header.push_back(Lower(field));
    } else {
      csv.rows.emplace_back(record.line, std::move(fields));
    }
  }
  return csv;
}

std::string_view Field(const std::vector<std::string>& fields, int column) {
  return column >= 0 && static_cast<size_t>(column) < fields.size()
             ? std::string_view(fields[static_cast<size_t>(column)])
             : std::string_view();
}

Result<double> ParseNumber(std::string_view text, std::string_view where,
                           std::string_view column) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidArgument(fmt::format("{}: {} '{}' is not a number", where, column, text));
  }
  if (value < 0) {
    return InvalidArgument(fmt::format("{}: {} {} is negative", where, column, text));
  }
  return value;
}

Result<UnixDays> ParseDay(std::string_view text, std::string_view where,
                          std::string_view column) {
  Result<UnixDays> day = ParseDate(text, TimeZone());
  if (!day.ok()) {
    return InvalidArgument(
        fmt::format("{}: {} '{}' is not a date (YYYY-MM-DD)", where, column, text));
  }
  return day;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IOError(fmt::format("cannot read '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Read an optional period column into `period_day`; every row giving one must agree.
Status MergePeriodDay(std::string_view text, std::string_view where, std::string_view column,
                      std::optional<UnixDays>* period_day) {
  if (text.empty()) return Status::OK();
  MROI_ASSIGN_OR_RETURN(UnixDays day, ParseDay(text, where, column));
  if (*period_day && **period_day != day) {
    return InvalidArgument(fmt::format(
        "{}: {} {} differs from the earlier rows' {}: a plan covers one period", where,
        column, text, FormatDate(**period_day)));
  }
  *period_day = day;
  return Status::OK();
}

}  // namespace

Result<PlanFile> ParsePlanCsv(std::string_view text, std::string_view source) {
  MROI_ASSIGN_OR_RETURN(const CsvRows csv, ReadCsv(text, source));
  const int channel_col = csv.Column("channel");
  const int budget_col = csv.Column("budget");
  if (channel_col < 0 || budget_col < 0) {
    return InvalidArgument(fmt::format(
        "{}: the plan needs a header with columns channel,budget (optional: target, start, "
        "end)",
        source));
  }
  const int target_col = csv.Column("target");
  const int start_col = csv.Column("start");
  const int end_col = csv.Column("end");
  PlanFile plan;
  for (const auto& [line_number, fields] : csv.rows) {
    const std::string where = fmt::format("{} line {}", source, line_number);
    PlanLine line;
    line.channel = std::string(Field(fields, channel_col));
    if (line.channel.empty()) return InvalidArgument(where + ": empty channel");
    MROI_ASSIGN_OR_RETURN(line.budget, ParseNumber(Field(fields, budget_col), where, "budget"));
    if (const std::string_view target = Field(fields, target_col); !target.empty()) {
      MROI_ASSIGN_OR_RETURN(line.target, ParseNumber(target, where, "target"));
    }
    MROI_RETURN_IF_ERROR(MergePeriodDay(Field(fields, start_col), where, "start", &plan.start));
    MROI_RETURN_IF_ERROR(MergePeriodDay(Field(fields, end_col), where, "end", &plan.end));
    for (const PlanLine& seen : plan.lines) {
      if (Lower(seen.channel) == Lower(line.channel)) {
        return InvalidArgument(
            fmt::format("{}: channel '{}' appears twice", where, line.channel));
      }
    }
    plan.lines.push_back(std::move(line));
  }
  if (plan.lines.empty()) return InvalidArgument(fmt::format("{}: the plan has no rows", source));
  return plan;
}

Result<PlanFile> LoadPlanCsv(const std::string& path) {
  MROI_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParsePlanCsv(text, path);
}

Result<std::vector<DailyActual>> ParseActualsCsv(std::string_view text,
                                                 std::string_view source) {
  MROI_ASSIGN_OR_RETURN(const CsvRows csv, ReadCsv(text, source));
  const int date_col = csv.Column("date");
  const int channel_col = csv.Column("channel");
  const int spend_col = csv.Column("spend");
  const int revenue_col = csv.Column("revenue");
  if (date_col < 0 || channel_col < 0 || spend_col < 0) {
    return InvalidArgument(fmt::format(
        "{}: the actuals need a header with columns date,channel,spend (optional: revenue)",
        source));
  }
  std::vector<DailyActual> rows;
  for (const auto& [line_number, fields] : csv.rows) {
    const std::string where = fmt::format("{} line {}", source, line_number);
    DailyActual row;
    MROI_ASSIGN_OR_RETURN(row.day, ParseDay(Field(fields, date_col), where, "date"));
    row.channel = std::string(Field(fields, channel_col));
    if (row.channel.empty()) return InvalidArgument(where + ": empty channel");
    MROI_ASSIGN_OR_RETURN(row.spend, ParseNumber(Field(fields, spend_col), where, "spend"));
    if (const std::string_view revenue = Field(fields, revenue_col); !revenue.empty()) {
      MROI_ASSIGN_OR_RETURN(row.revenue, ParseNumber(revenue, where, "revenue"));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<DailyActual>> LoadActualsCsv(const std::string& path) {
  MROI_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseActualsCsv(text, path);
}

}  // namespace mroi
