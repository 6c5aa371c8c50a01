#pragma once

// The marketing-mix model as an optimisation problem: the fixed design (trend,
// seasonality, controls), the hyperparameters encoded in the unit cube, the
// rolling-origin cross-validation objective and the full fit at given hyperparameters.
// A Problem is immutable after Make(); its const methods may run on several threads.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "mroi/mmm.h"
#include "mroi/result.h"

namespace mroi::internal {

/// Hyperparameters of one channel (natural units).
struct ChannelHyper {
  double theta = 0;          // geometric
  double shape = 0;          // Weibull
  double scale = 0;          // Weibull, periods
  double alpha = 1;
  double gamma = 0.5;
};

/// Every hyperparameter, decoded from a point of the unit cube.
struct Hyper {
  std::vector<ChannelHyper> channels;  // one per active channel
  double lambda = 0;
};

/// The regression at fixed hyperparameters, on the whole history.
struct FullFit {
  double intercept = 0;
  Eigen::VectorXd fixed_coefficients;  // per fixed column
  std::vector<double> media_coefficients;  // per active channel
  /// Per active channel: adstocked spend, Hill feature (in [0, 1]), lag weights,
  /// carryover and absolute half saturation.
  std::vector<std::vector<double>> adstocked;
  std::vector<std::vector<double>> hill;
  std::vector<std::vector<double>> weights;
  std::vector<double> carryover;
  std::vector<double> half_saturation;
  std::vector<double> fitted;
};

class Problem {
 public:
  /// Build the design for `series` (already checked). Adds notes for dropped columns
  /// and channels without spend. Errors: kInvalidArgument for too few periods.
  static Result<Problem> Make(const WeeklySeries& series, const MmmOptions& options,
                              std::vector<std::string>& notes);

  /// Number of hyperparameters (unit-cube dimension).
  int dimension() const { return dimension_; }
  /// Decode a point of [0, 1]^dimension.
  Hyper Decode(const std::vector<double>& unit) const;
  /// Cross-validated NRMSE at `unit` for `outcome` (one value per period).
  double CvNrmse(const std::vector<double>& unit, const Eigen::VectorXd& outcome) const;
  /// Full-history fit at `unit`.
  FullFit Fit(const std::vector<double>& unit, const Eigen::VectorXd& outcome) const;

  /// Indices (into series.channels) of the channels in the model.
  const std::vector<size_t>& active_channels() const { return active_channels_; }
  /// Fixed columns: names and kinds ("trend", "seasonality", "control").
  const std::vector<std::string>& fixed_names() const { return fixed_names_; }
  const std::vector<std::string>& fixed_kinds() const { return fixed_kinds_; }
  const Eigen::MatrixXd& fixed_columns() const { return fixed_raw_; }
  int regression_coefficients() const;

 private:
  Problem() = default;
  // Per active channel: adstocked spend and lag weights at `hyper`.
  void Adstock(const ChannelHyper& hyper, size_t active_idx, std::vector<double>& adstocked,
               std::vector<double>& weights, double& carryover) const;

  MmmOptions options_;
  int dimension_ = 0;
  int per_channel_ = 0;
  int weibull_window_ = 1;
  std::vector<size_t> active_channels_;
  std::vector<std::vector<double>> spend_;  // per active channel
  std::vector<std::string> fixed_names_;
  std::vector<std::string> fixed_kinds_;
  Eigen::MatrixXd fixed_raw_;
  Eigen::MatrixXd fixed_standardised_;
  std::vector<Eigen::Index> fold_starts_;  // fold f predicts [start_f, start_{f+1})
  Eigen::Index fold_end_ = 0;
};

/// Result of a search over the unit cube.
struct SearchResult {
  std::vector<double> unit;
  double value = 0;
  int64_t evaluations = 0;
};

using UnitObjective = std::function<double(const std::vector<double>&)>;

/// NLopt BOBYQA from `start` within [0, 1]^d, `budget` evaluations, first step
/// `initial_step`; keeps the best point seen even when NLopt stops on an error.
SearchResult LocalSearch(const UnitObjective& objective, const std::vector<double>& start,
                         int budget, double initial_step);

/// Random screening (seeded; the centre first), BOBYQA from the best distinct starts,
/// then a polish of the best with a small step. Deterministic for `seed`.
/// `progress` (may be empty) gets the evaluations used so far.
SearchResult GlobalSearch(const UnitObjective& objective, int dimension, int budget,
                          uint64_t seed, const std::function<void(int64_t)>& progress);

}  // namespace mroi::internal
