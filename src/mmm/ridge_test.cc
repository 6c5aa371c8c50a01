#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include <Eigen/Dense>

#include "mmm/ridge_internal.h"

namespace mroi::internal {
namespace {

TEST(RidgeTest, TinyLambdaIsOrdinaryLeastSquares) {
  // y = 1 + 2 x1 - 3 x2 exactly, on a hand-made design: OLS recovers it.
  Eigen::MatrixXd x(5, 2);
  x << 0, 1, 1, 0, 2, 1, 3, 5, 4, 2;
  Eigen::VectorXd y(5);
  for (int row = 0; row < 5; ++row) y(row) = 1 + 2 * x(row, 0) - 3 * x(row, 1);
  const RidgeSolution solution = FitRidge(x, y, {false, false}, 1e-14);
  EXPECT_NEAR(solution.intercept, 1, 1e-9);
  EXPECT_NEAR(solution.coefficients(0), 2, 1e-9);
  EXPECT_NEAR(solution.coefficients(1), -3, 1e-9);
}

TEST(RidgeTest, TinyLambdaMatchesNormalEquationsWithNoise) {
  // Simple regression by hand: x = 1..4, y = (2, 3, 5, 4): slope = Sxy / Sxx = 2.5 / 5.
  Eigen::MatrixXd x(4, 1);
  x << 1, 2, 3, 4;
  Eigen::VectorXd y(4);
  y << 2, 3, 5, 4;
  const RidgeSolution solution = FitRidge(x, y, {false}, 0.0);
  EXPECT_NEAR(solution.coefficients(0), 0.8, 1e-12);  // Sxy = 4, Sxx = 5
  EXPECT_NEAR(solution.intercept, 3.5 - 0.8 * 2.5, 1e-12);
}

TEST(RidgeTest, RidgeShrinksByTheClosedForm) {
  // One standardised predictor: c = r / (1 + lambda), r the correlation.
  Eigen::MatrixXd x(4, 1);
  x << 1, 2, 3, 4;
  Eigen::VectorXd y(4);
  y << 2, 3, 5, 4;
  const double sd_x = std::sqrt(1.25), sd_y = std::sqrt(1.25);
  const double correlation = (4.0 / 4) / (sd_x * sd_y);
  const double lambda = 0.5;
  const RidgeSolution solution = FitRidge(x, y, {false}, lambda);
  EXPECT_NEAR(solution.coefficients(0), correlation / (1 + lambda) * sd_y / sd_x, 1e-12);
}

TEST(RidgeTest, NonNegativityHoldsAndMatchesTheConstrainedOptimum) {
  // y depends negatively on x2; constrained, x2's coefficient is 0 and x1's is the
  // simple regression of y on x1 alone.
  std::mt19937_64 engine(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  const int rows = 200;
  Eigen::MatrixXd x(rows, 2);
  Eigen::VectorXd y(rows);
  for (int row = 0; row < rows; ++row) {
    x(row, 0) = normal(engine);
    x(row, 1) = normal(engine);
    y(row) = 3 + 1.5 * x(row, 0) - 2 * x(row, 1) + 0.1 * normal(engine);
  }
  const RidgeSolution free = FitRidge(x, y, {false, false}, 0.0);
  EXPECT_LT(free.coefficients(1), -1.5);
  const RidgeSolution constrained = FitRidge(x, y, {false, true}, 0.0);
  EXPECT_EQ(constrained.coefficients(1), 0.0);
  const RidgeSolution alone = FitRidge(x.leftCols(1), y, {false}, 0.0);
  EXPECT_NEAR(constrained.coefficients(0), alone.coefficients(0), 1e-10);
  EXPECT_NEAR(constrained.intercept, alone.intercept, 1e-10);
}

TEST(RidgeTest, ActiveSetSolvesTheKktConditions) {
  // Random QPs: solution feasible, gradient zero on free coordinates and <= 0 on the
  // bound ones (KKT for minimising 1/2 c'Gc - h'c with c_j >= 0).
  std::mt19937_64 engine(11);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int trial = 0; trial < 50; ++trial) {
    const int p = 6;
    Eigen::MatrixXd a(20, p);
    for (int row = 0; row < 20; ++row) {
      for (int col = 0; col < p; ++col) a(row, col) = normal(engine);
    }
    const Eigen::MatrixXd gram = a.transpose() * a / 20 + 0.01 * Eigen::MatrixXd::Identity(p, p);
    Eigen::VectorXd rhs(p);
    for (int col = 0; col < p; ++col) rhs(col) = normal(engine);
    const std::vector<bool> nonnegative = {false, true, true, false, true, true};
    const Eigen::VectorXd solution = SolveNonnegativeQuadratic(gram, rhs, nonnegative);
    const Eigen::VectorXd gradient = rhs - gram * solution;
    for (int col = 0; col < p; ++col) {
      if (nonnegative[static_cast<size_t>(col)]) {
        EXPECT_GE(solution(col), 0.0);
        if (solution(col) == 0) {
          EXPECT_LE(gradient(col), 1e-10);
          continue;
        }
      }
      EXPECT_NEAR(gradient(col), 0.0, 1e-10) << trial << " " << col;
    }
  }
}

TEST(RidgeTest, ConstantColumnGetsZero) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 7, 2, 7, 3, 7, 4, 7;
  Eigen::VectorXd y(4);
  y << 2, 4, 6, 8;
  const RidgeSolution solution = FitRidge(x, y, {false, true}, 0.0);
  EXPECT_NEAR(solution.coefficients(0), 2, 1e-12);
  EXPECT_EQ(solution.coefficients(1), 0);
  EXPECT_NEAR(solution.intercept, 0, 1e-12);
}

}  // namespace
}  // namespace mroi::internal
