// report.html sections built from the cleaning account and the metrics: cleaning,
// headline tiles, trends, funnel, channel table, goals, customers.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/format_internal.h"
#include "report/html_internal.h"
#include "report/svg_charts_internal.h"

namespace mroi::internal {

namespace {

ValueFormatter MoneyFormatter(const std::string& currency) {
  return [currency](double value) { return CompactMoney(value, currency); };
}

ValueFormatter PercentFormatter() {
  return [](double value) { return Percent(value, 0); };
}

int64_t Sum(const std::map<std::string, int64_t>& counts) {
  int64_t total = 0;
  for (const auto& [name, count] : counts) total += count;
  return total;
}

std::string ChangeText(const PeriodComparison* comparison, std::string_view name,
                       bool lower_is_better) {
  if (comparison == nullptr) return "&nbsp;";
  for (const MetricChange& change : comparison->totals) {
    if (change.name != name) continue;
    Ratio percent = change.change.percent;
    if (!percent) return "vs previous: n/a";
    bool good = lower_is_better ? *percent < 0 : *percent > 0;
    return fmt::format("<span class=\"{}\">{}</span> vs {}", good ? "pos" : "neg",
                       SignedPercent(percent), FormatDate(comparison->previous_period.start).substr(0, 7));
  }
  return "&nbsp;";
}

}  // namespace

std::string CleaningSection(const ReportData& data) {
  int64_t rows_in = 0;
  int64_t kept = 0;
  int64_t removed = 0;
  std::vector<std::vector<HtmlCell>> rows;
  for (const FileAccount& account : data.files) {
    std::string rules;
    for (const auto& [rule, count] : account.by_rule) {
      rules += fmt::format("{}{} {}", rules.empty() ? "" : ", ", rule, Thousands(double(count)));
    }
    std::string name = account.path.substr(account.path.find_last_of('/') + 1);
    rows.push_back({TextCell(name), TextCell(std::string(InputKindName(account.kind))),
                    CountCell(double(account.rows_in)), CountCell(double(account.rows_kept)),
                    CountCell(double(account.rows_quarantined)),
                    PercentCell(SafeDivide(double(account.rows_quarantined), double(account.rows_in))),
                    TextCell(rules.empty() ? "-" : rules)});
    rows_in += account.rows_in;
    kept += account.rows_kept;
    removed += account.rows_quarantined;
  }
  std::string out = SectionOpen(
      "cleaning", "1. Data cleaning: what was removed and why",
      "Every removed row is kept in quarantine.csv with its file, line, rule and reason; "
      "for every file rows in = rows kept + rows quarantined.");
  out += "<div class=\"facts\">";
  out += fmt::format("<div><b>{}</b><span>rows read</span></div>", Thousands(double(rows_in)));
  out += fmt::format("<div><b>{}</b><span>rows kept</span></div>", Thousands(double(kept)));
  out += fmt::format("<div><b>{}</b><span>rows removed ({})</span></div>",
                     Thousands(double(removed)),
                     HtmlEscape(Percent(SafeDivide(double(removed), double(rows_in)))));
  out += fmt::format("<div><b>{}</b><span>rows changed (kept)</span></div>",
                     Thousands(double(Sum(data.changes))));
  out += fmt::format("<div><b>{} &rarr; {}</b><span>identity ids &rarr; persons</span></div>",
                     Thousands(double(data.identity_ids)), Thousands(double(data.identity_persons)));
  out += "</div><div class=\"grid\"><div><h3>Per file</h3>";
  out += HtmlTable("cleaning-files",
                   {"file", "kind", "rows in", "kept", "quarantined", "removed", "by rule"},
                   rows,
                   {TextCell("total"), TextCell(""), CountCell(double(rows_in)),
                    CountCell(double(kept)), CountCell(double(removed)),
                    PercentCell(SafeDivide(double(removed), double(rows_in))), TextCell("")});
  out += "</div><div><h3>Removed, by rule</h3>";
  std::vector<HorizontalBar> bars;
  for (const auto& [rule, count] : data.rules) {
    bars.push_back({rule, double(count), Thousands(double(count)) + " rows"});
  }
  std::sort(bars.begin(), bars.end(),
            [](const HorizontalBar& a, const HorizontalBar& b) { return a.value > b.value; });
  out += bars.empty() ? "<p>No row was removed.</p>"
                      : HorizontalBars("chart-cleaning-rules", "removed rows by rule", bars,
                                       "#e76f51", 620, false);
  out += "<h3>Changed or flagged, kept</h3>";
  std::vector<std::vector<HtmlCell>> change_rows;
  for (const auto& [rule, count] : data.changes) {
    change_rows.push_back({TextCell(rule), CountCell(double(count))});
  }
  out += HtmlTable("cleaning-changes", {"rule", "rows"}, change_rows);
  out += "</div></div>";
  if (!data.quarantine_sample.empty()) {
    out += "<h3>First quarantined rows</h3>";
    std::vector<std::vector<HtmlCell>> sample;
    for (size_t idx = 0; idx < data.quarantine_sample.size() && idx < 8; ++idx) {
      const QuarantineRow& row = data.quarantine_sample[idx];
      sample.push_back({TextCell(row.file.substr(row.file.find_last_of('/') + 1)), CountCell(double(row.line)), TextCell(row.rule),
                        TextCell(row.reason)});
    }
    out += HtmlTable("cleaning-sample", {"file", "line", "rule", "reason"}, sample);
  }
  return out + "</section>";
}

std::string HeadlineSection(const ReportData& data) {
  const MetricsRow& totals = data.metrics.totals;
  const PeriodComparison* comparison = data.comparison ? &*data.comparison : nullptr;
  std::string lead = "Totals over the period.";
  if (comparison != nullptr) {
    lead += fmt::format(" Changes compare {} with {} ({}).",
                        HtmlEscape(FormatPeriod(comparison->current_period)),
                        HtmlEscape(FormatPeriod(comparison->previous_period)),
                        CompareModeName(comparison->mode));
  }
  std::string out = SectionOpen("headline", "2. Headline figures", lead);
  struct Tile {
    const char* label;
    std::string value;
    const char* name;
    bool lower_is_better;
  };
  const std::string& currency = data.currency;
  std::vector<Tile> tiles = {
      {"Revenue", CompactMoney(totals.revenue, currency), "revenue", false},
      {"Gross profit", CompactMoney(totals.gross_profit, currency), "gross_profit", false},
      {"Marketing spend", CompactMoney(totals.spend, currency), "spend", true},
      {"Total cost", CompactMoney(totals.total_cost, currency), "total_cost", true},
      {"Conversions", Count(double(totals.conversions)), "conversions", false},
      {"ROAS", Multiple(totals.roas), "roas", false},
      {"cROI (tactical)", Percent(totals.croi), "croi", false},
      {"bROI (strategic)", Percent(totals.broi), "broi", false},
      {"CAC", Money(totals.cac, currency, 0), "cac", true},
      {"LTV : CAC", Multiple(totals.ltv_cac), "ltv_cac", false},
  };
  out += "<div class=\"tiles\">";
  for (const Tile& tile : tiles) {
    out += fmt::format(
        "<div class=\"tile\"><div class=\"k\">{}</div><div class=\"v\">{}</div>"
        "<div class=\"d\">{}</div></div>",
        tile.label, HtmlEscape(tile.value), ChangeText(comparison, tile.name, tile.lower_is_better));
  }
  out += "</div>";
  std::string_view band = MarketingCostRatioBand(totals.marketing_cost_ratio);
  out += fmt::format(
      "<p class=\"note\">Marketing cost ratio (spend / revenue) {} &mdash; <span class=\"badge "
      "{}\">{} the 3&ndash;5 % band</span>. LTV:CAC benchmark 3:1 &mdash; <span class=\"badge "
      "{}\">{}</span>.{}</p>",
      HtmlEscape(Percent(totals.marketing_cost_ratio)), band == "within" ? "ok" : "info",
      HtmlEscape(std::string(band)),
      totals.ltv_cac && *totals.ltv_cac >= kLtvCacBenchmark ? "ok" : "warn",
      totals.ltv_cac ? (*totals.ltv_cac >= kLtvCacBenchmark ? "healthy" : "below 3:1") : "n/a",
      totals.gross_profit_imputed_share
          ? fmt::format(" {} of gross profit rests on imputed cogs.",
                        HtmlEscape(Percent(totals.gross_profit_imputed_share)))
          : "");
  return out + "</section>";
}

std::string TrendsSection(const ReportData& data) {
  const std::vector<MetricsRow>& months = data.metrics.periods;
  std::string out = SectionOpen("trends", "3. Monthly trends",
                                "Revenue, gross profit and cost per month, and the change "
                                "from the month before.");
  ChartSpec money{"chart-trend-money", "revenue, gross profit and cost by month", {}, {},
                  MoneyFormatter(data.currency), 640, 280};
  ChartSeries revenue{"Revenue", {}, PaletteColor(0)};
  ChartSeries profit{"Gross profit", {}, PaletteColor(1)};
  ChartSeries cost{"Total cost", {}, PaletteColor(3)};
  ChartSpec change{"chart-trend-change", "month-over-month change", {}, {}, PercentFormatter(),
                   640, 280};
  ChartSeries revenue_change{"Revenue vs prior month", {}, PaletteColor(0)};
  ChartSeries cost_change{"Cost vs prior month", {}, PaletteColor(3)};
  std::vector<std::vector<HtmlCell>> rows;
  for (size_t month_idx = 0; month_idx < months.size(); ++month_idx) {
    const MetricsRow& month = months[month_idx];
    money.labels.push_back(month.period);
    change.labels.push_back(month.period);
    revenue.values.push_back(month.revenue);
    profit.values.push_back(month.gross_profit);
    cost.values.push_back(month.total_cost);
    Ratio revenue_pct;
    Ratio cost_pct;
    if (month_idx > 0) {
      revenue_pct = CompareValues(month.revenue, months[month_idx - 1].revenue).percent;
      cost_pct = CompareValues(month.total_cost, months[month_idx - 1].total_cost).percent;
    }
    revenue_change.values.push_back(revenue_pct);
    cost_change.values.push_back(cost_pct);
    rows.push_back({TextCell(month.period), MoneyCell(month.revenue, data.currency),
                    PercentCell(revenue_pct, true), MoneyCell(month.gross_profit, data.currency),
                    MoneyCell(month.spend, data.currency),
                    MoneyCell(month.total_cost, data.currency), CountCell(double(month.conversions)),
                    MultipleCell(month.roas), PercentCell(month.croi, true),
                    PercentCell(month.broi, true), MoneyCell(month.cac, data.currency)});
  }
  money.series = {revenue, profit, cost};
  change.series = {revenue_change, cost_change};
  out += "<div class=\"grid\"><div><h3>Revenue, gross profit and total cost</h3>";
  out += LineChart(money);
  out += "</div><div><h3>Month-over-month change</h3>";
  out += BarChart(change);
  out += "</div></div><h3>By month</h3>";
  out += HtmlTable("table-monthly",
                   {"month", "revenue", "revenue MoM", "gross profit", "spend", "total cost",
                    "conversions", "ROAS", "cROI", "bROI", "CAC"},
                   rows);
  return out + "</section>";
}

std::string FunnelSection(const ReportData& data) {
  const MetricsRow& totals = data.metrics.totals;
  const FunnelRates& rates = totals.funnel;
  std::string out = SectionOpen(
      "funnel", "4. Funnel",
      "Volumes at each stage and the conversion rate from the stage before.");
  std::vector<HorizontalBar> bars = {
      {"Impressions", totals.impressions, CompactCount(totals.impressions)},
      {"Clicks", totals.clicks,
       fmt::format("{}  ·  CTR {}", CompactCount(totals.clicks), Percent(rates.click_through, 2))},
      {"Sessions", double(totals.sessions),
       fmt::format("{}  ·  {} of clicks", CompactCount(double(totals.sessions)),
                   Percent(rates.click_to_session))},
      {"Leads", double(totals.leads),
       fmt::format("{}  ·  {} of sessions", Thousands(double(totals.leads)),
                   Percent(rates.session_to_lead, 2))},
      {"Opportunities", double(totals.opportunities),
       fmt::format("{}  ·  {} of leads", Thousands(double(totals.opportunities)),
                   Percent(rates.lead_to_opportunity))},
      {"Customers (won deals)", double(totals.won_deals),
       fmt::format("{}  ·  {} of opps", Thousands(double(totals.won_deals)),
                   Percent(rates.opportunity_to_customer))},
  };
  out += "<div class=\"grid\"><div>";
  out += HorizontalBars("chart-funnel", "funnel", bars, "#1f3a5f", 640, true);
  out += "</div><div><div class=\"facts\">";
  auto fact = [&out](const std::string& value, const char* label) {
    out += fmt::format("<div><b>{}</b><span>{}</span></div>", HtmlEscape(value), label);
  };
  fact(Percent(rates.close_rate), "lead-to-customer close rate");
  fact(Percent(rates.session_to_conversion, 2), "site conversion rate");
  fact(Money(totals.cpl, data.currency, 2), "cost per lead");
  fact(Money(totals.cpc, data.currency, 2), "cost per click");
  out += "</div><div class=\"facts\">";
  fact(Money(totals.aov, data.currency, 2), "average order value");
  fact(Multiple(totals.purchase_frequency), "purchase frequency");
  fact(Percent(totals.bounce_rate), "bounce rate");
  fact(totals.page_views_per_session ? fmt::format("{:.2f}", *totals.page_views_per_session)
                                     : std::string(kNotAvailable),
       "pages per session");
  out += "</div></div></div>";
  return out + "</section>";
}

std::string ChannelsSection(const ReportData& data) {
  const std::string& currency = data.currency;
  std::string out = SectionOpen(
      "channels", "5. Channels",
      "Last-non-direct credit per channel. Rows in amber earn back their media cost "
      "(cROI &gt; 0) but not their full cost (bROI &lt; 0). Click a header to sort.");
  std::vector<std::vector<HtmlCell>> rows;
  auto row_cells = [&](const MetricsRow& row, bool flag_css) {
    HtmlCell name = TextCell(row.channel);
    if (flag_css && row.croi_positive_broi_negative) name.css = "flagrow";
    std::vector<HtmlCell> cells = {
        name, MoneyCell(row.spend, currency), MoneyCell(row.indirect_cost, currency),
        MoneyCell(row.revenue, currency), MoneyCell(row.gross_profit, currency),
        CountCell(double(row.conversions)), CountCell(double(row.new_customers)),
        CountCell(double(row.leads)), MoneyCell(row.cpl, currency), MoneyCell(row.cpa, currency),
        MoneyCell(row.cac, currency), MultipleCell(row.roas), PercentCell(row.croi, true),
        PercentCell(row.broi, true), MultipleCell(row.ltv_cac)};
    return cells;
  };
  ChartSpec chart{"chart-channel-roi", "cROI and bROI by channel", {}, {}, PercentFormatter(),
                  1240, 300};
  ChartSeries croi{"cROI (revenue vs media cost)", {}, PaletteColor(1)};
  ChartSeries broi{"bROI (gross profit vs full cost)", {}, PaletteColor(0)};
  int flagged = 0;
  for (const MetricsRow& row : data.metrics.channels) {
    rows.push_back(row_cells(row, true));
    if (row.croi_positive_broi_negative) ++flagged;
    if (row.croi || row.broi) {
      chart.labels.push_back(row.channel);
      croi.values.push_back(row.croi);
      broi.values.push_back(row.broi);
    }
  }
  chart.series = {croi, broi};
  out += HtmlTable("table-channels",
                   {"channel", "spend", "indirect cost", "revenue", "gross profit",
                    "conversions", "new customers", "leads", "CPL", "CPA", "CAC", "ROAS",
                    "cROI", "bROI", "LTV:CAC"},
                   rows, row_cells(data.metrics.totals, false));
  if (flagged > 0) {
    out += fmt::format(
        "<p class=\"alert\">{} channel{} look{} profitable on media cost alone but lose money "
        "once content, people and tools are counted.</p>",
        flagged, flagged == 1 ? "" : "s", flagged == 1 ? "s" : "");
  }
  out += "<h3>cROI vs bROI</h3>";
  out += BarChart(chart);
  return out + "</section>";
}

std::string GoalsSection(const ReportData& data) {
  std::string out = SectionOpen("goals", "8. Goals",
                                "Each goal's actual to date against the pace it needs "
                                "(dashed line) and its target (solid line).");
  if (data.goals.empty()) {
    return out + "<p>No goals were given (add a goals*.json file to the data).</p></section>";
  }
  out += "<div class=\"scroll\"><table class=\"sortable\" id=\"table-goals\"><thead><tr>"
         "<th>goal</th><th>window</th><th class=\"num\">target</th><th class=\"num\">actual</th>"
         "<th class=\"num\">pace</th><th class=\"num\">projected</th><th>progress</th>"
         "<th>status</th></tr></thead><tbody>";
  int goal_idx = 0;
  for (const GoalStatus& status : data.goals) {
    const Goal& goal = status.goal;
    bool money = goal.metric == "revenue" || goal.metric == "gross_profit" ||
                 goal.metric == "spend" || goal.metric == "cac" ||
                 goal.metric == "cpl" || goal.metric == "cpa";
    bool ratio = goal.metric == "croi";
    auto show = [&](Ratio value) {
      if (money) return Money(value, data.currency, 0);
      if (ratio) return Percent(value);
      if (goal.metric == "roas") return Multiple(value);
      return Count(value);
    };
    std::string chart =
        status.valid && status.actual && status.expected_to_date
            ? GoalBullet(fmt::format("chart-goal-{}", goal_idx), *status.actual, goal.target,
                         *status.expected_to_date, status.on_track, 260)
            : std::string(kNotAvailable);
    out += fmt::format(
        "<tr><td>{} <span class=\"note\">{}</span></td><td>{} &ndash; {}</td><td class=\"num\" "
        "data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" "
        "data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
        HtmlEscape(goal.metric), HtmlEscape(goal.scope), FormatDate(goal.start),
        FormatDate(goal.end), CsvNumber(goal.target), HtmlEscape(show(goal.target)),
        CsvNumber(status.actual), HtmlEscape(show(status.actual)), CsvNumber(status.pace),
        HtmlEscape(Percent(status.pace, 0)), CsvNumber(status.projected),
        HtmlEscape(show(status.projected)), chart,
        status.on_track ? "<span class=\"badge ok\">on track</span>"
                        : "<span class=\"badge warn\">off track</span>");
    ++goal_idx;
  }
  out += "</tbody></table></div>";
  for (const GoalStatus& status : data.goals) {
    if (!status.alert.empty()) {
      out += fmt::format("<div class=\"alert\">{}</div>", HtmlEscape(status.alert));
    }
  }
  return out + "</section>";
}

std::string CustomersSection(const ReportData& data) {
  const MetricsReport& metrics = data.metrics;
  std::string out = SectionOpen("customers", "9. Customers, email and sales cycle",
                                "Retention, email engagement, days from lead to won deal, and "
                                "monthly cohorts.");
  const Retention& retention = metrics.retention;
  out += "<div class=\"facts\">";
  auto fact = [&out](const std::string& value, const char* label) {
    out += fmt::format("<div><b>{}</b><span>{}</span></div>", HtmlEscape(value), label);
  };
  fact(Percent(retention.crr), "customer retention rate");
  fact(Percent(retention.churn_rate), "churn rate");
  fact(Money(metrics.totals.ltv, data.currency, 0), "historical CLV");
  fact(metrics.totals.cac_payback_months
           ? fmt::format("{:.1f} mo", *metrics.totals.cac_payback_months)
           : std::string(kNotAvailable),
       "CAC payback");
  fact(metrics.sales_cycle.median_days ? fmt::format("{:.0f} d", *metrics.sales_cycle.median_days)
                                       : std::string(kNotAvailable),
       "median sales cycle");
  const EmailMetrics& email = metrics.email_totals;
  fact(Percent(email.open_rate), "email open rate");
  fact(Percent(email.click_to_open), "click-to-open");
  fact(Percent(email.unsubscribe_rate, 2), "unsubscribe rate");
  out += "</div><div class=\"grid\"><div><h3>Sales cycle by channel (days)</h3>";
  std::vector<std::vector<HtmlCell>> cycle_rows;
  for (const SalesCycle& cycle : metrics.sales_cycle_by_channel) {
    cycle_rows.push_back({TextCell(cycle.key), CountCell(double(cycle.deals)),
                          CountCell(cycle.p25_days), CountCell(cycle.median_days),
                          CountCell(cycle.p75_days)});
  }
  out += HtmlTable("table-sales-cycle", {"channel", "won deals", "p25", "median", "p75"},
                   cycle_rows);
  out += "</div><div><h3>Cohort retention (share of each first-purchase month buying again)</h3>";
  const CohortMatrix& cohorts = metrics.cohorts;
  size_t columns = 0;
  for (const auto& row : cohorts.shares) columns = std::max(columns, row.size());
  columns = std::min<size_t>(columns, 12);
  out += "<div class=\"scroll\"><table class=\"heat\" id=\"table-cohorts\"><thead><tr><th>cohort</th>"
         "<th class=\"num\">size</th>";
  for (size_t column = 0; column < columns; ++column) {
    out += fmt::format("<th class=\"num\">M{}</th>", column);
  }
  out += "</tr></thead><tbody>";
  for (size_t cohort_idx = 0; cohort_idx < cohorts.cohorts.size(); ++cohort_idx) {
    out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td>",
                       HtmlEscape(cohorts.cohorts[cohort_idx]),
                       cohort_idx < cohorts.sizes.size()
                           ? Thousands(double(cohorts.sizes[cohort_idx]))
                           : "");
    const std::vector<double>& shares =
        cohort_idx < cohorts.shares.size() ? cohorts.shares[cohort_idx] : std::vector<double>{};
    for (size_t column = 0; column < columns; ++column) {
      if (column >= shares.size() || !std::isfinite(shares[column])) {
        out += "<td></td>";
        continue;
      }
      double alpha = column == 0 ? 0.15 : std::clamp(shares[column] * 4, 0.05, 0.9);
      out += fmt::format(
          "<td class=\"num\" style=\"background:rgba(42,157,143,{:.2f})\">{}</td>", alpha,
          HtmlEscape(Percent(shares[column], 0)));
    }
    out += "</tr>";
  }
  out += "</tbody></table></div></div></div>";
  return out + "</section>";
}

}  // namespace mroi::internal
