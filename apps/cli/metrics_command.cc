// mroi metrics: every KPI per channel, campaign or month over a period, optionally
// against the previous period or the year before; LTV by acquisition channel next to
// its CAC and the LTV:CAC diagnosis.
#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "mroi/ltv.h"
#include "mroi/report.h"

#include "commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct MetricsFlags {
  RunFlags run;
  std::string period;
  std::string compare;
  std::string by = "channel";
  bool no_ltv = false;
  bool no_ltv_model = false;
  int ltv_horizon_months = 12;
  double ltv_discount_rate = 0.01;
};

std::string Money(Ratio value) {
  if (!value) return "n/a";
  return (*value < 0 ? "-" : "") + Thousands(static_cast<int64_t>(std::llround(std::fabs(*value))));
}

std::string MoneyCents(Ratio value) {
  if (!value) return "n/a";
  return fmt::format("{:.2f}", *value);
}

std::string Times(Ratio value) { return value ? fmt::format("{:.2f}x", *value) : "n/a"; }

void AddRow(TextTable* table, const MetricsRow& row, const std::string& name) {
  table->AddRow({name + (row.croi_positive_broi_negative ? " (!)" : ""), Money(row.spend),
                 Money(row.indirect_cost), Money(row.revenue), Money(row.gross_profit),
                 Thousands(row.conversions), Thousands(row.new_customers), Thousands(row.leads),
                 MoneyCents(row.cpl), MoneyCents(row.cpa), MoneyCents(row.cac), Times(row.roas),
                 FormatPercent(row.croi), FormatPercent(row.broi), Times(row.ltv_cac)});
}

std::string RenderMetrics(const MetricsReport& metrics, const std::string& by,
                          const PeriodComparison* comparison) {
  std::string out = fmt::format("period {}\n\n", FormatPeriod(metrics.period));
  TextTable table({by, "spend", "indirect", "revenue", "gross profit", "conv", "new cust",
                   "leads", "CPL", "CPA", "CAC", "ROAS", "cROI", "bROI", "LTV:CAC"});
  const std::vector<MetricsRow>& rows = by == "campaign" ? metrics.campaigns
                                        : by == "month"  ? metrics.periods
                                                         : metrics.channels;
  for (const MetricsRow& row : rows) {
    std::string name = by == "campaign" ? row.channel + " / " + row.campaign
                       : by == "month"  ? row.period
                                        : row.channel;
    AddRow(&table, row, name);
  }
  AddRow(&table, metrics.totals, "total");
  out += table.Render();
  out += "(!) = cROI > 0 but bROI < 0: profitable on media cost, not on full cost\n";
  out += fmt::format("marketing cost ratio {} ({} the 3-5 % band)\n",
                     FormatPercent(metrics.totals.marketing_cost_ratio),
                     MarketingCostRatioBand(metrics.totals.marketing_cost_ratio));
  if (comparison != nullptr) {
    out += fmt::format("\n{} vs {} ({})\n", FormatPeriod(comparison->current_period),
                       FormatPeriod(comparison->previous_period),
                       CompareModeName(comparison->mode));
    TextTable changes({"metric", "current", "previous", "change", "change %"});
    for (const MetricChange& change : comparison->totals) {
      auto show = [&](Ratio value) {
        if (!value) return std::string("n/a");
        if (change.kind == MetricKind::kRatio) return FormatPercent(value);
        return fmt::format("{:.2f}", *value);
      };
      changes.AddRow({std::string(change.name), show(change.change.current),
                      show(change.change.previous), show(change.change.absolute),
                      change.change.percent
                          ? fmt::format("{:+.1f} %", *change.change.percent * 100.0)
                          : "n/a"});
    }
    out += changes.Render();
  }
  return out;
}

std::string RatioText(Ratio value) {
  return value ? fmt::format("{:.2f}:1", *value) : std::string("n/a");
}

std::string RenderLtv(const LtvReport& ltv, const LtvDiagnosis* diagnosis) {
  const CustomerModelSummary& model = ltv.model;
  std::string out = fmt::format(
      "\nLTV by acquisition channel (first-touch cohorts of {}; LTV:CAC on {} LTV)\n",
      FormatPeriod(ltv.period), ltv.ltv_basis);
  TextTable table({"channel", "new cust", "AOV", "hist LTV", "pred LTV", "interval", "CAC",
                   "LTV:CAC", "3:1", "payback mo"});
  auto add = [&table](const LtvRow& row, const std::string& name) {
    table.AddRow({name, Thousands(row.new_customers), MoneyCents(row.aov),
                  MoneyCents(row.historical_ltv), MoneyCents(row.predicted_ltv),
                  row.predicted_ltv_low && row.predicted_ltv_high
                      ? fmt::format("{:.2f}-{:.2f}", *row.predicted_ltv_low,
                                    *row.predicted_ltv_high)
                      : "n/a",
                  MoneyCents(row.cac), RatioText(row.ltv_cac),
                  row.ltv_cac ? (row.meets_benchmark ? "yes" : "no") : "n/a",
                  row.cac_payback_months ? fmt::format("{:.1f}", *row.cac_payback_months)
                                         : "n/a"});
  };
  for (const LtvRow& row : ltv.channels) add(row, row.channel);
  add(ltv.totals, "total");
  out += table.Render();
  if (model.fitted) {
    out += fmt::format(
        "predicted LTV = gross profit to date + BG/NBD x Gamma-Gamma gross profit over {} "
        "months at {:.1f} %/month ({:.0f} % interval); fitted on {} customers, {} repeat\n",
        model.horizon_months, model.monthly_discount_rate * 100.0,
        model.confidence_level * 100.0, Thousands(model.customers),
        Thousands(model.repeat_customers));
  } else {
    out += fmt::format("predicted LTV: n/a: {}\n", model.note);
  }
  if (diagnosis != nullptr) {
    out += fmt::format("\nLTV:CAC diagnosis {} vs {}: {}\n{}\n",
                       FormatPeriod(diagnosis->current_period),
                       FormatPeriod(diagnosis->previous_period),
                       LtvHealthName(diagnosis->health), diagnosis->summary);
  }
  return out;
}

