#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/clv_data.h"
#include "mroi/result.h"
#include "mroi/status.h"
#include "mroi/time.h"

// Customer segments (SPEC.md "Customer models", issue 6 part 3): RFM quintile
// scores and the eleven named RFM segments, behavioural segments (purchase
// cadence, order-value band, tenure) and imported customer attributes (e.g. survey
// answers) as segment dimensions, with segment × dimension cross-tabulation.
// Rules and the segment grid are documented in docs/segments.md.
//
// Every function here is pure (no I/O except the two Read* functions) and
// thread-compatible: const inputs may be shared between threads.

namespace mroi {

// ---------------------------------------------------------------------------
// Transactions input
// ---------------------------------------------------------------------------

/// Transactions read from a CSV, with customer keys dictionary-encoded:
/// transactions[i].customer_id indexes customer_keys.
struct SegmentTransactions {
  /// The customer id text as written in the file, in order of first appearance.
  std::vector<std::string> customer_keys;
  std::vector<Transaction> transactions;
};

/// Parse a transactions CSV held in memory; `source` names it in messages.
///
/// Format: comma-separated, a header row, fields optionally in double quotes ("" is
/// a quote; a field cannot span lines). Columns, matched case-insensitively, any
/// order, others ignored: customer (customer_id, customerid, customer, id), date
/// (date, time, timestamp, invoicedate, order_date) and amount (amount, revenue,
/// value, dollar_value, monetary). Dates are YYYY-MM-DD, YYYYMMDD, an ISO-8601
/// timestamp or Unix seconds (UTC). Blank lines are skipped.
/// Strict: errors kInvalidArgument "source:line: reason" for a missing or doubled
/// column, a wrong field count, an empty customer id, a bad date, an amount that is
/// not a finite number or is negative (net returns out first), and for a file
/// without a header or without any transaction. Cost: O(bytes) plus a hash lookup
/// per row.
Result<SegmentTransactions> ParseSegmentTransactions(std::string_view text,
                                                     std::string_view source);

/// Read a transactions CSV file (format and errors as ParseSegmentTransactions);
/// also kNotFound (no such file) and kIOError (unreadable). Streams line by line.
Result<SegmentTransactions> ReadSegmentTransactions(const std::string& path);

// ---------------------------------------------------------------------------
// RFM
// ---------------------------------------------------------------------------

/// What the M of RFM measures.
enum class MonetaryMeasure : unsigned char {
  kTotal,  ///< total amount over all purchases up to the as-of date
  kMean,   ///< mean amount per purchase (total / frequency)
};

/// Return "total" or "mean".
std::string_view MonetaryMeasureName(MonetaryMeasure measure);
/// Parse "total" or "mean". Error kInvalidArgument names the accepted values.
Result<MonetaryMeasure> ParseMonetaryMeasure(std::string_view text);

/// The eleven named RFM segments, best first.
enum class RfmSegment : unsigned char {
  kChampions,
  kLoyal,
  kPotentialLoyalists,
  kNewCustomers,
  kPromising,
  kNeedAttention,
  kAboutToSleep,
  kAtRisk,
  kCantLoseThem,
  kHibernating,
  kLost,
};
inline constexpr int kNumRfmSegments = 11;

/// Every segment in the enum's order.
std::array<RfmSegment, kNumRfmSegments> AllRfmSegments();
/// Return the snake_case name: "champions", "loyal", "potential_loyalists",
/// "new_customers", "promising", "need_attention", "about_to_sleep", "at_risk",
/// "cant_lose_them", "hibernating", "lost".
std::string_view RfmSegmentName(RfmSegment segment);
/// Return a one-sentence suggested marketing action for the segment.
std::string_view RfmSegmentAction(RfmSegment segment);

/// Return the FM score: the mean of the F and M scores rounded half up,
/// (f + m + 1) / 2 in integers. REQUIRES: scores in 1..5.
int FmScore(int frequency_score, int monetary_score);

/// Return the segment of an (R, FM) pair. The grid (rows R, columns FM):
///
///        FM=1            FM=2                 FM=3                 FM=4             FM=5
///   R=5  new_customers   potential_loyalists  potential_loyalists  champions champions
///   R=4  promising       potential_loyalists  potential_loyalists  champions champions
///   R=3  about_to_sleep  about_to_sleep       need_attention       loyal loyal R=2
///   hibernating     hibernating          at_risk              at_risk cant_lose_them R=1
///   lost            hibernating          at_risk              at_risk cant_lose_them
///
/// It is the widely used R×F segment map with FM in place of F, "lost" as its
/// (1, 1) cell and "champions" widened to R 4-5 × FM 4-5.
/// REQUIRES: both scores in 1..5 (others are clamped).
RfmSegment RfmSegmentFor(int recency_score, int fm_score);

/// Score `values` into `bins` rank-based quantile bins, 1 (lowest) .. bins (highest).
///
/// Rule: a value's score is 1 + floor(bins * below / n), where `below` is how many
/// values are strictly smaller and n the count. Equal values therefore get equal
/// scores (the score of the first rank their tie group occupies, as
/// rank(method="min")), and with n distinct values each bin holds n / bins of them
/// (the lowest bins take the remainder's shortfall). Deterministic and independent
/// of input order. REQUIRES: finite values, bins >= 1. Cost: O(n log n).
std::vector<int> QuantileScores(std::span<const double> values, int bins);

/// Purchase-count classes of the cadence dimension.
enum class PurchaseCadence : unsigned char { kOneTime, kRepeat, kLoyal };
/// Return "one_time", "repeat" or "loyal".
std::string_view PurchaseCadenceName(PurchaseCadence cadence);

/// Settings of ComputeRfm().
struct RfmOptions {
  /// The date recency and tenure are measured at (inclusive: purchases later than
  /// this day are left out and counted). Default: the day of the last transaction.
  std::optional<UnixDays> as_of;
  /// What M measures. Default: total.
  MonetaryMeasure monetary = MonetaryMeasure::kTotal;
  /// Count a customer's purchases on the same UTC day as one purchase (as the clv
  /// summaries do). Default: true. When false every transaction is a purchase.
  bool same_day_is_one_purchase = true;
  /// Cadence: 1 purchase is one_time, 2 .. loyal_min_purchases - 1 repeat, more
  /// loyal. Must be >= 3. Default: 4.
  int64_t loyal_min_purchases = 4;
  /// Tenure bands (days from first purchase to as_of): strictly increasing upper
  /// edges, each >= 0; the bands are "0-30d", "31-90d", "91-365d", ">365d" by default.
  std::vector<int32_t> tenure_edges_days = {30, 90, 365};
};

/// RFM and behavioural facts of one customer at the as-of date.
struct CustomerRfm {
  int64_t customer_id = 0;
  /// Days from the last purchase to as_of (0 = bought on the as-of day).
  int32_t recency_days = 0;
  /// Days from the first purchase to as_of.
  int32_t tenure_days = 0;
  /// Number of purchases (see RfmOptions::same_day_is_one_purchase).
  int64_t frequency = 0;
  /// Total amount up to as_of.
  double revenue = 0;
  /// M: revenue, or revenue / frequency (RfmOptions::monetary).
  double monetary = 0;
  /// Quintile scores 1..5, 5 = best (recency: most recent).
  int recency_score = 0;
  int frequency_score = 0;
  int monetary_score = 0;
  /// FmScore(frequency_score, monetary_score).
  int fm_score = 0;
  RfmSegment segment = RfmSegment::kLost;
  PurchaseCadence cadence = PurchaseCadence::kOneTime;
  /// Average order value (revenue / frequency) tercile: 1 low, 2 mid, 3 high.
  int aov_band = 0;
  /// Index of the tenure band (0 .. tenure_edges_days.size()).
  int tenure_band = 0;
};

/// RFM of a set of customers.
struct RfmResult {
  UnixDays as_of = 0;
  MonetaryMeasure monetary = MonetaryMeasure::kTotal;
  /// Transactions counted (on or before as_of) and left out (after it).
  int64_t transactions_used = 0;
  int64_t transactions_after_as_of = 0;
  /// The tenure band edges used (copied from the options).
  std::vector<int32_t> tenure_edges_days;
  /// One row per customer with a purchase on or before as_of, sorted by id.
  std::vector<CustomerRfm> customers;
};

/// Compute recency, frequency, monetary, their quintile scores, the RFM segment
/// and the behavioural classes of every customer.
///
/// Rules: days are UTC days of Transaction::time; recency is reversed for scoring
/// (fewest days = 5); scores follow QuantileScores(…, 5), the AOV band
/// QuantileScores(…, 3). Errors kInvalidArgument: no transactions, an amount that
/// is negative or not finite (names its index), no transaction on or before as_of,
/// loyal_min_purchases < 3, tenure edges not strictly increasing or negative.
/// Cost: O(n log n) time (one sort), O(n) memory.
Result<RfmResult> ComputeRfm(std::span<const Transaction> transactions,
                             const RfmOptions& options);

// ---------------------------------------------------------------------------
// Dimensions, summaries, cross-tabulation
// ---------------------------------------------------------------------------

/// A way to split the customers of one RfmResult into named groups.
struct SegmentDimension {
  std::string name;
  /// Group labels in display order.
  std::vector<std::string> values;
  /// Per customer of the RfmResult (same order): index into `values`.
  std::vector<int32_t> value_of_customer;
};

/// Names of the built-in dimensions: "rfm_segment", "cadence", "aov_band", "tenure".
std::array<std::string_view, 4> BuiltinDimensionNames();

/// Build a built-in dimension of `rfm`. rfm_segment lists all 11 segments in enum
/// order; cadence one_time, repeat, loyal; aov_band low, mid, high; tenure its
/// bands ("0-30d", ...). Error kInvalidArgument for an unknown name (lists them).
Result<SegmentDimension> BuiltinDimension(const RfmResult& rfm, std::string_view name);

/// Customers and revenue of one group, with the means of R, F and M.
struct GroupSummary {
  std::string value;
  int64_t customers = 0;
  /// customers / all customers of the RfmResult.
  double share = 0;
  double revenue = 0;
  /// Means over the group's customers; absent when the group is empty.
  std::optional<double> recency_mean;
  std::optional<double> frequency_mean;
  std::optional<double> monetary_mean;
};

/// Summarise every value of `dimension` (empty groups included, in its order).
/// REQUIRES: dimension built for `rfm`. Cost: O(customers).
std::vector<GroupSummary> SummariseDimension(const RfmResult& rfm,
                                             const SegmentDimension& dimension);

/// One row of the RFM segment table.
struct RfmSegmentSummary {
  RfmSegment segment = RfmSegment::kLost;
  GroupSummary stats;
  std::string_view action;
};

/// Summarise the 11 RFM segments (all of them, in enum order; shares sum to 1).
std::vector<RfmSegmentSummary> SummariseRfmSegments(const RfmResult& rfm);

/// Customers and revenue of every (row value, column value) pair.
struct SegmentCrossTab {
  std::string row_dimension;
  std::string column_dimension;
  std::vector<std::string> rows;
  std::vector<std::string> columns;
  /// Dense, row-major: cell (row, column) at row * columns.size() + column.
  std::vector<int64_t> customers;
  std::vector<double> revenue;
};

/// Cross-tabulate two dimensions of the same RfmResult. REQUIRES: both built for
/// `rfm`. Cost: O(customers + rows × columns).
SegmentCrossTab CrossTabulate(const RfmResult& rfm, const SegmentDimension& rows,
                              const SegmentDimension& columns);

// ---------------------------------------------------------------------------
// Imported attributes
// ---------------------------------------------------------------------------

/// A table of customer → attribute values (e.g. survey answers, zero-party data).
struct CustomerAttributes {
  std::string source;
  /// Attribute column names (the customer id column excluded), in file order.
  std::vector<std::string> columns;
  /// One entry per data row: the customer key and its values, one per column.
  std::vector<std::string> customer_keys;
  std::vector<std::vector<std::string>> values;
};

/// Parse an attributes CSV held in memory; `source` names it in messages.
///
/// Format as ParseSegmentTransactions: a header with one customer id column
/// (customer_id, customerid, customer or id) and at least one other column; every
/// other column is an attribute whose text (trimmed) is its value. Errors
/// kInvalidArgument "source:line: reason": no customer column, no attribute column,
/// a doubled column name, a wrong field count, an empty customer id, a customer on
/// two rows, no data row. Cost: O(bytes).
Result<CustomerAttributes> ParseCustomerAttributes(std::string_view text,
                                                   std::string_view source);

/// Read an attributes CSV file (as ParseCustomerAttributes; also kNotFound, kIOError).
Result<CustomerAttributes> ReadCustomerAttributes(const std::string& path);

/// Label of customers with no row in the attributes file.
inline constexpr std::string_view kMissingAttribute = "(missing)";
/// Label of an empty attribute cell.
inline constexpr std::string_view kBlankAttribute = "(blank)";

/// One attribute column joined onto the customers of an RfmResult.
struct AttributeDimension {
  SegmentDimension dimension;
  /// Data rows of the attributes file.
  int64_t attribute_rows = 0;
  /// Rows whose customer is in the RfmResult.
  int64_t matched_rows = 0;
  /// Rows whose customer is not (counted, not silently dropped) and up to 10 of
  /// their keys, in file order.
  int64_t unknown_customers = 0;
  std::vector<std::string> unknown_examples;
  /// Customers of the RfmResult without a row (labelled kMissingAttribute).
  int64_t customers_without_row = 0;
};

/// Join `column` of `attributes` onto `rfm`'s customers; `customer_keys[id]` is the
/// key of customer id `id` (as SegmentTransactions::customer_keys).
///
/// Values are ordered numerically when every label is a number, else as text, with
/// kBlankAttribute and kMissingAttribute last. Errors kInvalidArgument: an unknown
/// column (lists the columns), a customer id of `rfm` outside customer_keys.
/// Cost: O(rows + customers) expected.
Result<AttributeDimension> JoinAttribute(const CustomerAttributes& attributes,
                                         std::string_view column,
                                         std::span<const std::string> customer_keys,
                                         const RfmResult& rfm);

}  // namespace mroi
