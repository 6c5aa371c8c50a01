#pragma once

#include <cstdint>

#include "mroi/attribution.h"

namespace mroi::internal {

/// What the rule models need to know about one converting journey with >= 1 touch.
struct JourneyView {
  int64_t length = 0;                  // n >= 1
  const UnixSeconds* times = nullptr;  // n touch times, oldest first
  const StringId* channels = nullptr;  // n channel ids
  UnixSeconds end_time = 0;
  int64_t lead_touch = -1;  // w_shaped lead-creation touch, -1 = none
};

/// Fill weights[touch * kNumRuleModels + model] (n * kNumRuleModels doubles) with
/// every rule model's weights for `journey`; each model's weights sum to 1.
/// `direct_channel` is the StringId of the direct channel (-1 = none).
/// Returns true when w_shaped fell back to the u_shaped weights.
bool ComputeRuleWeights(const JourneyView& journey, const AttributionOptions& options,
                        StringId direct_channel, double* weights);

}  // namespace mroi::internal
