// The mergeable statistics of a partition (or of a whole run), shared by the files that
// compute, merge, serialize and finish them. Not part of the API.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "mroi/attribution.h"
#include "mroi/markov.h"
#include "mroi/pipeline.h"
#include "mroi/scale.h"

namespace mroi::scale {

/// Cleaning counts of one input kind.
struct KindCounts {
  int64_t rows_in = 0;
  int64_t rows_kept = 0;
  int64_t rows_quarantined = 0;
  std::map<std::string, int64_t> by_rule;
};

/// Per channel sums of the metrics section.
struct ChannelSums {
  int64_t touchpoints = 0;
  int64_t leads = 0;
  double conversions = 0;  // last-click credit
  double revenue = 0;
  double gross_profit = 0;
};

/// The CLV inputs of one customer that do not depend on the observation end.
struct CustomerStats {
  int64_t first_day = 0;
  int64_t last_day = 0;
  int64_t purchase_days = 0;
  double repeat_amount = 0;  // summed amounts of the purchase days after the first
};

struct PartitionStats {
  std::array<KindCounts, kNumInputKinds> cleaning;
  int64_t ids = 0;
  int64_t persons = 0;
  int64_t journeys = 0;
  int64_t converting = 0;
  // Attribution: models in AttributionResult order; credit per model by channel and
  // by (channel, campaign).
  std::vector<AttributionModel> models;
  std::map<std::string, std::vector<Credit>> channel_credit;
  std::map<std::pair<std::string, std::string>, std::vector<Credit>> campaign_credit;
  std::vector<int64_t> fallback_journeys;
  Credit total;
  int64_t converting_journeys = 0;
  int64_t empty_converting_journeys = 0;
  int64_t touches = 0;
  MarkovCounts markov;
  std::map<std::string, ChannelSums> channels;
  std::map<uint64_t, CustomerStats> customers;  // by the person's smallest key
  int64_t max_purchase_day = INT64_MIN;
};

/// The attribution options of a scale-out run (the CLI's: last click always computed).
AttributionOptions ScaleAttributionOptions(const ScaleOptions& options);

/// The statistics of one pipeline run (a partition, or the whole data on one machine).
Result<PartitionStats> StatsOfRun(const PipelineResult& run, const ScaleOptions& options);

/// The JSON of FinishStats from statistics and the cleaned shared inputs.
Result<std::string> RenderStats(const PartitionStats& stats, const Dataset& shared,
                                const ScaleOptions& options);

}  // namespace mroi::scale
