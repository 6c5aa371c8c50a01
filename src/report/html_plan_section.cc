// report.html section 11: budget planning — the revenue goal worked backwards through
// the measured funnel, the chance the point-estimate budget reaches it, and the
// marketing-mix model with a reallocation of the current spend.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "report/format_internal.h"
#include "report/html_internal.h"
#include "report/plan_internal.h"

namespace mroi::internal {

namespace {

std::string FunnelHtml(const PlanReport& plan, const std::string& currency) {
  if (!plan.funnel_skipped.empty()) {
    return fmt::format("<p class=\"note\">The funnel could not be planned: {}.</p>",
                       HtmlEscape(plan.funnel_skipped));
  }
  const EcomFunnelPlan& funnel = plan.funnel;
  const MonteCarloResult& risk = plan.risk;
  std::string out = "<div class=\"facts\">";
  auto fact = [&out](const std::string& value, const std::string& label) {
    out += fmt::format("<div><b>{}</b><span>{}</span></div>", HtmlEscape(value),
                       HtmlEscape(label));
  };
  fact(Money(plan.target, currency, 0), "target revenue");
  fact(Thousands(funnel.orders), "orders needed");
  fact(Thousands(funnel.visits), "visits needed");
  fact(Money(funnel.budget, currency, 0), "budget on average rates");
  fact(Percent(risk.p_reach_at_deterministic, 0), "chance it reaches the target");
  fact(Money(risk.budget_for_confidence, currency, 0),
       fmt::format("budget for {:.0f} % confidence", risk.confidence * 100));
  out += "</div>";
  out += fmt::format(
      "<p class=\"note\">Target: {}. {} / AOV {} = {} orders; / site conversion rate {} = "
      "{} visits, {} of them unpaid (organic, direct, email). Paid channels keep their "
      "share of the sessions at their measured CPC (or CPM and CTR). Monte Carlo: {} draws "
      "of the conversion rate (Beta from the counts) and each channel's cost (lognormal "
      "with its month-to-month spread).</p>",
      HtmlEscape(plan.target_source), Money(plan.target, currency, 0),
      Money(funnel.inputs.aov, currency, 2), Thousands(funnel.orders),
      Percent(funnel.inputs.conversion_rate, 2), Thousands(funnel.visits),
      Thousands(funnel.unpaid_visits), Thousands(static_cast<double>(risk.draws)));
  if (risk.warning) {
    out += fmt::format("<div class=\"alert\" id=\"plan-warning\">{}</div>",
                       HtmlEscape(*risk.warning));
  }
  std::vector<std::vector<HtmlCell>> rows;
  for (const EcomChannelPlan& channel : funnel.channels) {
    rows.push_back({TextCell(channel.inputs.name), PercentCell(channel.inputs.visit_share),
                    CountCell(channel.visits),
                    CountCell(channel.impressions ? Ratio(*channel.impressions) : Ratio()),
                    MoneyCell(channel.cost, currency)});
  }
  out += HtmlTable("plan-funnel", {"channel", "share of visits", "visits", "impressions", "cost"},
                   rows, {TextCell("total"), TextCell(""), CountCell(funnel.visits - funnel.unpaid_visits),
                          TextCell(""), MoneyCell(funnel.budget, currency)});
  return out;
}

std::string MmmHtml(const PlanReport& plan, const std::string& currency) {
  if (!plan.mmm_skipped.empty()) {
    return fmt::format(
        "<h3>Diminishing returns</h3><p class=\"note\" id=\"plan-mmm-skipped\">The "
        "marketing-mix model did not run on this data: {}. Fit it on a longer weekly "
        "history with <code>mroi plan mmm --weekly FILE --save model.json</code> and "
        "allocate with <code>mroi plan optimize --model model.json --budget B</code>.</p>",
        HtmlEscape(plan.mmm_skipped));
  }
  std::string out = fmt::format(
      "<h3>Diminishing returns</h3><p class=\"note\">Marketing-mix model on {} weeks "
      "(adstock and Hill saturation per channel): R² {:.2f}, cross-validated NRMSE "
      "{:.3f}.</p>",
      plan.mmm_weeks, plan.mmm_quality.r_squared, plan.mmm_quality.cv_nrmse);
  std::vector<std::vector<HtmlCell>> rows;
  for (const MmmChannelFit& c : plan.mmm_channels) {
    rows.push_back({TextCell(c.channel), PercentCell(c.spend_share),
                    PercentCell(c.contribution_share.estimate), MultipleCell(c.roi.estimate),
                    TextCell(fmt::format("{:.2f} – {:.2f}", c.roi.low, c.roi.high)),
                    MultipleCell(c.marginal_roi.estimate)});
  }
  out += HtmlTable("plan-mmm", {"channel", "spend share", "effect share", "ROI", "ROI interval",
                                "marginal ROI"},
                   rows);
  if (plan.allocation) {
    const AllocationResult& a = *plan.allocation;
    out += fmt::format("<p>Reallocating the current {} over the next {} weeks: expected {} "
                       "against {} now ({}).</p><ul id=\"plan-moves\">",
                       Money(a.budget, currency, 0), a.periods, Money(a.expected, currency, 0),
                       Money(a.current_expected, currency, 0),
                       SignedPercent(a.uplift ? Ratio(*a.uplift) : Ratio()));
    for (const BudgetMove& move : a.moves) out += "<li>" + HtmlEscape(move.text) + "</li>";
    out += "</ul>";
  }
  return out;
}

}  // namespace

std::string PlanSection(const ReportData& data) {
  std::string out = SectionOpen(
      "plan", "11. Budget planning",
      "The budget worked backwards from the revenue goal through the measured funnel "
      "(revenue &rarr; orders &rarr; visits &rarr; paid clicks &rarr; cost), the chance "
      "that a budget on average rates reaches it, and the budget for a chosen confidence. "
      "The same with other assumptions: <code>mroi plan reverse</code> and <code>mroi plan "
      "montecarlo</code>.");
  if (!data.plan) return out + "<p>The planning section was not computed.</p></section>";
  out += FunnelHtml(*data.plan, data.currency);
  out += MmmHtml(*data.plan, data.currency);
  for (const std::string& note : data.plan->notes) {
    out += "<p class=\"note\">" + HtmlEscape(note) + "</p>";
  }
  return out + "</section>";
}

}  // namespace mroi::internal
