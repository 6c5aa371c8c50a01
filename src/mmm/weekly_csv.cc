// Weekly tables for the marketing-mix model: Robyn's dt_simulated_weekly layout
// (DATE, revenue, *_S spend, *_B baselines, categorical events), Meridian's national and
// geo layouts (time, conversions, revenue_per_conversion, Channel*_spend, *_control,
// geo), or any table whose columns are named by WeeklyColumns.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "ingest/byte_source.h"
#include "ingest/csv_reader.h"
#include "mroi/mmm_data.h"

namespace mroi {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

bool IsMissing(std::string_view text) {
  const std::string lower = Lower(text);
  return lower.empty() || lower == "na" || lower == "nan" || lower == "null";
}

std::optional<double> ParseNumber(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// The channel name of a spend column, or "" when the name is not a spend column.
std::string SpendChannel(std::string_view name) {
  if (EndsWith(name, "_S")) return std::string(name.substr(0, name.size() - 2));
  const std::string lower = Lower(name);
  for (std::string_view suffix : {"_spend", "_cost"}) {
    if (EndsWith(lower, suffix)) return std::string(name.substr(0, name.size() - suffix.size()));
  }
  return "";
}

bool LooksLikeControl(std::string_view name) {
  const std::string lower = Lower(name);
  if (EndsWith(lower, "_control") || EndsWith(name, "_B")) return true;
  for (std::string_view prefix :
       {"competitor", "event", "holiday", "price", "promo", "newsletter", "organic"}) {
    if (StartsWith(lower, prefix)) return true;
  }
  return false;
}

// Index of the column named `name` (exact, then case-insensitive), or -1.
int FindColumn(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  const std::string lower = Lower(name);
  for (size_t i = 0; i < header.size(); ++i) {
    if (Lower(header[i]) == lower) return static_cast<int>(i);
  }
  return -1;
}

Result<int> RequireColumn(const std::vector<std::string>& header, const std::string& name,
                          const std::string& path, std::string_view role) {
  const int index = FindColumn(header, name);
  if (index < 0) {
    return InvalidArgument(fmt::format("{}: no {} column '{}' in the header", path, role, name));
  }
  return index;
}

// The first of `candidates` present in the header, or -1.
int DetectColumn(const std::vector<std::string>& header,
                 std::initializer_list<std::string_view> candidates) {
  for (std::string_view name : candidates) {
    const int index = FindColumn(header, name);
    if (index >= 0) return index;
  }
  return -1;
}

// Where each role's values are in a row.
struct Layout {
  int date = -1;
  int outcome = -1;
  int value = -1;
  int geo = -1;
  std::vector<int> spend;
  std::vector<std::string> channels;
  std::vector<int> controls;
};

Result<Layout> ResolveLayout(const std::vector<std::string>& header, const WeeklyColumns& columns,
                             const std::string& path) {
  Layout layout;
  if (!columns.date.empty()) {
    MROI_ASSIGN_OR_RETURN(layout.date, RequireColumn(header, columns.date, path, "date"));
  } else {
    layout.date = DetectColumn(header, {"DATE", "date", "time", "week", "ds"});
    if (layout.date < 0) {
      return InvalidArgument(fmt::format(
          "{}: no date column (looked for DATE, date, time, week, ds): name it with --date", path));
    }
  }
  if (!columns.outcome.empty()) {
    MROI_ASSIGN_OR_RETURN(layout.outcome, RequireColumn(header, columns.outcome, path, "outcome"));
  } else {
    layout.outcome = DetectColumn(header, {"revenue", "conversions", "sales", "kpi", "y"});
    if (layout.outcome < 0) {
      return InvalidArgument(fmt::format(
          "{}: no outcome column (looked for revenue, conversions, sales, kpi, y): name it with "
          "--outcome",
          path));
    }
  }
  if (!columns.value_per_outcome.empty()) {
    MROI_ASSIGN_OR_RETURN(layout.value, RequireColumn(header, columns.value_per_outcome, path,
                                                      "value-per-outcome"));
  } else if (Lower(header[static_cast<size_t>(layout.outcome)]) != "revenue") {
    layout.value = DetectColumn(header, {"revenue_per_conversion", "revenue_per_kpi"});
  }
  if (!columns.geo.empty()) {
    MROI_ASSIGN_OR_RETURN(layout.geo, RequireColumn(header, columns.geo, path, "geo"));
  } else {
    layout.geo = DetectColumn(header, {"geo"});
  }
  std::set<int> used = {layout.date, layout.outcome, layout.value, layout.geo};
  if (!columns.spend.empty()) {
    for (const std::string& name : columns.spend) {
      MROI_ASSIGN_OR_RETURN(int index, RequireColumn(header, name, path, "spend"));
      const std::string channel = SpendChannel(header[static_cast<size_t>(index)]);
      layout.spend.push_back(index);
      layout.channels.push_back(channel.empty() ? header[static_cast<size_t>(index)] : channel);
    }
  } else {
    for (size_t i = 0; i < header.size(); ++i) {
      if (used.count(static_cast<int>(i)) != 0) continue;
      const std::string channel = SpendChannel(header[i]);
      if (channel.empty()) continue;
      layout.spend.push_back(static_cast<int>(i));
      layout.channels.push_back(channel);
    }
    if (layout.spend.empty()) {
      return InvalidArgument(fmt::format(
          "{}: no spend column (looked for names ending in _S, _spend or _cost): name them with "
          "--spend",
          path));
    }
  }
  used.insert(layout.spend.begin(), layout.spend.end());
  if (!columns.controls.empty()) {
    for (const std::string& name : columns.controls) {
      MROI_ASSIGN_OR_RETURN(int index, RequireColumn(header, name, path, "control"));
      if (used.count(index) != 0) {
        return InvalidArgument(
            fmt::format("{}: column '{}' cannot be a control and another role", path, name));
      }
      layout.controls.push_back(index);
    }
  } else {
    for (size_t i = 0; i < header.size(); ++i) {
      if (used.count(static_cast<int>(i)) == 0 && LooksLikeControl(header[i])) {
        layout.controls.push_back(static_cast<int>(i));
      }
    }
  }
  return layout;
}

// The values of one date, summed over geos (controls averaged).
struct DateRow {
  double outcome = 0;
  double value_weighted = 0;  // sum of outcome * value per outcome
  double value_plain = 0;     // sum of value per outcome (for dates with no outcome)
  int rows = 0;
  std::vector<double> spend;
  std::vector<std::vector<std::string>> control_text;  // [control][geo row]
};

// Turn the raw text of one control into numeric series: one series when every value
// is a number or missing (missing = 0), else one 0/1 series per level (missing = none).
void AddControl(const std::string& name, const std::vector<const DateRow*>& rows, size_t index,
                WeeklySeries* series) {
  bool numeric = true;
  std::set<std::string> levels;
  for (const DateRow* row : rows) {
    for (const std::string& text : row->control_text[index]) {
      if (IsMissing(text)) continue;
      if (!ParseNumber(text)) numeric = false;
      levels.insert(text);
    }
  }
  if (numeric) {
    std::vector<double> values;
    for (const DateRow* row : rows) {
      double sum = 0;
      for (const std::string& text : row->control_text[index]) {
        if (!IsMissing(text)) sum += *ParseNumber(text);
      }
      values.push_back(row->control_text[index].empty()
                           ? 0
                           : sum / static_cast<double>(row->control_text[index].size()));
    }
    series->control_names.push_back(name);
    series->controls.push_back(std::move(values));
    return;
  }
  for (const std::string& level : levels) {
    std::vector<double> values;
    for (const DateRow* row : rows) {
      const auto& texts = row->control_text[index];
      const auto hits = std::count(texts.begin(), texts.end(), level);
      values.push_back(texts.empty() ? 0
                                     : static_cast<double>(hits) / static_cast<double>(texts.size()));
    }
    series->control_names.push_back(name + "=" + level);
    series->controls.push_back(std::move(values));
  }
}

}  // namespace

Result<WeeklySeries> LoadWeeklyCsv(const std::string& path, const WeeklyColumns& columns) {
  Result<std::unique_ptr<internal::ByteSource>> opened = internal::OpenFileSource(path);
  if (!opened.ok()) {
    return Status(opened.status().code(),
                  fmt::format("cannot read weekly table '{}': {}", path, opened.status().message()));
  }
  std::unique_ptr<internal::ByteSource> source = std::move(*opened);
  internal::CsvReader probe(source.get(), 1 << 16, 1 << 20, {});
  MROI_ASSIGN_OR_RETURN(std::string_view start, probe.Peek(2));
  if (internal::HasGzipMagic(start)) {
    MROI_ASSIGN_OR_RETURN(source, internal::OpenFileSource(path));
    source = internal::NewGzipSource(std::move(source), 1 << 16);
  } else {
    MROI_ASSIGN_OR_RETURN(source, internal::OpenFileSource(path));
  }
  internal::CsvReader reader(source.get(), 1 << 16, 1 << 20, {});
  MROI_ASSIGN_OR_RETURN(std::string_view bom, reader.Peek(3));
  if (bom == "\xEF\xBB\xBF") reader.Skip(3);

  internal::CsvRecord record;
  MROI_ASSIGN_OR_RETURN(bool has_header, reader.Next(&record));
  if (!has_header) return InvalidArgument(fmt::format("{}: the file is empty", path));
  std::vector<std::string> header(record.fields.begin(), record.fields.end());
  MROI_ASSIGN_OR_RETURN(Layout layout, ResolveLayout(header, columns, path));

  const TimeZone utc;
  std::map<UnixDays, DateRow> by_date;
  while (true) {
    MROI_ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) break;
    const std::string where = fmt::format("{}:{}", path, record.line);
    if (record.unclosed_quote || record.stray_quote || record.too_long) {
      return InvalidArgument(where + ": malformed CSV record (quotes or length)");
    }
    if (record.fields.size() != header.size()) {
      return InvalidArgument(fmt::format("{}: {} fields, the header has {}", where,
                                         record.fields.size(), header.size()));
    }
    auto field = [&](int index) { return record.fields[static_cast<size_t>(index)]; };
    Result<UnixDays> day = ParseDate(field(layout.date), utc);
    if (!day.ok()) {
      return InvalidArgument(fmt::format("{}: column '{}': {}", where,
                                         header[static_cast<size_t>(layout.date)],
                                         day.status().message()));
    }
    DateRow& row = by_date[*day];
    if (row.spend.empty()) {
      row.spend.assign(layout.spend.size(), 0);
      row.control_text.resize(layout.controls.size());
    }
    const std::optional<double> outcome = ParseNumber(field(layout.outcome));
    if (!outcome) {
      return InvalidArgument(fmt::format("{}: outcome '{}' is '{}', not a number", where,
                                         header[static_cast<size_t>(layout.outcome)],
                                         field(layout.outcome)));
    }
    row.outcome += *outcome;
    if (layout.value >= 0) {
      const std::optional<double> value = ParseNumber(field(layout.value));
      if (!value || *value <= 0) {
        return InvalidArgument(fmt::format("{}: '{}' must be a positive number, not '{}'", where,
                                           header[static_cast<size_t>(layout.value)],
                                           field(layout.value)));
      }
      row.value_weighted += *outcome * *value;
      row.value_plain += *value;
    }
    ++row.rows;
    for (size_t c = 0; c < layout.spend.size(); ++c) {
      const std::string_view text = field(layout.spend[c]);
      if (IsMissing(text)) continue;
      const std::optional<double> spend = ParseNumber(text);
      if (!spend || *spend < 0) {
        return InvalidArgument(fmt::format("{}: spend '{}' is '{}': spend must be a number >= 0",
                                           where, header[static_cast<size_t>(layout.spend[c])],
                                           text));
      }
      row.spend[c] += *spend;
    }
    for (size_t c = 0; c < layout.controls.size(); ++c) {
      row.control_text[c].emplace_back(field(layout.controls[c]));
    }
  }
  if (by_date.size() < 2) {
    return InvalidArgument(fmt::format("{}: need at least 2 dates, found {}", path, by_date.size()));
  }

