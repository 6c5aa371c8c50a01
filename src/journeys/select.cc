// SelectJourneys: the journeys that end inside a time range, columns copied.
#include "mroi/journeys.h"

namespace mroi {

Journeys SelectJourneys(const Journeys& journeys, UnixSeconds start, UnixSeconds end) {
  Journeys selected;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    const UnixSeconds time = journeys.end_time[static_cast<size_t>(journey)];
    if (time < start || time >= end) continue;
    const auto first = static_cast<size_t>(journeys.offsets[static_cast<size_t>(journey)]);
    const auto last = static_cast<size_t>(journeys.offsets[static_cast<size_t>(journey) + 1]);
    for (size_t touch = first; touch < last; ++touch) {
      selected.touch_channel.push_back(journeys.touch_channel[touch]);
      selected.touch_index.push_back(journeys.touch_index[touch]);
      selected.touch_time.push_back(journeys.touch_time[touch]);
    }
    selected.offsets.push_back(static_cast<int64_t>(selected.touch_index.size()));
    const auto j = static_cast<size_t>(journey);
    selected.person.push_back(journeys.person[j]);
    selected.end.push_back(journeys.end[j]);
    selected.end_index.push_back(journeys.end_index[j]);
    selected.end_time.push_back(journeys.end_time[j]);
    selected.revenue.push_back(journeys.revenue[j]);
    selected.gross_profit.push_back(journeys.gross_profit[j]);
  }
  return selected;
}

}  // namespace mroi
