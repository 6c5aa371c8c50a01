// The weights of the nine rule-based models for one journey.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "attribution/rule_weights_internal.h"

namespace mroi::internal {

namespace {

constexpr int64_t kModels = kNumRuleModels;

int64_t Index(AttributionModel model) { return static_cast<int64_t>(model); }

// Spread raw weights of `model` (already in place) so they sum to 1; when they
// sum to 0 (a weight set with only zeros where this journey has touches), give
// equal shares instead.
void Normalise(AttributionModel model, int64_t length, double* weights) {
  const int64_t column = Index(model);
  double sum = 0;
  for (int64_t touch = 0; touch < length; ++touch)
    sum += weights[touch * kModels + column];
  for (int64_t touch = 0; touch < length; ++touch) {
    double& weight = weights[touch * kModels + column];
    weight = sum > 0 ? weight / sum : 1.0 / static_cast<double>(length);
  }
}

// First / last / middle spread equally, then normalised.
void PositionBased(AttributionModel model, const PositionWeights& shape, int64_t length,
                   double* weights) {
  const int64_t column = Index(model);
  const double middle = length > 2 ? shape.middle / static_cast<double>(length - 2) : 0.0;
  for (int64_t touch = 0; touch < length; ++touch) {
    weights[touch * kModels + column] = middle;
  }
  if (length == 1) {
    weights[column] = 1;
    return;
  }
  weights[column] = shape.first;
  weights[(length - 1) * kModels + column] = shape.last;
  Normalise(model, length, weights);
}

// 30 first / 30 lead / 30 last, roles on one touch adding up, 10 over the rest.
void WShaped(const WShapedWeights& shape, int64_t length, int64_t lead_touch,
             double* weights) {
  const int64_t column = Index(AttributionModel::kWShaped);
  const int64_t last = length - 1;
  int64_t no_role = 0;
  for (int64_t touch = 0; touch < length; ++touch) {
    if (touch != 0 && touch != last && touch != lead_touch) ++no_role;
  }
  const double other = no_role > 0 ? shape.others / static_cast<double>(no_role) : 0.0;
  for (int64_t touch = 0; touch < length; ++touch) {
    double weight = 0;
    if (touch == 0) weight += shape.first;
    if (touch == lead_touch) weight += shape.lead;
    if (touch == last) weight += shape.last;
    if (touch != 0 && touch != last && touch != lead_touch) weight = other;
    weights[touch * kModels + column] = weight;
  }
  Normalise(AttributionModel::kWShaped, length, weights);
}

// 2^(-(end - t) / half_life), measured from the newest touch so that it never
// underflows to all zeros (the ratio is the same after normalising).
void TimeDecay(const JourneyView& journey, double half_life_s, double* weights) {
  const int64_t column = Index(AttributionModel::kTimeDecay);
  const UnixSeconds newest = journey.times[journey.length - 1];
  for (int64_t touch = 0; touch < journey.length; ++touch) {
    const double age = static_cast<double>(newest - journey.times[touch]);
    weights[touch * kModels + column] = std::exp2(-age / half_life_s);
  }
  Normalise(AttributionModel::kTimeDecay, journey.length, weights);
}

int64_t LastNonDirect(const JourneyView& journey, StringId direct_channel) {
  for (int64_t touch = journey.length - 1; touch >= 0; --touch) {
    if (journey.channels[touch] != direct_channel) return touch;
  }
  return journey.length - 1;
}

}  // namespace

bool ComputeRuleWeights(const JourneyView& journey, const AttributionOptions& options,
                        StringId direct_channel, double* weights) {
  const int64_t length = journey.length;
  std::fill(weights, weights + length * kModels, 0.0);
  weights[Index(AttributionModel::kFirst)] = 1;
  weights[(length - 1) * kModels + Index(AttributionModel::kLast)] = 1;
  weights[LastNonDirect(journey, direct_channel) * kModels +
          Index(AttributionModel::kLastNonDirect)] = 1;
  const double linear = 1.0 / static_cast<double>(length);
  for (int64_t touch = 0; touch < length; ++touch) {
    weights[touch * kModels + Index(AttributionModel::kLinear)] = linear;
  }
  TimeDecay(journey, options.half_life_s, weights);
  PositionBased(AttributionModel::kUShaped, options.u_shaped, length, weights);
  PositionBased(AttributionModel::kJShaped, options.j_shaped, length, weights);
  PositionBased(AttributionModel::kInverseJ, options.inverse_j, length, weights);
  if (journey.lead_touch < 0) {
    PositionBased(AttributionModel::kWShaped, options.u_shaped, length, weights);
    return true;
  }
  WShaped(options.w_shaped, length, journey.lead_touch, weights);
  return false;
}

}  // namespace mroi::internal
