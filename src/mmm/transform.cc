// Adstock and Hill transforms (see transform_internal.h for the references).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "mmm/transform_internal.h"

namespace mroi::internal {

std::vector<double> GeometricAdstock(const std::vector<double>& spend, double theta) {
  std::vector<double> adstocked(spend.size());
  double carried = 0;
  for (size_t period = 0; period < spend.size(); ++period) {
    carried = spend[period] + theta * carried;
    adstocked[period] = carried;
  }
  return adstocked;
}

std::vector<double> GeometricWeights(double theta, double cutoff) {
  std::vector<double> weights{1.0};
  if (theta <= 0) return weights;
  double weight = 1.0;
  while ((weight *= theta) >= cutoff) weights.push_back(weight);
  return weights;
}

std::vector<double> WeibullWeights(AdstockKind kind, double shape, double scale, int window) {
  std::vector<double> weights(static_cast<size_t>(std::max(window, 1)), 0.0);
  if (kind == AdstockKind::kWeibullCdf) {
    // Robyn: thetaVec = c(1, 1 - pweibull(1:(window-1))), weights = cumprod(thetaVec).
    double survival_product = 1.0;
    weights[0] = 1.0;
    for (size_t lag = 1; lag < weights.size(); ++lag) {
      const double cdf = 1.0 - std::exp(-std::pow(static_cast<double>(lag) / scale, shape));
      survival_product *= 1.0 - cdf;
      weights[lag] = survival_product;
    }
    return weights;
  }
  // Robyn: dweibull(1:window), then (w - min) / (max - min).
  for (size_t lag = 0; lag < weights.size(); ++lag) {
    const double z = static_cast<double>(lag + 1) / scale;
    weights[lag] = shape / scale * std::pow(z, shape - 1) * std::exp(-std::pow(z, shape));
  }
  const auto [low, high] = std::minmax_element(weights.begin(), weights.end());
  const double min_weight = *low, range = *high - *low;
  if (!(range > 0) || !std::isfinite(range)) {
    std::fill(weights.begin(), weights.end(), 0.0);
    weights[0] = 1.0;
    return weights;
  }
  for (double& weight : weights) weight = (weight - min_weight) / range;
  return weights;
}

std::vector<double> ApplyLagWeights(const std::vector<double>& spend,
                                    const std::vector<double>& weights) {
  std::vector<double> adstocked(spend.size(), 0.0);
  for (size_t period = 0; period < spend.size(); ++period) {
    const double amount = spend[period];
    if (amount == 0) continue;
    const size_t lags = std::min(weights.size(), spend.size() - period);
    for (size_t lag = 0; lag < lags; ++lag) adstocked[period + lag] += weights[lag] * amount;
  }
  return adstocked;
}

double Hill(double x, double alpha, double half_saturation) {
  if (!(x > 0)) return 0;
  // x^a / (x^a + k^a) = 1 / (1 + (k/x)^a): stable for large and small x.
  return 1.0 / (1.0 + std::pow(half_saturation / x, alpha));
}

double HillInflexion(const std::vector<double>& adstocked, double gamma) {
  if (adstocked.empty()) return 0;
  const auto [low, high] = std::minmax_element(adstocked.begin(), adstocked.end());
  return *low + gamma * (*high - *low);
}

}  // namespace mroi::internal
