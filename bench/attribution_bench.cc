// All nine rule-based attribution models and path analysis over 10M touches.
//  - BM_AttributeAllModels/N: synthetic journeys of N touches in all (mean length 5),
//    every journey converting (the worst case: every touch is credited), touches
//    pointing at touchpoint rows in a scattered order as after a real ingest.
//  - BM_AnalyzePaths/N: path analysis of the same journeys.
//  - BM_AttributeFiles: when MROI_BENCH_DATA names a folder of input files (e.g.
//    bench/data/10000000 from bench/run.sh), runs the pipeline once, reports its
//    ingest seconds as a counter, and times the nine models on its journeys.
// Run: build-bench/bench/attribution_bench --benchmark_min_time=1
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "mroi/attribution.h"
#include "mroi/ingest.h"
#include "mroi/pipeline.h"

namespace {

constexpr int64_t kDay = 86400;
constexpr int kChannels = 10;
constexpr int kCampaignsPerChannel = 4;

// splitmix64: small, fast and the same everywhere.
struct Random {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) {
    return static_cast<int64_t>(Next() % static_cast<uint64_t>(n));
  }
};

struct Synthetic {
  mroi::Dataset dataset;
  mroi::IdentityResult identity;
  mroi::Journeys journeys;
};

// N touches in journeys of 1..9 touches, one person each, one lead per 3 persons.
const Synthetic& MakeSynthetic(int64_t touches) {
  static std::map<int64_t, Synthetic*> cache;
  if (auto found = cache.find(touches); found != cache.end()) return *found->second;
  auto* data = new Synthetic;
  Random random{42};
  mroi::StringId channels[kChannels];
  mroi::StringId campaigns[kChannels][kCampaignsPerChannel];
  const char* names[kChannels] = {
      "Direct",   "Organic Search", "Paid Search", "Paid Social",    "Email",
      "Referral", "Display",        "Affiliates",  "Organic Social", "Video"};
  for (int channel = 0; channel < kChannels; ++channel) {
    channels[channel] = data->dataset.strings.Intern(names[channel]);
    for (int campaign = 0; campaign < kCampaignsPerChannel; ++campaign) {
      campaigns[channel][campaign] = data->dataset.strings.Intern(
          std::string(names[channel]) + " campaign " + std::to_string(campaign));
    }
  }
  data->dataset.touchpoints.resize(static_cast<size_t>(touches));
  // Touch t of the journeys is touchpoint row (t * stride) mod N: a permutation that
  // scatters the rows, as a time-ordered file read by person would.
  int64_t stride = 2'654'435'761 % touches;
  while (std::gcd(stride, touches) != 1) ++stride;
  mroi::Journeys& journeys = data->journeys;
  int64_t touch = 0;
  int32_t person = 0;
  while (touch < touches) {
    const int64_t length = std::min<int64_t>(1 + random.Below(9), touches - touch);
    mroi::UnixSeconds time = 1'735'689'600 + random.Below(300 * kDay);
    for (int64_t step = 0; step < length; ++step, ++touch) {
      time += random.Below(3 * kDay);
      const int channel = static_cast<int>(random.Below(kChannels));
      const auto row = static_cast<int32_t>((touch * stride) % touches);
      mroi::Touchpoint& record = data->dataset.touchpoints[static_cast<size_t>(row)];
      record.timestamp = time;
      record.channel = channels[channel];
      record.utm_campaign = campaigns[channel][random.Below(kCampaignsPerChannel)];
      journeys.touch_channel.push_back(record.channel);
      journeys.touch_index.push_back(row);
      journeys.touch_time.push_back(time);
    }
    if (person % 3 == 0) {
      mroi::Lead lead;
      lead.timestamp = journeys.touch_time[static_cast<size_t>(touch - 1 - length / 2)];
      data->dataset.leads.push_back(lead);
      data->identity.lead_person.push_back(person);
    }
    journeys.offsets.push_back(touch);
    journeys.person.push_back(person);
    journeys.end.push_back(mroi::JourneyEnd::kConversion);
    journeys.end_index.push_back(-1);
    journeys.end_time.push_back(time + random.Below(kDay));
    const double revenue = static_cast<double>(50 + random.Below(500));
    journeys.revenue.push_back(revenue);
    journeys.gross_profit.push_back(revenue * 0.4);
    ++person;
  }
  data->identity.persons = person;
  cache[touches] = data;
  return *data;
}

void BM_AttributeAllModels(benchmark::State& state) {
  const Synthetic& data = MakeSynthetic(state.range(0));
  for (auto _ : state) {
    auto result = mroi::AttributeJourneys(data.dataset, data.identity, data.journeys, {});
    if (!result.ok()) state.SkipWithError(result.status().ToString().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["journeys"] = static_cast<double>(data.journeys.num_journeys());
}
BENCHMARK(BM_AttributeAllModels)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);

void BM_AnalyzePaths(benchmark::State& state) {
  const Synthetic& data = MakeSynthetic(state.range(0));
  for (auto _ : state) {
    auto result = mroi::AnalyzePaths(data.dataset, data.journeys);
    if (!result.ok()) state.SkipWithError(result.status().ToString().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AnalyzePaths)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond);

// The pipeline's output on real files, computed once.
void BM_AttributeFiles(benchmark::State& state) {
  const char* dir = std::getenv("MROI_BENCH_DATA");
  if (dir == nullptr) {
    state.SkipWithError("set MROI_BENCH_DATA to a folder of input files");
    return;
  }
  static mroi::PipelineResult* run = nullptr;
  if (run == nullptr) {
    auto inputs = mroi::DiscoverInputs(dir);
    if (!inputs.ok()) {
      state.SkipWithError(inputs.status().ToString().c_str());
      return;
    }
    auto result = mroi::RunPipeline(*inputs, mroi::PipelineOptions{});
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    run = new mroi::PipelineResult(std::move(result).value());
  }
  for (auto _ : state) {
    auto result = mroi::AttributeJourneys(run->dataset, run->identity, run->journeys, {});
    benchmark::DoNotOptimize(result);
  }
  state.counters["ingest_s"] = run->timings.ingest_s;
  state.counters["touchpoints"] = static_cast<double>(run->dataset.touchpoints.size());
  state.counters["journey_touches"] =
      static_cast<double>(run->journeys.touch_channel.size());
}
BENCHMARK(BM_AttributeFiles)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
