// report.json and the JSON of `mroi metrics --json` / `mroi attribute --json`
// (docs/report-json.md). Every number goes through Number(): non-finite -> null.
#include <nlohmann/json.hpp>

#include <cmath>

#include "mroi/report.h"
#include "report/data_driven_internal.h"
#include "report/json_internal.h"
#include "report/experiments_internal.h"
#include "report/plan_internal.h"

namespace mroi {

namespace internal {

Json Number(Ratio value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  return *value;
}

Json Number(double value) { return Number(Ratio(value)); }

Json PeriodJson(const Period& period) {
  if (period.days() <= 0) return nullptr;
  return {{"start", FormatDate(period.start)},
          {"end", FormatDate(period.end - 1)},
          {"days", period.days()}};
}

Json MetricsRowJson(const MetricsRow& row) {
  Json out = Json::object();
  out["channel"] = row.channel;
  if (!row.campaign.empty()) out["campaign"] = row.campaign;
  if (!row.period.empty()) out["period"] = row.period;
  Json funnel = Json::object();
  for (const MetricField& field : MetricFields(row)) {
    std::string_view name = field.name;
    if (name.substr(0, 7) == "funnel.") {
      funnel[std::string(name.substr(7))] = Number(field.value);
    } else {
      out[std::string(name)] = Number(field.value);
    }
  }
  out["funnel"] = funnel;
  out["croi_positive_broi_negative"] = row.croi_positive_broi_negative;
  return out;
}

Json RowsJson(const std::vector<MetricsRow>& rows) {
  Json out = Json::array();
  for (const MetricsRow& row : rows) out.push_back(MetricsRowJson(row));
  return out;
}

Json ChangesJson(const std::vector<MetricChange>& changes) {
  Json out = Json::object();
  for (const MetricChange& change : changes) {
    out[std::string(change.name)] = {{"current", Number(change.change.current)},
                                     {"previous", Number(change.change.previous)},
                                     {"absolute", Number(change.change.absolute)},
                                     {"percent", Number(change.change.percent)}};
  }
  return out;
}

Json ComparisonJson(const PeriodComparison& comparison) {
  Json channels = Json::array();
  for (const auto& channel : comparison.channels) {
    channels.push_back({{"channel", channel.channel}, {"changes", ChangesJson(channel.changes)}});
  }
  return {{"mode", std::string(CompareModeName(comparison.mode))},
          {"current_period", PeriodJson(comparison.current_period)},
          {"previous_period", PeriodJson(comparison.previous_period)},
          {"totals", ChangesJson(comparison.totals)},
          {"channels", channels}};
}

Json CreditJson(const Credit& credit) {
  return {{"conversions", Number(credit.conversions)},
          {"revenue", Number(credit.revenue)},
          {"gross_profit", Number(credit.gross_profit)}};
}

Json RoiRowJson(const RoiRow& row) {
  Json out = {{"channel", row.channel}};
  if (!row.campaign.empty()) out["campaign"] = row.campaign;
  out["conversions"] = Number(row.credit.conversions);
  out["revenue"] = Number(row.credit.revenue);
  out["gross_profit"] = Number(row.credit.gross_profit);
  out["direct_cost"] = Number(row.cost.direct);
  out["indirect_cost"] = Number(row.cost.indirect);
  out["roas"] = Number(row.roas);
  out["croi"] = Number(row.croi);
  out["broi"] = Number(row.broi);
  out["cpa"] = Number(row.cpa);
  out["croi_positive_broi_negative"] =
      row.croi.has_value() && row.broi.has_value() && *row.croi > 0 && *row.broi < 0;
  return out;
}

Json AttributionJson(const AttributionResult& result, const std::vector<ModelRoi>& roi,
                     const ModelComparison* comparison) {
  Json models = Json::array();
  for (const ModelRoi& model : roi) {
    Json channels = Json::array();
    for (const RoiRow& row : model.channels) channels.push_back(RoiRowJson(row));
    const ModelCredit* credit = result.Find(model.model);
    models.push_back({{"model", model.name},
                      {"fallback_journeys", credit ? credit->fallback_journeys : 0},
                      {"channels", channels}});
  }
  Json out = {{"total", CreditJson(result.total)},
              {"converting_journeys", result.converting_journeys},
              {"empty_converting_journeys", result.empty_converting_journeys},
              {"touches", result.touches},
              {"models", models}};
  if (comparison != nullptr) {
    Json rows = Json::array();
    for (const ComparisonRow& row : comparison->rows) {
      Json cells = Json::object();
      for (size_t model_idx = 0;
           model_idx < row.cells.size() && model_idx < comparison->models.size(); ++model_idx) {
        const ComparisonCell& cell = row.cells[model_idx];
        double share = result.total.conversions > 0
                           ? cell.credit.conversions / result.total.conversions
                           : 0;
        cells[std::string(AttributionModelName(comparison->models[model_idx]))] = {
            {"conversions", Number(cell.credit.conversions)},
            {"revenue", Number(cell.credit.revenue)},
            {"gross_profit", Number(cell.credit.gross_profit)},
            {"conversion_share",
             result.total.conversions > 0 ? Number(share) : Json(nullptr)},
            {"conversions_vs_last", Number(cell.conversions_vs_last)},
            {"revenue_vs_last", Number(cell.revenue_vs_last)},
            {"conversions_vs_last_pct", Number(cell.conversions_vs_last_pct)},
            {"revenue_vs_last_pct", Number(cell.revenue_vs_last_pct)}};
      }
      rows.push_back({{"channel", row.channel}, {"models", cells}});
    }
    out["comparison"] = rows;
  }
  return out;
}

}  // namespace internal

namespace {

using internal::Json;
using internal::Number;

Json CleaningJson(const ReportData& data) {
  Json files = Json::array();
  for (const FileAccount& account : data.files) {
    Json by_rule = Json::object();
    for (const auto& [rule, count] : account.by_rule) by_rule[rule] = count;
    files.push_back({{"path", account.path},
                     {"kind", std::string(InputKindName(account.kind))},
                     {"rows_in", account.rows_in},
                     {"rows_kept", account.rows_kept},
                     {"rows_quarantined", account.rows_quarantined},
                     {"by_rule", by_rule}});
  }
  Json quarantine = Json::array();
  for (const QuarantineRow& row : data.quarantine_sample) {
    quarantine.push_back(
        {{"file", row.file}, {"line", row.line}, {"rule", row.rule}, {"reason", row.reason}});
  }
  return {{"files", files},
          {"by_rule", data.rules},
          {"changes", data.changes},
          {"identity", {{"ids", data.identity_ids}, {"persons", data.identity_persons}}},
          {"quarantine_sample", quarantine}};
}

Json EmailJson(const EmailMetrics& email) {
  return {{"campaign", email.campaign},
          {"sent", Number(email.sent)},
          {"delivered", Number(email.delivered)},
          {"opens", Number(email.opens)},
          {"clicks", Number(email.clicks)},
          {"unsubscribes", Number(email.unsubscribes)},
          {"bounces", Number(email.bounces)},
          {"open_rate", Number(email.open_rate)},
          {"click_rate", Number(email.click_rate)},
          {"click_to_open", Number(email.click_to_open)},
          {"unsubscribe_rate", Number(email.unsubscribe_rate)},
          {"bounce_rate", Number(email.bounce_rate)}};
}

Json SalesCycleJson(const SalesCycle& cycle) {
  return {{"key", cycle.key},
          {"deals", cycle.deals},
          {"median_days", Number(cycle.median_days)},
          {"p25_days", Number(cycle.p25_days)},
          {"p75_days", Number(cycle.p75_days)},
          {"mean_days", Number(cycle.mean_days)}};
}

Json MetricsSectionJson(const MetricsReport& metrics) {
  Json email = Json::array();
  for (const EmailMetrics& entry : metrics.email) email.push_back(EmailJson(entry));
  Json by_channel = Json::array();
  for (const SalesCycle& cycle : metrics.sales_cycle_by_channel) {
    by_channel.push_back(SalesCycleJson(cycle));
  }
  Json by_source = Json::array();
  for (const SalesCycle& cycle : metrics.sales_cycle_by_lead_source) {
    by_source.push_back(SalesCycleJson(cycle));
  }
  Json shares = Json::array();
  for (const std::vector<double>& row : metrics.cohorts.shares) {
    Json cells = Json::array();
    for (double share : row) cells.push_back(Number(share));
    shares.push_back(cells);
  }
  const Retention& retention = metrics.retention;
  return {
      {"totals", internal::MetricsRowJson(metrics.totals)},
      {"marketing_cost_ratio_band",
       std::string(MarketingCostRatioBand(metrics.totals.marketing_cost_ratio))},
      {"marketing_cost_ratio_benchmark",
       {{"low", kMarketingCostRatioLow}, {"high", kMarketingCostRatioHigh}}},
      {"ltv_cac_benchmark", kLtvCacBenchmark},
      {"channels", internal::RowsJson(metrics.channels)},
      {"campaigns", internal::RowsJson(metrics.campaigns)},
      {"monthly", internal::RowsJson(metrics.periods)},
      {"email", {{"totals", EmailJson(metrics.email_totals)}, {"campaigns", email}}},
      {"sales_cycle",
       {{"all", SalesCycleJson(metrics.sales_cycle)},
        {"by_channel", by_channel},
        {"by_lead_source", by_source}}},
      {"retention",
       {{"customers_start", retention.customers_start},
        {"customers_end", retention.customers_end},
        {"new_customers", retention.new_customers},
        {"crr", Number(retention.crr)},
        {"churn_rate", Number(retention.churn_rate)}}},
      {"cohorts",
       {{"cohorts", metrics.cohorts.cohorts},
        {"sizes", metrics.cohorts.sizes},
        {"shares", shares}}}};
}

// Month-over-month change of the monthly rows: revenue, spend, gross profit, roas, broi.
Json MonthlyChangesJson(const std::vector<MetricsRow>& months) {
  Json out = Json::array();
  for (size_t month_idx = 1; month_idx < months.size(); ++month_idx) {
    std::vector<MetricChange> changes = CompareRows(months[month_idx], months[month_idx - 1]);
    Json entry = {{"period", months[month_idx].period},
                  {"previous", months[month_idx - 1].period}};
    entry["changes"] = internal::ChangesJson(changes);
    out.push_back(entry);
  }
  return out;
}

Json GoalsJson(const std::vector<GoalStatus>& goals) {
  Json out = Json::array();
  for (const GoalStatus& status : goals) {
    out.push_back({{"metric", status.goal.metric},
                   {"scope", status.goal.scope},
                   {"direction", status.goal.direction},
                   {"target", Number(status.goal.target)},
                   {"start", FormatDate(status.goal.start)},
                   {"end", FormatDate(status.goal.end)},
                   {"valid", status.valid},
                   {"as_of", FormatDate(status.as_of)},
                   {"elapsed_share", Number(status.elapsed_share)},
                   {"pace_method", std::string(PaceMethodName(status.pace_method))},
                   {"expected_share", Number(status.expected_share)},
                   {"actual", Number(status.actual)},
                   {"expected_to_date", Number(status.expected_to_date)},
                   {"pace", Number(status.pace)},
                   {"projected", Number(status.projected)},
                   {"on_track", status.on_track},
                   {"alert", status.alert}});
  }
  return out;
}

Json PathStatsJson(const std::vector<PathStat>& paths) {
  Json out = Json::array();
  for (const PathStat& path : paths) {
    out.push_back({{"path", path.path},
                   {"length", path.length},
                   {"journeys", path.journeys},
                   {"conversions", path.conversions},
                   {"revenue", Number(path.revenue)},
                   {"gross_profit", Number(path.gross_profit)}});
  }
  return out;
}

// The interval fields of one channel row: null without bootstrap; 0 for a channel
// the model never credits (it gets nothing in any replicate either).
void AddIntervalFields(const ReportData& data, const std::string& model,
                       const std::string& channel, Json* row) {
  Json low = nullptr, high = nullptr, revenue_low = nullptr, revenue_high = nullptr;
  Json se = nullptr, revenue_se = nullptr;
  if (data.intervals.count(model) != 0) {
    const ChannelInterval* interval = internal::FindInterval(data, model, channel);
    ChannelInterval none;
    if (interval == nullptr) interval = &none;
    low = Number(interval->conversions_low);
    high = Number(interval->conversions_high);
    revenue_low = Number(interval->revenue_low);
    revenue_high = Number(interval->revenue_high);
    se = Number(interval->conversions_se);
    revenue_se = Number(interval->revenue_se);
  }
  (*row)["ci_low"] = low;
  (*row)["ci_high"] = high;
  (*row)["revenue_ci_low"] = revenue_low;
  (*row)["revenue_ci_high"] = revenue_high;
  (*row)["conversions_se"] = se;
  (*row)["revenue_se"] = revenue_se;
}

Json DataDrivenModelJson(const ReportData& data, const DataDrivenModel& model) {
  Json channels = Json::array();
  for (size_t idx = 0; idx < model.channels.size(); ++idx) {
    Json row = internal::RoiRowJson(model.channels[idx]);
    if (model.markov_order > 0) row["removal_effect"] = Number(model.removal_effects[idx]);
    AddIntervalFields(data, model.name, model.channels[idx].channel, &row);
    channels.push_back(row);
  }
  Json out = {{"model", model.name},
              {"kind", model.markov_order > 0 ? "markov" : "shapley"},
              {"label", model.label},
              {"note", model.note}};
  if (model.markov_order > 0) {
    out["order"] = model.markov_order;
    out["conversion_probability"] = Number(model.conversion_probability);
    out["states"] = model.states;
  }
  out["channels"] = channels;
  return out;
}

// The report's attribution object: the rule models of AttributionJson() plus
// "kind" and interval fields, the data-driven models appended to models[] and to
// every comparison row, the skipped models and the bootstrap settings.
Json ReportAttributionJson(const ReportData& data) {
  Json out = internal::AttributionJson(data.attribution, data.model_roi, &data.model_comparison);
  for (Json& model : out["models"]) {
    model["kind"] = "rule";
    const std::string name = model["model"].get<std::string>();
    for (Json& row : model["channels"]) {
      AddIntervalFields(data, name, row["channel"].get<std::string>(), &row);
    }
  }
  Json skipped = Json::array();
  for (const DataDrivenModel& model : data.data_driven) {
    if (model.skipped.empty()) {
      out["models"].push_back(DataDrivenModelJson(data, model));
    } else {
      skipped.push_back({{"model", model.name}, {"label", model.label}, {"reason", model.skipped}});
    }
  }
  out["skipped_models"] = skipped;
  const double total = data.attribution.total.conversions;
  for (Json& row : out["comparison"]) {
    const std::string channel = row["channel"].get<std::string>();
    const Credit last = internal::LastClickCredit(data, channel);
    for (const DataDrivenModel& model : data.data_driven) {
      if (!model.skipped.empty()) continue;
      const Credit credit = internal::CreditOf(model.channels, channel);
      row["models"][model.name] = {
          {"conversions", Number(credit.conversions)},
          {"revenue", Number(credit.revenue)},
          {"gross_profit", Number(credit.gross_profit)},
          {"conversion_share", total > 0 ? Number(credit.conversions / total) : Json(nullptr)},
          {"conversions_vs_last", Number(credit.conversions - last.conversions)},
          {"revenue_vs_last", Number(credit.revenue - last.revenue)},
          {"conversions_vs_last_pct",
           Number(SafeDivide(credit.conversions - last.conversions, last.conversions))},
          {"revenue_vs_last_pct", Number(SafeDivide(credit.revenue - last.revenue, last.revenue))}};
    }
  }
  out["bootstrap"] = data.intervals.empty()
                         ? Json(nullptr)
                         : Json{{"replicates", data.bootstrap.replicates},
                                {"seed", data.bootstrap.seed},
                                {"level", Number(data.bootstrap.level)},
                                {"resampling", "persons"},
                                {"interval", "percentile"}};
  return out;
}

Json PathsJson(const PathAnalysis& paths) {
  Json time = Json::array();
  for (const TimeBucket& bucket : paths.time_to_conversion) {
    time.push_back({{"label", bucket.label},
                    {"min_days", bucket.min_days},
                    {"max_days", bucket.max_days < 0 ? Json(nullptr) : Json(bucket.max_days)},
                    {"conversions", bucket.conversions},
                    {"revenue", Number(bucket.revenue)}});
  }
  Json roles = Json::array();
  for (const ChannelRoles& role : paths.roles) {
    roles.push_back({{"channel", role.channel},
                     {"introducer", role.introducer},
                     {"assister", role.assister},
                     {"closer", role.closer},
                     {"solo", role.solo}});
  }
  return {{"journeys", paths.journeys},
          {"converting", paths.converting},
          {"top_converting", PathStatsJson(paths.top_converting)},
          {"top_non_converting", PathStatsJson(paths.top_non_converting)},
          {"converting_length_histogram", paths.converting_length_histogram},
          {"non_converting_length_histogram", paths.non_converting_length_histogram},
          {"time_to_conversion", time},
          {"median_days_to_conversion", Number(paths.median_days_to_conversion)},
          {"roles", roles}};
}

}  // namespace

std::string RenderReportJson(const ReportData& data) {
  Json out = {{"schema", "mroi.report/1"},
              {"title", data.title},
              {"currency", data.currency},
              {"generated", data.generated},
              {"period", internal::PeriodJson(data.period)}};
  out["cleaning"] = CleaningJson(data);
  out["metrics"] = MetricsSectionJson(data.metrics);
  out["monthly_changes"] = MonthlyChangesJson(data.metrics.periods);
  out["period_over_period"] =
      data.comparison ? internal::ComparisonJson(*data.comparison) : Json(nullptr);
  out["goals"] = GoalsJson(data.goals);
  out["attribution"] = ReportAttributionJson(data);
  out["paths"] = PathsJson(data.paths);
  internal::AddLtvJson(data.ltv ? &*data.ltv : nullptr,
                       data.ltv_diagnosis ? &*data.ltv_diagnosis : nullptr, &out);
  out["plan"] = data.plan ? internal::PlanJson(*data.plan) : Json(nullptr);
  out["experiments"] = internal::ExperimentsJson(data.experiments);
  return out.dump(2);
}

std::string RenderMetricsJson(const MetricsReport& metrics,
                              const PeriodComparison* comparison, const LtvReport* ltv,
                              const LtvDiagnosis* diagnosis) {
  Json out = {{"period", internal::PeriodJson(metrics.period)},
              {"totals", internal::MetricsRowJson(metrics.totals)},
              {"channels", internal::RowsJson(metrics.channels)},
              {"campaigns", internal::RowsJson(metrics.campaigns)},
              {"monthly", internal::RowsJson(metrics.periods)}};
  if (comparison != nullptr) out["comparison"] = internal::ComparisonJson(*comparison);
  if (ltv != nullptr || diagnosis != nullptr) internal::AddLtvJson(ltv, diagnosis, &out);
  return out.dump(2);
}

std::string RenderAttributionJson(const AttributionResult& result,
                                  const std::vector<ModelRoi>& roi,
                                  const ModelComparison* comparison) {
  return internal::AttributionJson(result, roi, comparison).dump(2);
}

}  // namespace mroi
