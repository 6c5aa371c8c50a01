// The CSV tables of the report and WriteReport().
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "mroi/report.h"
#include "report/data_driven_internal.h"
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

// One line per (model, channel): rule models, then data-driven ones; interval
// columns empty without bootstrap, removal_effect only for Markov models.
std::string AttributionCsv(const ReportData& data) {
  std::string out =
      "model,channel,conversions,revenue,gross_profit,direct_cost,indirect_cost,roas,croi,"
      "broi,cpa,conversions_vs_last,revenue_vs_last,ci_low,ci_high,revenue_ci_low,"
      "revenue_ci_high,removal_effect\n";
  for (const internal::ModelRows& model : internal::ReportModels(data)) {
    const bool has_intervals = data.intervals.count(model.name) != 0;
    for (size_t row_idx = 0; row_idx < model.rows->size(); ++row_idx) {
      const RoiRow& row = (*model.rows)[row_idx];
      const Credit last = internal::LastClickCredit(data, row.channel);
      Ratio low, high, revenue_low, revenue_high, removal_effect;
      if (has_intervals) {
        const ChannelInterval* interval = internal::FindInterval(data, model.name, row.channel);
        ChannelInterval none;  // never credited: 0 in every replicate
        if (interval == nullptr) interval = &none;
        low = interval->conversions_low;
        high = interval->conversions_high;
        revenue_low = interval->revenue_low;
        revenue_high = interval->revenue_high;
      }
      if (model.data_driven != nullptr && model.data_driven->markov_order > 0) {
        removal_effect = model.data_driven->removal_effects[row_idx];
      }
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", model.name,
                         CsvField(row.channel), CsvNumber(row.credit.conversions),
                         CsvNumber(row.credit.revenue), CsvNumber(row.credit.gross_profit),
                         CsvNumber(row.cost.direct), CsvNumber(row.cost.indirect),
                         CsvNumber(row.roas), CsvNumber(row.croi), CsvNumber(row.broi),
                         CsvNumber(row.cpa), CsvNumber(row.credit.conversions - last.conversions),
                         CsvNumber(row.credit.revenue - last.revenue), CsvNumber(low),
                         CsvNumber(high), CsvNumber(revenue_low), CsvNumber(revenue_high),
                         CsvNumber(removal_effect));
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

// LTV rows: the channel (or campaign) cohorts, then the total as channel "all".
std::string LtvCsv(const std::vector<LtvRow>& rows, const LtvRow* total, bool campaign) {
  std::string out = campaign ? "channel,campaign," : "channel,";
  out +=
      "new_customers,revenue,gross_profit,aov,historical_ltv,predicted_future_value,"
      "predicted_ltv,predicted_ltv_low,predicted_ltv_high,cac,ltv_cac,historical_ltv_cac,"
      "meets_benchmark,cac_payback_months\n";
  auto add = [&](const LtvRow& row) {
    out += CsvField(row.channel) + ",";
    if (campaign) out += CsvField(row.campaign) + ",";
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", row.new_customers,
                       CsvNumber(row.revenue), CsvNumber(row.gross_profit), CsvNumber(row.aov),
                       CsvNumber(row.historical_ltv), CsvNumber(row.predicted_future_value),
                       CsvNumber(row.predicted_ltv), CsvNumber(row.predicted_ltv_low),
                       CsvNumber(row.predicted_ltv_high), CsvNumber(row.cac),
                       CsvNumber(row.ltv_cac), CsvNumber(row.historical_ltv_cac),
                       row.meets_benchmark ? "true" : "false",
                       CsvNumber(row.cac_payback_months));
  };
  for (const LtvRow& row : rows) add(row);
  if (total != nullptr) add(*total);
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
  std::map<std::string, std::string> csvs = {
      {"channels.csv", MetricsRowsCsv(data.metrics.channels, false, false)},
      {"campaigns.csv", MetricsRowsCsv(data.metrics.campaigns, true, false)},
      {"monthly.csv", MetricsRowsCsv(data.metrics.periods, false, true)},
      {"attribution.csv", AttributionCsv(data)},
      {"paths.csv", PathsCsv(data.paths)},
      {"goals.csv", GoalsCsv(data.goals)}};
  if (data.ltv) {
    csvs["ltv_by_channel.csv"] = LtvCsv(data.ltv->channels, &data.ltv->totals, false);
    csvs["ltv_by_campaign.csv"] = LtvCsv(data.ltv->campaigns, nullptr, true);
  }
  return csvs;
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
