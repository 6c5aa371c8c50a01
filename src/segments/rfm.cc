// RFM: per-customer recency, frequency and monetary value at an as-of date, their
// rank-based quintile scores, the named segment and the behavioural classes.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "mroi/segments.h"

namespace mroi {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
constexpr int kRfmBins = 5;
constexpr int kAovBins = 3;

UnixDays DayOf(UnixSeconds time) {
  const int64_t days =
      time >= 0 ? time / kSecondsPerDay : (time - kSecondsPerDay + 1) / kSecondsPerDay;
  return static_cast<UnixDays>(days);
}

// One purchase kept for the aggregation.
struct DatedAmount {
  int64_t customer_id;
  UnixDays day;
  double amount;
};

Status ValidateOptions(const RfmOptions& options) {
  if (options.loyal_min_purchases < 3) {
    return InvalidArgument(fmt::format(
        "loyal_min_purchases is {}; it must be at least 3 (1 = one-time, 2 = repeat)",
        options.loyal_min_purchases));
  }
  for (size_t edge_idx = 0; edge_idx < options.tenure_edges_days.size(); ++edge_idx) {
    const int32_t edge = options.tenure_edges_days[edge_idx];
    if (edge < 0 || (edge_idx > 0 && edge <= options.tenure_edges_days[edge_idx - 1])) {
      return InvalidArgument("tenure band edges must be >= 0 and strictly increasing");
    }
  }
  return Status::OK();
}

// Check amounts and keep the purchases on or before the as-of day.
Result<std::vector<DatedAmount>> KeepUpToAsOf(std::span<const Transaction> transactions,
                                              const RfmOptions& options,
                                              RfmResult* result) {
  UnixDays last_day = DayOf(transactions.front().time);
  for (size_t transaction_idx = 0; transaction_idx < transactions.size();
       ++transaction_idx) {
    const Transaction& transaction = transactions[transaction_idx];
    if (!std::isfinite(transaction.amount) || transaction.amount < 0) {
      return InvalidArgument(
          fmt::format("transaction {} has amount {}; amounts must be finite "
                      "and >= 0",
                      transaction_idx, transaction.amount));
    }
    last_day = std::max(last_day, DayOf(transaction.time));
  }
  result->as_of = options.as_of.value_or(last_day);
  std::vector<DatedAmount> kept;
  kept.reserve(transactions.size());
  for (const Transaction& transaction : transactions) {
    const UnixDays day = DayOf(transaction.time);
    if (day > result->as_of) {
      ++result->transactions_after_as_of;
      continue;
    }
    kept.push_back({transaction.customer_id, day, transaction.amount});
  }
  result->transactions_used = static_cast<int64_t>(kept.size());
  if (kept.empty()) {
    return InvalidArgument(fmt::format("no transaction on or before the as-of date {}",
                                       FormatDate(result->as_of)));
  }
  return kept;
}

// One CustomerRfm per customer with the raw R, F, M filled in (no scores yet).
std::vector<CustomerRfm> Aggregate(std::vector<DatedAmount> purchases,
                                   const RfmOptions& options, UnixDays as_of) {
  std::sort(purchases.begin(), purchases.end(),
            [](const DatedAmount& a, const DatedAmount& b) {
              return a.customer_id != b.customer_id ? a.customer_id < b.customer_id
                                                    : a.day < b.day;
            });
  std::vector<CustomerRfm> customers;
  for (size_t begin = 0; begin < purchases.size();) {
    size_t end = begin;
    CustomerRfm customer;
    customer.customer_id = purchases[begin].customer_id;
    UnixDays previous_day = purchases[begin].day;
    for (; end < purchases.size() && purchases[end].customer_id == customer.customer_id;
         ++end) {
      const bool new_day = end == begin || purchases[end].day != previous_day;
      if (new_day || !options.same_day_is_one_purchase) ++customer.frequency;
      customer.revenue += purchases[end].amount;
      previous_day = purchases[end].day;
    }
    customer.recency_days = as_of - purchases[end - 1].day;
    customer.tenure_days = as_of - purchases[begin].day;
    customer.monetary = options.monetary == MonetaryMeasure::kTotal
                            ? customer.revenue
                            : customer.revenue / static_cast<double>(customer.frequency);
    customers.push_back(customer);
    begin = end;
  }
  return customers;
}

// Fill the quintile scores, segment and behavioural classes.
void Score(const RfmOptions& options, std::vector<CustomerRfm>* customers) {
  const size_t count = customers->size();
  std::vector<double> recency(count), frequency(count), monetary(count),
      order_value(count);
  for (size_t customer_idx = 0; customer_idx < count; ++customer_idx) {
    const CustomerRfm& customer = (*customers)[customer_idx];
    recency[customer_idx] =
        -static_cast<double>(customer.recency_days);  // fewer days = better
    frequency[customer_idx] = static_cast<double>(customer.frequency);
    monetary[customer_idx] = customer.monetary;
    order_value[customer_idx] =
        customer.revenue / static_cast<double>(customer.frequency);
  }
  const std::vector<int> recency_scores = QuantileScores(recency, kRfmBins);
  const std::vector<int> frequency_scores = QuantileScores(frequency, kRfmBins);
  const std::vector<int> monetary_scores = QuantileScores(monetary, kRfmBins);
  const std::vector<int> aov_bands = QuantileScores(order_value, kAovBins);
  const std::vector<int32_t>& edges = options.tenure_edges_days;
  for (size_t customer_idx = 0; customer_idx < count; ++customer_idx) {
    CustomerRfm& customer = (*customers)[customer_idx];
    customer.recency_score = recency_scores[customer_idx];
    customer.frequency_score = frequency_scores[customer_idx];
    customer.monetary_score = monetary_scores[customer_idx];
    customer.fm_score = FmScore(customer.frequency_score, customer.monetary_score);
    customer.segment = RfmSegmentFor(customer.recency_score, customer.fm_score);
    customer.cadence = customer.frequency <= 1 ? PurchaseCadence::kOneTime
                       : customer.frequency < options.loyal_min_purchases
                           ? PurchaseCadence::kRepeat
                           : PurchaseCadence::kLoyal;
    customer.aov_band = aov_bands[customer_idx];
    customer.tenure_band = static_cast<int>(
        std::lower_bound(edges.begin(), edges.end(), customer.tenure_days) -
        edges.begin());
  }
}

}  // namespace

