// Predictions of the fitted customer models with delta-method intervals, and CLV.

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <tuple>
#include <vector>

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>

#include "clv/clv_internal.h"
#include "clv/fit_internal.h"
#include "mroi/clv_predict.h"

namespace mroi {
namespace internal {

double RawProbabilityAlive(ClvModel model, std::span<const double> p, const CustomerSummary& c) {
  switch (model) {
    case ClvModel::kBgNbd: return BgNbdFamilyProbabilityAlive(p, false, c.frequency, c.recency, c.age);
    case ClvModel::kMbgNbd: return BgNbdFamilyProbabilityAlive(p, true, c.frequency, c.recency, c.age);
    case ClvModel::kParetoNbd: return ParetoNbdProbabilityAlive(p, c.frequency, c.recency, c.age);
    case ClvModel::kBgBb: return BgBbProbabilityAlive(p, c.frequency, c.recency, c.age);
    case ClvModel::kGammaGamma: break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double RawConditionalExpected(ClvModel model, std::span<const double> p, const CustomerSummary& c,
                              double horizon) {
  switch (model) {
    case ClvModel::kBgNbd:
      return BgNbdFamilyConditionalExpected(p, false, c.frequency, c.recency, c.age, horizon);
    case ClvModel::kMbgNbd:
      return BgNbdFamilyConditionalExpected(p, true, c.frequency, c.recency, c.age, horizon);
    case ClvModel::kParetoNbd:
      return ParetoNbdConditionalExpected(p, c.frequency, c.recency, c.age, horizon);
    case ClvModel::kBgBb: return BgBbConditionalExpected(p, c.frequency, c.recency, c.age, horizon);
    case ClvModel::kGammaGamma: break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double RawExpected(ClvModel model, std::span<const double> p, double t) {
  switch (model) {
    case ClvModel::kBgNbd: return BgNbdFamilyConditionalExpected(p, false, 0, 0, 0, t);
    case ClvModel::kMbgNbd: return BgNbdFamilyConditionalExpected(p, true, 0, 0, 0, t);
    case ClvModel::kParetoNbd: return ParetoNbdExpected(p, t);
    case ClvModel::kBgBb: return BgBbExpected(p, t);
    case ClvModel::kGammaGamma: break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double RawProbabilityOfCount(ClvModel model, std::span<const double> p, double t, int64_t count) {
  switch (model) {
    case ClvModel::kBgNbd: return BgNbdFamilyProbabilityOfCount(p, false, t, count);
    case ClvModel::kMbgNbd: return BgNbdFamilyProbabilityOfCount(p, true, t, count);
    case ClvModel::kParetoNbd: return ParetoNbdProbabilityOfCount(p, t, count);
    case ClvModel::kBgBb: return BgBbProbabilityOfCount(p, t, count);
    case ClvModel::kGammaGamma: break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace internal

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDeltaStep = 1e-5;  // log-parameter step of the delta method

Status CheckTransactionModel(const ModelFit& fit) {
  if (!IsTransactionModel(fit.model)) {
    return InvalidArgument(fmt::format("{} is a spend model, not a purchase-count model",
                                       ClvModelName(fit.model)));
  }
  return internal::CheckParameters(fit.model, fit.values());
}

Status CheckCustomer(const ModelFit& fit, const CustomerSummary& customer) {
  CustomerSummaries one{fit.time_unit, 0.0, {customer}};
  return ValidateCustomerSummaries(one);
}

Status CheckHorizon(const ModelFit& fit, double horizon) {
  if (!std::isfinite(horizon) || horizon < 0) {
    return InvalidArgument(fmt::format("horizon {} must be finite and >= 0", horizon));
  }
  if (fit.model == ClvModel::kBgBb && std::floor(horizon) != horizon) {
    return InvalidArgument(fmt::format("BG/BB horizon {} must be a whole number of periods", horizon));
  }
  return Status::OK();
}

Result<double> Finite(double value, std::string_view what) {
  if (!std::isfinite(value)) {
    return OutOfRange(fmt::format("{} could not be computed at these parameters (a series did not "
                                  "converge or a = 1 / gamma = 1 / s = 1 singularity)", what));
  }
  return value;
}

// Discounted expected purchases over the CLV horizon (sum over months of the
// purchases in that month divided by (1 + d)^m).
double DiscountedPurchases(ClvModel model, std::span<const double> p, const CustomerSummary& c,
                           TimeUnit unit, const ClvOptions& options) {
  const double month = unit == TimeUnit::kPeriods ? 1.0 : DaysPerTimeUnit(TimeUnit::kMonths) / DaysPerTimeUnit(unit);
  double total = 0, previous = 0;
  for (int idx = 1; idx <= options.horizon_months; ++idx) {
    const double cumulative = internal::RawConditionalExpected(model, p, c, month * idx);
    total += (cumulative - previous) / std::pow(1 + options.monthly_discount_rate, idx);
    previous = cumulative;
  }
  return total;
}

Status CheckClvOptions(const ClvOptions& options) {
  if (options.horizon_months < 0) return InvalidArgument("CLV horizon must be >= 0 months");
  if (!std::isfinite(options.monthly_discount_rate) || options.monthly_discount_rate < 0) {
    return InvalidArgument(fmt::format("discount rate {} must be finite and >= 0", options.monthly_discount_rate));
  }
  if (!(options.confidence_level > 0 && options.confidence_level < 1)) {
    return InvalidArgument("confidence level must be between 0 and 1");
  }
  if (!std::isfinite(options.purchase_horizon) || options.purchase_horizon < 0) {
    return InvalidArgument("purchase horizon must be finite and >= 0");
  }
  return Status::OK();
}

Status CheckSpendModel(const ModelFit& spend_model) {
  if (spend_model.model != ClvModel::kGammaGamma) {
    return InvalidArgument(fmt::format("{} is not a spend model (use gamma_gamma)", ClvModelName(spend_model.model)));
  }
  MROI_RETURN_IF_ERROR(internal::CheckParameters(spend_model.model, spend_model.values()));
  if (spend_model.value("q") <= 1) {
    return InvalidArgument(fmt::format("Gamma-Gamma q = {} must be > 1 for a finite mean spend",
                                       spend_model.value("q")));
  }
  return Status::OK();
}

enum class Scale { kLog, kLogit };

double Transform(Scale scale, double value) {
  return scale == Scale::kLog ? std::log(value) : std::log(value / (1 - value));
}
double Untransform(Scale scale, double value) {
  return scale == Scale::kLog ? std::exp(value) : 1 / (1 + std::exp(-value));
}

// Variance of Transform(f(theta)) by the delta method on the log-parameters; 0 at
// the edge of the scale (f = 0, or f = 1 for a probability).
double DeltaVariance(const ModelFit& fit, const std::function<double(std::span<const double>)>& f,
                     Scale scale, double estimate) {
  if (!(estimate > 0) || (scale == Scale::kLogit && !(estimate < 1))) return 0.0;
  const size_t k = fit.parameters.size();
  bool any_covariance = false;
  for (double value : fit.log_covariance) any_covariance = any_covariance || value != 0;
  if (!any_covariance) return 0.0;
  std::vector<double> log_params(k), derivative(k);
  for (size_t idx = 0; idx < k; ++idx) log_params[idx] = std::log(fit.parameters[idx].value);
  std::vector<double> shifted(k);
  for (size_t idx = 0; idx < k; ++idx) {
    auto at = [&](double step) {
      for (size_t j = 0; j < k; ++j) shifted[j] = std::exp(log_params[j] + (j == idx ? step : 0.0));
      return Transform(scale, f(shifted));
    };
    derivative[idx] = (at(kDeltaStep) - at(-kDeltaStep)) / (2 * kDeltaStep);
  }
  double variance = 0;
  for (size_t row = 0; row < k; ++row) {
    for (size_t col = 0; col < k; ++col) {
      variance += derivative[row] * fit.log_covariance[row * k + col] * derivative[col];
    }
  }
  return variance;
}

PredictionInterval MakeInterval(double estimate, double variance, Scale scale, double z) {
  PredictionInterval out{estimate, estimate, estimate};
  if (!std::isfinite(variance)) {
    out.lower = out.upper = kNaN;
  } else if (variance > 0) {
    const double center = Transform(scale, estimate), half = z * std::sqrt(variance);
    out.lower = Untransform(scale, center - half);
    out.upper = Untransform(scale, center + half);
  }
  return out;
}

}  // namespace

Result<double> ProbabilityAlive(const ModelFit& fit, const CustomerSummary& customer) {
  MROI_RETURN_IF_ERROR(CheckTransactionModel(fit));
  MROI_RETURN_IF_ERROR(CheckCustomer(fit, customer));
  return Finite(internal::RawProbabilityAlive(fit.model, fit.values(), customer), "P(alive)");
}

Result<double> ConditionalExpectedPurchases(const ModelFit& fit, const CustomerSummary& customer,
                                            double horizon) {
  MROI_RETURN_IF_ERROR(CheckTransactionModel(fit));
  MROI_RETURN_IF_ERROR(CheckCustomer(fit, customer));
  MROI_RETURN_IF_ERROR(CheckHorizon(fit, horizon));
  return Finite(internal::RawConditionalExpected(fit.model, fit.values(), customer, horizon),
                "conditional expected purchases");
}

Result<double> ExpectedPurchases(const ModelFit& fit, double t) {
  MROI_RETURN_IF_ERROR(CheckTransactionModel(fit));
  MROI_RETURN_IF_ERROR(CheckHorizon(fit, t));
  return Finite(internal::RawExpected(fit.model, fit.values(), t), "expected purchases");
}

Result<double> ProbabilityOfPurchases(const ModelFit& fit, double t, int64_t count) {
  MROI_RETURN_IF_ERROR(CheckTransactionModel(fit));
  MROI_RETURN_IF_ERROR(CheckHorizon(fit, t));
  if (count < 0) return InvalidArgument(fmt::format("purchase count {} is negative", count));
  return Finite(internal::RawProbabilityOfCount(fit.model, fit.values(), t, count),
                "P(X(t) = count)");
}

Result<double> ConditionalExpectedSpend(const ModelFit& spend_model, double frequency,
                                        double monetary_value) {
  MROI_RETURN_IF_ERROR(CheckSpendModel(spend_model));
  if (!std::isfinite(frequency) || frequency < 0 || !std::isfinite(monetary_value) || monetary_value < 0) {
    return InvalidArgument(fmt::format("frequency {} and monetary value {} must be finite and >= 0",
                                       frequency, monetary_value));
  }
  return internal::GammaGammaConditionalSpend(spend_model.values(), frequency, monetary_value);
}

Result<double> CustomerLifetimeValue(const ModelFit& transaction_model, const ModelFit& spend_model,
                                     const CustomerSummary& customer, const ClvOptions& options) {
  MROI_RETURN_IF_ERROR(CheckTransactionModel(transaction_model));
  MROI_RETURN_IF_ERROR(CheckSpendModel(spend_model));
  MROI_RETURN_IF_ERROR(CheckClvOptions(options));
  MROI_RETURN_IF_ERROR(CheckCustomer(transaction_model, customer));
  const double purchases = DiscountedPurchases(transaction_model.model, transaction_model.values(),
                                               customer, transaction_model.time_unit, options);
  const double spend = internal::GammaGammaConditionalSpend(spend_model.values(), customer.frequency,
                                                            customer.monetary_value);
  return Finite(purchases * spend, "CLV");
}

Result<std::vector<CustomerPrediction>> PredictCustomers(const ModelFit& transaction_model,
                                                         const ModelFit* spend_model,
                                                         const CustomerSummaries& customers,
                                                         const ClvOptions& options) {
  MROI_RETURN_IF_ERROR(CheckTransactionModel(transaction_model));
  if (spend_model != nullptr) MROI_RETURN_IF_ERROR(CheckSpendModel(*spend_model));
  MROI_RETURN_IF_ERROR(CheckClvOptions(options));
  MROI_RETURN_IF_ERROR(CheckHorizon(transaction_model, options.purchase_horizon));
  MROI_RETURN_IF_ERROR(ValidateCustomerSummaries(customers));
  if (customers.time_unit != transaction_model.time_unit) {
    return InvalidArgument(fmt::format("customers are in {} but the model was fitted in {}",
                                       TimeUnitName(customers.time_unit),
                                       TimeUnitName(transaction_model.time_unit)));
  }
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + options.confidence_level / 2);
  const ClvModel model = transaction_model.model;
  const std::vector<double> params = transaction_model.values();

  // Customers with the same (x, t_x, T, m) share every prediction: compute once.
  std::vector<size_t> order(customers.customers.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto key = [&](size_t idx) {
    const CustomerSummary& c = customers.customers[idx];
    return std::tie(c.frequency, c.recency, c.age, c.monetary_value);
  };
  std::sort(order.begin(), order.end(), [&](size_t l, size_t r) { return key(l) < key(r); });

  std::vector<CustomerPrediction> out(customers.customers.size());
  const CustomerPrediction* previous = nullptr;
  size_t previous_idx = 0;
  for (size_t idx : order) {
    const CustomerSummary& c = customers.customers[idx];
    if (previous != nullptr && key(previous_idx) == key(idx)) {
      out[idx] = *previous;
      out[idx].customer_id = c.customer_id;
      continue;
    }
    CustomerPrediction& prediction = out[idx];
    prediction.customer_id = c.customer_id;
    auto alive = [&](std::span<const double> p) { return internal::RawProbabilityAlive(model, p, c); };
    auto purchases = [&](std::span<const double> p) {
      return internal::RawConditionalExpected(model, p, c, options.purchase_horizon);
    };
    const double alive_estimate = alive(params);
    const double purchases_estimate = purchases(params);
    if (!std::isfinite(alive_estimate) || !std::isfinite(purchases_estimate)) {
      return OutOfRange(fmt::format("predictions of customer {} could not be computed", c.customer_id));
    }
    prediction.probability_alive = MakeInterval(
        alive_estimate, DeltaVariance(transaction_model, alive, Scale::kLogit, alive_estimate),
        Scale::kLogit, z);
    prediction.expected_purchases = MakeInterval(
        purchases_estimate, DeltaVariance(transaction_model, purchases, Scale::kLog, purchases_estimate),
        Scale::kLog, z);
    if (spend_model != nullptr) {
      auto spend = [&](std::span<const double> p) {
        return internal::GammaGammaConditionalSpend(p, c.frequency, c.monetary_value);
      };
      auto discounted = [&](std::span<const double> p) {
        return DiscountedPurchases(model, p, c, transaction_model.time_unit, options);
      };
      const std::vector<double> spend_params = spend_model->values();
      const double spend_estimate = spend(spend_params);
      const double discounted_estimate = discounted(params);
      const double spend_variance = DeltaVariance(*spend_model, spend, Scale::kLog, spend_estimate);
      prediction.expected_spend = MakeInterval(spend_estimate, spend_variance, Scale::kLog, z);
      const double clv_estimate = spend_estimate * discounted_estimate;
      if (!std::isfinite(clv_estimate)) {
        return OutOfRange(fmt::format("CLV of customer {} could not be computed", c.customer_id));
      }
      // Independent fits: the variances of log spend and log purchases add.
      const double clv_variance =
          spend_variance + DeltaVariance(transaction_model, discounted, Scale::kLog, discounted_estimate);
      prediction.clv = MakeInterval(clv_estimate, clv_variance, Scale::kLog, z);
    }
    previous = &prediction;
    previous_idx = idx;
  }
  return out;
}

}  // namespace mroi
