// Bootstrap confidence intervals of the Markov and Shapley credit: resample persons
// with replacement, re-run the model per replicate on worker threads, and take
// percentiles and standard errors of each channel's credit.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mroi/data_driven.h"

namespace mroi {

namespace {

// The resampling units: the journeys of one person (in journey order), or one
// journey of person -1. Units are ordered by their first journey.
using Units = std::vector<std::vector<int64_t>>;

Units GroupByPerson(const Journeys& journeys) {
  Units units;
  std::unordered_map<int32_t, size_t> unit_of_person;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    int32_t person = journeys.person[static_cast<size_t>(journey)];
    if (person < 0) {
      units.push_back({journey});
      continue;
    }
    auto [it, inserted] = unit_of_person.emplace(person, units.size());
    if (inserted) units.emplace_back();
    units[it->second].push_back(journey);
  }
  return units;
}

// Seed of replicate `replicate`: the splitmix64 finaliser of (seed, replicate), so
// neighbouring replicates get unrelated generators.
uint64_t ReplicateSeed(uint64_t seed, int replicate) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (static_cast<uint64_t>(replicate) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Uniform integer in [0, n), n >= 1, by rejection: the same on every platform
// (std::uniform_int_distribution is implementation-defined).
uint64_t UniformBelow(std::mt19937_64* rng, uint64_t n) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  const uint64_t limit = max - (max % n + 1) % n;  // largest multiple of n, minus 1
  uint64_t x = (*rng)();
  while (x > limit) x = (*rng)();
  return x % n;
}

// Copy the journeys of `units.size()` units drawn with replacement.
Journeys Resample(const Journeys& journeys, const Units& units, uint64_t seed, int replicate) {
  Journeys out;
  if (units.empty()) return out;
  std::mt19937_64 rng(ReplicateSeed(seed, replicate));
  const uint64_t n = units.size();
  for (uint64_t draw = 0; draw < n; ++draw) {
    for (int64_t journey : units[UniformBelow(&rng, n)]) {
      const size_t j = static_cast<size_t>(journey);
      const auto begin = static_cast<size_t>(journeys.offsets[j]);
      const auto end = static_cast<size_t>(journeys.offsets[j + 1]);
      out.touch_channel.insert(out.touch_channel.end(), journeys.touch_channel.begin() + begin,
                               journeys.touch_channel.begin() + end);
      out.touch_index.insert(out.touch_index.end(), journeys.touch_index.begin() + begin,
                             journeys.touch_index.begin() + end);
      out.touch_time.insert(out.touch_time.end(), journeys.touch_time.begin() + begin,
                            journeys.touch_time.begin() + end);
      out.offsets.push_back(static_cast<int64_t>(out.touch_channel.size()));
      out.person.push_back(journeys.person[j]);
      out.end.push_back(journeys.end[j]);
      out.end_index.push_back(journeys.end_index[j]);
      out.end_time.push_back(journeys.end_time[j]);
      out.revenue.push_back(journeys.revenue[j]);
      out.gross_profit.push_back(journeys.gross_profit[j]);
    }
  }
  return out;
}

// A model run: channel names and their credit, parallel.
struct Credited {
  std::vector<std::string> channels;
  std::vector<Credit> credit;
};
using Model = std::function<Result<Credited>(const Journeys&)>;

// Linear interpolation between order statistics at position p (B - 1).
double Percentile(const std::vector<double>& sorted, double p) {
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

// Standard deviation with the B - 1 divisor (0 for one replicate).
double StandardError(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  double mean = 0;
  for (double value : values) mean += value;
  mean /= static_cast<double>(values.size());
  double squares = 0;
  for (double value : values) squares += (value - mean) * (value - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

Result<std::vector<ChannelInterval>> Bootstrap(const Journeys& journeys, const Model& model,
                                               const BootstrapOptions& options) {
  if (options.replicates < 1) {
    return InvalidArgument(
        fmt::format("bootstrap needs at least 1 replicate, got {}", options.replicates));
  }
  if (!(options.level > 0 && options.level < 1)) {
    return InvalidArgument(
        fmt::format("bootstrap level must lie in (0, 1), got {}", options.level));
  }
  if (options.threads < 0) {
    return InvalidArgument(
        fmt::format("bootstrap threads must be >= 0, got {}", options.threads));
  }
  auto point = model(journeys);
  if (!point.ok()) return point.status();
  const Units units = GroupByPerson(journeys);

  const int replicates = options.replicates;
  int threads = options.threads;
  if (threads == 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, replicates);

  std::vector<Result<Credited>> results(static_cast<size_t>(replicates),
                                        Result<Credited>(Internal("replicate not run")));
  auto work = [&](int worker) {
    for (int r = worker; r < replicates; r += threads) {
      results[static_cast<size_t>(r)] = model(Resample(journeys, units, options.seed, r));
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(threads));
    for (int worker = 0; worker < threads; ++worker) pool.emplace_back(work, worker);
    for (std::thread& thread : pool) thread.join();
  }

  const size_t channels = point->channels.size();
  std::map<std::string, size_t> index;
  for (size_t c = 0; c < channels; ++c) index.emplace(point->channels[c], c);
  // conversions[c][r], revenue[c][r]; channels absent from a replicate stay 0.
  std::vector<std::vector<double>> conversions(
      channels, std::vector<double>(static_cast<size_t>(replicates), 0.0));
  std::vector<std::vector<double>> revenue = conversions;
  for (size_t r = 0; r < results.size(); ++r) {
    if (!results[r].ok()) return results[r].status();
    const Credited& replicate = *results[r];
    for (size_t c = 0; c < replicate.channels.size(); ++c) {
      auto found = index.find(replicate.channels[c]);
      if (found == index.end()) continue;  // cannot happen: a resample adds no channel
      conversions[found->second][r] = replicate.credit[c].conversions;
      revenue[found->second][r] = replicate.credit[c].revenue;
    }
  }

  const double alpha = (1 - options.level) / 2;
  std::vector<ChannelInterval> out;
  out.reserve(channels);
  for (size_t c = 0; c < channels; ++c) {
    ChannelInterval interval;
    interval.channel = point->channels[c];
    interval.conversions_se = StandardError(conversions[c]);
    interval.revenue_se = StandardError(revenue[c]);
    std::sort(conversions[c].begin(), conversions[c].end());
    std::sort(revenue[c].begin(), revenue[c].end());
    interval.conversions_low = Percentile(conversions[c], alpha);
    interval.conversions_high = Percentile(conversions[c], 1 - alpha);
    interval.revenue_low = Percentile(revenue[c], alpha);
    interval.revenue_high = Percentile(revenue[c], 1 - alpha);
    out.push_back(std::move(interval));
  }
  return out;
}

}  // namespace

Journeys ResampleJourneysByPerson(const Journeys& journeys, uint64_t seed, int replicate) {
  return Resample(journeys, GroupByPerson(journeys), seed, replicate);
}

Result<std::vector<ChannelInterval>> BootstrapMarkov(const Dataset& dataset,
                                                     const Journeys& journeys,
                                                     const MarkovOptions& options,
                                                     const BootstrapOptions& bootstrap) {
  Model model = [&](const Journeys& sample) -> Result<Credited> {
    auto result = MarkovAttribution(dataset, sample, options);
    if (!result.ok()) return result.status();
    return Credited{std::move(result->channels), std::move(result->credit)};
  };
  return Bootstrap(journeys, model, bootstrap);
}

Result<std::vector<ChannelInterval>> BootstrapShapley(const Dataset& dataset,
                                                      const Journeys& journeys,
                                                      const ShapleyOptions& options,
                                                      const BootstrapOptions& bootstrap) {
  Model model = [&](const Journeys& sample) -> Result<Credited> {
    auto result = ShapleyAttribution(dataset, sample, options);
    if (!result.ok()) return result.status();
    return Credited{std::move(result->channels), std::move(result->credit)};
  };
  return Bootstrap(journeys, model, bootstrap);
}

}  // namespace mroi
