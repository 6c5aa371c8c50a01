// Customer summaries: time units, validation and the transactions summariser.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "mroi/clv_data.h"

namespace mroi {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int64_t FloorDay(UnixSeconds seconds) {
  int64_t day = seconds / kSecondsPerDay;
  if (seconds % kSecondsPerDay < 0) --day;
  return day;
}

bool IsWhole(double value) { return std::floor(value) == value; }

// One customer-day after merging same-day purchases.
struct CustomerDay {
  int64_t customer_id;
  int64_t day;
  double amount;
};

}  // namespace

std::string_view TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDays: return "days";
    case TimeUnit::kWeeks: return "weeks";
    case TimeUnit::kMonths: return "months";
    case TimeUnit::kPeriods: return "periods";
  }
  return "unknown";
}

Result<TimeUnit> ParseTimeUnit(std::string_view text) {
  std::string name = Lower(text);
  if (name == "days" || name == "day") return TimeUnit::kDays;
  if (name == "weeks" || name == "week") return TimeUnit::kWeeks;
  if (name == "months" || name == "month") return TimeUnit::kMonths;
  if (name == "periods" || name == "period") return TimeUnit::kPeriods;
  return InvalidArgument(
      fmt::format("unknown time unit '{}': use days, weeks, months or periods", text));
}

double DaysPerTimeUnit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDays: return 1.0;
    case TimeUnit::kWeeks: return 7.0;
    case TimeUnit::kMonths: return 365.25 / 12.0;
    case TimeUnit::kPeriods: break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

Status ValidateCustomerSummaries(const CustomerSummaries& summaries) {
  if (summaries.customers.empty()) return InvalidArgument("no customers to model");
  if (!std::isfinite(summaries.holdout_duration) || summaries.holdout_duration < 0) {
    return InvalidArgument(
        fmt::format("holdout duration {} must be finite and >= 0", summaries.holdout_duration));
  }
  const bool discrete = summaries.time_unit == TimeUnit::kPeriods;
  for (size_t row = 0; row < summaries.customers.size(); ++row) {
    const CustomerSummary& c = summaries.customers[row];
    auto fail = [&](std::string reason) {
      return InvalidArgument(
          fmt::format("customer row {} (id {}): {}", row, c.customer_id, reason));
    };
    for (double value : {c.frequency, c.recency, c.age, c.monetary_value, c.weight,
                         c.holdout_frequency, c.holdout_monetary_value}) {
      if (!std::isfinite(value)) return fail("a value is not a finite number");
    }
    if (c.frequency < 0) return fail(fmt::format("frequency {} is negative", c.frequency));
    if (!IsWhole(c.frequency)) return fail(fmt::format("frequency {} is not a whole number", c.frequency));
    if (c.recency < 0) return fail(fmt::format("recency {} is negative", c.recency));
    if (c.age < 0) return fail(fmt::format("T {} is negative", c.age));
    if (c.recency > c.age) {
      return fail(fmt::format("recency {} is greater than T {}", c.recency, c.age));
    }
    if (c.frequency == 0 && c.recency != 0) {
      return fail(fmt::format("recency {} with frequency 0 (must be 0)", c.recency));
    }
    if (c.monetary_value < 0) return fail(fmt::format("monetary value {} is negative", c.monetary_value));
    if (c.weight <= 0) return fail(fmt::format("weight {} must be > 0", c.weight));
    if (c.holdout_frequency < 0 || c.holdout_monetary_value < 0) {
      return fail("holdout frequency and monetary value must be >= 0");
    }
    if (discrete) {
      if (!IsWhole(c.recency) || !IsWhole(c.age)) {
        return fail("recency and periods must be whole numbers for discrete periods");
      }
      if (c.frequency > c.recency) {
        return fail(fmt::format("frequency {} exceeds recency {} (one purchase per period)",
                                c.frequency, c.recency));
      }
    }
  }
  return Status::OK();
}

