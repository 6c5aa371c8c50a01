#pragma once

#include "mroi/journeys.h"
#include "mroi/status.h"

namespace mroi::internal {

/// Check what the data-driven models read of `journeys`: the per-journey columns agree
/// in size, offsets grow, and every touch channel is a string of `dataset`.
Status CheckChannelJourneys(const Dataset& dataset, const Journeys& journeys);

}  // namespace mroi::internal
