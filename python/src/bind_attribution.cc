// Attribution for mroi.attribute: the rule-based models of a run (the JSON of
// `mroi attribute --json`, via api::AttributionJson) and the data-driven models
// (markov, shapley, shapley_simplified, shapley_ordered) of a run or of aggregated
// paths, rendered by the CLI's own JSON writers.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>

#include "bindings.h"
#include "core_parts.h"
#include "mroi/aggregated_paths.h"
#include "mroi/api_analyses.h"
#include "mroi/report.h"
#include "mroi/data_driven.h"

namespace py = pybind11;

namespace mroi::python {
namespace {

/// The settings of a data-driven model (the flags of `mroi attribute`).
struct DataDrivenRequest {
  std::string model;
  int order = 1;
  bool keep_repeats = false;
  int permutations = 2000;
  uint64_t seed = 1;
};

Status CheckDataDriven(const DataDrivenRequest& request) {
  if (request.model != "markov" && request.model != "shapley" &&
      request.model != "shapley_simplified" && request.model != "shapley_ordered") {
    return InvalidArgument(fmt::format(
        "unknown data-driven model '{}': use markov, shapley, shapley_simplified or "
        "shapley_ordered",
        request.model));
  }
  if (request.model == "markov" && (request.order < 1 || request.order > kMaxMarkovOrder)) {
    return InvalidArgument(
        fmt::format("--order must be 1..{}, got {}", kMaxMarkovOrder, request.order));
  }
  if (request.permutations < 2) {
    return InvalidArgument(
        fmt::format("--permutations must be at least 2, got {}", request.permutations));
  }
  return Status::OK();
}

// The JSON of `mroi attribute --model <data-driven> --json` over journeys, or over
// aggregated paths counted directly (`paths` set and `journeys` null) as the CLI does.
Result<std::string> DataDrivenJson(const DataDrivenRequest& request, const Dataset* dataset,
                                   const Journeys* journeys, const AggregatedPaths* paths) {
  MROI_RETURN_IF_ERROR(CheckDataDriven(request));
  if (request.model == "markov") {
    MarkovOptions options;
    options.order = request.order;
    options.collapse_repeats = !request.keep_repeats;
    MarkovResult result;
    if (journeys == nullptr) {
      MROI_ASSIGN_OR_RETURN(MarkovCounts counts, CountMarkovPaths(*paths, options));
      MROI_ASSIGN_OR_RETURN(result, SolveMarkov(counts, options));
    } else {
      MROI_ASSIGN_OR_RETURN(result, MarkovAttribution(*dataset, *journeys, options));
    }
    return RenderMarkovJson(result);
  }
  ShapleyOptions options;
  options.permutations = request.permutations;
  options.seed = request.seed;
  options.threads = 0;
  if (request.model == "shapley_ordered") {
    MROI_ASSIGN_OR_RETURN(OrderedShapleyResult result,
                          OrderedShapleyAttribution(*dataset, *journeys, ShapleyOptions()));
    return RenderOrderedShapleyJson(result);
  }
  ShapleyCounts counts;
  if (journeys == nullptr) {
    MROI_ASSIGN_OR_RETURN(counts, CountShapleyPaths(*paths));
  } else {
    MROI_ASSIGN_OR_RETURN(counts, CountShapleySets(*dataset, *journeys));
  }
  MROI_ASSIGN_OR_RETURN(ShapleyResult result, request.model == "shapley_simplified"
                                                  ? SolveShapleySimplified(counts, options)
                                                  : SolveShapley(counts, options));
  return RenderShapleyJson(result, request.model);
}

DataDrivenRequest RequestOf(const std::string& model, int order, bool keep_repeats,
                            int permutations, uint64_t seed) {
  return {model, order, keep_repeats, permutations, seed};
}

}  // namespace

void RegisterAttribution(py::module_& m) {
  m.def(
      "attribution_json",
      [](const PipelineResult& run, const std::string& model, const std::string& period,
         double half_life_days) {
        api::AttributionQuery query;
        query.model = model;
        query.period = period;
        query.half_life_days = half_life_days;
        py::gil_scoped_release release;
        Result<std::string> json = api::AttributionJson(run, query);
        py::gil_scoped_acquire acquire;
        return Unwrap(std::move(json));
      },
      py::arg("run"), py::arg("model") = "all", py::arg("period") = "",
      py::arg("half_life_days") = 7.0,
      "The JSON of `mroi attribute --json --model M` (rule-based models) on `run`.");

  m.def(
      "data_driven_json",
      [](const PipelineResult& run, const std::string& model, int order, bool keep_repeats,
         int permutations, uint64_t seed) {
        DataDrivenRequest request = RequestOf(model, order, keep_repeats, permutations, seed);
        py::gil_scoped_release release;
        Result<std::string> json =
            DataDrivenJson(request, &run.dataset, &run.journeys, nullptr);
        py::gil_scoped_acquire acquire;
        return Unwrap(std::move(json));
      },
      py::arg("run"), py::arg("model"), py::arg("order") = 1, py::arg("keep_repeats") = false,
      py::arg("permutations") = 2000, py::arg("seed") = 1,
      "The JSON of `mroi attribute --model markov|shapley|shapley_simplified|"
      "shapley_ordered --json` on `run`.");

  m.def(
      "paths_data_driven_json",
      [](const std::string& csv_text, const std::string& source, const std::string& model,
         int order, bool keep_repeats, int permutations, uint64_t seed) {
        DataDrivenRequest request = RequestOf(model, order, keep_repeats, permutations, seed);
        py::gil_scoped_release release;
        Result<std::string> json = [&]() -> Result<std::string> {
          MROI_RETURN_IF_ERROR(CheckDataDriven(request));
          MROI_ASSIGN_OR_RETURN(AggregatedPaths paths, ParseAggregatedPaths(csv_text, source));
          if (model != "shapley_ordered") return DataDrivenJson(request, nullptr, nullptr, &paths);
          MROI_ASSIGN_OR_RETURN(PathJourneys expanded, ExpandAggregatedPaths(paths));
          return DataDrivenJson(request, &expanded.dataset, &expanded.journeys, &paths);
        }();
        py::gil_scoped_acquire acquire;
        return Unwrap(std::move(json));
      },
      py::arg("csv_text"), py::arg("source"), py::arg("model"), py::arg("order") = 1,
      py::arg("keep_repeats") = false, py::arg("permutations") = 2000, py::arg("seed") = 1,
      "The data-driven credit of aggregated paths given as CSV text (columns path, "
      "total_conversions, optionally total_conversion_value, total_null), as "
      "`mroi attribute --paths FILE --model M --json`; `source` names the input in errors.");
}

}  // namespace mroi::python
