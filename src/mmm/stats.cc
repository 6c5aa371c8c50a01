// Quantiles and fit-quality measures of the marketing-mix model.
#include <algorithm>
#include <cmath>
#include <vector>

#include "mmm/stats_internal.h"

namespace mroi::internal {

double Quantile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double position = std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + fraction * (values[above] - values[below]);
}

MmmFitQuality Quality(const std::vector<double>& actual, const std::vector<double>& fitted) {
  MmmFitQuality quality;
  const auto n = static_cast<double>(actual.size());
  double mean = 0;
  for (double value : actual) mean += value / n;
  double squared_error = 0, total = 0, absolute_percentage = 0;
  int nonzero = 0;
  for (size_t t = 0; t < actual.size(); ++t) {
    const double error = actual[t] - fitted[t];
    squared_error += error * error;
    total += (actual[t] - mean) * (actual[t] - mean);
    if (actual[t] != 0) {
      absolute_percentage += std::fabs(error / actual[t]);
      ++nonzero;
    }
  }
  const auto [low, high] = std::minmax_element(actual.begin(), actual.end());
  quality.r_squared = total > 0 ? 1 - squared_error / total : 0;
  quality.nrmse = *high > *low ? std::sqrt(squared_error / n) / (*high - *low) : 0;
  quality.mape = nonzero > 0 ? absolute_percentage / nonzero : 0;
  return quality;
}

}  // namespace mroi::internal
