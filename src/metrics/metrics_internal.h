#pragma once

// Helpers shared inside the metrics layer: calendar arithmetic and the mapping of UTC
// timestamps to local days.

#include <cstdint>
#include <vector>

#include "mroi/metrics.h"
#include "mroi/time.h"

namespace mroi::internal {

/// A civil date.
struct CivilDate {
  int32_t year = 1970;
  uint32_t month = 1;  // 1..12
  uint32_t day = 1;    // 1..31
};
/// The civil date of a day (H. Hinnant's algorithm).
CivilDate CivilFromDays(UnixDays days);
/// Month index year * 12 + (month - 1) of a day.
int32_t MonthOfDay(UnixDays days);
/// First day of a month index.
UnixDays FirstDayOfMonth(int32_t month);
/// Days in a month index.
int32_t DaysInMonth(int32_t month);
/// The same day `months` months later (day clamped to the month's length).
UnixDays AddMonths(UnixDays days, int32_t months);

/// Maps UTC seconds to local days of a zone. UTC and fixed offsets cost one division;
/// an IANA zone caches its offset per UTC day (taken at noon), so a DST change counts
/// from the next day at the latest.
class DayMapper {
 public:
  explicit DayMapper(const TimeZone& zone);
  UnixDays Day(UnixSeconds seconds) const {
    const int64_t local = seconds + Offset(seconds);
    return static_cast<UnixDays>(local >= 0 ? local / 86400 : (local - 86399) / 86400);
  }
  /// UTC seconds of local midnight starting `day`.
  UnixSeconds Midnight(UnixDays day) const;

 private:
  int64_t Offset(UnixSeconds seconds) const;
  TimeZone zone_;
  bool constant_ = true;
  int64_t constant_offset_ = 0;
  mutable std::vector<int32_t> cache_;  // offset + 1 per UTC day from cache_base_; 0 = unset
  mutable int64_t cache_base_ = 0;
};

/// Percentile (0..1) of sorted values with linear interpolation between ranks
/// (numpy's default). REQUIRES: !sorted.empty().
double Percentile(const std::vector<double>& sorted, double fraction);

}  // namespace mroi::internal

namespace mroi::internal {

/// Mean Gregorian month in days (365.2425 / 12).
inline constexpr double kDaysPerMonth = 30.436875;

/// The gross profit of converting journey `journey` (journey_value.cc): its
/// gross_profit, or revenue x gross_margin when its record has neither gross profit
/// nor cogs; `imputed` says whether it rests on imputed cogs. Non-finite -> 0.
double JourneyGrossProfit(const Dataset& dataset, const Journeys& journeys, int64_t journey,
                          double gross_margin, bool* imputed);

/// Retention and the cohort matrix over converting journeys (cohort.cc).
/// `journey_day` holds the local day of each journey's end (unused for
/// non-converting journeys).
void ComputeRetention(const Journeys& journeys, const std::vector<UnixDays>& journey_day,
                      int64_t persons, const Period& period, int32_t active_window_days,
                      Retention* retention, CohortMatrix* cohorts);

}  // namespace mroi::internal
