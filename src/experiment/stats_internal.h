#pragma once

// Private helpers of the experiment layer: normal and t quantiles and tails
// (Boost.Math), shared by the tests of proportions, means, power and sequential.

#include <cmath>

namespace mroi::internal {

/// Standard normal quantile Phi^{-1}(probability); probability in (0, 1).
double NormalQuantile(double probability);
/// Two-sided normal p-value 2 (1 - Phi(|z|)), computed from the tail (no cancellation).
double NormalTwoSidedP(double z);
/// Standard normal CDF.
double NormalCdf(double z);
/// Student t quantile with `df` degrees of freedom.
double StudentQuantile(double df, double probability);
/// Two-sided Student t p-value.
double StudentTwoSidedP(double df, double t);

/// True when `value` lies strictly inside (0, 1).
inline bool InOpenUnit(double value) {
  return std::isfinite(value) && value > 0 && value < 1;
}

}  // namespace mroi::internal
