#pragma once

// Test helper of the report layer: the demo data generated and run through the pipeline.

#include <filesystem>

#include "mroi/demo.h"
#include "mroi/ingest.h"
#include "mroi/pipeline.h"

namespace mroi::test_util {

/// Generate the small demo (seed 42) into `dir` (emptied first) and run the pipeline
/// on its data with default options.
inline Result<PipelineResult> RunDemoPipeline(const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  DemoOptions demo;
  demo.out_dir = dir.string();
  MROI_ASSIGN_OR_RETURN(DemoManifest manifest, GenerateDemo(demo));
  MROI_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, DiscoverInputs(manifest.data_dir));
  return RunPipeline(inputs, PipelineOptions());
}

}  // namespace mroi::test_util
