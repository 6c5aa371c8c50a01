// mroi attribute --model markov|shapley|shapley_simplified|shapley_ordered: the
// exact data-driven models over the pipeline's journeys or aggregated paths, with
// bootstrap intervals under --ci.
#include <fmt/format.h>

#include <optional>
#include <vector>

#include "mroi/data_driven.h"

#include "attribute_input.h"
#include "commands.h"
#include "data_driven_output.h"

namespace mroi::cli {

namespace {

// Channel credit of a Shapley-type result as the bootstrap takes it.
std::vector<ChannelCredit> ToChannelCredit(const std::vector<std::string>& channels,
                                           const std::vector<Credit>& credit) {
  std::vector<ChannelCredit> out;
  for (size_t i = 0; i < channels.size(); ++i) out.push_back({channels[i], credit[i]});
  return out;
}

Status CheckFlags(const AttributeFlags& flags) {
  const bool markov = flags.model == "markov";
  if (markov && (flags.order < 1 || flags.order > kMaxMarkovOrder)) {
    return InvalidArgument(
        fmt::format("--order must be 1..{}, got {}", kMaxMarkovOrder, flags.order));
  }
  if (!markov && flags.order_given) {
    return InvalidArgument(
        "--order, --keep-repeats and --transitions apply only to --model markov");
  }
  if (flags.permutations_given && flags.model != "shapley") {
    return InvalidArgument("--permutations applies only to --model shapley");
  }
  if (flags.permutations < 2) {
    return InvalidArgument(
        fmt::format("--permutations must be at least 2, got {}", flags.permutations));
  }
  if (flags.ci && flags.bootstrap < 1) {
    return InvalidArgument(
        fmt::format("--bootstrap must be at least 1 replicate, got {}", flags.bootstrap));
  }
  return Status::OK();
}

int RunMarkov(const AttributeFlags& flags, const AttributeInput& input,
              const BootstrapOptions& bootstrap) {
  MarkovOptions options;
  options.order = flags.order;
  options.collapse_repeats = !flags.keep_repeats;
  Result<MarkovResult> result = [&]() -> Result<MarkovResult> {
    if (!input.expanded && input.paths) {  // count the paths directly, no expansion
      MROI_ASSIGN_OR_RETURN(MarkovCounts counts, CountMarkovPaths(*input.paths, options));
      return SolveMarkov(counts, options);
    }
    return MarkovAttribution(input.dataset(), input.journeys(), options);
  }();
  if (!result.ok()) return ReportError(result.status());
  std::optional<std::vector<ChannelInterval>> intervals;
  if (flags.ci) {
    auto found = BootstrapMarkov(input.dataset(), input.journeys(), options, bootstrap);
    if (!found.ok()) return ReportError(found.status());
    intervals = std::move(found).value();
  }
  const std::vector<ChannelInterval>* shown = intervals ? &*intervals : nullptr;
  fmt::print("{}", flags.run.json ? RenderMarkovJson(*result, shown) + "\n"
                                  : RenderMarkovText(*result, shown, flags.transitions));
  return 0;
}

int RunShapley(const AttributeFlags& flags, const AttributeInput& input,
               const BootstrapOptions& bootstrap) {
  const bool simplified = flags.model == "shapley_simplified";
  ShapleyOptions options;
  options.permutations = flags.permutations;
  options.seed = flags.seed;
  options.threads = 0;  // the point estimate may use every core
  Result<ShapleyCounts> counts = !input.expanded && input.paths
                                     ? CountShapleyPaths(*input.paths)
                                     : CountShapleySets(input.dataset(), input.journeys());
  if (!counts.ok()) return ReportError(counts.status());
  auto result = simplified ? SolveShapleySimplified(*counts, options)
                           : SolveShapley(*counts, options);
  if (!result.ok()) return ReportError(result.status());
  if (!result->note.empty() && !flags.run.json) fmt::print(stderr, "note: {}\n", result->note);
  std::optional<std::vector<ChannelInterval>> intervals;
  if (flags.ci) {
    ShapleyOptions per_replicate = options;
    per_replicate.threads = 1;  // the replicates already run in parallel
    Result<std::vector<ChannelInterval>> found =
        simplified
            ? BootstrapCredit(
                  input.journeys(),
                  [&](const Journeys& journeys) -> Result<std::vector<ChannelCredit>> {
                    MROI_ASSIGN_OR_RETURN(
                        ShapleyResult r,
                        ShapleySimplifiedAttribution(input.dataset(), journeys, per_replicate));
                    return ToChannelCredit(r.channels, r.credit);
                  },
                  bootstrap)
            : BootstrapShapley(input.dataset(), input.journeys(), per_replicate, bootstrap);
    if (!found.ok()) return ReportError(found.status());
    intervals = std::move(found).value();
  }
  const std::vector<ChannelInterval>* shown = intervals ? &*intervals : nullptr;
  fmt::print("{}", flags.run.json ? RenderShapleyJson(*result, flags.model, shown) + "\n"
                                  : RenderShapleyText(*result, flags.model, shown));
  return 0;
}

int RunOrderedShapley(const AttributeFlags& flags, const AttributeInput& input,
                      const BootstrapOptions& bootstrap) {
  ShapleyOptions options;
  auto result = OrderedShapleyAttribution(input.dataset(), input.journeys(), options);
  if (!result.ok()) return ReportError(result.status());
  std::optional<std::vector<ChannelInterval>> intervals;
  if (flags.ci) {
    auto found = BootstrapCredit(
        input.journeys(),
        [&](const Journeys& journeys) -> Result<std::vector<ChannelCredit>> {
          MROI_ASSIGN_OR_RETURN(OrderedShapleyResult r,
                                OrderedShapleyAttribution(input.dataset(), journeys, options));
          return ToChannelCredit(r.channels, r.credit);
        },
        bootstrap);
    if (!found.ok()) return ReportError(found.status());
    intervals = std::move(found).value();
  }
  const std::vector<ChannelInterval>* shown = intervals ? &*intervals : nullptr;
  fmt::print("{}", flags.run.json ? RenderOrderedShapleyJson(*result, shown) + "\n"
                                  : RenderOrderedShapleyText(*result, shown));
  return 0;
}

}  // namespace

int RunDataDriven(const AttributeFlags& flags) {
  if (Status status = CheckFlags(flags); !status.ok()) return ReportError(status);
  // Aggregated paths are counted directly unless journeys are needed: for the
  // bootstrap (it resamples journeys) and for the ordered Shapley values.
  const bool need_journeys = flags.ci || flags.model == "shapley_ordered";
  auto input = LoadAttributeInput(flags, need_journeys);
  if (!input.ok()) return ReportError(input.status());
  BootstrapOptions bootstrap;
  bootstrap.replicates = flags.bootstrap;
  bootstrap.seed = flags.seed;
  if (flags.model == "markov") return RunMarkov(flags, *input, bootstrap);
  if (flags.model == "shapley_ordered") return RunOrderedShapley(flags, *input, bootstrap);
  return RunShapley(flags, *input, bootstrap);
}

}  // namespace mroi::cli
