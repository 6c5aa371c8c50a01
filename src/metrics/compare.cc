// ComparePeriods(): the metrics of a period beside those of its comparison period.
#include <algorithm>

#include <fmt/format.h>

#include "mroi/metrics.h"
#include "mroi/pipeline.h"

namespace mroi {

Result<PeriodComparison> ComparePeriods(const Dataset& dataset,
                                        const IdentityResult& identity,
                                        const Journeys& journeys,
                                        const MetricsOptions& options, CompareMode mode) {
  if (!options.period) {
    return InvalidArgument("comparing periods needs a period (e.g. --period 2025-Q1)");
  }
  PeriodComparison comparison;
  comparison.mode = mode;
  comparison.current_period = *options.period;
  comparison.previous_period = ComparisonPeriod(*options.period, mode);
  MetricsOptions current_options = options;
  current_options.campaigns = false;
  MetricsOptions previous_options = current_options;
  previous_options.period = comparison.previous_period;
  MROI_ASSIGN_OR_RETURN(MetricsReport current,
                        ComputeMetrics(dataset, identity, journeys, current_options));
  MROI_ASSIGN_OR_RETURN(MetricsReport previous,
                        ComputeMetrics(dataset, identity, journeys, previous_options));
  comparison.current = current.totals;
  comparison.previous = previous.totals;
  comparison.totals = CompareRows(current.totals, previous.totals);
  // Channels of the current period first (in its order), then those only seen before.
  std::vector<std::string> names;
  for (const MetricsRow& row : current.channels) names.push_back(row.channel);
  for (const MetricsRow& row : previous.channels) {
    if (std::find(names.begin(), names.end(), row.channel) == names.end()) {
      names.push_back(row.channel);
    }
  }
  const auto find = [](const std::vector<MetricsRow>& rows, const std::string& channel) {
    for (const MetricsRow& row : rows) {
      if (row.channel == channel) return row;
    }
    MetricsRow empty;
    empty.channel = channel;
    return empty;
  };
  for (const std::string& name : names) {
    comparison.channels.push_back(
        {name, CompareRows(find(current.channels, name), find(previous.channels, name))});
  }
  return comparison;
}

Result<PeriodComparison> ComparePeriods(const PipelineResult& result,
                                        const MetricsOptions& options, CompareMode mode) {
  return ComparePeriods(result.dataset, result.identity, result.journeys, options, mode);
}

}  // namespace mroi
