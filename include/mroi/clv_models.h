#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/clv_data.h"
#include "mroi/result.h"
#include "mroi/status.h"

// Probability models of customer purchases and spend (issue 6), fitted by maximum
// likelihood with analytic log-likelihoods and gradients:
//  - BG/NBD: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way";
//  - Pareto/NBD: Schmittlein, Morrison & Colombo (1987), with the likelihood of
//    Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
//    Expressions";
//  - MBG/NBD: Batislam, Denizel & Filiztekin (2007);
//  - BG/BB: Fader, Hardie & Shang (2010), discrete purchase opportunities;
//  - Gamma-Gamma: Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-value Curves",
//    for the mean spend per purchase.
// Parameters carry the papers' names. Everything is a pure function of its inputs:
// const results may be shared between threads.

namespace mroi {

/// The customer models.
enum class ClvModel : unsigned char { kBgNbd, kParetoNbd, kMbgNbd, kBgBb, kGammaGamma };

/// Return the model's name: "bg_nbd", "pareto_nbd", "mbg_nbd", "bg_bb", "gamma_gamma".
std::string_view ClvModelName(ClvModel model);

/// Parse a model name as ClvModelName() writes it (also "bgnbd", "bg/nbd", ...;
/// case-insensitive). Error kInvalidArgument lists the names.
Result<ClvModel> ParseClvModel(std::string_view text);

/// Return the parameter names in order: BG/NBD and MBG/NBD r, alpha, a, b;
/// Pareto/NBD r, alpha, s, beta; BG/BB alpha, beta, gamma, delta; Gamma-Gamma p, q, v.
std::vector<std::string_view> ClvParameterNames(ClvModel model);

/// True for the purchase-count models (all but Gamma-Gamma).
bool IsTransactionModel(ClvModel model);

/// One fitted parameter with its standard error (from the inverse Hessian of the
/// log-likelihood) and a confidence interval computed on the log scale,
/// exp(log value -/+ z se / value), so that it stays positive.
struct ParameterEstimate {
  std::string name;
  double value = 0;
  double std_error = 0;
  double lower = 0;
  double upper = 0;
};

/// A fitted (or given) model.
struct ModelFit {
  ClvModel model = ClvModel::kBgNbd;
  /// Unit of the data it was fitted on; every horizon passed to it uses this unit.
  TimeUnit time_unit = TimeUnit::kWeeks;
  std::vector<ParameterEstimate> parameters;  // in ClvParameterNames() order
  /// Covariance of the log-parameters, row-major k x k (all zero for a model made
  /// by MakeModel(): no parameter uncertainty).
  std::vector<double> log_covariance;
  double log_likelihood = 0;
  /// Customers used (sum of weights; Gamma-Gamma: those with a repeat purchase).
  double num_customers = 0;
  /// Distinct rows the likelihood was evaluated on after aggregation.
  int64_t num_distinct_rows = 0;
  bool converged = false;
  /// Starts (of FitOptions::num_starts) that reached the best log-likelihood.
  int starts_at_best = 0;
  int num_evaluations = 0;
  double confidence_level = 0.95;

  /// Return the values in ClvParameterNames() order.
  std::vector<double> values() const;
  /// Return the named parameter's value, NaN if there is no such parameter.
  double value(std::string_view name) const;
};

/// Build a model from given parameter values (e.g. published estimates), with no
/// parameter uncertainty. Error kInvalidArgument: wrong count, a value that is not
/// finite and > 0.
Result<ModelFit> MakeModel(ClvModel model, std::span<const double> parameters,
                           TimeUnit time_unit);

/// Settings of FitModel().
struct FitOptions {
  /// Optimisations from different starting points (the first is a fixed,
  /// data-scaled start; the others are drawn from `seed`). The best wins. Default 3.
  int num_starts = 3;
  uint64_t seed = 20050101;
  /// Likelihood evaluations allowed per start. Default 2000.
  int max_evaluations = 2000;
  /// Level of the parameter intervals. Default 0.95.
  double confidence_level = 0.95;
  /// When true, a fit that does not converge is an error (kFailedPrecondition);
  /// when false it is returned with converged = false. Default true.
  bool fail_on_non_convergence = true;
};

/// Fit a model by maximum likelihood.
///
/// Transaction models use frequency, recency and age (T) of every row, weighted;
/// Gamma-Gamma uses frequency and monetary_value of the rows with frequency > 0 and
/// monetary_value > 0. Rows with identical data are aggregated first. The
/// optimiser is NLopt's L-BFGS on the log-parameters with the analytic gradient;
/// large inputs are first fitted on a subsample to start near the optimum.
/// Converged means a start ended with a relative gradient below 1e-6 and a
/// positive-definite Hessian.
/// Errors: kInvalidArgument (data fails ValidateCustomerSummaries, BG/BB data not
/// in kPeriods, Gamma-Gamma with fewer than 2 usable customers, bad options);
/// kFailedPrecondition when no start converged (unless fail_on_non_convergence is
/// false): the message gives the best log-likelihood and gradient.
/// Cost: O(distinct rows) per evaluation (Pareto/NBD adds a hypergeometric series
/// per row), a few hundred evaluations.
Result<ModelFit> FitModel(ClvModel model, const CustomerSummaries& data,
                          const FitOptions& options);

/// A log-likelihood and its gradient with respect to the parameters.
struct LogLikelihood {
  double value = 0;
  std::vector<double> gradient;
};

/// Evaluate the model's total (weighted) log-likelihood and its analytic gradient
/// at `parameters` (natural scale, ClvParameterNames() order) on `data`.
/// Errors kInvalidArgument: bad parameters or data, as for MakeModel / FitModel;
/// kOutOfRange when the value is not finite (e.g. the Pareto/NBD series did not
/// converge). Cost: O(rows).
Result<LogLikelihood> EvaluateLogLikelihood(ClvModel model, std::span<const double> parameters,
                                            const CustomerSummaries& data);

}  // namespace mroi
