#pragma once

// Test helpers of the segments layer: the hand-worked 10-customer example and a
// transaction builder.

#include <string>
#include <vector>

#include "mroi/segments.h"

namespace mroi::testing {

inline constexpr int64_t kSecondsPerDayForTests = 86'400;

/// The as-of date of the hand example: 2025-01-31.
inline UnixDays HandAsOf() { return DaysFromCivil(2025, 1, 31); }

/// Append `frequency` purchases of one customer on distinct days, the last
/// `recency` days before `as_of`, one per day going back; they sum to `total`
/// exactly (the first purchase carries total - (frequency - 1), the others 1).
inline void AddCustomer(std::vector<Transaction>* out, int64_t id, UnixDays as_of,
                        int32_t recency, int64_t frequency, double total) {
  for (int64_t purchase_idx = 0; purchase_idx < frequency; ++purchase_idx) {
    const int64_t day = as_of - recency - purchase_idx;
    const double amount =
        purchase_idx == frequency - 1 ? total - double(frequency - 1) : 1.0;
    out->push_back({id, day * kSecondsPerDayForTests + 3600, amount});
  }
}

/// The 10-customer example of docs/segments.md ("A worked example"):
///   id  recency  frequency  total
///   0   1        10         1000
///   1   2        9          900
///   2   5        8          50
///   3   8        1          40
///   4   12       2          300
///   5   20       3          30
///   6   40       7          800
///   7   60       6          20
///   8   90       5          700
///   9   120      4          10
inline std::vector<Transaction> HandExample() {
  struct Row {
    int32_t recency;
    int64_t frequency;
    double total;
  };
  const Row rows[] = {{1, 10, 1000}, {2, 9, 900}, {5, 8, 50},   {8, 1, 40},
                      {12, 2, 300},  {20, 3, 30}, {40, 7, 800}, {60, 6, 20},
                      {90, 5, 700},  {120, 4, 10}};
  std::vector<Transaction> transactions;
  for (int64_t id = 0; id < 10; ++id) {
    AddCustomer(&transactions, id, HandAsOf(), rows[id].recency, rows[id].frequency,
                rows[id].total);
  }
  return transactions;
}

}  // namespace mroi::testing
