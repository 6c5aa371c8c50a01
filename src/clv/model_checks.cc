// Model checks: the calibration frequency histogram and the holdout comparison.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "clv/clv_internal.h"
#include "clv/fit_internal.h"
#include "mroi/clv_predict.h"

namespace mroi {
namespace {

Status CheckInputs(const ModelFit& fit, const CustomerSummaries& data, int num_buckets) {
  if (!IsTransactionModel(fit.model)) {
    return InvalidArgument(fmt::format("{} is a spend model: the checks need a purchase-count model",
                                       ClvModelName(fit.model)));
  }
  MROI_RETURN_IF_ERROR(internal::CheckParameters(fit.model, fit.values()));
  if (num_buckets < 2) return InvalidArgument(fmt::format("num_buckets {} must be >= 2", num_buckets));
  MROI_RETURN_IF_ERROR(ValidateCustomerSummaries(data));
  if (data.time_unit != fit.time_unit) {
    return InvalidArgument(fmt::format("data are in {} but the model was fitted in {}",
                                       TimeUnitName(data.time_unit), TimeUnitName(fit.time_unit)));
  }
  return Status::OK();
}

size_t BucketOf(double frequency, int num_buckets) {
  return static_cast<size_t>(std::min(frequency, static_cast<double>(num_buckets - 1)));
}

}  // namespace

Result<std::vector<FrequencyBucket>> CompareFrequencyHistogram(const ModelFit& fit,
                                                               const CustomerSummaries& data,
                                                               int num_buckets) {
  MROI_RETURN_IF_ERROR(CheckInputs(fit, data, num_buckets));
  const std::vector<double> params = fit.values();
  std::vector<FrequencyBucket> buckets(static_cast<size_t>(num_buckets));
  for (size_t idx = 0; idx < buckets.size(); ++idx) buckets[idx].frequency = static_cast<int64_t>(idx);
  // Customers sharing T share the expected distribution: aggregate weights by T.
  internal::AggregatedRows rows = internal::AggregateTransactionRows(data);
  std::vector<std::pair<double, double>> ages;  // (T, weight)
  for (size_t row = 0; row < rows.size(); ++row) {
    buckets[BucketOf(rows.frequency[row], num_buckets)].actual += rows.weight[row];
    ages.emplace_back(rows.age[row], rows.weight[row]);
  }
  std::sort(ages.begin(), ages.end());
  for (size_t idx = 0; idx < ages.size();) {
    const double age = ages[idx].first;
    double weight = 0;
    for (; idx < ages.size() && ages[idx].first == age; ++idx) weight += ages[idx].second;
    double below_last = 0;
    for (int64_t count = 0; count < num_buckets - 1; ++count) {
      const double probability = internal::RawProbabilityOfCount(fit.model, params, age, count);
      if (!std::isfinite(probability)) {
        return OutOfRange(fmt::format("P(X({}) = {}) could not be computed", age, count));
      }
      buckets[static_cast<size_t>(count)].expected += weight * probability;
      below_last += probability;
    }
    buckets.back().expected += weight * std::max(0.0, 1 - below_last);
  }
  return buckets;
}

Result<HoldoutComparison> CompareHoldout(const ModelFit& fit, const CustomerSummaries& data,
                                         int num_buckets) {
  MROI_RETURN_IF_ERROR(CheckInputs(fit, data, num_buckets));
  if (!(data.holdout_duration > 0)) {
    return InvalidArgument("the data have no holdout period (holdout duration 0)");
  }
  if (fit.model == ClvModel::kBgBb && std::floor(data.holdout_duration) != data.holdout_duration) {
    return InvalidArgument("BG/BB holdout duration must be a whole number of periods");
  }
  const std::vector<double> params = fit.values();
  HoldoutComparison out;
  out.holdout_duration = data.holdout_duration;
  out.buckets.resize(static_cast<size_t>(num_buckets));
  for (size_t idx = 0; idx < out.buckets.size(); ++idx) out.buckets[idx].frequency = static_cast<int64_t>(idx);
  double total_weight = 0, absolute_error = 0;
  for (const CustomerSummary& c : data.customers) {
    const double predicted = internal::RawConditionalExpected(fit.model, params, c, data.holdout_duration);
    if (!std::isfinite(predicted)) {
      return OutOfRange(fmt::format("holdout prediction of customer {} could not be computed", c.customer_id));
    }
    HoldoutBucket& bucket = out.buckets[BucketOf(c.frequency, num_buckets)];
    bucket.customers += c.weight;
    bucket.actual_mean += c.weight * c.holdout_frequency;
    bucket.predicted_mean += c.weight * predicted;
    out.actual_total += c.weight * c.holdout_frequency;
    out.predicted_total += c.weight * predicted;
    absolute_error += c.weight * std::fabs(predicted - c.holdout_frequency);
    total_weight += c.weight;
  }
  for (HoldoutBucket& bucket : out.buckets) {
    if (bucket.customers > 0) {
      bucket.actual_mean /= bucket.customers;
      bucket.predicted_mean /= bucket.customers;
    }
  }
  out.mean_absolute_error = absolute_error / total_weight;
  return out;
}

}  // namespace mroi