Result<CustomerSummaries> SummariseTransactions(std::span<const Transaction> transactions,
                                                const SummaryOptions& options) {
  if (transactions.empty()) return InvalidArgument("no transactions to summarise");
  if (options.time_unit == TimeUnit::kPeriods) {
    return InvalidArgument("transactions cannot be summarised in discrete periods: use days, weeks or months");
  }
  std::vector<CustomerDay> days;
  days.reserve(transactions.size());
  int64_t last_day = std::numeric_limits<int64_t>::min();
  for (size_t idx = 0; idx < transactions.size(); ++idx) {
    const Transaction& t = transactions[idx];
    if (!std::isfinite(t.amount)) {
      return InvalidArgument(fmt::format("transaction {} (customer {}): amount is not a finite number",
                                         idx, t.customer_id));
    }
    const int64_t day = FloorDay(t.time);
    last_day = std::max(last_day, day);
    days.push_back({t.customer_id, day, t.amount});
  }
  const int64_t observation_end =
      options.observation_end ? FloorDay(*options.observation_end) : last_day;
  const int64_t calibration_end =
      options.calibration_end ? FloorDay(*options.calibration_end) : observation_end;
  if (calibration_end > observation_end) {
    return InvalidArgument(
        fmt::format("observation end (day {}) is before calibration end (day {})", observation_end,
                    calibration_end));
  }
  std::sort(days.begin(), days.end(), [](const CustomerDay& l, const CustomerDay& r) {
    return l.customer_id != r.customer_id ? l.customer_id < r.customer_id : l.day < r.day;
  });

  const double unit_days = DaysPerTimeUnit(options.time_unit);
  CustomerSummaries out;
  out.time_unit = options.time_unit;
  out.holdout_duration =
      options.calibration_end ? static_cast<double>(observation_end - calibration_end) / unit_days : 0.0;
  size_t begin = 0;
  while (begin < days.size()) {
    size_t end = begin;
    while (end < days.size() && days[end].customer_id == days[begin].customer_id) ++end;
    const int64_t first_day = days[begin].day;
    if (first_day <= calibration_end) {
      CustomerSummary summary;
      summary.customer_id = days[begin].customer_id;
      int64_t calibration_days = 0, holdout_days = 0, previous_day = 0, last_purchase_day = first_day;
      double repeat_amount = 0, holdout_amount = 0, day_amount = 0;
      for (size_t idx = begin; idx <= end; ++idx) {
        // Close the previous purchase day when the day changes (or at the end).
        const bool new_day = idx == end || idx == begin || days[idx].day != previous_day;
        if (new_day && idx != begin) {
          if (previous_day <= calibration_end) {
            if (calibration_days > 0) repeat_amount += day_amount;
            ++calibration_days;
            last_purchase_day = previous_day;
          } else if (previous_day <= observation_end) {
            holdout_amount += day_amount;
            ++holdout_days;
          }
          day_amount = 0;
        }
        if (idx == end) break;
        day_amount += days[idx].amount;
        previous_day = days[idx].day;
      }
      summary.frequency = static_cast<double>(calibration_days - 1);
      summary.recency = static_cast<double>(last_purchase_day - first_day) / unit_days;
      summary.age = static_cast<double>(calibration_end - first_day) / unit_days;
      summary.monetary_value = calibration_days > 1 ? repeat_amount / summary.frequency : 0.0;
      summary.holdout_frequency = static_cast<double>(holdout_days);
      summary.holdout_monetary_value =
          holdout_days > 0 ? holdout_amount / static_cast<double>(holdout_days) : 0.0;
      out.customers.push_back(summary);
    }
    begin = end;
  }
  if (out.customers.empty()) {
    return InvalidArgument(
        fmt::format("no customer has a purchase on or before the calibration end (day {})",
                    calibration_end));
  }
  return out;
}

}  // namespace mroi
