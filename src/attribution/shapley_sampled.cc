// Monte Carlo Shapley over permutations (Castro, Gomez, Tejada 2009) of the game
// v(S) = value of the converting journeys whose channel set is a subset of S. In one
// order of the channels, the marginal contribution of channel i is the value of the
// sets whose last member is i, so no 2^n table is needed. Blocks of orders have their
// own seeds and are summed in block order: the result does not depend on threads.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "mroi/data_driven.h"

namespace mroi {

namespace {

constexpr int kPermutationsPerBlock = 64;
constexpr size_t kValues = 3;  // conversions, revenue, gross profit

// The sets as flat arrays: members of set s are members[offsets[s]..offsets[s+1]).
struct FlatSets {
  std::vector<size_t> offsets{0};
  std::vector<int32_t> members;
  std::vector<double> values;  // kValues per set
};

// Per-block sums of the marginal contributions.
struct BlockSums {
  std::vector<double> sum;            // kValues per channel
  std::vector<double> sum_of_squares;  // conversions, per channel
};

uint64_t SplitMix64(uint64_t state) {
  state += 0x9E3779B97F4A7C15ULL;
  state = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9ULL;
  state = (state ^ (state >> 27)) * 0x94D049BB133111EBULL;
  return state ^ (state >> 31);
}

// Uniform integer in [0, bound), bound >= 1, by rejection: the same on every platform.
uint64_t UniformBelow(std::mt19937_64* rng, uint64_t bound) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  const uint64_t limit = max - (max % bound + 1) % bound;  // multiple of bound, - 1
  uint64_t draw = (*rng)();
  while (draw > limit) draw = (*rng)();
  return draw % bound;
}

BlockSums RunBlock(const FlatSets& sets, size_t n, uint64_t seed, int64_t block,
                   int count) {
  BlockSums sums{std::vector<double>(n * kValues, 0.0), std::vector<double>(n, 0.0)};
  std::mt19937_64 rng(SplitMix64(seed ^ SplitMix64(static_cast<uint64_t>(block))));
  std::vector<int32_t> order(n);
  std::vector<size_t> position(n);
  std::vector<double> marginal(n * kValues);
  const size_t num_sets = sets.offsets.size() - 1;
  for (int permutation = 0; permutation < count; ++permutation) {
    std::iota(order.begin(), order.end(), 0);
    for (size_t slot = n; slot > 1; --slot) {  // Fisher-Yates
      const auto pick = static_cast<size_t>(UniformBelow(&rng, slot));
      std::swap(order[slot - 1], order[pick]);
    }
    for (size_t slot = 0; slot < n; ++slot) position[static_cast<size_t>(order[slot])] = slot;
    std::fill(marginal.begin(), marginal.end(), 0.0);
    for (size_t set = 0; set < num_sets; ++set) {
      int32_t last = -1;
      size_t last_position = 0;
      for (size_t member = sets.offsets[set]; member < sets.offsets[set + 1]; ++member) {
        const int32_t id = sets.members[member];
        if (last < 0 || position[static_cast<size_t>(id)] > last_position) {
          last = id;
          last_position = position[static_cast<size_t>(id)];
        }
      }
      if (last < 0) continue;
      for (size_t k = 0; k < kValues; ++k) {
        marginal[static_cast<size_t>(last) * kValues + k] += sets.values[set * kValues + k];
      }
    }
    for (size_t channel = 0; channel < n; ++channel) {
      for (size_t k = 0; k < kValues; ++k) {
        sums.sum[channel * kValues + k] += marginal[channel * kValues + k];
      }
      const double conversions = marginal[channel * kValues];
      sums.sum_of_squares[channel] += conversions * conversions;
    }
  }
  return sums;
}

}  // namespace

