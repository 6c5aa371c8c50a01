#pragma once

// The A/B-test section of the report (experiments_report.cc,
// html_experiments_section.cc).

#include <string>
#include <vector>

#include "mroi/report.h"
#include "report/json_internal.h"

namespace mroi::internal {

/// Find the experiments tagged in the data and read each out; one that cannot be
/// read out is kept with the reason in `skipped`, never an error.
std::vector<ExperimentReport> BuildExperimentReports(const PipelineResult& result,
                                                     const std::string& field);

/// report.json "experiments" (docs/report-json.md).
Json ExperimentsJson(const std::vector<ExperimentReport>& experiments);

/// report.html section 12.
std::string ExperimentsSection(const ReportData& data);

}  // namespace mroi::internal