  WeeklySeries series;
  series.outcome_name = header[static_cast<size_t>(layout.outcome)];
  series.channels = layout.channels;
  series.tiers.assign(layout.channels.size(), "");
  series.spend.assign(layout.channels.size(), {});
  std::vector<const DateRow*> rows;
  double value_weighted = 0, outcome_total = 0, value_plain = 0;
  int value_rows = 0;
  for (const auto& [day, row] : by_date) {
    series.periods.push_back(day);
    series.outcome.push_back(row.outcome);
    for (size_t c = 0; c < row.spend.size(); ++c) series.spend[c].push_back(row.spend[c]);
    rows.push_back(&row);
    value_weighted += row.value_weighted;
    outcome_total += row.outcome;
    value_plain += row.value_plain;
    value_rows += row.rows;
  }
  if (layout.value >= 0) {
    series.outcome_value =
        outcome_total > 0 ? value_weighted / outcome_total : value_plain / value_rows;
  }
  for (size_t c = 0; c < layout.controls.size(); ++c) {
    AddControl(header[static_cast<size_t>(layout.controls[c])], rows, c, &series);
  }
  Status valid = CheckWeeklySeries(series);
  if (!valid.ok()) return InvalidArgument(fmt::format("{}: {}", path, valid.message()));
  return series;
}

}  // namespace mroi
