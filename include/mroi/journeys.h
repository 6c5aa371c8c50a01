#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/identity.h"
#include "mroi/result.h"

namespace mroi {

/// How journeys are cut.
struct JourneyOptions {
  /// Touches older than this before the conversion are left out. Default: 30 days.
  int64_t lookback_s = 30 * 86400;
  /// Also emit the touches after a person's last conversion (or of a person who never
  /// converted) as a non-converting journey. Default: true.
  bool include_non_converting = true;
  /// Treat won deals (stage won, closed_at set) as conversions, valued at amount
  /// (gross profit amount - cogs), unless a conversion has the deal's id as order_id.
  /// Default: true.
  bool won_deals_as_conversions = true;
  /// Only these event types are touches; default: every type but impressions.
  bool include_impressions = false;
};

/// What ended a journey.
enum class JourneyEnd : uint8_t { kNone, kConversion, kDeal };

/// Journeys in columnar form (offsets plus ids, as Arrow list arrays): journey j's
/// touches are touch_*[offsets[j] .. offsets[j+1]), oldest first. A person's converting
/// journey holds the touches after the previous conversion, inside the lookback window,
/// up to and including the conversion time.
/// Thread safety: immutable once built.
struct Journeys {
  std::vector<int64_t> offsets{0};          // num_journeys() + 1
  std::vector<StringId> touch_channel;       // channel group of each touch
  std::vector<int32_t> touch_index;          // index in Dataset::touchpoints
  std::vector<UnixSeconds> touch_time;
  std::vector<int32_t> person;               // per journey
  std::vector<JourneyEnd> end;               // per journey
  std::vector<int32_t> end_index;            // Dataset::conversions / deals index, or -1
  std::vector<UnixSeconds> end_time;         // conversion time, or last touch time
  std::vector<double> revenue;               // 0 when not converting
  std::vector<double> gross_profit;          // 0 when not converting

  int64_t num_journeys() const { return static_cast<int64_t>(person.size()); }
  int64_t length(int64_t journey) const { return offsets[journey + 1] - offsets[journey]; }
  bool converting(int64_t journey) const { return end[journey] != JourneyEnd::kNone; }
};

/// Build every person's journeys. REQUIRES: identity was computed on `dataset`.
/// Conversions of rows without a person, or with no touch in the window, still make a
/// (zero-length) converting journey, so conversions are never lost.
Result<Journeys> BuildJourneys(const Dataset& dataset, const IdentityResult& identity,
                               const JourneyOptions& options);

/// Keep the journeys whose end_time lies in [start, end) (UTC seconds), e.g. the
/// conversions of one reporting period. Touches keep their times, so a journey may
/// begin before `start`.
Journeys SelectJourneys(const Journeys& journeys, UnixSeconds start, UnixSeconds end);

/// A path ("Paid Search > Email > Direct") and how often it occurs.
struct PathCount {
  std::string path;
  int64_t journeys = 0;
  int64_t conversions = 0;
  double revenue = 0;
};

/// Counts of journeys for `mroi journeys`.
struct JourneySummary {
  int64_t journeys = 0;
  int64_t converting = 0;
  int64_t non_converting = 0;
  int64_t touches = 0;
  int64_t empty_converting = 0;        // conversions with no touch in the window
  double mean_length = 0;              // over converting journeys
  int64_t median_length = 0;
  std::vector<int64_t> length_histogram;  // [0..9], last bucket = 10 or more touches
  double median_days_to_conversion = 0;   // first touch to conversion
  std::vector<PathCount> top_paths;       // converting paths, most conversions first
};

/// Summarise journeys; top_paths holds at most `top_n` entries.
JourneySummary SummarizeJourneys(const Dataset& dataset, const Journeys& journeys,
                                 int top_n = 10);

}  // namespace mroi
