// FitModel(): maximum likelihood with NLopt's L-BFGS on the log-parameters from
// several starts, a Newton polish with a Hessian from differences of the analytic
// gradient, and standard errors and intervals from that Hessian.

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <random>
#include <vector>

#include <Eigen/Dense>
#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>
#include <nlopt.hpp>

#include "clv/clv_internal.h"
#include "clv/fit_internal.h"
#include "mroi/clv_models.h"

namespace mroi {
namespace {

using internal::AggregatedRows;

// Largest |d(-LL / n) / d log theta| accepted as converged.
constexpr double kGradientTolerance = 1e-6;
// Log-parameters are kept in [-kLogBound, kLogBound] (e^30 ~ 1e13).
constexpr double kLogBound = 30.0;
// Above this many distinct rows the starts run on a subsample of this size.
constexpr size_t kSubsampleRows = 20'000;
// Step of the central differences of the gradient (log-parameter scale).
constexpr double kHessianStep = 1e-5;
constexpr int kNewtonIterations = 4;
// Newton polishing stops below this |d(-LL / n) / d log theta|.
constexpr double kPolishedGradient = 1e-10;
// Relative log-likelihood difference for two starts to count as the same optimum.
constexpr double kSameOptimum = 1e-8;

// The objective -LL(e^theta) / n and its gradient in theta, counting evaluations.
class Objective {
 public:
  Objective(ClvModel model, const AggregatedRows& rows) : model_(model), rows_(rows) {}

  // Return -LL/n at log-parameters `theta` (+inf when not finite); fill `gradient`
  // when it is not empty.
  double operator()(const std::vector<double>& theta, std::vector<double>& gradient) {
    ++evaluations_;
    std::vector<double> params(theta.size()), natural_gradient(theta.size());
    for (size_t idx = 0; idx < theta.size(); ++idx) params[idx] = std::exp(theta[idx]);
    const double value = internal::ModelLogLikelihood(model_, params, rows_, natural_gradient);
    if (!std::isfinite(value)) {
      std::fill(gradient.begin(), gradient.end(), 0.0);
      return std::numeric_limits<double>::max();
    }
    for (size_t idx = 0; idx < gradient.size(); ++idx) {
      gradient[idx] = -natural_gradient[idx] * params[idx] / rows_.total_weight;
    }
    return -value / rows_.total_weight;
  }

  int evaluations() const { return evaluations_; }
  const AggregatedRows& rows() const { return rows_; }

