// A strict reader of customer summary CSVs (lifetimes' CDNOW and donations files).

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mroi/clv_data.h"

namespace mroi {
namespace {

enum class Column { kId, kFrequency, kRecency, kAge, kMonetary, kWeight, kHoldoutFrequency,
                    kHoldoutMonetary, kHoldoutDuration };

std::optional<Column> ColumnFromHeader(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "id" || name == "customer_id") return Column::kId;
  if (name == "frequency" || name == "x") return Column::kFrequency;
  if (name == "recency" || name == "t_x") return Column::kRecency;
  if (name == "t" || name == "periods") return Column::kAge;
  if (name == "monetary_value" || name == "zbar" || name == "m_x") return Column::kMonetary;
  if (name == "weights" || name == "weight" || name == "count") return Column::kWeight;
  if (name == "frequency_holdout") return Column::kHoldoutFrequency;
  if (name == "monetary_value_holdout") return Column::kHoldoutMonetary;
  if (name == "duration_holdout") return Column::kHoldoutDuration;
  return std::nullopt;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    std::string_view field = line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
    while (!field.empty() && std::isspace(static_cast<unsigned char>(field.front()))) field.remove_prefix(1);
    while (!field.empty() && std::isspace(static_cast<unsigned char>(field.back()))) field.remove_suffix(1);
    fields.push_back(field);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

Result<CustomerSummaries> ReadCustomerSummaryCsv(const std::string& path, TimeUnit unit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return NotFound(fmt::format("{}: no such file", path));
    return IOError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  std::string line;
  int64_t line_number = 0;
  auto fail = [&](const std::string& reason) {
    return InvalidArgument(fmt::format("{}:{}: {}", path, line_number, reason));
  };
  if (!std::getline(in, line)) return InvalidArgument(fmt::format("{}: empty file (no header)", path));
  ++line_number;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<Column> columns;
  std::vector<bool> seen(9, false);
  for (std::string_view header : SplitFields(line)) {
    std::optional<Column> column = ColumnFromHeader(std::string(header));
    if (!column) {
      return fail(fmt::format("unknown column '{}' (expected frequency/x, recency/t_x, T/periods, "
                              "and optionally ID, monetary_value/zbar, weights, frequency_holdout, "
                              "monetary_value_holdout, duration_holdout)", header));
    }
    if (seen[static_cast<size_t>(*column)]) return fail(fmt::format("column '{}' appears twice", header));
    seen[static_cast<size_t>(*column)] = true;
    columns.push_back(*column);
  }
  for (auto [column, name] : {std::pair{Column::kFrequency, "frequency (or x)"},
                              std::pair{Column::kRecency, "recency (or t_x)"},
                              std::pair{Column::kAge, "T (or periods)"}}) {
    if (!seen[static_cast<size_t>(column)]) return fail(fmt::format("missing column {}", name));
  }

  CustomerSummaries out;
  out.time_unit = unit;
  std::optional<double> holdout_duration;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string_view> fields = SplitFields(line);
    if (fields.size() != columns.size()) {
      return fail(fmt::format("{} fields, the header has {}", fields.size(), columns.size()));
    }
    CustomerSummary c;
    c.customer_id = static_cast<int64_t>(out.customers.size()) + 1;
    for (size_t idx = 0; idx < fields.size(); ++idx) {
      std::optional<double> value = ParseNumber(fields[idx]);
      if (!value) return fail(fmt::format("'{}' is not a number", fields[idx]));
      switch (columns[idx]) {
        case Column::kId:
          if (std::floor(*value) != *value) return fail(fmt::format("ID '{}' is not an integer", fields[idx]));
          c.customer_id = static_cast<int64_t>(*value);
          break;
        case Column::kFrequency: c.frequency = *value; break;
        case Column::kRecency: c.recency = *value; break;
        case Column::kAge: c.age = *value; break;
        case Column::kMonetary: c.monetary_value = *value; break;
        case Column::kWeight: c.weight = *value; break;
        case Column::kHoldoutFrequency: c.holdout_frequency = *value; break;
        case Column::kHoldoutMonetary: c.holdout_monetary_value = *value; break;
        case Column::kHoldoutDuration:
          if (holdout_duration && *holdout_duration != *value) {
            return fail("duration_holdout differs from the previous rows (must be one value)");
          }
          holdout_duration = *value;
          break;
      }
    }
    CustomerSummaries one{unit, holdout_duration.value_or(0.0), {c}};
    Status row_status = ValidateCustomerSummaries(one);
    if (!row_status.ok()) {
      // Drop the "customer row 0 (id N): " prefix: the line number says where.
      const std::string& message = row_status.message();
      const size_t colon = message.find("): ");
      return fail(colon == std::string::npos ? message : message.substr(colon + 3));
    }
    out.customers.push_back(c);
  }
  if (in.bad()) return IOError(fmt::format("{}: read error", path));
  if (out.customers.empty()) return InvalidArgument(fmt::format("{}: no customer rows", path));
  out.holdout_duration = holdout_duration.value_or(0.0);
  return out;
}

}  // namespace mroi
