// The CSV tables of the report and WriteReport().
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "mroi/report.h"
#include "report/format_internal.h"

namespace mroi {

namespace {

using internal::CsvField;
using internal::CsvNumber;

std::string MetricsRowsCsv(const std::vector<MetricsRow>& rows, bool campaign, bool period) {
  std::string out;
  MetricsRow empty;
  std::vector<MetricField> header = MetricFields(rows.empty() ? empty : rows.front());
  if (period) out += "period,";
  out += "channel,";
  if (campaign) out += "campaign,";
  for (const MetricField& field : header) out += fmt::format("{},", field.name);
  out += "croi_positive_broi_negative\n";
  for (const MetricsRow& row : rows) {
    if (period) out += CsvField(row.period) + ",";
    out += CsvField(row.channel) + ",";
    if (campaign) out += CsvField(row.campaign) + ",";
    for (const MetricField& field : MetricFields(row)) out += CsvNumber(field.value) + ",";
    out += row.croi_positive_broi_negative ? "true\n" : "false\n";
  }
  return out;
}

std::string AttributionCsv(const ReportData& data) {
  std::string out =
      "model,channel,conversions,revenue,gross_profit,direct_cost,indirect_cost,roas,croi,"
      "broi,cpa,conversions_vs_last,revenue_vs_last\n";
  const ModelComparison& comparison = data.model_comparison;
  for (const ModelRoi& model : data.model_roi) {
    size_t model_idx = comparison.models.size();
    for (size_t idx = 0; idx < comparison.models.size(); ++idx) {
      if (comparison.models[idx] == model.model) model_idx = idx;
    }
    for (const RoiRow& row : model.channels) {
      Ratio conversions_vs_last;
      Ratio revenue_vs_last;
      for (const ComparisonRow& comparison_row : comparison.rows) {
        if (comparison_row.channel != row.channel || model_idx >= comparison_row.cells.size()) {
          continue;
        }
        conversions_vs_last = comparison_row.cells[model_idx].conversions_vs_last;
        revenue_vs_last = comparison_row.cells[model_idx].revenue_vs_last;
      }
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", model.name,
                         CsvField(row.channel), CsvNumber(row.credit.conversions),
                         CsvNumber(row.credit.revenue), CsvNumber(row.credit.gross_profit),
                         CsvNumber(row.cost.direct), CsvNumber(row.cost.indirect),
                         CsvNumber(row.roas), CsvNumber(row.croi), CsvNumber(row.broi),
                         CsvNumber(row.cpa), CsvNumber(conversions_vs_last),
                         CsvNumber(revenue_vs_last));
    }
  }
  return out;
}

std::string PathsCsv(const PathAnalysis& paths) {
  std::string out = "converting,path,length,journeys,conversions,revenue,gross_profit\n";
  auto add = [&out](const std::vector<PathStat>& stats, const char* converting) {
    for (const PathStat& path : stats) {
      out += fmt::format("{},{},{},{},{},{},{}\n", converting, CsvField(path.path), path.length,
                         path.journeys, path.conversions, CsvNumber(path.revenue),
                         CsvNumber(path.gross_profit));
    }
  };
  add(paths.top_converting, "true");
  add(paths.top_non_converting, "false");
  return out;
}

std::string GoalsCsv(const std::vector<GoalStatus>& goals) {
  std::string out =
      "metric,scope,direction,target,start,end,as_of,pace_method,expected_share,actual,"
      "expected_to_date,pace,projected,on_track,alert\n";
  for (const GoalStatus& status : goals) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                       CsvField(status.goal.metric), CsvField(status.goal.scope),
                       status.goal.direction, CsvNumber(status.goal.target),
                       FormatDate(status.goal.start), FormatDate(status.goal.end),
                       FormatDate(status.as_of), PaceMethodName(status.pace_method),
                       CsvNumber(status.expected_share), CsvNumber(status.actual),
                       CsvNumber(status.expected_to_date), CsvNumber(status.pace),
                       CsvNumber(status.projected), status.on_track ? "true" : "false",
                       CsvField(status.alert));
  }
  return out;
}

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) return IOError(fmt::format("cannot write '{}'", path.string()));
  return Status::OK();
}

}  // namespace

std::map<std::string, std::string> RenderReportCsvs(const ReportData& data) {
  return {{"channels.csv", MetricsRowsCsv(data.metrics.channels, false, false)},
          {"campaigns.csv", MetricsRowsCsv(data.metrics.campaigns, true, false)},
          {"monthly.csv", MetricsRowsCsv(data.metrics.periods, false, true)},
          {"attribution.csv", AttributionCsv(data)},
          {"paths.csv", PathsCsv(data.paths)},
          {"goals.csv", GoalsCsv(data.goals)}};
}

Status WriteReport(const ReportData& data, const std::string& out_dir) {
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) return IOError(fmt::format("cannot create '{}': {}", out_dir, error.message()));
  std::filesystem::path dir(out_dir);
  MROI_RETURN_IF_ERROR(WriteFile(dir / "report.html", RenderReportHtml(data)));
  MROI_RETURN_IF_ERROR(WriteFile(dir / "report.json", RenderReportJson(data) + "\n"));
  for (const auto& [name, text] : RenderReportCsvs(data)) {
    MROI_RETURN_IF_ERROR(WriteFile(dir / name, text));
  }
  return Status::OK();
}

}  // namespace mroi
