#pragma once

// Helpers shared by the LTV files of the metrics layer (customers.cc,
// customer_values.cc, ltv.cc, ltv_diagnosis.cc).

#include <string>

#include "mroi/ltv.h"
#include "mroi/status.h"

namespace mroi::internal {

/// Channel of a customer whose first converting journey has no touch.
inline constexpr const char* kNoChannel = "(none)";
/// Campaign of a touch without utm_campaign (as the metrics' campaign rows).
inline constexpr const char* kNotSetCampaign = "(not set)";

/// Check that `journeys` and `identity` were built on `dataset`: consistent column
/// lengths, persons below identity.persons, record and touch indices in range.
/// Error kInvalidArgument naming the first offending journey. Cost: O(journeys +
/// touches).
Status CheckJourneysMatch(const Dataset& dataset, const IdentityResult& identity,
                          const Journeys& journeys);

/// "2.40:1", or "n/a".
std::string FormatLtvCac(Ratio ratio);

}  // namespace mroi::internal
