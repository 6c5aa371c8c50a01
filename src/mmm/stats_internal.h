#pragma once

// Small statistics shared by the marketing-mix model files.

#include <vector>

#include "mroi/mmm.h"

namespace mroi::internal {

/// Type-7 (linear interpolation) quantile of `values` at probability `p` in [0, 1];
/// 0 for an empty vector.
double Quantile(std::vector<double> values, double p);

/// R^2, NRMSE (RMSE / (max - min) of actual) and MAPE (over non-zero actuals) of
/// `fitted` against `actual`; cv_nrmse is left 0. REQUIRES equal, non-zero sizes.
MmmFitQuality Quality(const std::vector<double>& actual, const std::vector<double>& fitted);

}  // namespace mroi::internal
