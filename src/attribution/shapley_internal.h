#pragma once

// Small helpers shared by the Shapley solvers (exact, simplified, ordered, sampled).

#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "mroi/attribution.h"

namespace mroi::internal {

/// `value`, or 0 when it is not finite (non-finite revenue counts 0).
inline double FiniteOrZero(double value) { return std::isfinite(value) ? value : 0.0; }

/// into += scale * value, per measure.
inline void AddScaledCredit(Credit* into, const Credit& value, double scale = 1.0) {
  into->conversions += value.conversions * scale;
  into->revenue += value.revenue * scale;
  into->gross_profit += value.gross_profit * scale;
}

/// Append the names of `other` missing from `channels` and return, per id of
/// `other`, its id in `channels` (channels are matched by name when counts merge).
inline std::vector<int32_t> MergeChannelNames(const std::vector<std::string>& other,
                                              std::vector<std::string>* channels) {
  std::unordered_map<std::string, int32_t> mine;
  for (size_t id = 0; id < channels->size(); ++id) {
    mine.emplace((*channels)[id], static_cast<int32_t>(id));
  }
  std::vector<int32_t> map;
  for (const std::string& name : other) {
    auto [it, inserted] = mine.emplace(name, static_cast<int32_t>(channels->size()));
    if (inserted) channels->push_back(name);
    map.push_back(it->second);
  }
  return map;
}

}  // namespace mroi::internal
