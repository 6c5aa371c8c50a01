#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/result.h"
#include "mroi/status.h"
#include "mroi/time.h"

// Customer summaries for the customer models (SPEC.md "Customer models", issue 6):
// per-customer frequency (repeat purchases), recency, T and mean spend, built from
// transactions or read from a summary CSV. Every summary states its time unit.

namespace mroi {

/// The unit of recency, T and every horizon of the customer models.
/// kPeriods is the discrete unit of BG/BB (a purchase opportunity: a year, a
/// mailing); its length in days is not defined.
enum class TimeUnit : unsigned char { kDays, kWeeks, kMonths, kPeriods };

/// Return the lower-case name of a unit ("days", "weeks", "months", "periods").
std::string_view TimeUnitName(TimeUnit unit);

/// Parse "days", "weeks", "months" or "periods" (also "day", "week", "month",
/// "period", case-insensitive). Error kInvalidArgument lists the accepted names.
Result<TimeUnit> ParseTimeUnit(std::string_view text);

/// Return the length of one unit in days: 1, 7, 30.4375 (the mean Gregorian month,
/// 365.25 / 12) or NaN for kPeriods.
double DaysPerTimeUnit(TimeUnit unit);

/// One customer (or, with weight > 1, that many identical customers) as the
/// models see them. Times are in the summaries' time_unit, measured from the
/// customer's first purchase.
struct CustomerSummary {
  int64_t customer_id = 0;
  /// x: repeat purchases in the calibration period (purchases after the first).
  double frequency = 0;
  /// t_x: time from the first to the last purchase; 0 when frequency is 0.
  double recency = 0;
  /// T: time from the first purchase to the end of the calibration period
  /// (BG/BB: the number of purchase opportunities n).
  double age = 0;
  /// Mean amount of the repeat purchases (first purchase excluded); 0 when none.
  double monetary_value = 0;
  /// Number of customers this row stands for (donations.csv "weights"). Default 1.
  double weight = 1;
  /// Purchases in the holdout period (0 when there is none).
  double holdout_frequency = 0;
  /// Mean amount of the holdout purchases; 0 when none.
  double holdout_monetary_value = 0;
};

/// Summaries of a set of customers, all in one time unit.
struct CustomerSummaries {
  TimeUnit time_unit = TimeUnit::kWeeks;
  /// Length of the holdout period in time_unit; 0 when there is no holdout.
  double holdout_duration = 0;
  std::vector<CustomerSummary> customers;
};

/// Check every row: finite values, frequency an integer >= 0, 0 <= recency <= age,
/// recency 0 when frequency 0, monetary_value >= 0, weight > 0, holdout values
/// >= 0; for kPeriods also integer recency and age with frequency <= recency.
/// Error kInvalidArgument names the row (0-based), the customer id and the rule;
/// an empty set is an error too. Cost: O(rows).
Status ValidateCustomerSummaries(const CustomerSummaries& summaries);

/// One purchase: customer (dictionary-encoded id), UTC time and amount.
struct Transaction {
  int64_t customer_id = 0;
  UnixSeconds time = 0;
  double amount = 0;
};

/// Settings of SummariseTransactions().
struct SummaryOptions {
  /// Unit of recency, T and the holdout duration. kPeriods is rejected.
  /// Default: weeks.
  TimeUnit time_unit = TimeUnit::kWeeks;
  /// End of the calibration period (inclusive, by UTC day). When set, purchases
  /// on later days up to observation_end form the holdout and customers whose first
  /// purchase is later are left out. Default: none (no holdout).
  std::optional<UnixSeconds> calibration_end;
  /// End of the observation (inclusive, by UTC day); later purchases are ignored.
  /// Default: the day of the last transaction.
  std::optional<UnixSeconds> observation_end;
};

/// Build one summary per customer from transactions in any order.
///
/// Rules: time is counted in whole UTC days; a customer's purchases on the same
/// day count as one purchase whose amount is their sum (as lifetimes does at daily
/// resolution). frequency = purchase days in the calibration period - 1, recency =
/// last - first purchase day, age = calibration end day - first purchase day, all
/// divided by DaysPerTimeUnit; monetary_value = mean amount of the repeat purchase
/// days. Customers come out sorted by id.
/// Errors kInvalidArgument: no transactions, a non-finite amount (names its index),
/// kPeriods as unit, observation_end before calibration_end, or no customer with a
/// purchase in the calibration period. Cost: O(n log n) time (one sort), O(n) memory.
Result<CustomerSummaries> SummariseTransactions(std::span<const Transaction> transactions,
                                                const SummaryOptions& options);

/// Read a customer summary CSV (comma-separated, header row, no quoting).
///
/// Columns (names case-insensitive, any order): frequency or x; recency or t_x;
/// T or periods; optional ID / id / customer_id; monetary_value, zbar or m_x;
/// weights / weight / count; frequency_holdout, monetary_value_holdout and
/// duration_holdout (one value for all rows). This reads lifetimes'
/// cdnow_customers_summary.csv, cdnow_customers_summary_with_transactions.csv and
/// donations.csv. Rows without an ID get their 1-based row number.
/// Errors: kNotFound (no file), kIOError, kInvalidArgument "path:line: reason" for
/// an unknown or missing column, a wrong field count, a bad number or a row that
/// breaks ValidateCustomerSummaries' rules; a file with no rows is an error.
Result<CustomerSummaries> ReadCustomerSummaryCsv(const std::string& path, TimeUnit unit);

}  // namespace mroi
