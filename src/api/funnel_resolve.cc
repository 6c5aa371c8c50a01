// The funnel's assumptions resolved from the request first and the measured history
// second: rates as beta distributions of their counts and costs as lognormals of their
// month-to-month spread for the Monte Carlo, fixed values for plan reverse.
#include <map>

#include <fmt/format.h>

#include "mroi/api_format.h"
#include "mroi/api_funnel.h"
#include "mroi/metrics.h"

#include "funnel_internal.h"

namespace mroi::api {

namespace {

// The assumption of `flag`: the flag's value when given (a number for `plan reverse`,
// any distribution for montecarlo), else the history's, else an error naming the flag.
Result<FunnelAssumption> Resolve(const std::string& text, std::string_view flag,
                                 ValueDomain domain, bool allow_distributions,
                                 const std::optional<FunnelAssumption>& from_history,
                                 std::string_view what) {
  if (!text.empty()) {
    MROI_ASSIGN_OR_RETURN(Distribution value, ParseDistribution(text, domain, flag));
    if (!allow_distributions && !value.is_fixed()) {
      return InvalidArgument(fmt::format(
          "{} '{}': plan reverse takes numbers; use plan montecarlo for distributions",
          flag, text));
    }
    return FunnelAssumption{std::move(value), std::string(flag)};
  }
  if (from_history) return *from_history;
  return InvalidArgument(fmt::format(
      "no {}: give {} (or --data DIR with history that measures it)", what, flag));
}

// A rate k/n from history: its value for `plan reverse`, Beta(k+1, n-k+1) for montecarlo.
std::optional<FunnelAssumption> HistoryRate(Ratio rate, double successes, double trials,
                                            bool distributions, std::string_view label,
                                            std::vector<std::string>* notes) {
  if (!rate || *rate <= 0 || *rate > 1) return std::nullopt;
  const std::string source =
      fmt::format("history: {} = {:g} / {:g}", label, successes, trials);
  if (distributions && successes <= trials) {
    return FunnelAssumption{Distribution::BetaFromCounts(successes, trials), source};
  }
  if (distributions) {
    notes->push_back(fmt::format("{}: counts {:g} / {:g} do not make a beta; held fixed",
                                 label, successes, trials));
  }
  return FunnelAssumption{Distribution::Fixed(*rate, ValueDomain::kRate), source};
}

// A cost from history: its value, or lognormal with the monthly spread for montecarlo.
std::optional<FunnelAssumption> HistoryCost(Ratio cost,
                                            const std::vector<double>& monthly,
                                            bool distributions, std::string_view label,
                                            std::vector<std::string>* notes) {
  if (!cost || *cost <= 0) return std::nullopt;
  const std::string source =
      fmt::format("history: {} over {} month(s)", label, monthly.size());
  if (!distributions)
    return FunnelAssumption{Distribution::Fixed(*cost, ValueDomain::kPositive), source};
  std::string note;
  Distribution value = CostFromHistory(*cost, monthly, label, &note);
  if (!note.empty()) notes->push_back(note);
  return FunnelAssumption{std::move(value), source};
}

// A size (deal size, AOV) from history: held fixed at the measured average.
std::optional<FunnelAssumption> HistorySize(Ratio size, double count,
                                            std::string_view counted, bool distributions,
                                            std::string_view label,
                                            std::vector<std::string>* notes) {
  if (!size || *size <= 0) return std::nullopt;
  if (distributions) {
    notes->push_back(fmt::format(
        "{} held fixed at the history's average {} (give a distribution to vary it)",
        label, HumanNumber(*size)));
  }
  return FunnelAssumption{Distribution::Fixed(*size, ValueDomain::kPositive),
                          fmt::format("history: average of {:g} {}", count, counted)};
}

Status ResolveB2b(const FunnelRequest& request, bool distributions,
                  ResolvedFunnel* funnel) {
  const HistoryRates* history = funnel->history ? &*funnel->history : nullptr;
  std::optional<FunnelAssumption> deal_size, close_rate, cpl;
  if (history != nullptr) {
    const SliceHistory& totals = history->totals;
    deal_size = HistorySize(history->deal_size,
                            static_cast<double>(history->won_deals_with_amount),
                            "won deals", distributions && request.deal_size.empty(),
                            "deal size", &funnel->notes);
    close_rate = HistoryRate(totals.close_rate, totals.won_deals, totals.leads,
                             distributions, "won deals / leads", &funnel->notes);
    cpl = HistoryCost(totals.cpl, totals.monthly_cpl,
                      distributions && request.cpl.empty(), "CPL", &funnel->notes);
  }
  MROI_ASSIGN_OR_RETURN(funnel->deal_size,
                        Resolve(request.deal_size, "--deal-size", ValueDomain::kPositive,
                                distributions, deal_size, "average deal size"));
  MROI_ASSIGN_OR_RETURN(
      funnel->close_rate,
      Resolve(request.close_rate, "--close-rate", ValueDomain::kRate, distributions,
              close_rate, "close rate (won deals / leads)"));
  MROI_ASSIGN_OR_RETURN(funnel->cpl, Resolve(request.cpl, "--cpl", ValueDomain::kPositive,
                                             distributions, cpl, "cost per lead"));
  return Status::OK();
}

// One --channel, its missing values filled from the history channel of the same name.
Result<ResolvedFunnelChannel> ResolveChannel(const std::string& text, bool distributions,
                                             const HistoryRates* history,
                                             std::vector<std::string>* notes) {
  MROI_ASSIGN_OR_RETURN(ChannelSpecParts parts, SplitChannelSpec(text));
  ResolvedFunnelChannel channel;
  channel.name = parts.name;
  const SliceHistory* measured =
      history != nullptr ? FindChannelHistory(*history, parts.name) : nullptr;
  std::map<std::string, std::string> values(parts.values.begin(), parts.values.end());
  const std::string flag = fmt::format("--channel {}", parts.name);
  if (auto found = values.find("share"); found != values.end()) {
    MROI_ASSIGN_OR_RETURN(channel.visit_share,
                          ParseNumber(found->second, flag + " share"));
    channel.share_source = "--channel";
  } else if (measured != nullptr && history->totals.sessions > 0) {
    channel.visit_share = measured->sessions / history->totals.sessions;
    channel.share_source = fmt::format("history: {:g} of {:g} sessions",
                                       measured->sessions, history->totals.sessions);
  } else {
    return InvalidArgument(
        fmt::format("{}: no share: give share=FRACTION_OF_VISITS{}", flag,
                    history != nullptr ? " (no history channel of that name)" : ""));
  }
  if (auto found = values.find("tier"); found != values.end()) {
    MROI_ASSIGN_OR_RETURN(channel.tier, TierFromName(found->second));
    channel.tier_given = true;
  } else if (measured != nullptr && measured->tier) {
    channel.tier = *measured->tier;
    channel.tier_given = true;
  }
  auto resolve = [&](std::string_view key, ValueDomain domain,
                     std::optional<FunnelAssumption> from_history)
      -> Result<std::optional<FunnelAssumption>> {
    auto found = values.find(std::string(key));
    if (found == values.end()) return from_history;
    MROI_ASSIGN_OR_RETURN(
        Distribution value,
        ParseDistribution(found->second, domain, flag + " " + std::string(key)));
    if (!distributions && !value.is_fixed()) {
      return InvalidArgument(fmt::format(
          "{} {}: plan reverse takes numbers; use plan montecarlo for distributions",
          flag, key));
    }
    return std::optional<FunnelAssumption>(
        FunnelAssumption{std::move(value), "--channel"});
  };
  const bool given_cpc = values.count("cpc") > 0;
  const bool given_cpm = values.count("cpm") > 0;
  std::optional<FunnelAssumption> history_cpc, history_cpm, history_ctr;
  if (measured != nullptr) {
    const std::string label = measured->channel;
    history_cpc = HistoryCost(measured->cpc, measured->monthly_cpc, distributions,
                              label + " CPC", notes);
    history_cpm = HistoryCost(measured->cpm, measured->monthly_cpm, distributions,
                              label + " CPM", notes);
    history_ctr = HistoryRate(measured->ctr, measured->clicks, measured->impressions,
                              distributions, label + " clicks / impressions", notes);
  }
  // Priced per click unless cpm was given (or the history has no click price).
  const bool by_click = given_cpc || (!given_cpm && history_cpc.has_value());
  MROI_ASSIGN_OR_RETURN(channel.ctr, resolve("ctr", ValueDomain::kRate,
                                             by_click ? std::nullopt : history_ctr));
  if (by_click) {
    MROI_ASSIGN_OR_RETURN(channel.cpc,
                          resolve("cpc", ValueDomain::kPositive, history_cpc));
  } else {
    MROI_ASSIGN_OR_RETURN(channel.cpm,
                          resolve("cpm", ValueDomain::kPositive, history_cpm));
  }
  if (!channel.cpc && !(channel.cpm && channel.ctr)) {
    return InvalidArgument(fmt::format(
        "{}: no price: give cpc=COST_PER_CLICK, or cpm=COST_PER_1000 with ctr=RATE{}",
        flag, measured != nullptr ? " (the history has none for it)" : ""));
  }
  return channel;
}

// The history's paid channels, each with its share of the sessions, when no --channel
// is given.
std::vector<ResolvedFunnelChannel> HistoryChannels(const HistoryRates& history,
                                                   bool distributions,
                                                   std::vector<std::string>* notes) {
  std::vector<ResolvedFunnelChannel> channels;
  if (history.totals.sessions <= 0) return channels;
  for (const SliceHistory& measured : history.channels) {
    if (measured.spend <= 0 || measured.sessions <= 0) continue;
    ResolvedFunnelChannel channel;
    channel.name = measured.channel;
    channel.visit_share = measured.sessions / history.totals.sessions;
    channel.share_source = fmt::format("history: {:g} of {:g} sessions",
                                       measured.sessions, history.totals.sessions);
    channel.cpc = HistoryCost(measured.cpc, measured.monthly_cpc, distributions,
                              measured.channel + " CPC", notes);
    if (!channel.cpc) {
      channel.cpm = HistoryCost(measured.cpm, measured.monthly_cpm, distributions,
                                measured.channel + " CPM", notes);
      channel.ctr =
          HistoryRate(measured.ctr, measured.clicks, measured.impressions, distributions,
                      measured.channel + " clicks / impressions", notes);
      if (!channel.cpm || !channel.ctr) continue;
    }
    if (measured.tier) {
      channel.tier = *measured.tier;
      channel.tier_given = true;
    }
    channels.push_back(std::move(channel));
  }
  return channels;
}

Status ResolveEcommerce(const FunnelRequest& request, bool distributions,
                        ResolvedFunnel* funnel) {
  const HistoryRates* history = funnel->history ? &*funnel->history : nullptr;
  std::optional<FunnelAssumption> aov, conversion_rate;
  if (history != nullptr) {
    const SliceHistory& totals = history->totals;
    aov = HistorySize(totals.aov, totals.conversions, "conversions",
                      distributions && request.aov.empty(), "AOV", &funnel->notes);
    conversion_rate =
        HistoryRate(totals.conversion_rate, totals.conversions, totals.sessions,
                    distributions, "conversions / sessions", &funnel->notes);
  }
  MROI_ASSIGN_OR_RETURN(funnel->aov, Resolve(request.aov, "--aov", ValueDomain::kPositive,
                                             distributions, aov, "average order value"));
  MROI_ASSIGN_OR_RETURN(
      funnel->conversion_rate,
      Resolve(request.conversion_rate, "--cr", ValueDomain::kRate, distributions,
              conversion_rate, "site conversion rate (orders / visits)"));
  for (const std::string& text : request.channels) {
    MROI_ASSIGN_OR_RETURN(ResolvedFunnelChannel channel,
                          ResolveChannel(text, distributions, history, &funnel->notes));
    funnel->channels.push_back(std::move(channel));
  }
  if (request.channels.empty() && history != nullptr) {
    funnel->channels = HistoryChannels(*history, distributions, &funnel->notes);
    funnel->notes.push_back(
        "channels from the history: every paid channel with its share of the sessions");
  }
  return Status::OK();
}

}  // namespace

Result<ResolvedFunnel> ResolveFunnel(const FunnelRequest& request,
                                     const PipelineResult* history) {
  const bool have_history = history != nullptr;
  MROI_RETURN_IF_ERROR(CheckFunnelRequest(request, have_history));
  const bool distributions = request.command == FunnelCommand::kMonteCarlo;
  ResolvedFunnel funnel;
  MROI_ASSIGN_OR_RETURN(funnel.target_revenue, ParseNumber(request.target, "--target"));
  MROI_ASSIGN_OR_RETURN(funnel.tiers, ParseTierShares(request.tiers));
  MROI_ASSIGN_OR_RETURN(funnel.model, internal::ChooseFunnelModel(request, have_history));
  if (have_history) {
    MetricsOptions options;
    if (!request.period.empty()) {
      MROI_ASSIGN_OR_RETURN(Period period, ParsePeriod(request.period));
      options.period = period;
    }
    MROI_ASSIGN_OR_RETURN(HistoryRates rates,
                          RatesFromHistory(history->dataset, history->identity,
                                           history->journeys, options));
    funnel.history = std::move(rates);
  }
  if (funnel.model == FunnelModel::kB2b) {
    MROI_RETURN_IF_ERROR(ResolveB2b(request, distributions, &funnel));
  } else {
    MROI_RETURN_IF_ERROR(ResolveEcommerce(request, distributions, &funnel));
  }
  return funnel;
}

}  // namespace mroi::api
