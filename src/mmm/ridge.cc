// Ridge regression from moments with an active-set non-negativity constraint.
#include <algorithm>
#include <cmath>
#include <vector>

#include "mmm/ridge_internal.h"

namespace mroi::internal {
namespace {

// Columns whose standard deviation is below this share of max(|mean|, 1) count as constant.
constexpr double kConstantColumn = 1e-10;
// Tolerance of the Lawson-Hanson optimality check (standardised units).
constexpr double kOptimalityTolerance = 1e-12;

// Solve G_PP c_P = h_P for the columns in `free`; other entries are 0.
Eigen::VectorXd SolveFree(const Eigen::MatrixXd& gram, const Eigen::VectorXd& rhs,
                          const std::vector<bool>& free) {
  std::vector<Eigen::Index> index;
  for (Eigen::Index col = 0; col < gram.cols(); ++col) {
    if (free[static_cast<size_t>(col)]) index.push_back(col);
  }
  Eigen::VectorXd solution = Eigen::VectorXd::Zero(gram.cols());
  if (index.empty()) return solution;
  const auto count = static_cast<Eigen::Index>(index.size());
  Eigen::MatrixXd sub(count, count);
  Eigen::VectorXd sub_rhs(count);
  for (Eigen::Index row = 0; row < count; ++row) {
    sub_rhs(row) = rhs(index[static_cast<size_t>(row)]);
    for (Eigen::Index col = 0; col < count; ++col) {
      sub(row, col) = gram(index[static_cast<size_t>(row)], index[static_cast<size_t>(col)]);
    }
  }
  const Eigen::VectorXd sub_solution = sub.ldlt().solve(sub_rhs);
  for (Eigen::Index row = 0; row < count; ++row) {
    solution(index[static_cast<size_t>(row)]) = sub_solution(row);
  }
  return solution;
}

}  // namespace

RidgeMoments::RidgeMoments(Eigen::Index predictors)
    : sum(Eigen::VectorXd::Zero(predictors + 1)),
      cross(Eigen::MatrixXd::Zero(predictors + 1, predictors + 1)) {}

void RidgeMoments::AddRows(const Eigen::MatrixXd& data, Eigen::Index begin, Eigen::Index end) {
  if (end <= begin) return;
  const auto block = data.middleRows(begin, end - begin);
  count += static_cast<double>(end - begin);
  sum += block.colwise().sum().transpose();
  cross.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
  cross.triangularView<Eigen::StrictlyUpper>() = cross.transpose();
}

Eigen::VectorXd SolveNonnegativeQuadratic(const Eigen::MatrixXd& gram, const Eigen::VectorXd& rhs,
                                          const std::vector<bool>& nonnegative) {
  const auto p = gram.cols();
  // Fast path: the unconstrained solution is feasible.
  std::vector<bool> free(static_cast<size_t>(p), true);
  Eigen::VectorXd solution = SolveFree(gram, rhs, free);
  bool feasible = true;
  for (Eigen::Index col = 0; col < p; ++col) {
    if (nonnegative[static_cast<size_t>(col)] && solution(col) < 0) feasible = false;
  }
  if (feasible) return solution;
  // Lawson-Hanson: start with every constrained coefficient at 0.
  for (Eigen::Index col = 0; col < p; ++col) free[static_cast<size_t>(col)] = !nonnegative[static_cast<size_t>(col)];
  solution = SolveFree(gram, rhs, free);
  for (int step = 0; step < 3 * static_cast<int>(p) + 3; ++step) {
    const Eigen::VectorXd gradient = rhs - gram * solution;
    Eigen::Index best = -1;
    double best_gradient = kOptimalityTolerance;
    for (Eigen::Index col = 0; col < p; ++col) {
      if (!free[static_cast<size_t>(col)] && gradient(col) > best_gradient) {
        best = col;
        best_gradient = gradient(col);
      }
    }
    if (best < 0) break;
    free[static_cast<size_t>(best)] = true;
    for (int inner = 0; inner <= static_cast<int>(p); ++inner) {
      const Eigen::VectorXd candidate = SolveFree(gram, rhs, free);
      double step_length = 1.0;
      Eigen::Index blocking = -1;
      for (Eigen::Index col = 0; col < p; ++col) {
        if (!free[static_cast<size_t>(col)] || !nonnegative[static_cast<size_t>(col)]) continue;
        if (candidate(col) <= 0) {
          const double denominator = solution(col) - candidate(col);
          const double length = denominator > 0 ? solution(col) / denominator : 0.0;
          if (length < step_length) {
            step_length = length;
            blocking = col;
          }
        }
      }
      if (blocking < 0) {
        solution = candidate;
        break;
      }
      solution += step_length * (candidate - solution);
      for (Eigen::Index col = 0; col < p; ++col) {
        if (free[static_cast<size_t>(col)] && nonnegative[static_cast<size_t>(col)] &&
            (col == blocking || solution(col) <= 0)) {
          free[static_cast<size_t>(col)] = false;
          solution(col) = 0;
        }
      }
    }
  }
  for (Eigen::Index col = 0; col < p; ++col) {
    if (nonnegative[static_cast<size_t>(col)]) solution(col) = std::max(solution(col), 0.0);
  }
  return solution;
}

RidgeSolution SolveRidge(const RidgeMoments& moments, const std::vector<bool>& nonnegative,
                         double lambda) {
  const Eigen::Index p = moments.sum.size() - 1;
  RidgeSolution result;
  result.coefficients = Eigen::VectorXd::Zero(p);
  const double n = moments.count;
  if (n <= 0) return result;
  const Eigen::VectorXd mean = moments.sum / n;
  Eigen::MatrixXd covariance = moments.cross / n - mean * mean.transpose();
  const double outcome_sd = std::sqrt(std::max(covariance(p, p), 0.0));
  result.intercept = mean(p);
  if (!(outcome_sd > 0) || p == 0) return result;

  Eigen::VectorXd sd(p);
  for (Eigen::Index col = 0; col < p; ++col) {
    sd(col) = std::sqrt(std::max(covariance(col, col), 0.0));
  }
  std::vector<Eigen::Index> varying;
  for (Eigen::Index col = 0; col < p; ++col) {
    if (sd(col) > kConstantColumn * std::max(std::fabs(mean(col)), 1.0)) varying.push_back(col);
  }
  const auto k = static_cast<Eigen::Index>(varying.size());
  if (k == 0) return result;
  Eigen::MatrixXd gram(k, k);
  Eigen::VectorXd rhs(k);
  std::vector<bool> constrained(static_cast<size_t>(k));
  for (Eigen::Index row = 0; row < k; ++row) {
    const Eigen::Index row_col = varying[static_cast<size_t>(row)];
    rhs(row) = covariance(row_col, p) / (sd(row_col) * outcome_sd);
    constrained[static_cast<size_t>(row)] = nonnegative[static_cast<size_t>(row_col)];
    for (Eigen::Index col = 0; col < k; ++col) {
      const Eigen::Index col_col = varying[static_cast<size_t>(col)];
      gram(row, col) = covariance(row_col, col_col) / (sd(row_col) * sd(col_col));
    }
    gram(row, row) += lambda;
  }
  const Eigen::VectorXd standardised = SolveNonnegativeQuadratic(gram, rhs, constrained);
  for (Eigen::Index row = 0; row < k; ++row) {
    const Eigen::Index col = varying[static_cast<size_t>(row)];
    result.coefficients(col) = standardised(row) * outcome_sd / sd(col);
    result.intercept -= result.coefficients(col) * mean(col);
  }
  return result;
}

RidgeSolution FitRidge(const Eigen::MatrixXd& predictors, const Eigen::VectorXd& outcome,
                       const std::vector<bool>& nonnegative, double lambda) {
  const Eigen::Index p = predictors.cols();
  // Centre first so that the raw moments do not lose precision.
  Eigen::MatrixXd data(predictors.rows(), p + 1);
  data.leftCols(p) = predictors;
  data.col(p) = outcome;
  const Eigen::RowVectorXd shift = data.colwise().mean();
  data.rowwise() -= shift;
  RidgeMoments moments(p);
  moments.AddRows(data, 0, data.rows());
  RidgeSolution solution = SolveRidge(moments, nonnegative, lambda);
  solution.intercept += shift(p) - shift.head(p).dot(solution.coefficients);
  return solution;
}

}  // namespace mroi::internal
