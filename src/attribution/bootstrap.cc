// Bootstrap confidence intervals of any model's channel credit: resample persons
// with replacement, re-run the model(s) per replicate on worker threads, and take
// percentiles and standard errors of each channel's credit.
#include "mroi/bootstrap.h"

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

#include <fmt/format.h>

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
Journeys Resample(const Journeys& journeys, const Units& units, uint64_t seed,
                  int replicate) {
  Journeys out;
  if (units.empty()) return out;
  std::mt19937_64 rng(ReplicateSeed(seed, replicate));
  const uint64_t n = units.size();
  for (uint64_t draw = 0; draw < n; ++draw) {
    for (int64_t journey : units[UniformBelow(&rng, n)]) {
      const size_t j = static_cast<size_t>(journey);
      const auto begin = static_cast<size_t>(journeys.offsets[j]);
      const auto end = static_cast<size_t>(journeys.offsets[j + 1]);
      out.touch_channel.insert(out.touch_channel.end(),
                               journeys.touch_channel.begin() + begin,
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

Status CheckOptions(const BootstrapOptions& options) {
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
  return Status::OK();
}

// The replicate values of every (model, channel) of the point estimate:
// conversions[model][channel][replicate], revenue likewise. Channels absent from a
// replicate stay 0.
struct Replicates {
  std::vector<std::map<std::string, size_t>> channel_index;  // per model
  std::vector<std::vector<std::vector<double>>> conversions;
  std::vector<std::vector<std::vector<double>>> revenue;

  Replicates(const std::vector<std::vector<ChannelCredit>>& point, int replicates) {
    for (const std::vector<ChannelCredit>& model : point) {
      std::map<std::string, size_t> index;
      for (size_t c = 0; c < model.size(); ++c) index.emplace(model[c].channel, c);
      channel_index.push_back(std::move(index));
      conversions.emplace_back(model.size(),
                               std::vector<double>(static_cast<size_t>(replicates), 0.0));
    }
    revenue = conversions;
  }

  // Store replicate `r` (each thread writes only its own replicates' slots).
  Status Store(int r, const std::vector<std::vector<ChannelCredit>>& replicate) {
    if (replicate.size() != channel_index.size()) {
      return Internal(
          fmt::format("bootstrap replicate {} returned {} models, expected {}", r,
                      replicate.size(), channel_index.size()));
    }
    const auto slot = static_cast<size_t>(r);
    for (size_t m = 0; m < replicate.size(); ++m) {
      for (const ChannelCredit& entry : replicate[m]) {
        auto found = channel_index[m].find(entry.channel);
        if (found == channel_index[m].end()) continue;  // not in the point estimate
        conversions[m][found->second][slot] = entry.credit.conversions;
        revenue[m][found->second][slot] = entry.credit.revenue;
      }
    }
    return Status::OK();
  }
};

// Run replicate r on worker (r mod threads); every replicate's status is kept so
// that the first error in replicate order is returned whatever the threads.
Status RunReplicates(const Journeys& journeys, const CreditModels& models,
                     const BootstrapOptions& options, Replicates* out) {
  const Units units = GroupByPerson(journeys);
  const int replicates = options.replicates;
  int threads = options.threads;
  if (threads == 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, replicates);
  std::vector<Status> statuses(static_cast<size_t>(replicates));
  auto work = [&](int worker) {
    for (int r = worker; r < replicates; r += threads) {
      auto credit = models(Resample(journeys, units, options.seed, r));
      statuses[static_cast<size_t>(r)] =
          credit.ok() ? out->Store(r, *credit) : credit.status();
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
  for (const Status& status : statuses) MROI_RETURN_IF_ERROR(status);
  return Status::OK();
}

// Percentiles and standard errors of one channel's replicates (sorted in place).
ChannelInterval Summarise(std::string channel, std::vector<double>* conversions,
                          std::vector<double>* revenue, double level) {
  const double alpha = (1 - level) / 2;
  ChannelInterval interval;
  interval.channel = std::move(channel);
  interval.conversions_se = StandardError(*conversions);
  interval.revenue_se = StandardError(*revenue);
  std::sort(conversions->begin(), conversions->end());
  std::sort(revenue->begin(), revenue->end());
  interval.conversions_low = Percentile(*conversions, alpha);
  interval.conversions_high = Percentile(*conversions, 1 - alpha);
  interval.revenue_low = Percentile(*revenue, alpha);
  interval.revenue_high = Percentile(*revenue, 1 - alpha);
  return interval;
}

}  // namespace

Journeys ResampleJourneysByPerson(const Journeys& journeys, uint64_t seed,
                                  int replicate) {
  return Resample(journeys, GroupByPerson(journeys), seed, replicate);
}

Result<std::vector<std::vector<ChannelInterval>>> BootstrapCreditModels(
    const Journeys& journeys, const CreditModels& models,
    const BootstrapOptions& bootstrap) {
  MROI_RETURN_IF_ERROR(CheckOptions(bootstrap));
  MROI_ASSIGN_OR_RETURN(std::vector<std::vector<ChannelCredit>> point, models(journeys));
  Replicates replicates(point, bootstrap.replicates);
  MROI_RETURN_IF_ERROR(RunReplicates(journeys, models, bootstrap, &replicates));
  std::vector<std::vector<ChannelInterval>> out(point.size());
  for (size_t m = 0; m < point.size(); ++m) {
    out[m].reserve(point[m].size());
    for (size_t c = 0; c < point[m].size(); ++c) {
      out[m].push_back(Summarise(point[m][c].channel, &replicates.conversions[m][c],
                                 &replicates.revenue[m][c], bootstrap.level));
    }
  }
  return out;
}

Result<std::vector<ChannelInterval>> BootstrapCredit(const Journeys& journeys,
                                                     const CreditModel& model,
                                                     const BootstrapOptions& bootstrap) {
  CreditModels one =
      [&model](
          const Journeys& sample) -> Result<std::vector<std::vector<ChannelCredit>>> {
    MROI_ASSIGN_OR_RETURN(std::vector<ChannelCredit> credit, model(sample));
    std::vector<std::vector<ChannelCredit>> out;
    out.push_back(std::move(credit));
    return out;
  };
  MROI_ASSIGN_OR_RETURN(auto intervals, BootstrapCreditModels(journeys, one, bootstrap));
  return std::move(intervals.front());
}

namespace {

// Channel names and their parallel credit as a ChannelCredit list.
std::vector<ChannelCredit> Zip(std::vector<std::string> channels,
                               const std::vector<Credit>& credit) {
  std::vector<ChannelCredit> out(channels.size());
  for (size_t c = 0; c < channels.size() && c < credit.size(); ++c) {
    out[c] = {std::move(channels[c]), credit[c]};
  }
  return out;
}

}  // namespace

Result<std::vector<ChannelInterval>> BootstrapMarkov(const Dataset& dataset,
                                                     const Journeys& journeys,
                                                     const MarkovOptions& options,
                                                     const BootstrapOptions& bootstrap) {
  CreditModel model = [&](const Journeys& sample) -> Result<std::vector<ChannelCredit>> {
    MROI_ASSIGN_OR_RETURN(MarkovResult result,
                          MarkovAttribution(dataset, sample, options));
    return Zip(std::move(result.channels), result.credit);
  };
  return BootstrapCredit(journeys, model, bootstrap);
}

Result<std::vector<ChannelInterval>> BootstrapShapley(const Dataset& dataset,
                                                      const Journeys& journeys,
                                                      const ShapleyOptions& options,
                                                      const BootstrapOptions& bootstrap) {
  CreditModel model = [&](const Journeys& sample) -> Result<std::vector<ChannelCredit>> {
    MROI_ASSIGN_OR_RETURN(ShapleyResult result,
                          ShapleyAttribution(dataset, sample, options));
    return Zip(std::move(result.channels), result.credit);
  };
  return BootstrapCredit(journeys, model, bootstrap);
}

Result<std::vector<ModelIntervals>> BootstrapRuleModels(
    const Dataset& dataset, const IdentityResult& identity, const Journeys& journeys,
    const AttributionOptions& options, const BootstrapOptions& bootstrap) {
  CreditModels models =
      [&](const Journeys& sample) -> Result<std::vector<std::vector<ChannelCredit>>> {
    MROI_ASSIGN_OR_RETURN(AttributionResult result,
                          AttributeJourneys(dataset, identity, sample, options));
    std::vector<std::vector<ChannelCredit>> out;
    out.reserve(result.models.size());
    for (const ModelCredit& model : result.models) {
      out.push_back(Zip(result.channels, model.channels));
    }
    return out;
  };
  MROI_ASSIGN_OR_RETURN(auto intervals,
                        BootstrapCreditModels(journeys, models, bootstrap));
  std::vector<ModelIntervals> out;
  out.reserve(intervals.size());
  for (size_t m = 0; m < intervals.size() && m < options.models.size(); ++m) {
    out.push_back({options.models[m],
                   std::string(AttributionModelName(options.models[m])),
                   std::move(intervals[m])});
  }
  return out;
}

}  // namespace mroi
