// Loading the journeys of `mroi attribute`: the pipeline's, or aggregated paths.
#include "attribute_input.h"

#include "console.h"

namespace mroi::cli {

Result<AttributeInput> LoadAttributeInput(const AttributeFlags& flags, bool need_journeys) {
  AttributeInput input;
  if (!flags.paths_file.empty()) {
    if (HasRunInputs(flags.run)) {
      return InvalidArgument(
          "--paths replaces the input data: do not give --workspace, --data or per-kind input "
          "files with it");
    }
    MROI_ASSIGN_OR_RETURN(AggregatedPaths paths, ReadAggregatedPaths(flags.paths_file));
    if (need_journeys) {
      MROI_ASSIGN_OR_RETURN(PathJourneys expanded, ExpandAggregatedPaths(paths));
      input.expanded = std::move(expanded);
    }
    input.paths = std::move(paths);
    return input;
  }
  Progress progress(!flags.run.json && !flags.run.quiet);
  MROI_ASSIGN_OR_RETURN(PipelineResult result, RunFromFlags(flags.run, &progress));
  input.run = std::move(result);
  return input;
}

bool IsDataDrivenModel(const std::string& model) {
  return model == "markov" || model == "shapley" || model == "shapley_simplified" ||
         model == "shapley_ordered";
}

}  // namespace mroi::cli