 private:
  ClvModel model_;
  const AggregatedRows& rows_;
  int evaluations_ = 0;
};

struct RunResult {
  std::vector<double> theta;
  double value = std::numeric_limits<double>::max();
};

double NloptCallback(unsigned n, const double* x, double* grad, void* data) {
  auto* objective = static_cast<Objective*>(data);
  std::vector<double> theta(x, x + n), gradient(n);
  const double value = (*objective)(theta, gradient);
  if (grad != nullptr) std::copy(gradient.begin(), gradient.end(), grad);
  return value;
}

// One L-BFGS run from `start`; keeps the best point even when NLopt stops with an
// error (it reports round-off limits by exception).
RunResult RunLbfgs(Objective& objective, const std::vector<double>& start, int max_evaluations) {
  const unsigned k = static_cast<unsigned>(start.size());
  nlopt::opt optimiser(nlopt::LD_LBFGS, k);
  optimiser.set_lower_bounds(std::vector<double>(k, -kLogBound));
  optimiser.set_upper_bounds(std::vector<double>(k, kLogBound));
  optimiser.set_min_objective(NloptCallback, &objective);
  optimiser.set_ftol_rel(1e-14);
  optimiser.set_xtol_rel(1e-11);
  optimiser.set_maxeval(max_evaluations);
  RunResult result;
  result.theta = start;
  for (double& value : result.theta) value = std::clamp(value, -kLogBound, kLogBound);
  double value = 0;
  try {
    optimiser.optimize(result.theta, value);
    result.value = value;
  } catch (const std::exception&) {
    // Fall back to the last point NLopt handed back (it keeps the best one).
    std::vector<double> gradient(k);
    result.value = objective(result.theta, gradient);
  }
  return result;
}

// Hessian of -LL (total, not per customer) in the log-parameters by central
// differences of the analytic gradient.
Eigen::MatrixXd LogHessian(Objective& objective, const std::vector<double>& theta) {
  const size_t k = theta.size();
  Eigen::MatrixXd hessian(k, k);
  std::vector<double> plus(k), minus(k);
  for (size_t col = 0; col < k; ++col) {
    std::vector<double> shifted = theta;
    shifted[col] = theta[col] + kHessianStep;
    objective(shifted, plus);
    shifted[col] = theta[col] - kHessianStep;
    objective(shifted, minus);
    for (size_t row = 0; row < k; ++row) {
      hessian(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(col)) =
          (plus[row] - minus[row]) / (2 * kHessianStep) * objective.rows().total_weight;
    }
  }
  return (hessian + hessian.transpose()) / 2;
}

double MaxAbs(const std::vector<double>& values) {
  double out = 0;
  for (double value : values) out = std::max(out, std::fabs(value));
  return out;
}

// Newton steps from `run` while they improve the objective and budget remains.
void NewtonPolish(Objective& objective, RunResult& run, int budget) {
  const size_t k = run.theta.size();
  std::vector<double> gradient(k);
  for (int iteration = 0; iteration < kNewtonIterations; ++iteration) {
    if (budget < static_cast<int>(2 * k + 2)) return;
    budget -= static_cast<int>(2 * k + 2);
    objective(run.theta, gradient);
    if (MaxAbs(gradient) < kPolishedGradient) return;
    const Eigen::MatrixXd hessian = LogHessian(objective, run.theta) / objective.rows().total_weight;
    Eigen::LLT<Eigen::MatrixXd> cholesky(hessian);
    if (cholesky.info() != Eigen::Success) return;
    const Eigen::VectorXd step =
        cholesky.solve(Eigen::Map<const Eigen::VectorXd>(gradient.data(), static_cast<Eigen::Index>(k)));
    std::vector<double> candidate = run.theta;
    for (size_t idx = 0; idx < k; ++idx) {
      candidate[idx] = std::clamp(candidate[idx] - step(static_cast<Eigen::Index>(idx)), -kLogBound, kLogBound);
    }
    std::vector<double> candidate_gradient(k);
    const double value = objective(candidate, candidate_gradient);
    if (!(value <= run.value) && MaxAbs(candidate_gradient) >= MaxAbs(gradient)) return;
    run.theta = candidate;
    run.value = value;
  }
}

std::vector<double> BaseStart(ClvModel model, const AggregatedRows& rows) {
  double mean_age = 0, mean_frequency = 0, mean_monetary = 0;
  for (size_t row = 0; row < rows.size(); ++row) {
    const double weight = rows.weight[row] / rows.total_weight;
    mean_frequency += weight * rows.frequency[row];
    if (!rows.age.empty()) mean_age += weight * rows.age[row];
    if (!rows.monetary.empty()) mean_monetary += weight * rows.monetary[row];
  }
  // Purchase rate r / alpha near the observed repeat rate.
  const double alpha = std::max(mean_age, 1e-3) / std::max(mean_frequency, 0.1);
  switch (model) {
    case ClvModel::kBgNbd:
    case ClvModel::kMbgNbd: return {1.0, alpha, 1.0, 1.0};
    case ClvModel::kParetoNbd: return {1.0, alpha, 1.0, std::max(mean_age, 1e-3)};
    case ClvModel::kBgBb: return {1.0, 1.0, 1.0, 1.0};
    case ClvModel::kGammaGamma: return {1.0, 2.0, std::max(mean_monetary, 1e-3)};
  }
  return {};
}

// A random subsample of rows (each kept with the same probability and its weight).
AggregatedRows Subsample(const AggregatedRows& rows, uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::bernoulli_distribution keep(static_cast<double>(kSubsampleRows) / static_cast<double>(rows.size()));
  AggregatedRows out;
  for (size_t row = 0; row < rows.size(); ++row) {
    if (!keep(engine)) continue;
    out.frequency.push_back(rows.frequency[row]);
    if (!rows.recency.empty()) out.recency.push_back(rows.recency[row]);
    if (!rows.age.empty()) out.age.push_back(rows.age[row]);
    if (!rows.monetary.empty()) out.monetary.push_back(rows.monetary[row]);
    out.weight.push_back(rows.weight[row]);
    out.total_weight += rows.weight[row];
  }
  return out;
}

Status CheckOptions(const FitOptions& options) {
  if (options.num_starts < 1) return InvalidArgument("num_starts must be >= 1");
  if (options.max_evaluations < 1) return InvalidArgument("max_evaluations must be >= 1");
  if (!(options.confidence_level > 0 && options.confidence_level < 1)) {
    return InvalidArgument(
        fmt::format("confidence level {} must be between 0 and 1", options.confidence_level));
  }
  return Status::OK();
}

}  // namespace

Result<ModelFit> FitModel(ClvModel model, const CustomerSummaries& data, const FitOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOptions(options));
  MROI_ASSIGN_OR_RETURN(AggregatedRows rows, internal::PrepareRows(model, data));
  const std::vector<std::string_view> names = ClvParameterNames(model);
  const size_t k = names.size();

