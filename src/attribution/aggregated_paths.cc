// Aggregated paths (ChannelAttribution's input format): parse the CSV and expand
// its rows into journeys that every attribution model runs on.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "mroi/data_driven.h"

namespace mroi {

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// Split one CSV line into fields; double quotes group, "" is a literal quote.
// A line without quotes (the usual case) is split into views of itself; a quoted
// line is unquoted into `storage` and the views point there. Returns false for an
// unterminated quote.
bool SplitCsvLine(std::string_view line, std::vector<std::string>* storage,
                  std::vector<std::string_view>* fields) {
  fields->clear();
  if (line.find('"') == std::string_view::npos) {
    while (true) {
      const size_t comma = line.find(',');
      fields->push_back(line.substr(0, comma));
      if (comma == std::string_view::npos) return true;
      line.remove_prefix(comma + 1);
    }
  }
  storage->clear();
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      storage->push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  storage->push_back(std::move(field));
  for (const std::string& text : *storage) fields->push_back(text);
  return !quoted;
}

// Largest count accepted (counts above lose integer precision as doubles).
constexpr int64_t kMaxCount = 9'000'000'000'000'000;

// Parse a non-negative integer count; "3", "3.0" and "3e0" are fine, "2.5" is not.
bool ParseCount(std::string_view text, int64_t* out) {
  text = Trim(text);
  if (text.empty()) return false;
  // Fast path: a plain decimal integer.
  int64_t integer = 0;
  const char* const text_end = text.data() + text.size();
  const auto [end_int, error] = std::from_chars(text.data(), text_end, integer);
  if (error == std::errc() && end_int == text_end) {
    if (integer < 0 || integer > kMaxCount) return false;
    *out = integer;
    return true;
  }
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value) || value < 0 ||
      value != std::floor(value) || value > static_cast<double>(kMaxCount)) {
    return false;
  }
  *out = static_cast<int64_t>(value);
  return true;
}

bool ParseValue(std::string_view text, double* out) {
  text = Trim(text);
  if (text.empty()) {
    *out = 0;
    return true;
  }
  // Fast path: from_chars rounds correctly, as strtod does; strtod still takes
  // what from_chars does not ("+1", hexadecimal).
  const char* const text_end = text.data() + text.size();
  const auto [end_double, error] = std::from_chars(text.data(), text_end, *out);
  if (error == std::errc() && end_double == text_end) {
    return std::isfinite(*out);
  }
  const std::string copy(text);
  char* end = nullptr;
  *out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && std::isfinite(*out);
}

}  // namespace

Result<AggregatedPaths> ParseAggregatedPaths(std::string_view text, std::string_view source) {
  AggregatedPaths out;
  out.paths.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
  std::vector<std::string> storage;
  std::vector<std::string_view> fields;
  int path_col = -1, conv_col = -1, value_col = -1, null_col = -1;
  bool header_seen = false;
  int64_t line_no = 0;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_no;
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (Trim(line).empty()) continue;
    auto error = [&](std::string_view what) {
      return InvalidArgument(fmt::format("{}:{}: {}", source, line_no, what));
    };
    if (!SplitCsvLine(line, &storage, &fields)) return error("unterminated quoted field");
    if (!header_seen) {
      header_seen = true;
      for (size_t i = 0; i < fields.size(); ++i) {
        const std::string_view name = Trim(fields[i]);
        const int col = static_cast<int>(i);
        if (name == "path") path_col = col;
        if (name == "total_conversions") conv_col = col;
        if (name == "total_conversion_value") value_col = col;
        if (name == "total_null") null_col = col;
      }
      if (path_col < 0 || conv_col < 0) {
        return error("the header must name the columns path and total_conversions");
      }
      continue;
    }
    auto field = [&](int col) -> std::string_view {
      if (col < 0 || static_cast<size_t>(col) >= fields.size()) return {};
      return fields[static_cast<size_t>(col)];
    };
    AggregatedPath row;
    row.line = line_no;
    std::string_view path = Trim(field(path_col));
    if (path.empty()) return error("empty path");
    const auto separators = std::count(path.begin(), path.end(), '>');
    row.channels.reserve(static_cast<size_t>(separators) + 1);
    while (true) {
      const size_t sep = path.find('>');
      const std::string_view channel = Trim(path.substr(0, sep));
      if (channel.empty()) {
        return error(fmt::format("empty channel in path '{}'", Trim(field(path_col))));
      }
      row.channels.emplace_back(channel);
      if (sep == std::string_view::npos) break;
      path.remove_prefix(sep + 1);
    }
    if (!ParseCount(field(conv_col), &row.conversions)) {
      return error(fmt::format("total_conversions '{}' is not a non-negative integer",
                               Trim(field(conv_col))));
    }
    if (null_col >= 0 && !Trim(field(null_col)).empty() &&
        !ParseCount(field(null_col), &row.nulls)) {
      return error(fmt::format("total_null '{}' is not a non-negative integer",
                               Trim(field(null_col))));
    }
    if (value_col >= 0 && !ParseValue(field(value_col), &row.conversion_value)) {
      return error(fmt::format("total_conversion_value '{}' is not a number",
                               Trim(field(value_col))));
    }
    out.paths.push_back(std::move(row));
  }
  if (!header_seen) return InvalidArgument(fmt::format("{}: empty file, no header", source));
  return out;
}

