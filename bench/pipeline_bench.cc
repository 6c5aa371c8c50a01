// pipeline_bench DIR: runs ingest → clean → identity → journeys over the input files of
// DIR (as `mroi clean --data DIR` would), then the metrics and all nine rule-based
// attribution models, the exact Markov chains of order 1-4 and exact Shapley values, and
// prints one JSON line with the seconds of each stage, the
// rows read and kept, and the peak resident memory of the process.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "mroi/data_driven.h"
#include "mroi/mroi.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: pipeline_bench DIR\n");
    return 2;
  }
  auto inputs = mroi::DiscoverInputs(argv[1]);
  if (!inputs.ok()) {
    std::fprintf(stderr, "%s\n", inputs.status().ToString().c_str());
    return 2;
  }
  long long bytes = 0;
  for (const mroi::InputSpec& input : *inputs) {
    bytes += static_cast<long long>(std::filesystem::file_size(input.path));
  }
  auto result = mroi::RunPipeline(*inputs, mroi::PipelineOptions());
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
    return 2;
  }
  auto seconds_since = [](std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  auto metrics_start = std::chrono::steady_clock::now();
  auto metrics = mroi::ComputeMetrics(*result, mroi::MetricsOptions());
  const double metrics_s = seconds_since(metrics_start);
  if (!metrics.ok()) {
    std::fprintf(stderr, "%s\n", metrics.status().ToString().c_str());
    return 2;
  }
  auto attribution_start = std::chrono::steady_clock::now();
  auto attribution = mroi::AttributeJourneys(result->dataset, result->identity,
                                             result->journeys, mroi::AttributionOptions());
  const double attribution_s = seconds_since(attribution_start);
  if (!attribution.ok()) {
    std::fprintf(stderr, "%s\n", attribution.status().ToString().c_str());
    return 2;
  }
  double markov_s[5] = {0, 0, 0, 0, 0};
  for (int order = 1; order <= 4; ++order) {
    mroi::MarkovOptions markov_options;
    markov_options.order = order;
    auto markov_start = std::chrono::steady_clock::now();
    auto markov = mroi::MarkovAttribution(result->dataset, result->journeys, markov_options);
    markov_s[order] = seconds_since(markov_start);
    if (!markov.ok()) {
      std::fprintf(stderr, "%s\n", markov.status().ToString().c_str());
      return 2;
    }
  }
  auto shapley_start = std::chrono::steady_clock::now();
  auto shapley =
      mroi::ShapleyAttribution(result->dataset, result->journeys, mroi::ShapleyOptions());
  const double shapley_s = seconds_since(shapley_start);
  if (!shapley.ok()) {
    std::fprintf(stderr, "%s\n", shapley.status().ToString().c_str());
    return 2;
  }
  long long rows_in = 0;
  for (const mroi::InputFileInfo& file : result->dataset.files) rows_in += file.rows_in;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const mroi::StageTimings& t = result->timings;
  std::printf(
      "{\"bytes\":%lld,\"rows_in\":%lld,\"touchpoints_kept\":%zu,\"quarantined\":%zu,"
      "\"persons\":%lld,\"journeys\":%lld,\"ingest_s\":%.3f,\"clean_s\":%.3f,"
      "\"identity_s\":%.3f,\"journeys_s\":%.3f,\"ingest_clean_stitch_s\":%.3f,"
      "\"metrics_s\":%.3f,\"attribution_9_models_s\":%.3f,\"markov_order_s\":[%.3f,%.3f,%.3f,%.3f],"
      "\"shapley_s\":%.3f,\"peak_rss_mb\":%.1f}\n",
      bytes, rows_in, result->dataset.touchpoints.size(), result->dataset.quarantine.size(),
      static_cast<long long>(result->identity.persons),
      static_cast<long long>(result->journeys.num_journeys()), t.ingest_s, t.clean_s,
      t.identity_s, t.journeys_s, t.ingest_s + t.clean_s + t.identity_s, metrics_s, attribution_s,
      markov_s[1], markov_s[2], markov_s[3], markov_s[4], shapley_s,
      static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
