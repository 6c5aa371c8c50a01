#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mroi/attribution.h"
#include "mroi/dataset.h"
#include "mroi/journeys.h"
#include "mroi/markov.h"
#include "mroi/result.h"
#include "mroi/shapley.h"
#include "mroi/status.h"

// Aggregated paths, the input format of ChannelAttribution and similar tools
// (`mroi attribute --paths`): parsing, expansion into journeys, and the data-driven
// counts straight from the rows (no expansion).

namespace mroi {

/// One row of an aggregated-paths file: a path and how often it ended in a
/// conversion or not.
struct AggregatedPath {
  std::vector<std::string> channels;  // oldest first
  int64_t conversions = 0;            // total_conversions
  double conversion_value = 0;        // total_conversion_value (0 when absent)
  int64_t nulls = 0;                  // total_null (0 when absent)
  int64_t line = 0;                   // 1-based line in the file
};

/// The rows of an aggregated-paths file.
struct AggregatedPaths {
  std::vector<AggregatedPath> paths;
};

/// Parse aggregated paths as exported by ChannelAttribution and similar tools: a
/// CSV (double quotes allowed) with a header naming the columns `path` (channels
/// joined by ">", spaces around it optional), `total_conversions`, and optionally
/// `total_conversion_value` and `total_null`; other columns are ignored.
/// `source` names the input in errors. Errors (kInvalidArgument, "source:line:
/// ..."): missing column, empty path or channel, a count that is not a
/// non-negative integer (fractional counts are refused), a non-finite value.
Result<AggregatedPaths> ParseAggregatedPaths(std::string_view text, std::string_view source);

/// Read the file `path` and parse it with ParseAggregatedPaths(). kNotFound /
/// kIOError when it cannot be read.
Result<AggregatedPaths> ReadAggregatedPaths(const std::string& path);

/// Journeys built from aggregated paths, with the Dataset and IdentityResult they
/// index, so that every attribution model runs on them unchanged.
struct PathJourneys {
  Dataset dataset;
  IdentityResult identity;
  Journeys journeys;
};

/// Expand aggregated paths into journeys: per row, one converting journey per
/// conversion (revenue and gross profit = total_conversion_value /
/// total_conversions) and one non-converting journey per null, each journey its
/// own person. Touch i of a path is at time 60 i seconds (so time_decay sees
/// touches one minute apart); a converting journey ends one minute after its last
/// touch. There are no leads (w_shaped falls back to u_shaped).
/// Error kInvalidArgument when the rows hold more than 2^31 journeys or touches.
Result<PathJourneys> ExpandAggregatedPaths(const AggregatedPaths& paths);

/// Count the Markov transitions of aggregated paths without expanding them: a row
/// adds total_conversions + total_null to each transition of its path, its
/// conversions to last state -> conversion and its nulls to last state -> null.
/// The result equals CountMarkovTransitions(ExpandAggregatedPaths(paths)) exactly
/// in `channels` (first-seen order over rows with >= 1 journey), `transitions`,
/// `journeys`, `converting_journeys` and total.conversions; total.revenue and
/// total.gross_profit get each row's total_conversion_value (the expansion adds
/// value / conversions once per conversion, equal to rounding). A row with no
/// channels (possible only when built by hand) counts as converting journeys
/// without touches (`empty`). Rows with no conversion and no null are skipped.
/// Errors (kInvalidArgument): order outside 1..4; a row with a negative count or
/// a non-finite value, a row with journeys and an empty channel name ("line N:
/// ..."); more than
/// MarkovCounts::kMaxChannels channels; more than 2^63 journeys.
/// Cost: O(touches of the rows), one hash probe per transition; no allocation per
/// journey, so 1M journeys in ~125k distinct paths count in a few milliseconds.
Result<MarkovCounts> CountMarkovPaths(const AggregatedPaths& paths,
                                      const MarkovOptions& options);

/// Count the converting journeys of aggregated paths by channel set without
/// expanding them: a row with total_conversions c > 0 adds Credit{c, value,
/// value} (value = total_conversion_value) to its set. Equals
/// CountShapleySets(ExpandAggregatedPaths(paths)) exactly in `channels` and the
/// keys and conversions of `by_set`, revenue and gross profit to rounding.
/// Errors (kInvalidArgument): a row with a negative count or a non-finite value,
/// a converting row with an empty channel name ("line N: ...").
Result<ShapleyCounts> CountShapleyPaths(const AggregatedPaths& paths);

}  // namespace mroi
