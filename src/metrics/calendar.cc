// Calendar arithmetic and local days of UTC timestamps.
#include <algorithm>
#include <cmath>

#include "metrics/metrics_internal.h"

namespace mroi::internal {

CivilDate CivilFromDays(UnixDays days) {
  // H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days.
  int64_t z = static_cast<int64_t>(days) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                   // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                       // [0, 11]
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  CivilDate date;
  date.year = static_cast<int32_t>(m <= 2 ? y + 1 : y);
  date.month = static_cast<uint32_t>(m);
  date.day = static_cast<uint32_t>(d);
  return date;
}

int32_t MonthOfDay(UnixDays days) {
  const CivilDate date = CivilFromDays(days);
  return date.year * 12 + static_cast<int32_t>(date.month) - 1;
}

UnixDays FirstDayOfMonth(int32_t month) {
  const int32_t year = month >= 0 ? month / 12 : (month - 11) / 12;
  const int32_t month_of_year = month - year * 12;
  return DaysFromCivil(year, static_cast<uint32_t>(month_of_year + 1), 1);
}

int32_t DaysInMonth(int32_t month) { return FirstDayOfMonth(month + 1) - FirstDayOfMonth(month); }

UnixDays AddMonths(UnixDays days, int32_t months) {
  const CivilDate date = CivilFromDays(days);
  const int32_t target = date.year * 12 + static_cast<int32_t>(date.month) - 1 + months;
  const int32_t day = std::min<int32_t>(static_cast<int32_t>(date.day), DaysInMonth(target));
  return FirstDayOfMonth(target) + day - 1;
}

DayMapper::DayMapper(const TimeZone& zone) : zone_(zone) {
  const std::string& name = zone.name();
  const bool fixed = name == "UTC" || name == "Z" || name.empty() || name[0] == '+' ||
                     name[0] == '-';
  constant_ = fixed;
  // LocalToUtc(local) = local - offset, so offset = -LocalToUtc(0) for a fixed zone.
  constant_offset_ = fixed ? -zone.LocalToUtc(0) : 0;
}

int64_t DayMapper::Offset(UnixSeconds seconds) const {
  if (constant_) return constant_offset_;
  const int64_t utc_day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  constexpr int64_t kSpan = 1 << 16;  // days cached around the first day asked
  if (cache_.empty()) {
    cache_base_ = utc_day - kSpan / 2;
    cache_.assign(kSpan, 0);
  }
  const int64_t slot = utc_day - cache_base_;
  const int64_t noon = utc_day * 86400 + 43200;
  if (slot < 0 || slot >= kSpan) return noon - zone_.LocalToUtc(noon);
  int32_t& cached = cache_[static_cast<size_t>(slot)];
  if (cached == 0) cached = static_cast<int32_t>(noon - zone_.LocalToUtc(noon)) + 1;
  return cached - 1;
}

UnixSeconds DayMapper::Midnight(UnixDays day) const {
  return zone_.LocalToUtc(static_cast<int64_t>(day) * 86400);
}

double Percentile(const std::vector<double>& sorted, double fraction) {
  const double rank = fraction * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(rank));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = rank - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * weight;
}

}  // namespace mroi::internal
