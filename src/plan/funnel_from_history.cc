// The e-commerce funnel of the measured history with uncertain assumptions (the report's
// budget-planning section; the CLI builds the same from flags and history).
#include <fmt/format.h>

#include "mroi/plan_montecarlo.h"

namespace mroi {

Result<EcomUncertainFunnel> EcomFunnelFromHistory(const HistoryRates& history,
                                                  double target_revenue,
                                                  std::vector<std::string>* notes) {
  const SliceHistory& totals = history.totals;
  if (!(target_revenue > 0)) return InvalidArgument("the target revenue must be above 0");
  if (!totals.aov || !totals.conversion_rate || totals.sessions <= 0 ||
      totals.conversions > totals.sessions) {
    return InvalidArgument(
        "the history has no conversions over sessions to measure AOV and conversion rate");
  }
  EcomUncertainFunnel funnel;
  funnel.target_revenue = target_revenue;
  funnel.aov = Distribution::Fixed(*totals.aov, ValueDomain::kPositive);
  notes->push_back(fmt::format("AOV held fixed at the history's average {:.2f}", *totals.aov));
  funnel.conversion_rate = Distribution::BetaFromCounts(totals.conversions, totals.sessions);
  for (const SliceHistory& measured : history.channels) {
    if (measured.spend <= 0 || measured.sessions <= 0) continue;
    EcomUncertainChannel channel;
    channel.name = measured.channel;
    channel.visit_share = measured.sessions / totals.sessions;
    std::string note;
    if (measured.cpc && *measured.cpc > 0) {
      channel.cpc = CostFromHistory(*measured.cpc, measured.monthly_cpc, measured.channel + " CPC",
                                    &note);
    } else if (measured.cpm && *measured.cpm > 0 && measured.ctr && *measured.ctr > 0 &&
               measured.clicks <= measured.impressions) {
      channel.cpm = CostFromHistory(*measured.cpm, measured.monthly_cpm, measured.channel + " CPM",
                                    &note);
      channel.ctr = Distribution::BetaFromCounts(measured.clicks, measured.impressions);
    } else {
      continue;
    }
    if (!note.empty()) notes->push_back(note);
    funnel.channels.push_back(std::move(channel));
  }
  if (funnel.channels.empty()) {
    return InvalidArgument("the history has no paid channel with spend and sessions");
  }
  return funnel;
}

}  // namespace mroi
