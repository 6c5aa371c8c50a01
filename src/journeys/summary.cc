// SummarizeJourneys: counts, lengths and the most frequent converting paths.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mroi/journeys.h"

namespace mroi {

namespace {

constexpr int64_t kHistogramBuckets = 11;  // lengths 0..9, then 10 or more
constexpr double kSecondsPerDay = 86400.0;

// The conventional median (mean of the two middle values for an even count).
double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  return (upper + *std::max_element(values.begin(), values.begin() + mid)) / 2;
}

// A journey's channel ids viewed as raw bytes: a hash key for its path that points
// into the Journeys columns, so no key is allocated.
std::string_view PathKey(const Journeys& journeys, int64_t journey) {
  const auto count = static_cast<size_t>(journeys.length(journey));
  if (count == 0) return std::string_view();
  const auto* first = reinterpret_cast<const char*>(journeys.touch_channel.data() +
                                                    journeys.offsets[journey]);
  return std::string_view(first, count * sizeof(StringId));
}

std::string PathText(const Dataset& dataset, const Journeys& journeys, int64_t journey) {
  std::string text;
  for (int64_t touch = journeys.offsets[journey]; touch < journeys.offsets[journey + 1];
       ++touch) {
    if (!text.empty()) text += " > ";
    const StringId channel = journeys.touch_channel[static_cast<size_t>(touch)];
    text += channel >= 0 && channel < dataset.strings.size() ? dataset.str(channel) : "?";
  }
  return text;
}

// Per distinct path: counts, and one journey that has it (to render the text).
struct PathTally {
  int64_t example_journey = 0;
  int64_t journeys = 0;
  int64_t conversions = 0;
  double revenue = 0;
};

std::vector<PathCount> TopPaths(const Dataset& dataset, const Journeys& journeys,
                                int top_n) {
  if (top_n <= 0) return {};
  std::unordered_map<std::string_view, PathTally> tallies;
  tallies.reserve(static_cast<size_t>(journeys.num_journeys()));
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    PathTally& tally =
        tallies.try_emplace(PathKey(journeys, journey), PathTally{journey}).first->second;
    ++tally.journeys;
    if (journeys.converting(journey)) {
      ++tally.conversions;
      tally.revenue += journeys.revenue[static_cast<size_t>(journey)];
    }
  }
  std::vector<PathCount> paths;
  std::vector<const PathTally*> converting;
  for (const auto& [key, tally] : tallies) {
    if (tally.conversions > 0) converting.push_back(&tally);
  }
  // Most conversions first, then most revenue, then the first path seen.
  auto before = [](const PathTally* a, const PathTally* b) {
    if (a->conversions != b->conversions) return a->conversions > b->conversions;
    if (a->revenue != b->revenue) return a->revenue > b->revenue;
    return a->example_journey < b->example_journey;
  };
  const size_t keep = std::min(converting.size(), static_cast<size_t>(top_n));
  std::partial_sort(converting.begin(), converting.begin() + static_cast<ptrdiff_t>(keep),
                    converting.end(), before);
  for (size_t rank = 0; rank < keep; ++rank) {
    const PathTally& tally = *converting[rank];
    paths.push_back(PathCount{PathText(dataset, journeys, tally.example_journey),
                              tally.journeys, tally.conversions, tally.revenue});
  }
  return paths;
}

}  // namespace

JourneySummary SummarizeJourneys(const Dataset& dataset, const Journeys& journeys,
                                 int top_n) {
  JourneySummary summary;
  summary.length_histogram.assign(kHistogramBuckets, 0);
  std::vector<int64_t> lengths;
  std::vector<double> days_to_conversion;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    const int64_t length = journeys.length(journey);
    summary.touches += length;
    if (!journeys.converting(journey)) {
      ++summary.non_converting;
      continue;
    }
    lengths.push_back(length);
    ++summary
          .length_histogram[static_cast<size_t>(std::min(length, kHistogramBuckets - 1))];
    if (length == 0) {
      ++summary.empty_converting;
      continue;
    }
    const UnixSeconds first_touch =
        journeys.touch_time[static_cast<size_t>(journeys.offsets[journey])];
    days_to_conversion.push_back(
        static_cast<double>(journeys.end_time[static_cast<size_t>(journey)] -
                            first_touch) /
        kSecondsPerDay);
  }
  summary.journeys = journeys.num_journeys();
  summary.converting = static_cast<int64_t>(lengths.size());
  if (!lengths.empty()) {
    int64_t total = 0;
    for (int64_t length : lengths) total += length;
    summary.mean_length =
        static_cast<double>(total) / static_cast<double>(lengths.size());
    // The lower median, so that it stays a whole number of touches.
    const size_t mid = (lengths.size() - 1) / 2;
    std::nth_element(lengths.begin(), lengths.begin() + static_cast<ptrdiff_t>(mid),
                     lengths.end());
    summary.median_length = lengths[mid];
  }
  summary.median_days_to_conversion = Median(std::move(days_to_conversion));
  summary.top_paths = TopPaths(dataset, journeys, top_n);
  return summary;
}

}  // namespace mroi
