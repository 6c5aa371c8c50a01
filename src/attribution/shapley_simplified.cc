// Simplified Shapley (Zhao et al. 2018): for the game v(S) = value of the converting
// journeys whose channel set is a subset of S, each journey's value is split equally
// over its distinct channels. Exact for this game at any number of channels.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "attribution/shapley_internal.h"
#include "mroi/data_driven.h"

namespace mroi {

namespace {

void AddScaled(Credit* into, const Credit& value, double scale) {
  internal::AddScaledCredit(into, value, scale);
}

}  // namespace

Result<ShapleyResult> SolveShapleySimplified(const ShapleyCounts& counts,
                                             const ShapleyOptions& options) {
  MROI_RETURN_IF_ERROR(counts.Validate());
  const size_t n = counts.channels.size();
  std::vector<Credit> by_id(n);
  ShapleyResult result;
  result.method = "simplified";
  for (const auto& [set, value] : counts.by_set) {
    AddScaled(&result.total, value, 1.0);
    if (set.empty()) continue;  // not made by CountShapleySets; no channel to credit
    const double share = 1.0 / static_cast<double>(set.size());
    for (int32_t id : set) AddScaled(&by_id[static_cast<size_t>(id)], value, share);
  }
  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return counts.channels[static_cast<size_t>(a)] <
           counts.channels[static_cast<size_t>(b)];
  });
  for (int32_t id : order) {
    result.channels.push_back(counts.channels[static_cast<size_t>(id)]);
    result.credit.push_back(by_id[static_cast<size_t>(id)]);
  }
  if (counts.empty.conversions > 0) {
    result.channels.push_back(options.none_label);
    result.credit.push_back(counts.empty);
  }
  AddScaled(&result.total, counts.empty, 1.0);
  return result;
}

Result<ShapleyResult> ShapleySimplifiedAttribution(const Dataset& dataset,
                                                   const Journeys& journeys,
                                                   const ShapleyOptions& options) {
  MROI_ASSIGN_OR_RETURN(ShapleyCounts counts, CountShapleySets(dataset, journeys));
  return SolveShapleySimplified(counts, options);
}

}  // namespace mroi
