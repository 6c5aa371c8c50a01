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
#include "mroi/result.h"
#include "mroi/status.h"

// Aggregated paths, the input format of ChannelAttribution and similar tools
// (`mroi attribute --paths`): parsing and expansion into journeys.

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

}  // namespace mroi