  // Starts: a data-scaled one, then random perturbations of it on the log scale.
  std::vector<double> base = BaseStart(model, rows);
  for (double& value : base) value = std::log(value);
  std::mt19937_64 engine(options.seed);
  std::uniform_real_distribution<double> jitter(-1.5, 1.5);
  std::vector<std::vector<double>> starts = {base};
  while (static_cast<int>(starts.size()) < options.num_starts) {
    std::vector<double> start = base;
    for (double& value : start) value += jitter(engine);
    starts.push_back(start);
  }

  // Multi-start on the data, or on a subsample of large data followed by one run on
  // all of it from the subsample's optimum.
  const bool subsample = rows.size() > 2 * kSubsampleRows;
  const AggregatedRows sample = subsample ? Subsample(rows, options.seed) : AggregatedRows{};
  Objective start_objective(model, subsample ? sample : rows);
  std::vector<RunResult> runs;
  for (const std::vector<double>& start : starts) {
    runs.push_back(RunLbfgs(start_objective, start, options.max_evaluations));
  }
  const auto best_run = std::min_element(runs.begin(), runs.end(), [](const RunResult& l, const RunResult& r) {
    return l.value < r.value;
  });
  int starts_at_best = 0;
  for (const RunResult& run : runs) {
    if (run.value <= best_run->value + kSameOptimum * std::max(1.0, std::fabs(best_run->value))) {
      ++starts_at_best;
    }
  }
  Objective objective(model, rows);
  RunResult best = *best_run;
  int budget = options.max_evaluations;
  if (subsample) {
    best = RunLbfgs(objective, best.theta, options.max_evaluations);
    budget -= objective.evaluations();
  } else {
    budget -= start_objective.evaluations() / static_cast<int>(runs.size());
  }
  NewtonPolish(objective, best, budget);

  std::vector<double> gradient(k);
  const double value = objective(best.theta, gradient);
  const Eigen::MatrixXd hessian = LogHessian(objective, best.theta);
  Eigen::LLT<Eigen::MatrixXd> cholesky(hessian);
  const bool positive_definite = cholesky.info() == Eigen::Success;
  const double max_gradient = MaxAbs(gradient);
  const bool converged = std::isfinite(value) && value < std::numeric_limits<double>::max() &&
                         max_gradient <= kGradientTolerance && positive_definite;
  if (!converged && options.fail_on_non_convergence) {
    return FailedPrecondition(fmt::format(
        "{} fit did not converge from {} start(s): best log-likelihood {:.6g}, largest gradient "
        "{:.3g} per customer (tolerance {:g}), Hessian {}positive definite; try more starts or "
        "evaluations, or check that the data fit this model",
        ClvModelName(model), options.num_starts, -value * rows.total_weight, max_gradient,
        kGradientTolerance, positive_definite ? "" : "not "));
  }

  ModelFit fit;
  fit.model = model;
  fit.time_unit = data.time_unit;
  fit.log_likelihood = -value * rows.total_weight;
  fit.num_customers = rows.total_weight;
  fit.num_distinct_rows = static_cast<int64_t>(rows.size());
  fit.converged = converged;
  fit.starts_at_best = starts_at_best;
  fit.num_evaluations = start_objective.evaluations() + objective.evaluations();
  fit.confidence_level = options.confidence_level;
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(k),
                                                         static_cast<Eigen::Index>(k),
                                                         std::numeric_limits<double>::quiet_NaN());
  if (positive_definite) covariance = cholesky.solve(Eigen::MatrixXd::Identity(hessian.rows(), hessian.cols()));
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + options.confidence_level / 2);
  for (size_t idx = 0; idx < k; ++idx) {
    const auto diag = static_cast<Eigen::Index>(idx);
    const double log_se = std::sqrt(covariance(diag, diag));
    const double estimate = std::exp(best.theta[idx]);
    fit.parameters.push_back({std::string(names[idx]), estimate, estimate * log_se,
                              std::exp(best.theta[idx] - z * log_se),
                              std::exp(best.theta[idx] + z * log_se)});
  }
  for (Eigen::Index row = 0; row < covariance.rows(); ++row) {
    for (Eigen::Index col = 0; col < covariance.cols(); ++col) fit.log_covariance.push_back(covariance(row, col));
  }
  return fit;
}

}  // namespace mroi
