// CheckChannelJourneys: the input checks shared by the Markov and Shapley models.
#include <fmt/format.h>

#include "attribution/journey_checks_internal.h"

namespace mroi::internal {

Status CheckChannelJourneys(const Dataset& dataset, const Journeys& journeys) {
  const size_t count = journeys.person.size();
  const size_t touches = journeys.touch_channel.size();
  if (journeys.offsets.size() != count + 1 || journeys.end.size() != count ||
      journeys.revenue.size() != count || journeys.gross_profit.size() != count ||
      journeys.offsets.front() != 0 ||
      journeys.offsets.back() != static_cast<int64_t>(touches)) {
    return InvalidArgument("journeys are inconsistent: their columns disagree in size");
  }
  for (size_t journey = 0; journey < count; ++journey) {
    if (journeys.offsets[journey + 1] < journeys.offsets[journey]) {
      return InvalidArgument(fmt::format("journey {} has negative length", journey));
    }
  }
  const int32_t strings = dataset.strings.size();
  for (StringId channel : journeys.touch_channel) {
    if (channel < 0 || channel >= strings) {
      return InvalidArgument(
          fmt::format("journey touch channel id {} is outside the {} dataset strings",
                      channel, strings));
    }
  }
  return Status();
}

}  // namespace mroi::internal