Result<ShapleyResult> SolveShapleySampled(const ShapleyCounts& counts,
                                          const ShapleyOptions& options) {
  MROI_RETURN_IF_ERROR(counts.Validate());
  if (options.permutations < 2) {
    return InvalidArgument(fmt::format("Shapley permutations must be at least 2 (got {})",
                                       options.permutations));
  }
  if (options.threads < 0) {
    return InvalidArgument(
        fmt::format("Shapley threads must be >= 0 (got {})", options.threads));
  }
  const size_t n = counts.channels.size();
  // Ids renumbered by name rank, so that the result is indexed like `channels`.
  std::vector<int32_t> by_name(n);
  std::iota(by_name.begin(), by_name.end(), 0);
  std::sort(by_name.begin(), by_name.end(), [&](int32_t a, int32_t b) {
    return counts.channels[static_cast<size_t>(a)] <
           counts.channels[static_cast<size_t>(b)];
  });
  std::vector<int32_t> rank(n);
  for (size_t slot = 0; slot < n; ++slot) {
    rank[static_cast<size_t>(by_name[slot])] = static_cast<int32_t>(slot);
  }
  ShapleyResult result;
  result.method = "sampled";
  FlatSets sets;
  for (const auto& [set, value] : counts.by_set) {
    for (int32_t id : set) sets.members.push_back(rank[static_cast<size_t>(id)]);
    sets.offsets.push_back(sets.members.size());
    sets.values.insert(sets.values.end(), {value.conversions, value.revenue,
                                           value.gross_profit});
    result.total.conversions += value.conversions;
    result.total.revenue += value.revenue;
    result.total.gross_profit += value.gross_profit;
  }

  const int64_t blocks =
      (options.permutations + kPermutationsPerBlock - 1) / kPermutationsPerBlock;
  std::vector<BlockSums> block_sums(static_cast<size_t>(blocks));
  auto run = [&](int64_t block) {
    const int count = static_cast<int>(std::min<int64_t>(
        kPermutationsPerBlock, options.permutations - block * kPermutationsPerBlock));
    block_sums[static_cast<size_t>(block)] = RunBlock(sets, n, options.seed, block, count);
  };
  int64_t threads = options.threads;
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = std::clamp<int64_t>(threads, 1, blocks);
  if (threads == 1) {
    for (int64_t block = 0; block < blocks; ++block) run(block);
  } else {
    std::vector<std::thread> pool;
    for (int64_t worker = 0; worker < threads; ++worker) {
      pool.emplace_back([&, worker] {
        for (int64_t block = worker; block < blocks; block += threads) run(block);
      });
    }
    for (std::thread& thread : pool) thread.join();
  }

  std::vector<double> sum(n * kValues, 0.0);
  std::vector<double> sum_of_squares(n, 0.0);
  for (const BlockSums& block : block_sums) {  // block order: thread-independent
    for (size_t index = 0; index < sum.size(); ++index) sum[index] += block.sum[index];
    for (size_t channel = 0; channel < n; ++channel) {
      sum_of_squares[channel] += block.sum_of_squares[channel];
    }
  }
  const auto samples = static_cast<double>(options.permutations);
  for (size_t channel = 0; channel < n; ++channel) {
    result.channels.push_back(counts.channels[static_cast<size_t>(by_name[channel])]);
    const double mean = sum[channel * kValues] / samples;
    result.credit.push_back(Credit{mean, sum[channel * kValues + 1] / samples,
                                   sum[channel * kValues + 2] / samples});
    const double variance = std::max(
        0.0, (sum_of_squares[channel] - samples * mean * mean) / (samples - 1.0));
    result.standard_error.push_back(std::sqrt(variance / samples));
  }
  if (counts.empty.conversions > 0) {
    result.channels.push_back(options.none_label);
    result.credit.push_back(counts.empty);
    result.standard_error.push_back(0.0);
  }
  result.total.conversions += counts.empty.conversions;
  result.total.revenue += counts.empty.revenue;
  result.total.gross_profit += counts.empty.gross_profit;

  std::string reason;
  if (n > static_cast<size_t>(std::max(options.max_exact_channels, 0))) {
    reason = fmt::format(
        "{} channels is more than the exact Shapley limit of {} (the cost grows as "
        "2^n); ",
        n, options.max_exact_channels);
  }
  result.note = fmt::format(
      "{}estimated from {} sampled permutations (seed {}), standard errors given; the "
      "simplified Shapley model is exact for this game at any size",
      reason, options.permutations, options.seed);
  return result;
}

}  // namespace mroi
