#pragma once

// Ridge regression with standardised predictors, an unpenalised intercept and optional
// non-negativity of chosen coefficients (as glmnet with lower.limits = 0, which Robyn
// uses for media). Solved from moments so that rolling-origin folds, whose training sets
// are prefixes of one another, share one pass over the data.

#include <vector>

#include <Eigen/Dense>

namespace mroi::internal {

/// First and second raw moments of the rows [x_1..x_p, y] seen so far.
struct RidgeMoments {
  explicit RidgeMoments(Eigen::Index predictors);
  /// Add rows [begin, end) of `data` (columns: predictors, then the outcome last).
  void AddRows(const Eigen::MatrixXd& data, Eigen::Index begin, Eigen::Index end);

  double count = 0;
  Eigen::VectorXd sum;    // p + 1
  Eigen::MatrixXd cross;  // (p + 1) x (p + 1), sum of z z'
};

/// A ridge solution in the units of the predictors it was given.
struct RidgeSolution {
  double intercept = 0;
  Eigen::VectorXd coefficients;
  /// Predict one row of predictors.
  double Predict(const Eigen::Ref<const Eigen::RowVectorXd>& row) const {
    return intercept + row.dot(coefficients);
  }
};

/// Minimise (1 / 2n) |y~ - Z c|^2 + (lambda / 2) |c|^2 over c, with Z the predictors
/// standardised (mean 0, sd 1) and y~ the standardised outcome, subject to c_j >= 0
/// where nonnegative[j]; return the solution in the original units. Predictors with no
/// variance get coefficient 0. lambda >= 0 (0 = least squares, solved by LDLT).
/// Cost: O(p^3) per active-set step, at most 3p steps.
RidgeSolution SolveRidge(const RidgeMoments& moments, const std::vector<bool>& nonnegative,
                         double lambda);

/// Convenience: SolveRidge on the moments of all rows of [x, y].
RidgeSolution FitRidge(const Eigen::MatrixXd& predictors, const Eigen::VectorXd& outcome,
                       const std::vector<bool>& nonnegative, double lambda);

/// Minimise 1/2 c'Gc - h'c subject to c_j >= 0 where nonnegative[j] (Lawson and
/// Hanson, "Solving Least Squares Problems", 1974, ch. 23, applied to the normal
/// equations). REQUIRES G symmetric positive semi-definite.
Eigen::VectorXd SolveNonnegativeQuadratic(const Eigen::MatrixXd& gram, const Eigen::VectorXd& rhs,
                                          const std::vector<bool>& nonnegative);

}  // namespace mroi::internal
