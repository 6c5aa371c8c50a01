// RunPipeline: ingest → clean → identity → journeys, timed stage by stage;
// RunPipelineOnDataset: the same from clean on, over rows already read.
#include "mroi/pipeline.h"

#include <chrono>
#include <utility>

namespace mroi {

namespace {

class Stopwatch {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

void Announce(const PipelineOptions& options, const char* stage) {
  if (options.on_stage) options.on_stage(stage);
}

}  // namespace

Result<PipelineResult> RunPipeline(const std::vector<InputSpec>& inputs,
                                   const PipelineOptions& options) {
  if (inputs.empty()) {
    return InvalidArgument("no input files: give --data DIR or --touchpoints FILE ...");
  }
  PipelineResult result;
  Announce(options, "ingest");
  Stopwatch ingest_watch;
  for (const InputSpec& input : inputs) {
    MROI_RETURN_IF_ERROR(ReadInput(input, options.ingest, &result.dataset));
  }
  const double ingest_s = ingest_watch.Seconds();
  MROI_ASSIGN_OR_RETURN(result, RunPipelineOnDataset(std::move(result.dataset), options));
  result.timings.ingest_s = ingest_s;
  return result;
}

Result<PipelineResult> RunPipelineOnDataset(Dataset dataset, const PipelineOptions& options) {
  PipelineResult result;
  result.dataset = std::move(dataset);
  Announce(options, "clean");
  Stopwatch clean_watch;
  MROI_RETURN_IF_ERROR(Clean(options.clean, &result.dataset));
  result.timings.clean_s = clean_watch.Seconds();

  Announce(options, "identity");
  Stopwatch identity_watch;
  MROI_ASSIGN_OR_RETURN(result.identity, StitchIdentities(options.identity, &result.dataset));
  result.timings.identity_s = identity_watch.Seconds();

  Announce(options, "journeys");
  Stopwatch journeys_watch;
  MROI_ASSIGN_OR_RETURN(result.journeys,
                        BuildJourneys(result.dataset, result.identity, options.journeys));
  result.timings.journeys_s = journeys_watch.Seconds();
  return result;
}

std::map<std::string, int64_t> CountChanges(const Dataset& dataset) {
  std::map<std::string, int64_t> counts = {
      {"utm_normalised", 0}, {"imputed", 0}, {"refund_netted", 0}, {"click_without_session", 0}};
  for (const RowChange& change : dataset.changes) ++counts[std::string(RuleName(change.rule))];
  return counts;
}

}  // namespace mroi
