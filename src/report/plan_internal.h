#pragma once

// The budget-planning section of the report (plan_report.cc, plan_json.cc,
// html_plan_section.cc).

#include <string>

#include "mroi/report.h"
#include "report/json_internal.h"

namespace mroi::internal {

/// Plan towards the revenue goal on the measured history and fit the marketing-mix
/// model when the weekly history allows; what cannot be planned is said in
/// funnel_skipped / mmm_skipped, never an error.
PlanReport BuildPlanReport(const PipelineResult& result, const ReportOptions& options,
                           const MetricsReport& metrics);

/// report.json "plan" (docs/report-json.md).
Json PlanJson(const PlanReport& plan);

/// report.html section 11.
std::string PlanSection(const ReportData& data);

}  // namespace mroi::internal
