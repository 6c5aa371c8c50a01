// Period parsing ("2025-01-01..2025-03-31", "2025-03", "2025-Q1", "2025") and the
// period a period is compared with.
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "metrics/metrics_internal.h"
#include "mroi/metrics.h"

namespace mroi {
namespace {

constexpr const char* kPeriodForms =
    "expected YYYY-MM-DD..YYYY-MM-DD, YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int32_t ToInt(std::string_view digits) {
  int32_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

Status BadPeriod(std::string_view text) {
  return InvalidArgument(fmt::format("bad period '{}': {}", text, kPeriodForms));
}

// One side of a range, or a single day: "YYYY-MM-DD" -> that day.
Result<UnixDays> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(5, 2)) ||
      !AllDigits(text.substr(8, 2))) {
    return BadPeriod(text);
  }
  const int32_t year = ToInt(text.substr(0, 4));
  const int32_t month = ToInt(text.substr(5, 2));
  const int32_t day = ToInt(text.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 ||
      day > internal::DaysInMonth(year * 12 + month - 1)) {
    return BadPeriod(text);
  }
  return DaysFromCivil(year, static_cast<uint32_t>(month), static_cast<uint32_t>(day));
}

// True when the period is whole calendar months; sets their count.
bool WholeMonths(const Period& period, int32_t* months) {
  const internal::CivilDate first = internal::CivilFromDays(period.start);
  if (first.day != 1) return false;
  const internal::CivilDate after = internal::CivilFromDays(period.end);
  if (after.day != 1) return false;
  *months = internal::MonthOfDay(period.end) - internal::MonthOfDay(period.start);
  return *months > 0;
}

}  // namespace

Result<Period> ParsePeriod(std::string_view raw) {
  const std::string_view text = Trim(raw);
  const size_t dots = text.find("..");
  if (dots != std::string_view::npos) {
    MROI_ASSIGN_OR_RETURN(UnixDays first, ParseDay(Trim(text.substr(0, dots))));
    MROI_ASSIGN_OR_RETURN(UnixDays last, ParseDay(Trim(text.substr(dots + 2))));
    if (last < first) {
      return InvalidArgument(fmt::format("bad period '{}': the end is before the start", text));
    }
    return Period{first, last + 1};
  }
  if (text.size() == 10) {
    MROI_ASSIGN_OR_RETURN(UnixDays day, ParseDay(text));
    return Period{day, day + 1};
  }
  if (text.size() == 4 && AllDigits(text)) {
    const int32_t year = ToInt(text);
    return Period{DaysFromCivil(year, 1, 1), DaysFromCivil(year + 1, 1, 1)};
  }
  if (text.size() == 7 && AllDigits(text.substr(0, 4)) && text[4] == '-' &&
      (text[5] == 'Q' || text[5] == 'q') && text[6] >= '1' && text[6] <= '4') {
    const int32_t year = ToInt(text.substr(0, 4));
    const int32_t first_month = year * 12 + (text[6] - '1') * 3;
    return Period{internal::FirstDayOfMonth(first_month),
                  internal::FirstDayOfMonth(first_month + 3)};
  }
  if (text.size() == 6 && AllDigits(text.substr(0, 4)) && (text[4] == 'Q' || text[4] == 'q') &&
      text[5] >= '1' && text[5] <= '4') {
    const int32_t year = ToInt(text.substr(0, 4));
    const int32_t first_month = year * 12 + (text[5] - '1') * 3;
    return Period{internal::FirstDayOfMonth(first_month),
                  internal::FirstDayOfMonth(first_month + 3)};
  }
  if (text.size() == 7 && AllDigits(text.substr(0, 4)) && text[4] == '-' &&
      AllDigits(text.substr(5, 2))) {
    const int32_t month = ToInt(text.substr(5, 2));
    if (month < 1 || month > 12) return BadPeriod(text);
    const int32_t index = ToInt(text.substr(0, 4)) * 12 + month - 1;
    return Period{internal::FirstDayOfMonth(index), internal::FirstDayOfMonth(index + 1)};
  }
  return BadPeriod(text);
}

std::string FormatPeriod(const Period& period) {
  return FormatDate(period.start) + ".." + FormatDate(period.end - 1);
}

std::string FormatMonth(int32_t month) {
  const int32_t year = month >= 0 ? month / 12 : (month - 11) / 12;
  return fmt::format("{:04d}-{:02d}", year, month - year * 12 + 1);
}

Result<CompareMode> CompareModeFromName(std::string_view name) {
  if (name == "previous" || name == "prev") return CompareMode::kPrevious;
  if (name == "year-ago" || name == "year_ago" || name == "yoy") return CompareMode::kYearAgo;
  return InvalidArgument(
      fmt::format("unknown comparison '{}': expected previous or year-ago", name));
}

std::string_view CompareModeName(CompareMode mode) {
  return mode == CompareMode::kPrevious ? "previous" : "year-ago";
}

Period ComparisonPeriod(const Period& period, CompareMode mode) {
  if (mode == CompareMode::kYearAgo) {
    return Period{internal::AddMonths(period.start, -12), internal::AddMonths(period.end, -12)};
  }
  int32_t months = 0;
  if (WholeMonths(period, &months)) {
    return Period{internal::AddMonths(period.start, -months), period.start};
  }
  return Period{period.start - period.days(), period.start};
}

}  // namespace mroi
