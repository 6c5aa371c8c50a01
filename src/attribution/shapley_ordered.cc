// Ordered Shapley value (Zhao et al. 2018): converting journeys counted by ordered
// channel path (mergeable sums); each path's simplified Shapley share of a channel,
// w / |set|, split equally over the positions where that channel was touched.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "attribution/journey_checks_internal.h"
#include "attribution/shapley_internal.h"
#include "mroi/data_driven.h"

namespace mroi {

namespace {

using internal::FiniteOrZero;

void AddScaled(Credit* into, const Credit& value, double scale) {
  internal::AddScaledCredit(into, value, scale);
}

}  // namespace

void OrderedShapleyCounts::Merge(const OrderedShapleyCounts& other) {
  const std::vector<int32_t> map = internal::MergeChannelNames(other.channels, &channels);
  std::vector<int32_t> mapped;
  for (const auto& [path, value] : other.by_path) {
    mapped.clear();
    for (int32_t id : path) mapped.push_back(map[static_cast<size_t>(id)]);
    AddScaled(&by_path[mapped], value, 1.0);
  }
  AddScaled(&empty, other.empty, 1.0);
}

Result<OrderedShapleyCounts> CountOrderedShapleyPaths(const Dataset& dataset,
                                                      const Journeys& journeys) {
  MROI_RETURN_IF_ERROR(internal::CheckChannelJourneys(dataset, journeys));
  OrderedShapleyCounts counts;
  std::unordered_map<StringId, int32_t> local;
  std::vector<int32_t> path;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    if (!journeys.converting(journey)) continue;
    const Credit value{1.0, FiniteOrZero(journeys.revenue[journey]),
                       FiniteOrZero(journeys.gross_profit[journey])};
    path.clear();
    for (int64_t touch = journeys.offsets[journey]; touch < journeys.offsets[journey + 1];
         ++touch) {
      const StringId channel = journeys.touch_channel[static_cast<size_t>(touch)];
      auto [it, inserted] = local.emplace(channel, static_cast<int32_t>(local.size()));
      if (inserted) counts.channels.emplace_back(dataset.str(channel));
      path.push_back(it->second);
    }
    AddScaled(path.empty() ? &counts.empty : &counts.by_path[path], value, 1.0);
  }
  return counts;
}

ShapleyCounts CollapseToSets(const OrderedShapleyCounts& counts) {
  ShapleyCounts sets;
  sets.channels = counts.channels;
  sets.empty = counts.empty;
  std::vector<int32_t> set;
  for (const auto& [path, value] : counts.by_path) {
    set = path;
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    AddScaled(set.empty() ? &sets.empty : &sets.by_set[set], value, 1.0);
  }
  return sets;
}

Result<OrderedShapleyResult> SolveOrderedShapley(const OrderedShapleyCounts& counts,
                                                 const ShapleyOptions& options) {
  if (options.max_ordered_positions < 1) {
    return InvalidArgument(fmt::format("max_ordered_positions must be at least 1 (got {})",
                                       options.max_ordered_positions));
  }
  const size_t n = counts.channels.size();
  size_t longest = 0;
  for (const auto& [path, value] : counts.by_path) {
    for (int32_t id : path) {
      if (id < 0 || static_cast<size_t>(id) >= n) {
        return InvalidArgument(fmt::format(
            "ordered Shapley counts: channel id {} outside 0..{}", id,
            static_cast<int64_t>(n) - 1));
      }
    }
    longest = std::max(longest, path.size());
  }
  const auto cap = static_cast<size_t>(options.max_ordered_positions);
  size_t positions = std::min(longest, cap);
  if (counts.empty.conversions > 0) positions = std::max<size_t>(positions, 1);

  OrderedShapleyResult result;
  std::vector<std::vector<Credit>> by_id(n, std::vector<Credit>(positions));
  std::vector<int32_t> occurrences(n, 0);  // touches of each channel in this path
  for (const auto& [path, value] : counts.by_path) {
    AddScaled(&result.total, value, 1.0);
    size_t distinct = 0;
    for (int32_t id : path) distinct += occurrences[static_cast<size_t>(id)]++ == 0 ? 1 : 0;
    for (size_t touch = 0; touch < path.size(); ++touch) {
      const auto id = static_cast<size_t>(path[touch]);
      const double share =
          1.0 / (static_cast<double>(distinct) * static_cast<double>(occurrences[id]));
      AddScaled(&by_id[id][std::min(touch, cap - 1)], value, share);
    }
    for (int32_t id : path) occurrences[static_cast<size_t>(id)] = 0;
  }

  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return counts.channels[static_cast<size_t>(a)] <
           counts.channels[static_cast<size_t>(b)];
  });
  result.max_position = static_cast<int>(positions);
  for (int32_t id : order) {
    result.channels.push_back(counts.channels[static_cast<size_t>(id)]);
    result.by_position.push_back(std::move(by_id[static_cast<size_t>(id)]));
  }
  if (counts.empty.conversions > 0) {
    result.channels.push_back(options.none_label);
    result.by_position.emplace_back(positions);
    result.by_position.back()[0] = counts.empty;
  }
  AddScaled(&result.total, counts.empty, 1.0);
  for (const std::vector<Credit>& row : result.by_position) {
    Credit sum;
    for (const Credit& cell : row) AddScaled(&sum, cell, 1.0);
    result.credit.push_back(sum);
  }
  return result;
}

Result<OrderedShapleyResult> OrderedShapleyAttribution(const Dataset& dataset,
                                                       const Journeys& journeys,
                                                       const ShapleyOptions& options) {
  MROI_ASSIGN_OR_RETURN(OrderedShapleyCounts counts,
                        CountOrderedShapleyPaths(dataset, journeys));
  return SolveOrderedShapley(counts, options);
}

int32_t OrderedShapleyResult::FindChannel(std::string_view name) const {
  for (size_t index = 0; index < channels.size(); ++index) {
    if (channels[index] == name) return static_cast<int32_t>(index);
  }
  return -1;
}

}  // namespace mroi