int RunMetrics(const MetricsFlags& flags) {
  MetricsOptions options;
  if (!flags.period.empty()) {
    auto period = ParsePeriod(flags.period);
    if (!period.ok()) return ReportError(period.status());
    options.period = *period;
  }
  std::optional<CompareMode> mode;
  if (!flags.compare.empty()) {
    auto parsed = CompareModeFromName(flags.compare);
    if (!parsed.ok()) return ReportError(parsed.status());
    mode = *parsed;
  }
  if (flags.by != "channel" && flags.by != "campaign" && flags.by != "month") {
    return ReportError(InvalidArgument(
        fmt::format("unknown --by '{}'; expected channel, campaign or month", flags.by)));
  }
  Progress progress(!flags.run.json && !flags.run.quiet);
  auto result = RunFromFlags(flags.run, &progress);
  if (!result.ok()) return ReportError(result.status());
  if (!options.period) options.period = DataPeriod(result->dataset, options.time_zone);
  if (options.period->days() <= 0) {
    return ReportError(InvalidArgument("the data holds no dated record"));
  }
  auto metrics = ComputeMetrics(*result, options);
  if (!metrics.ok()) return ReportError(metrics.status());
  std::optional<PeriodComparison> comparison;
  if (mode) {
    MetricsOptions compare_options = options;
    compare_options.campaigns = false;
    auto compared = ComparePeriods(*result, compare_options, *mode);
    if (!compared.ok()) return ReportError(compared.status());
    comparison = std::move(*compared);
  }
  const PeriodComparison* comparison_ptr = comparison ? &*comparison : nullptr;
  std::optional<LtvReport> ltv;
  std::optional<LtvDiagnosis> diagnosis;
  if (!flags.no_ltv) {
    LtvOptions ltv_options;
    ltv_options.predict = !flags.no_ltv_model;
    ltv_options.clv.horizon_months = flags.ltv_horizon_months;
    ltv_options.clv.monthly_discount_rate = flags.ltv_discount_rate;
    auto values = ComputeCustomerValues(*result, options, ltv_options);
    if (!values.ok()) return ReportError(values.status());
    ltv = LtvByChannel(*values, *metrics);
    // The diagnosed period: the period against --compare, else its last month against
    // the month before (as the report), else the whole period against the one before.
    MetricsOptions diagnosis_options = options;
    if (!mode) {
      if (std::optional<Period> month = LastMonthOfPeriod(*options.period)) {
        diagnosis_options.period = *month;
      }
    }
    auto diagnosed = DiagnoseLtvCac(*result, *values, diagnosis_options,
                                    mode.value_or(CompareMode::kPrevious));
    if (!diagnosed.ok()) return ReportError(diagnosed.status());
    diagnosis = std::move(*diagnosed);
  }
  const LtvReport* ltv_ptr = ltv ? &*ltv : nullptr;
  const LtvDiagnosis* diagnosis_ptr = diagnosis ? &*diagnosis : nullptr;
  if (flags.run.json) {
    fmt::print("{}\n", RenderMetricsJson(*metrics, comparison_ptr, ltv_ptr, diagnosis_ptr));
  } else {
    fmt::print("{}", RenderMetrics(*metrics, flags.by, comparison_ptr));
    if (ltv_ptr != nullptr) fmt::print("{}", RenderLtv(*ltv_ptr, diagnosis_ptr));
  }
  return 0;
}

}  // namespace

CommandRunner AddMetricsCommand(CLI::App* root) {
  auto flags = std::make_shared<MetricsFlags>();
  CLI::App* command = root->add_subcommand(
      "metrics",
      "Every KPI per channel, campaign or month: spend, revenue, gross profit, CPL, CPA, "
      "CAC, ROAS, cROI, bROI, LTV:CAC; optionally against an earlier period; LTV by "
      "acquisition channel (historical and predicted) next to CAC with the LTV:CAC "
      "diagnosis.\n"
      "Example: mroi metrics --data mroi-demo/data --period 2025-Q1 --compare previous\n"
      "         mroi metrics --data mroi-demo/data --by month --json");
  AddRunFlags(command, &flags->run);
  command->add_option("--period", flags->period,
                      "Period measured: 2025-01-01..2025-03-31, 2025-Q1, 2025-03 or 2025 "
                      "(default: the whole data)");
  command->add_option("--compare", flags->compare,
                      "Compare with the previous period or the same dates a year earlier: "
                      "previous or year-ago");
  command->add_option("--by", flags->by, "Rows of the table: channel (default), campaign or month");
  command->add_flag("--no-ltv", flags->no_ltv,
                    "Leave out LTV by acquisition channel and the LTV:CAC diagnosis");
  command->add_flag("--no-ltv-model", flags->no_ltv_model,
                    "Historical LTV only: do not fit BG/NBD and Gamma-Gamma");
  command->add_option("--ltv-horizon", flags->ltv_horizon_months,
                      "Months of predicted gross profit in the predicted LTV (default 12)");
  command->add_option("--ltv-discount", flags->ltv_discount_rate,
                      "Monthly discount rate of the predicted LTV (default 0.01 = 1 %)");
  return [flags] { return RunMetrics(*flags); };
}

}  // namespace mroi::cli