std::string_view MonetaryMeasureName(MonetaryMeasure measure) {
  return measure == MonetaryMeasure::kTotal ? "total" : "mean";
}

Result<MonetaryMeasure> ParseMonetaryMeasure(std::string_view text) {
  if (text == "total") return MonetaryMeasure::kTotal;
  if (text == "mean") return MonetaryMeasure::kMean;
  return InvalidArgument(
      fmt::format("unknown monetary measure '{}'; expected total or mean", text));
}

std::string_view PurchaseCadenceName(PurchaseCadence cadence) {
  switch (cadence) {
    case PurchaseCadence::kOneTime:
      return "one_time";
    case PurchaseCadence::kRepeat:
      return "repeat";
    case PurchaseCadence::kLoyal:
      return "loyal";
  }
  return "one_time";
}

std::vector<int> QuantileScores(std::span<const double> values, int bins) {
  const size_t count = values.size();
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<int> scores(count, 1);
  for (size_t begin = 0; begin < count;) {
    size_t end = begin;
    while (end < count && values[order[end]] == values[order[begin]]) ++end;
    // `begin` values are strictly smaller than this tie group.
    const int score = 1 + static_cast<int>((static_cast<uint64_t>(bins) * begin) / count);
    for (size_t rank = begin; rank < end; ++rank) scores[order[rank]] = score;
    begin = end;
  }
  return scores;
}

Result<RfmResult> ComputeRfm(std::span<const Transaction> transactions,
                             const RfmOptions& options) {
  MROI_RETURN_IF_ERROR(ValidateOptions(options));
  if (transactions.empty()) return InvalidArgument("no transactions");
  RfmResult result;
  result.monetary = options.monetary;
  result.tenure_edges_days = options.tenure_edges_days;
  MROI_ASSIGN_OR_RETURN(std::vector<DatedAmount> purchases,
                        KeepUpToAsOf(transactions, options, &result));
  result.customers = Aggregate(std::move(purchases), options, result.as_of);
  Score(options, &result.customers);
  return result;
}

}  // namespace mroi