Result<AggregatedPaths> ReadAggregatedPaths(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(fmt::format("cannot open paths file {}", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return IOError(fmt::format("cannot read paths file {}", path));
  return ParseAggregatedPaths(buffer.str(), path);
}

Result<PathJourneys> ExpandAggregatedPaths(const AggregatedPaths& paths) {
  constexpr int64_t kLimit = std::numeric_limits<int32_t>::max();
  int64_t journeys = 0;
  int64_t touches = 0;
  for (const AggregatedPath& row : paths.paths) {
    const int64_t count = row.conversions + row.nulls;
    journeys += count;
    touches += count * static_cast<int64_t>(row.channels.size());
    if (journeys > kLimit || touches > kLimit) {
      return InvalidArgument(fmt::format(
          "line {}: the paths expand to more than {} journeys or touches", row.line, kLimit));
    }
  }
  PathJourneys out;
  Journeys& j = out.journeys;
  j.offsets.reserve(static_cast<size_t>(journeys) + 1);
  j.touch_channel.reserve(static_cast<size_t>(touches));
  out.dataset.touchpoints.reserve(static_cast<size_t>(touches));
  std::vector<StringId> ids;
  int32_t person = 0;
  for (const AggregatedPath& row : paths.paths) {
    ids.clear();
    for (const std::string& channel : row.channels) {
      ids.push_back(out.dataset.strings.Intern(channel));
    }
    const double value =
        row.conversions > 0 ? row.conversion_value / static_cast<double>(row.conversions) : 0;
    const UnixSeconds end_time = 60 * static_cast<UnixSeconds>(ids.size());
    for (int64_t k = 0; k < row.conversions + row.nulls; ++k) {
      const bool converting = k < row.conversions;
      for (size_t i = 0; i < ids.size(); ++i) {
        Touchpoint touch;
        touch.timestamp = 60 * static_cast<UnixSeconds>(i);
        touch.channel = ids[i];
        j.touch_index.push_back(static_cast<int32_t>(out.dataset.touchpoints.size()));
        j.touch_channel.push_back(ids[i]);
        j.touch_time.push_back(touch.timestamp);
        out.dataset.touchpoints.push_back(touch);
        out.identity.touchpoint_person.push_back(person);
      }
      j.offsets.push_back(static_cast<int64_t>(j.touch_channel.size()));
      j.person.push_back(person);
      j.end.push_back(converting ? JourneyEnd::kConversion : JourneyEnd::kNone);
      j.end_index.push_back(-1);
      j.end_time.push_back(converting ? end_time : end_time - 60);
      j.revenue.push_back(converting ? value : 0);
      j.gross_profit.push_back(converting ? value : 0);
      ++person;
    }
  }
  out.identity.persons = person;
  return out;
}

}  // namespace mroi
