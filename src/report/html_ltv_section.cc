// report.html section 10: LTV by acquisition channel (first-touch cohorts) next to
// the channel's CAC, LTV:CAC against 3:1 as bars, and the diagnosis of SPEC.md.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "report/format_internal.h"
#include "report/html_internal.h"
#include "report/svg_charts_internal.h"

namespace mroi::internal {

namespace {

constexpr size_t kMaxCampaignRows = 30;

std::string RatioText(Ratio value) {
  return value ? fmt::format("{:.2f}:1", *value) : std::string(kNotAvailable);
}

HtmlCell RatioCell(Ratio value) {
  HtmlCell cell{RatioText(value), value, true, ""};
  if (value) cell.css = *value >= kLtvCacBenchmark ? "pos" : "neg";
  return cell;
}

HtmlCell IntervalCell(const LtvRow& row, const std::string& currency) {
  if (!row.predicted_ltv_low || !row.predicted_ltv_high)
    return {"n/a", std::nullopt, true, ""};
  return {fmt::format("{} – {}", Money(row.predicted_ltv_low, currency, 0),
                      Money(row.predicted_ltv_high, currency, 0)),
          row.predicted_ltv_low, true, ""};
}

HtmlCell MonthsCell(Ratio months) {
  return {months ? fmt::format("{:.1f}", *months) : std::string(kNotAvailable), months,
          true, ""};
}

std::vector<HtmlCell> RowCells(const LtvRow& row, const std::string& name,
                               const std::string& currency) {
  return {TextCell(name),
          CountCell(static_cast<double>(row.new_customers)),
          MoneyCell(row.aov, currency),
          MoneyCell(row.historical_ltv, currency),
          MoneyCell(row.predicted_ltv, currency),
          IntervalCell(row, currency),
          MoneyCell(row.cac, currency),
          RatioCell(row.ltv_cac),
          TextCell(row.ltv_cac ? (row.meets_benchmark ? "yes" : "no") : "n/a"),
          MonthsCell(row.cac_payback_months)};
}

const std::vector<std::string> kHeader = {
    "channel",  "new customers", "AOV",     "historical LTV", "predicted LTV",
    "interval", "CAC",           "LTV:CAC", "meets 3:1",      "CAC payback (months)"};

std::string ModelText(const LtvReport& ltv) {
  const CustomerModelSummary& model = ltv.model;
  if (!model.fitted) {
    return fmt::format("<p class=\"note\">Predicted LTV: not available: {}.</p>",
                       HtmlEscape(model.note));
  }
  auto parameters = [](const std::vector<ParameterEstimate>& estimates) {
    std::string text;
    for (const ParameterEstimate& estimate : estimates) {
      text += fmt::format("{}{} = {:.4g}", text.empty() ? "" : ", ", estimate.name,
                          estimate.value);
    }
    return text;
  };
  return fmt::format(
      "<p class=\"note\">Predicted LTV = gross profit to date + the gross profit BG/NBD "
      "({}) and Gamma-Gamma ({}) expect over the next {} months, discounted at {:.1f} % "
      "a "
      "month; fitted on {} customers ({} with a repeat purchase) in {}; the interval is "
      "the "
      "{:.0f} % interval of the parameters, summed over the cohort's customers.</p>",
      HtmlEscape(parameters(model.transaction_parameters)),
      HtmlEscape(parameters(model.spend_parameters)), model.horizon_months,
      model.monthly_discount_rate * 100.0,
      Thousands(static_cast<double>(model.customers)),
      Thousands(static_cast<double>(model.repeat_customers)),
      HtmlEscape(std::string(TimeUnitName(model.time_unit))),
      model.confidence_level * 100.0);
}

std::string DiagnosisHtml(const LtvDiagnosis& diagnosis) {
  const bool healthy = diagnosis.health == LtvHealth::kHealthy;
  const char* badge = healthy                                         ? "ok"
                      : diagnosis.health == LtvHealth::kNotEnoughData ? "info"
                                                                      : "warn";
  std::string out = fmt::format(
      "<h3>Diagnosis: {} vs {}</h3><div class=\"{}\" id=\"ltv-diagnosis\" "
      "data-status=\"{}\"><span class=\"badge {}\">{}</span> {}</div>",
      HtmlEscape(FormatPeriod(diagnosis.current_period)),
      HtmlEscape(FormatPeriod(diagnosis.previous_period)), healthy ? "note" : "alert",
      LtvHealthName(diagnosis.health), badge,
      HtmlEscape(std::string(LtvHealthName(diagnosis.health))),
      HtmlEscape(diagnosis.summary));
  return out;
}

}  // namespace

std::string LtvSection(const ReportData& data) {
  std::string out = SectionOpen(
      "ltv", "10. LTV by acquisition channel",
      "Customers acquired in the period, grouped by the channel of the first touch of "
      "their "
      "first converting journey (first-touch cohort), next to that channel's CAC (cost "
      "per "
      "new customer credited by last non-direct touch, as in Channels). Historical LTV = "
      "gross profit to date per customer. Benchmark: LTV:CAC of 3:1.");
  if (!data.ltv) return out + "<p>The LTV section was not computed.</p></section>";
  const LtvReport& ltv = *data.ltv;
  const std::string& currency = data.currency;
  const LtvRow& total = ltv.totals;
  out += "<div class=\"facts\">";
  auto fact = [&out](const std::string& value, const std::string& label) {
    out += fmt::format("<div><b>{}</b><span>{}</span></div>", HtmlEscape(value),
                       HtmlEscape(label));
  };
  fact(Money(ltv.ltv_basis == "predicted" ? total.predicted_ltv : total.historical_ltv,
             currency, 0),
       ltv.ltv_basis + " LTV");
  fact(Money(total.cac, currency, 0), "CAC");
  fact(RatioText(total.ltv_cac), "LTV:CAC (3:1 benchmark)");
  fact(total.cac_payback_months ? fmt::format("{:.1f} mo", *total.cac_payback_months)
                                : std::string(kNotAvailable),
       "CAC payback");
  fact(Thousands(static_cast<double>(total.new_customers)), "new customers");
  out += "</div>";
  if (data.ltv_diagnosis) out += DiagnosisHtml(*data.ltv_diagnosis);
  out += ModelText(ltv);

  std::vector<std::vector<HtmlCell>> rows;
  std::vector<BenchmarkBar> bars;
  for (const LtvRow& row : ltv.channels) {
    rows.push_back(RowCells(row, row.channel, currency));
    bars.push_back({row.channel, row.ltv_cac, RatioText(row.ltv_cac)});
  }
  out += "<div class=\"grid\"><div><h3>LTV:CAC by channel</h3>";
  out +=
      BenchmarkBars("chart-ltv-cac", "LTV:CAC by acquisition channel with the 3:1 line",
                    bars, kLtvCacBenchmark, "3:1", 620);
  out += "</div><div><h3>By channel</h3>";
  out +=
      HtmlTable("table-ltv-channels", kHeader, rows, RowCells(total, "total", currency));
  out += "</div></div>";

  std::vector<std::vector<HtmlCell>> campaign_rows;
  std::vector<const LtvRow*> campaigns;
  for (const LtvRow& row : ltv.campaigns) campaigns.push_back(&row);
  std::stable_sort(campaigns.begin(), campaigns.end(),
                   [](const LtvRow* a, const LtvRow* b) {
                     return a->new_customers > b->new_customers;
                   });
  if (campaigns.size() > kMaxCampaignRows) campaigns.resize(kMaxCampaignRows);
  for (const LtvRow* row : campaigns) {
    campaign_rows.push_back(
        RowCells(*row, row->channel + " / " + row->campaign, currency));
  }
  std::vector<std::string> campaign_header = kHeader;
  campaign_header[0] = "channel / campaign";
  out +=
      fmt::format("<h3>By campaign (first {} by new customers)</h3>", kMaxCampaignRows);
  out += HtmlTable("table-ltv-campaigns", campaign_header, campaign_rows);
  return out + "</section>";
}

}  // namespace mroi::internal
