#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "mroi/clv_data.h"
#include "mroi/clv_models.h"
#include "mroi/result.h"

// Predictions, model checks and simulation for the fitted customer models
// (issue 6). Horizons are in the model's time unit (BG/BB: whole periods).
// Intervals propagate the parameter uncertainty of the fit by the delta method
// (numerical derivative with respect to the log-parameters, log-parameter
// covariance from the Hessian), on the logit scale for probabilities and the log
// scale for positive quantities; a model from MakeModel() has zero-width intervals.

namespace mroi {

/// Return P(alive at the end of the calibration period | x, t_x, T) for a
/// transaction model (BG/NBD eq. 13 of Fader, Hardie & Lee 2005; BG/BB: alive at
/// period n + 1). Errors kInvalidArgument: Gamma-Gamma model, a customer row that
/// breaks ValidateCustomerSummaries' rules.
Result<double> ProbabilityAlive(const ModelFit& fit, const CustomerSummary& customer);

/// Return E[purchases in (T, T + horizon] | x, t_x, T] (BG/NBD eq. 10). BG/BB needs
/// a whole number of periods. Errors kInvalidArgument as ProbabilityAlive, a
/// negative or non-finite horizon; kOutOfRange when a series does not converge.
Result<double> ConditionalExpectedPurchases(const ModelFit& fit, const CustomerSummary& customer,
                                            double horizon);

/// Return E[repeat purchases in (0, t]] of a new customer (BG/NBD eq. 9), the
/// expected cumulative purchase curve. Errors as ConditionalExpectedPurchases.
Result<double> ExpectedPurchases(const ModelFit& fit, double t);

/// Return P(X(t) = count) for a new customer (BG/NBD eq. 8; Pareto/NBD by
/// quadrature over the dropout time). Errors as ConditionalExpectedPurchases, a
/// negative count.
Result<double> ProbabilityOfPurchases(const ModelFit& fit, double t, int64_t count);

/// Return the Gamma-Gamma conditional expected mean spend per purchase of a
/// customer with `frequency` repeat purchases of mean `monetary_value` (eq. 5 of
/// "RFM and CLV"; the population mean p v / (q - 1) when frequency is 0).
/// Errors kInvalidArgument: not a Gamma-Gamma model, q <= 1, negative inputs.
Result<double> ConditionalExpectedSpend(const ModelFit& spend_model, double frequency,
                                        double monetary_value);

/// Settings of the CLV and of PredictCustomers().
struct ClvOptions {
  /// Horizon of E[purchases] in PredictCustomers, in the model's time unit. Default 52.
  double purchase_horizon = 52;
  /// CLV horizon in months (BG/BB: in periods). Default 12.
  int horizon_months = 12;
  /// Discount rate per month (BG/BB: per period), >= 0. Default 0.01.
  double monthly_discount_rate = 0.01;
  /// Level of the prediction intervals. Default 0.95.
  double confidence_level = 0.95;
};

/// Return the predicted CLV: sum over months m = 1..H of E[purchases in month m]
/// times the expected spend, divided by (1 + monthly_discount_rate)^m. A month is
/// 30.4375 days converted to the model's unit. Errors kInvalidArgument: a bad
/// model pair or options, as above.
Result<double> CustomerLifetimeValue(const ModelFit& transaction_model, const ModelFit& spend_model,
                                     const CustomerSummary& customer, const ClvOptions& options);

/// A prediction and its interval.
struct PredictionInterval {
  double estimate = 0;
  double lower = 0;
  double upper = 0;
};

/// The predictions for one customer.
struct CustomerPrediction {
  int64_t customer_id = 0;
  PredictionInterval probability_alive;
  PredictionInterval expected_purchases;  // over ClvOptions::purchase_horizon
  PredictionInterval expected_spend;      // zero without a spend model
  PredictionInterval clv;                 // zero without a spend model
};

/// Predict every customer of `customers` with intervals. `spend_model` may be null
/// (then expected_spend and clv stay 0); the two models are fitted on separate
/// data and treated as independent. Errors as the functions above.
/// Cost: about 2k + 1 model evaluations per customer and quantity (k parameters).
Result<std::vector<CustomerPrediction>> PredictCustomers(const ModelFit& transaction_model,
                                                         const ModelFit* spend_model,
                                                         const CustomerSummaries& customers,
                                                         const ClvOptions& options);

/// One bar pair of the frequency histogram.
struct FrequencyBucket {
  int64_t frequency = 0;  // the last bucket holds this frequency "or more"
  double actual = 0;      // customers (weighted)
  double expected = 0;    // sum over customers of P(X(T_i) = frequency)
};

/// Compare the calibration frequency histogram with the model's: customers with
/// 0, 1, ..., num_buckets - 2 and >= num_buckets - 1 repeat purchases, the expected
/// counts summing P(X(T_i) = k) over the customers' own T_i. Errors
/// kInvalidArgument: Gamma-Gamma, num_buckets < 2, bad data.
Result<std::vector<FrequencyBucket>> CompareFrequencyHistogram(const ModelFit& fit,
                                                               const CustomerSummaries& data,
                                                               int num_buckets = 8);

/// Holdout purchases of the customers with one calibration frequency.
struct HoldoutBucket {
  int64_t frequency = 0;  // calibration frequency; the last bucket is "or more"
  double customers = 0;
  double actual_mean = 0;     // mean holdout purchases
  double predicted_mean = 0;  // mean E[purchases in the holdout | calibration]
};

/// The calibration/holdout comparison (Fader, Hardie & Lee 2005, figure 4).
struct HoldoutComparison {
  double holdout_duration = 0;  // in the model's time unit
  std::vector<HoldoutBucket> buckets;
  double actual_total = 0;
  double predicted_total = 0;
  double mean_absolute_error = 0;  // per customer, weighted
};

/// Compare predicted and actual holdout purchases, grouped by calibration
/// frequency (0 .. num_buckets - 2 and ">= num_buckets - 1").
/// Errors kInvalidArgument: no holdout (holdout_duration 0), Gamma-Gamma, a time
/// unit different from the model's, bad data.
Result<HoldoutComparison> CompareHoldout(const ModelFit& fit, const CustomerSummaries& data,
                                         int num_buckets = 8);

/// Simulate customers from a transaction model, one per entry of `ages` (T, in the
/// model's unit; BG/BB: whole periods), each starting with a first purchase at 0,
/// plus the purchases of a holdout of `holdout_duration` after T. Deterministic for
/// a seed. Errors kInvalidArgument: Gamma-Gamma, negative or non-finite ages.
Result<CustomerSummaries> SimulateCustomers(const ModelFit& fit, std::span<const double> ages,
                                            uint64_t seed, double holdout_duration = 0);

/// Return a copy of `data` with monetary_value drawn from a Gamma-Gamma model for
/// every customer with frequency > 0 (the mean of `frequency` gamma(p, nu) spends,
/// nu ~ gamma(q, v)). Errors kInvalidArgument: not a Gamma-Gamma model.
Result<CustomerSummaries> SimulateSpend(const ModelFit& spend_model, const CustomerSummaries& data,
                                        uint64_t seed);

}  // namespace mroi
