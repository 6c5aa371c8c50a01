// Exact Shapley attribution: converting journeys counted by channel set (mergeable
// sums), the characteristic function by a subset-sum (zeta) transform over bitmasks,
// and the Shapley sum over all coalitions; above the channel limit, the sampled
// estimator (shapley_sampled.cc) or a clear error.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
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

void AddCredit(Credit* into, const Credit& value) { internal::AddScaledCredit(into, value); }

}  // namespace

void ShapleyCounts::Merge(const ShapleyCounts& other) {
  const std::vector<int32_t> map = internal::MergeChannelNames(other.channels, &channels);
  for (const auto& [set, value] : other.by_set) {
    std::vector<int32_t> mapped;
    for (int32_t id : set) mapped.push_back(map[static_cast<size_t>(id)]);
    std::sort(mapped.begin(), mapped.end());
    AddCredit(&by_set[mapped], value);
  }
  AddCredit(&empty, other.empty);
}

Status ShapleyCounts::Validate() const {
  const auto n = static_cast<int64_t>(channels.size());
  for (const auto& [set, value] : by_set) {
    for (size_t position = 0; position < set.size(); ++position) {
      const int32_t id = set[position];
      if (id < 0 || id >= n || (position > 0 && set[position - 1] >= id)) {
        return InvalidArgument(fmt::format(
            "Shapley counts: a channel set is not sorted distinct ids in 0..{} (id {})",
            n - 1, id));
      }
    }
  }
  return Status::OK();
}

Result<ShapleyCounts> CountShapleySets(const Dataset& dataset, const Journeys& journeys) {
  MROI_RETURN_IF_ERROR(internal::CheckChannelJourneys(dataset, journeys));
  ShapleyCounts counts;
  std::unordered_map<StringId, int32_t> local;
  std::vector<int32_t> set;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    if (!journeys.converting(journey)) continue;
    const Credit value{1.0, FiniteOrZero(journeys.revenue[journey]),
                       FiniteOrZero(journeys.gross_profit[journey])};
    const int64_t begin = journeys.offsets[journey];
    const int64_t end = journeys.offsets[journey + 1];
    if (begin == end) {
      AddCredit(&counts.empty, value);
      continue;
    }
    set.clear();
    for (int64_t touch = begin; touch < end; ++touch) {
      const StringId channel = journeys.touch_channel[static_cast<size_t>(touch)];
      auto [it, inserted] = local.emplace(channel, static_cast<int32_t>(local.size()));
      if (inserted) counts.channels.emplace_back(dataset.str(channel));
      set.push_back(it->second);
    }
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    AddCredit(&counts.by_set[set], value);
  }
  return counts;
}

Result<ShapleyResult> SolveShapley(const ShapleyCounts& counts,
                                   const ShapleyOptions& options) {
  if (options.max_exact_channels < 1 ||
      options.max_exact_channels > kMaxShapleyChannels) {
    return InvalidArgument(fmt::format("max_exact_channels must be 1..{} (got {})",
                                       kMaxShapleyChannels, options.max_exact_channels));
  }
  MROI_RETURN_IF_ERROR(counts.Validate());
  const size_t n = counts.channels.size();
  if (n > static_cast<size_t>(options.max_exact_channels)) {
    if (options.sampling_fallback) return SolveShapleySampled(counts, options);
    return InvalidArgument(fmt::format(
        "{} channels is more than the exact Shapley limit of {} (the cost grows as "
        "2^n); group channels, raise max_exact_channels (at most {}), use the "
        "sampled estimator or the simplified Shapley model (exact for this game)",
        n, options.max_exact_channels, kMaxShapleyChannels));
  }
  // Bit b of a mask = the channel of rank b in name order.
  std::vector<int32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return counts.channels[static_cast<size_t>(a)] <
           counts.channels[static_cast<size_t>(b)];
  });
  std::vector<int32_t> rank(n);
  for (size_t position = 0; position < n; ++position) {
    rank[static_cast<size_t>(order[position])] = static_cast<int32_t>(position);
  }
  ShapleyResult result;
  result.method = "exact";
  for (int32_t id : order)
    result.channels.push_back(counts.channels[static_cast<size_t>(id)]);
  result.credit.assign(n, Credit{});

  // w(T), then v(S) = sum_{T subset of S} w(T) in place (zeta transform).
  const size_t masks = size_t{1} << n;
  constexpr size_t kValues = 3;
  std::vector<double> v(masks * kValues, 0.0);
  for (const auto& [set, value] : counts.by_set) {
    size_t mask = 0;
    for (int32_t id : set) mask |= size_t{1} << rank[static_cast<size_t>(id)];
    v[mask * kValues] += value.conversions;
    v[mask * kValues + 1] += value.revenue;
    v[mask * kValues + 2] += value.gross_profit;
    AddCredit(&result.total, value);
  }
  for (size_t bit = 0; bit < n; ++bit) {
    const size_t b = size_t{1} << bit;
    for (size_t mask = 0; mask < masks; ++mask) {
      if ((mask & b) == 0) continue;
      for (size_t k = 0; k < kValues; ++k)
        v[mask * kValues + k] += v[(mask ^ b) * kValues + k];
    }
  }
  // weight[s] = s! (n-s-1)! / n! = 1 / (n * C(n-1, s)).
  std::vector<double> weight(n, 0.0);
  if (n > 0) {
    double binomial = 1.0;  // C(n-1, s)
    for (size_t s = 0; s < n; ++s) {
      weight[s] = 1.0 / (static_cast<double>(n) * binomial);
      binomial = binomial * static_cast<double>(n - 1 - s) / static_cast<double>(s + 1);
    }
  }
  std::vector<double> phi(n * kValues, 0.0);
  for (size_t mask = 0; mask + 1 < masks; ++mask) {  // the full set has no i outside
    const double w = weight[static_cast<size_t>(std::popcount(mask))];
    for (size_t bit = 0; bit < n; ++bit) {
      const size_t b = size_t{1} << bit;
      if ((mask & b) != 0) continue;
      for (size_t k = 0; k < kValues; ++k) {
        phi[bit * kValues + k] +=
            w * (v[(mask | b) * kValues + k] - v[mask * kValues + k]);
      }
    }
  }
  for (size_t channel = 0; channel < n; ++channel) {
    result.credit[channel] = Credit{phi[channel * kValues], phi[channel * kValues + 1],
                                    phi[channel * kValues + 2]};
  }
  if (counts.empty.conversions > 0) {
    result.channels.push_back(options.none_label);
    result.credit.push_back(counts.empty);
  }
  AddCredit(&result.total, counts.empty);
  return result;
}

Result<ShapleyResult> ShapleyAttribution(const Dataset& dataset, const Journeys& journeys,
                                         const ShapleyOptions& options) {
  MROI_ASSIGN_OR_RETURN(ShapleyCounts counts, CountShapleySets(dataset, journeys));
  return SolveShapley(counts, options);
}

int32_t ShapleyResult::FindChannel(std::string_view name) const {
  for (size_t index = 0; index < channels.size(); ++index) {
    if (channels[index] == name) return static_cast<int32_t>(index);
  }
  return -1;
}

}  // namespace mroi
