// Retention (CRR, churn) and the monthly cohort retention matrix.
#include <algorithm>
#include <limits>

#include "metrics/metrics_internal.h"

namespace mroi::internal {

void ComputeRetention(const Journeys& journeys, const std::vector<UnixDays>& journey_day,
                      int64_t persons, const Period& period, int32_t active_window_days,
                      Retention* retention, CohortMatrix* cohorts) {
  constexpr UnixDays kNever = std::numeric_limits<UnixDays>::max();
  const size_t person_count = static_cast<size_t>(std::max<int64_t>(persons, 0));
  std::vector<UnixDays> first_day(person_count, kNever);
  std::vector<uint8_t> active_start(person_count, 0);
  std::vector<uint8_t> active_end(person_count, 0);
  const UnixDays start_from = period.start - active_window_days;
  const UnixDays end_from = period.end - active_window_days;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    if (!journeys.converting(journey)) continue;
    const int32_t person = journeys.person[static_cast<size_t>(journey)];
    if (person < 0 || static_cast<size_t>(person) >= person_count) continue;
    const UnixDays day = journey_day[static_cast<size_t>(journey)];
    UnixDays& first = first_day[static_cast<size_t>(person)];
    first = std::min(first, day);
    if (day >= start_from && day < period.start) active_start[static_cast<size_t>(person)] = 1;
    if (day >= end_from && day < period.end) active_end[static_cast<size_t>(person)] = 1;
  }
  Retention result;
  for (size_t person = 0; person < person_count; ++person) {
    result.customers_start += active_start[person];
    result.customers_end += active_end[person];
    if (period.Contains(first_day[person])) ++result.new_customers;
  }
  result.crr = SafeDivide(static_cast<double>(result.customers_end - result.new_customers),
                          static_cast<double>(result.customers_start));
  if (result.crr) result.churn_rate = 1.0 - *result.crr;
  *retention = result;

  // Cohorts: month of first conversion, up to the period's last month.
  const int32_t last_month = MonthOfDay(period.end - 1);
  int32_t first_month = std::numeric_limits<int32_t>::max();
  for (size_t person = 0; person < person_count; ++person) {
    if (first_day[person] != kNever && first_day[person] < period.end) {
      first_month = std::min(first_month, MonthOfDay(first_day[person]));
    }
  }
  *cohorts = CohortMatrix();
  if (first_month == std::numeric_limits<int32_t>::max()) return;
  const int32_t months = last_month - first_month + 1;
  std::vector<int32_t> cohort_of(person_count, -1);
  cohorts->sizes.assign(static_cast<size_t>(months), 0);
  for (size_t person = 0; person < person_count; ++person) {
    if (first_day[person] == kNever || first_day[person] >= period.end) continue;
    cohort_of[person] = MonthOfDay(first_day[person]) - first_month;
    ++cohorts->sizes[static_cast<size_t>(cohort_of[person])];
  }
  // (cohort, k, person) seen: dedupe with one sorted key vector.
  std::vector<uint64_t> keys;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    if (!journeys.converting(journey)) continue;
    const int32_t person = journeys.person[static_cast<size_t>(journey)];
    if (person < 0 || static_cast<size_t>(person) >= person_count) continue;
    const int32_t cohort = cohort_of[static_cast<size_t>(person)];
    if (cohort < 0) continue;
    const UnixDays day = journey_day[static_cast<size_t>(journey)];
    if (day >= period.end) continue;
    const int32_t offset = MonthOfDay(day) - first_month - cohort;
    keys.push_back((static_cast<uint64_t>(cohort) << 48) | (static_cast<uint64_t>(offset) << 32) |
                   static_cast<uint32_t>(person));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<std::vector<int64_t>> counts(static_cast<size_t>(months));
  for (int32_t cohort = 0; cohort < months; ++cohort) {
    counts[static_cast<size_t>(cohort)].assign(static_cast<size_t>(months - cohort), 0);
  }
  for (uint64_t key : keys) {
    const size_t cohort = static_cast<size_t>(key >> 48);
    const size_t offset = static_cast<size_t>((key >> 32) & 0xFFFF);
    ++counts[cohort][offset];
  }
  for (int32_t cohort = 0; cohort < months; ++cohort) {
    const size_t index = static_cast<size_t>(cohort);
    if (cohorts->sizes[index] == 0) continue;
    cohorts->cohorts.push_back(FormatMonth(first_month + cohort));
    std::vector<double> shares;
    for (int64_t count : counts[index]) {
      shares.push_back(static_cast<double>(count) / static_cast<double>(cohorts->sizes[index]));
    }
    cohorts->shares.push_back(std::move(shares));
  }
  // Drop the sizes of empty months so that sizes parallels cohorts.
  std::vector<int64_t> sizes;
  for (int64_t size : cohorts->sizes) {
    if (size > 0) sizes.push_back(size);
  }
  cohorts->sizes = std::move(sizes);
}

}  // namespace mroi::internal
