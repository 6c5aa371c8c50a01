// BuildReport(): gather every figure of the report from one pipeline run.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

#include "mroi/report.h"
#include "report/data_driven_internal.h"
#include "report/experiments_internal.h"
#include "report/plan_internal.h"

namespace mroi {

namespace {

// The most frequent conversion currency as a symbol; "$" when none is given.
std::string DetectCurrency(const Dataset& dataset) {
  std::map<std::string_view, int64_t> counts;
  for (const Conversion& conversion : dataset.conversions) {
    std::string_view code = dataset.str(conversion.currency);
    if (!code.empty()) ++counts[code];
  }
  std::string_view best;
  int64_t best_count = 0;
  for (const auto& [code, count] : counts) {
    if (count > best_count) {
      best = code;
      best_count = count;
    }
  }
  if (best.empty() || best == "USD") return "$";
  if (best == "EUR") return "€";
  if (best == "GBP") return "£";
  if (best == "JPY" || best == "CNY") return "¥";
  return fmt::format("{} ", best);
}

std::string NowUtc() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M UTC", &utc);
  return buffer;
}

void FillCleaning(const PipelineResult& result, const ReportOptions& options,
                  ReportData* data) {
  const Dataset& dataset = result.dataset;
  data->files = AccountFiles(dataset);
  for (const FileAccount& account : data->files) {
    for (const auto& [rule, count] : account.by_rule) data->rules[rule] += count;
  }
  data->changes = CountChanges(dataset);
  data->identity_ids = result.identity.ids;
  data->identity_persons = result.identity.persons;
  for (const RowIssue& issue : dataset.quarantine) {
    if (static_cast<int64_t>(data->quarantine_sample.size()) >= options.max_quarantine_rows) {
      break;
    }
    auto file = static_cast<size_t>(issue.origin.file);
    data->quarantine_sample.push_back(
        {file < dataset.files.size() ? dataset.files[file].path : "", issue.origin.line,
         std::string(RuleName(issue.rule)), issue.message});
  }
}

Status FillAttribution(const PipelineResult& result, const ReportOptions& options,
                       ReportData* data) {
  AttributionOptions attribution = options.attribution;
  if (std::find(attribution.models.begin(), attribution.models.end(),
                AttributionModel::kLast) == attribution.models.end()) {
    attribution.models.push_back(AttributionModel::kLast);
  }
  // With a period, credit the conversions of that period only, so that credit and the
  // period's costs (from the metrics) cover the same time.
  const Journeys* journeys = &result.journeys;
  Journeys in_period;
  if (options.metrics.period) {
    const TimeZone& zone = options.metrics.time_zone;
    in_period = SelectJourneys(result.journeys,
                               zone.LocalToUtc(int64_t{options.metrics.period->start} * 86400),
                               zone.LocalToUtc(int64_t{options.metrics.period->end} * 86400));
    journeys = &in_period;
  }
  MROI_ASSIGN_OR_RETURN(data->attribution,
                        AttributeJourneys(result.dataset, result.identity, *journeys,
                                          attribution));
  MROI_ASSIGN_OR_RETURN(data->model_roi,
                        ModelRoiTables(data->attribution, CostTableFromMetrics(data->metrics)));
  MROI_ASSIGN_OR_RETURN(data->model_comparison, CompareModels(data->attribution));
  MROI_ASSIGN_OR_RETURN(data->paths,
                        AnalyzePaths(result.dataset, *journeys, options.paths));
  return internal::FillDataDriven(result, *journeys, attribution, options, data);
}

// LTV by acquisition channel over the reported period, and the diagnosis of the last
// month (else the whole period) against its comparison period.
Status FillLtv(const PipelineResult& result, const ReportOptions& options,
               const std::optional<Period>& last_month, ReportData* data) {
  if (data->period.days() <= 0) return Status::OK();
  MROI_ASSIGN_OR_RETURN(CustomerValues values,
                        ComputeCustomerValues(result, options.metrics, options.ltv_options));
  data->ltv = LtvByChannel(values, data->metrics);
  MetricsOptions diagnosis_options = options.metrics;
  diagnosis_options.period = last_month ? *last_month : data->period;
  MROI_ASSIGN_OR_RETURN(data->ltv_diagnosis,
                        DiagnoseLtvCac(result, values, diagnosis_options, options.compare,
                                       options.ltv_diagnosis));
  return Status::OK();
}

}  // namespace

CostTable CostTableFromMetrics(const MetricsReport& metrics) {
  CostTable costs;
  for (const MetricsRow& row : metrics.channels) {
    costs.channels[row.channel] = {row.direct_cost, row.indirect_cost};
  }
  for (const MetricsRow& row : metrics.campaigns) {
    costs.campaigns[{row.channel, row.campaign}] = {row.direct_cost, row.indirect_cost};
  }
  return costs;
}

Result<std::vector<ModelRoi>> ModelRoiTables(const AttributionResult& result,
                                             const CostTable& costs) {
  std::vector<ModelRoi> tables;
  for (const ModelCredit& credit : result.models) {
    MROI_ASSIGN_OR_RETURN(std::vector<RoiRow> rows, ChannelRoi(result, credit.model, costs));
    tables.push_back({credit.model, credit.name, std::move(rows)});
  }
  return tables;
}

Result<ReportData> BuildReport(const PipelineResult& result, const ReportOptions& options) {
  ReportData data;
  data.title = options.title;
  data.currency = options.currency.empty() ? DetectCurrency(result.dataset) : options.currency;
  data.generated = NowUtc();
  FillCleaning(result, options, &data);
  MROI_ASSIGN_OR_RETURN(data.metrics, ComputeMetrics(result, options.metrics));
  data.period = data.metrics.period;
  const std::optional<Period> last_month = LastMonthOfPeriod(data.period);
  if (last_month) {
    MetricsOptions month_options = options.metrics;
    month_options.period = *last_month;
    month_options.campaigns = false;
    MROI_ASSIGN_OR_RETURN(PeriodComparison comparison,
                          ComparePeriods(result, month_options, options.compare));
    data.comparison = std::move(comparison);
  }
  GoalOptions goal_options;
  goal_options.metrics = options.metrics;
  if (options.metrics.period) goal_options.as_of = options.metrics.period->end;
  MROI_ASSIGN_OR_RETURN(data.goals, EvaluateGoals(result, goal_options));
  if (options.ltv) MROI_RETURN_IF_ERROR(FillLtv(result, options, last_month, &data));
  MROI_RETURN_IF_ERROR(FillAttribution(result, options, &data));
  if (options.plan) data.plan = internal::BuildPlanReport(result, options, data.metrics);
  if (options.experiments) {
    data.experiments = internal::BuildExperimentReports(result, options.experiment_field);
  }
  return data;
}

}  // namespace mroi
