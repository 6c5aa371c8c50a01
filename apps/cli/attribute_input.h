#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "mroi/data_driven.h"
#include "mroi/pipeline.h"

#include "run_options.h"

// The flags of `mroi attribute` and the journeys it runs on, shared by its
// rule-based (attribute_command.cc) and data-driven (data_driven_command.cc) halves.
namespace mroi::cli {

/// Every flag of `mroi attribute`.
struct AttributeFlags {
  RunFlags run;
  std::string model = "all";
  double half_life_days = 7;
  int order = 1;                  // --order, markov only
  bool keep_repeats = false;      // --keep-repeats, markov only
  bool transitions = false;       // --transitions, markov order 1 text output
  bool order_given = false;       // --order, --keep-repeats or --transitions given
  int permutations = 2000;        // --permutations of sampled Shapley
  bool permutations_given = false;
  std::string paths_file;         // --paths: aggregated paths instead of the pipeline
  bool ci = false;                // --ci: bootstrap intervals
  int bootstrap = 200;            // --bootstrap B replicates
  uint64_t seed = 1;              // --seed of the bootstrap and of sampled Shapley
};

/// The journeys an attribution runs on: the pipeline's, or those of --paths (then
/// `run` is empty and there are no costs). `paths` keeps the parsed rows, so that
/// the data-driven models can count them directly; `expanded` holds them as one
/// journey per conversion and per null, built only when a model needs journeys.
struct AttributeInput {
  std::optional<PipelineResult> run;
  std::optional<AggregatedPaths> paths;
  std::optional<PathJourneys> expanded;
  const Dataset& dataset() const { return run ? run->dataset : expanded->dataset; }
  const IdentityResult& identity() const { return run ? run->identity : expanded->identity; }
  const Journeys& journeys() const { return run ? run->journeys : expanded->journeys; }
};

/// Load the input: --paths FILE (expanded into journeys when `need_journeys`), or
/// the pipeline over --data / the per-kind flags. kInvalidArgument when --paths
/// comes with other input flags; errors of reading and running otherwise.
Result<AttributeInput> LoadAttributeInput(const AttributeFlags& flags, bool need_journeys);

/// Whether `model` names a data-driven model (markov, shapley, shapley_simplified,
/// shapley_ordered).
bool IsDataDrivenModel(const std::string& model);

/// `mroi attribute --model markov|shapley|shapley_simplified|shapley_ordered`: the
/// exact data-driven models, with bootstrap intervals under --ci. Returns the exit
/// code.
int RunDataDriven(const AttributeFlags& flags);

}  // namespace mroi::cli
