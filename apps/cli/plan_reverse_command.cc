// mroi plan reverse / mroi plan montecarlo: the reverse funnel from a revenue target
// (B2B: deals, leads, budget; e-commerce: orders, visits, paid clicks per channel) and
// its Monte Carlo risk. Every rate defaults to the measured history (--data DIR) and
// every flag overrides the history.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>

#include "mroi/plan_funnel.h"
#include "mroi/plan_montecarlo.h"

#include "plan_commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

using nlohmann::json;

// The flags both sub-commands share; numbers are read as text so that a bad value is
// a clear error with exit code 2 (and so that montecarlo can take distributions).
struct FunnelFlags {
  RunFlags run;
  std::string mode;
  std::string target;
  std::string deal_size;
  std::string close_rate;
  std::string cpl;
  std::string aov;
  std::string conversion_rate;
  std::vector<std::string> channels;
  std::string tiers = "70/20/10";
  std::string period;
  // montecarlo only
  std::string budget;
  std::string confidence = "0.9";
  int64_t draws = 100'000;
  uint64_t seed = 42;
};

enum class FunnelModel : uint8_t { kB2b, kEcommerce };

// One resolved assumption: its distribution (fixed for `plan reverse`) and where it
// came from ("--cpl" or "history: ...").
struct Assumption {
  Distribution value;
  std::string source;
};

struct ResolvedChannel {
  std::string name;
  double visit_share = 0;
  std::string share_source;
  std::optional<Assumption> cpc;
  std::optional<Assumption> ctr;
  std::optional<Assumption> cpm;
  Tier tier = Tier::kCore;
  bool tier_given = false;
};

// Everything the funnel needs, resolved from flags and history.
struct ResolvedFunnel {
  FunnelModel model = FunnelModel::kB2b;
  double target_revenue = 0;
  TierShares tiers;
  std::optional<Assumption> deal_size, close_rate, cpl, aov, conversion_rate;
  std::vector<ResolvedChannel> channels;
  std::optional<HistoryRates> history;
  std::vector<std::string> notes;
};

// ---------------------------------------------------------------------------------
// Numbers.

// A JSON number: an integer where the value is one (within rounding), null when not
// finite.
json Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  const double rounded = std::round(value);
  if (std::abs(rounded) < 9e15 &&
      std::abs(value - rounded) <= 1e-9 * std::max(1.0, std::abs(value))) {
    return static_cast<int64_t>(rounded);
  }
  return value;
}

json Number(const std::optional<double>& value) {
  return value ? Number(*value) : json(nullptr);
}

// "1,234,567" for whole numbers and from 1,000 up, "12.57" for smaller fractions.
std::string Human(double value) {
  if (!std::isfinite(value)) return "n/a";
  const double rounded = std::round(value);
  if (std::abs(value - rounded) <= 1e-9 * std::max(1.0, std::abs(value)) ||
      std::abs(value) >= 1000) {
    return Thousands(static_cast<int64_t>(rounded));
  }
  const double cents = std::round(std::abs(value) * 100);
  const auto whole = static_cast<int64_t>(cents / 100);
  return fmt::format("{}{}.{:02d}", value < 0 ? "-" : "", Thousands(whole),
                     static_cast<int>(cents - static_cast<double>(whole) * 100));
}

std::string Percent(double fraction) {
  return fmt::format("{:g} %", std::round(fraction * 100 * 10) / 10);
}

// ---------------------------------------------------------------------------------
// Resolving flags and history into assumptions.

bool HasHistoryInputs(const RunFlags& run) { return HasRunInputs(run); }

Result<HistoryRates> LoadHistory(const FunnelFlags& flags) {
  Progress progress(!flags.run.json && !flags.run.quiet);
  MROI_ASSIGN_OR_RETURN(PipelineResult result, RunFromFlags(flags.run, &progress));
  MetricsOptions options;
  if (!flags.period.empty()) {
    MROI_ASSIGN_OR_RETURN(Period period, ParsePeriod(flags.period));
    options.period = period;
  }
  return RatesFromHistory(result.dataset, result.identity, result.journeys, options);
}

Result<FunnelModel> ChooseModel(const FunnelFlags& flags, bool have_history) {
  const bool b2b = !flags.deal_size.empty() || !flags.close_rate.empty() || !flags.cpl.empty();
  const bool ecom =
      !flags.aov.empty() || !flags.conversion_rate.empty() || !flags.channels.empty();
  if (flags.mode == "b2b") {
    if (ecom) return InvalidArgument("--mode b2b takes no --aov, --cr or --channel");
    return FunnelModel::kB2b;
  }
  if (flags.mode == "ecommerce" || flags.mode == "ecom") {
    if (b2b) return InvalidArgument("--mode ecommerce takes no --deal-size, --close-rate or --cpl");
    return FunnelModel::kEcommerce;
  }
  if (!flags.mode.empty()) {
    return InvalidArgument(fmt::format("--mode '{}': use b2b or ecommerce", flags.mode));
  }
  if (b2b && ecom) {
    return InvalidArgument(
        "B2B flags (--deal-size, --close-rate, --cpl) and e-commerce flags (--aov, --cr, "
        "--channel) together: plan one funnel at a time");
  }
  if (b2b) return FunnelModel::kB2b;
  if (ecom) return FunnelModel::kEcommerce;
  if (have_history) {
    return InvalidArgument("say which funnel to plan from the history: --mode b2b or --mode ecommerce");
  }
  return InvalidArgument(
      "nothing to plan from: give --deal-size, --close-rate and --cpl (B2B), or --aov, --cr "
      "and --channel (e-commerce), or --data DIR to use the measured history");
}

// The assumption of `flag`: the flag's value when given (a number for `plan reverse`,
// any distribution for montecarlo), else the history's, else an error naming the flag.
Result<Assumption> Resolve(const std::string& text, std::string_view flag, ValueDomain domain,
                           bool allow_distributions,
                           const std::optional<Assumption>& from_history,
                           std::string_view what) {
  if (!text.empty()) {
    MROI_ASSIGN_OR_RETURN(Distribution value, ParseDistribution(text, domain, flag));
    if (!allow_distributions && !value.is_fixed()) {
      return InvalidArgument(fmt::format(
          "{} '{}': plan reverse takes numbers; use plan montecarlo for distributions", flag,
          text));
    }
    return Assumption{std::move(value), std::string(flag)};
  }
  if (from_history) return *from_history;
  return InvalidArgument(fmt::format("no {}: give {} (or --data DIR with history that measures it)",
                                     what, flag));
}

// A rate k/n from history: its value for `plan reverse`, Beta(k+1, n-k+1) for montecarlo.
std::optional<Assumption> HistoryRate(Ratio rate, double successes, double trials,
                                      bool distributions, std::string_view label,
                                      std::vector<std::string>* notes) {
  if (!rate || *rate <= 0 || *rate > 1) return std::nullopt;
  const std::string source = fmt::format("history: {} = {:g} / {:g}", label, successes, trials);
  if (distributions && successes <= trials) {
    return Assumption{Distribution::BetaFromCounts(successes, trials), source};
  }
  if (distributions) {
    notes->push_back(fmt::format("{}: counts {:g} / {:g} do not make a beta; held fixed", label,
                                 successes, trials));
  }
  return Assumption{Distribution::Fixed(*rate, ValueDomain::kRate), source};
}

// A cost from history: its value, or lognormal with the monthly spread for montecarlo.
std::optional<Assumption> HistoryCost(Ratio cost, const std::vector<double>& monthly,
                                      bool distributions, std::string_view label,
                                      std::vector<std::string>* notes) {
  if (!cost || *cost <= 0) return std::nullopt;
  const std::string source = fmt::format("history: {} over {} month(s)", label, monthly.size());
  if (!distributions) return Assumption{Distribution::Fixed(*cost, ValueDomain::kPositive), source};
  std::string note;
  Distribution value = CostFromHistory(*cost, monthly, label, &note);
  if (!note.empty()) notes->push_back(note);
  return Assumption{std::move(value), source};
}

// A size (deal size, AOV) from history: held fixed at the measured average.
std::optional<Assumption> HistorySize(Ratio size, double count, std::string_view counted,
                                      bool distributions, std::string_view label,
                                      std::vector<std::string>* notes) {
  if (!size || *size <= 0) return std::nullopt;
  if (distributions) {
    notes->push_back(fmt::format(
        "{} held fixed at the history's average {} (give a distribution to vary it)", label,
        Human(*size)));
  }
  return Assumption{Distribution::Fixed(*size, ValueDomain::kPositive),
                    fmt::format("history: average of {:g} {}", count, counted)};
}

Status ResolveB2b(const FunnelFlags& flags, bool distributions, ResolvedFunnel* funnel) {
  const HistoryRates* history = funnel->history ? &*funnel->history : nullptr;
  std::optional<Assumption> deal_size, close_rate, cpl;
  if (history != nullptr) {
    const SliceHistory& totals = history->totals;
    deal_size = HistorySize(history->deal_size, static_cast<double>(history->won_deals_with_amount),
                            "won deals", distributions && flags.deal_size.empty(), "deal size",
                            &funnel->notes);
    close_rate = HistoryRate(totals.close_rate, totals.won_deals, totals.leads,
                             distributions, "won deals / leads", &funnel->notes);
    cpl = HistoryCost(totals.cpl, totals.monthly_cpl, distributions && flags.cpl.empty(), "CPL",
                      &funnel->notes);
  }
  MROI_ASSIGN_OR_RETURN(funnel->deal_size,
                        Resolve(flags.deal_size, "--deal-size", ValueDomain::kPositive,
                                distributions, deal_size, "average deal size"));
  MROI_ASSIGN_OR_RETURN(funnel->close_rate,
                        Resolve(flags.close_rate, "--close-rate", ValueDomain::kRate,
                                distributions, close_rate, "close rate (won deals / leads)"));
  MROI_ASSIGN_OR_RETURN(funnel->cpl, Resolve(flags.cpl, "--cpl", ValueDomain::kPositive,
                                             distributions, cpl, "cost per lead"));
  return Status::OK();
}

// One --channel, its missing values filled from the history channel of the same name.
Result<ResolvedChannel> ResolveChannel(const std::string& text, bool distributions,
                                       const HistoryRates* history,
                                       std::vector<std::string>* notes) {
  MROI_ASSIGN_OR_RETURN(ChannelSpecParts parts, SplitChannelSpec(text));
  ResolvedChannel channel;
  channel.name = parts.name;
  const SliceHistory* measured =
      history != nullptr ? FindChannelHistory(*history, parts.name) : nullptr;
  std::map<std::string, std::string> values(parts.values.begin(), parts.values.end());
  const std::string flag = fmt::format("--channel {}", parts.name);
  if (auto found = values.find("share"); found != values.end()) {
    MROI_ASSIGN_OR_RETURN(channel.visit_share, ParseNumberFlag(found->second, flag + " share"));
    channel.share_source = "--channel";
  } else if (measured != nullptr && history->totals.sessions > 0) {
    channel.visit_share = measured->sessions / history->totals.sessions;
    channel.share_source = fmt::format("history: {:g} of {:g} sessions", measured->sessions,
                                       history->totals.sessions);
  } else {
    return InvalidArgument(fmt::format(
        "{}: no share: give share=FRACTION_OF_VISITS{}", flag,
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
                     std::optional<Assumption> from_history) -> Result<std::optional<Assumption>> {
    auto found = values.find(std::string(key));
    if (found == values.end()) return from_history;
    MROI_ASSIGN_OR_RETURN(Distribution value,
                          ParseDistribution(found->second, domain, flag + " " + std::string(key)));
    if (!distributions && !value.is_fixed()) {
      return InvalidArgument(fmt::format(
          "{} {}: plan reverse takes numbers; use plan montecarlo for distributions", flag, key));
    }
    return std::optional<Assumption>(Assumption{std::move(value), "--channel"});
  };
  const bool given_cpc = values.count("cpc") > 0;
  const bool given_cpm = values.count("cpm") > 0;
  std::optional<Assumption> history_cpc, history_cpm, history_ctr;
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
    MROI_ASSIGN_OR_RETURN(channel.cpc, resolve("cpc", ValueDomain::kPositive, history_cpc));
  } else {
    MROI_ASSIGN_OR_RETURN(channel.cpm, resolve("cpm", ValueDomain::kPositive, history_cpm));
  }
  if (!channel.cpc && !(channel.cpm && channel.ctr)) {
    return InvalidArgument(fmt::format(
        "{}: no price: give cpc=COST_PER_CLICK, or cpm=COST_PER_1000 with ctr=RATE{}", flag,
        measured != nullptr ? " (the history has none for it)" : ""));
  }
  return channel;
}

// The history's paid channels, each with its share of the sessions, when no --channel
// is given.
std::vector<ResolvedChannel> HistoryChannels(const HistoryRates& history, bool distributions,
                                             std::vector<std::string>* notes) {
  std::vector<ResolvedChannel> channels;
  if (history.totals.sessions <= 0) return channels;
  for (const SliceHistory& measured : history.channels) {
    if (measured.spend <= 0 || measured.sessions <= 0) continue;
    ResolvedChannel channel;
    channel.name = measured.channel;
    channel.visit_share = measured.sessions / history.totals.sessions;
    channel.share_source = fmt::format("history: {:g} of {:g} sessions", measured.sessions,
                                       history.totals.sessions);
    channel.cpc = HistoryCost(measured.cpc, measured.monthly_cpc, distributions,
                              measured.channel + " CPC", notes);
    if (!channel.cpc) {
      channel.cpm = HistoryCost(measured.cpm, measured.monthly_cpm, distributions,
                                measured.channel + " CPM", notes);
      channel.ctr = HistoryRate(measured.ctr, measured.clicks, measured.impressions,
                                distributions, measured.channel + " clicks / impressions", notes);
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

Status ResolveEcommerce(const FunnelFlags& flags, bool distributions, ResolvedFunnel* funnel) {
  const HistoryRates* history = funnel->history ? &*funnel->history : nullptr;
  std::optional<Assumption> aov, conversion_rate;
  if (history != nullptr) {
    const SliceHistory& totals = history->totals;
    aov = HistorySize(totals.aov, totals.conversions, "conversions", distributions && flags.aov.empty(), "AOV",
                      &funnel->notes);
    conversion_rate = HistoryRate(totals.conversion_rate, totals.conversions, totals.sessions,
                                  distributions, "conversions / sessions", &funnel->notes);
  }
  MROI_ASSIGN_OR_RETURN(funnel->aov, Resolve(flags.aov, "--aov", ValueDomain::kPositive,
                                             distributions, aov, "average order value"));
  MROI_ASSIGN_OR_RETURN(funnel->conversion_rate,
                        Resolve(flags.conversion_rate, "--cr", ValueDomain::kRate, distributions,
                                conversion_rate, "site conversion rate (orders / visits)"));
  for (const std::string& text : flags.channels) {
    MROI_ASSIGN_OR_RETURN(ResolvedChannel channel,
                          ResolveChannel(text, distributions, history, &funnel->notes));
    funnel->channels.push_back(std::move(channel));
  }
  if (flags.channels.empty() && history != nullptr) {
    funnel->channels = HistoryChannels(*history, distributions, &funnel->notes);
    funnel->notes.push_back(
        "channels from the history: every paid channel with its share of the sessions");
  }
  return Status::OK();
}

Result<ResolvedFunnel> ResolveFunnel(const FunnelFlags& flags, bool distributions) {
  ResolvedFunnel funnel;
  if (flags.target.empty()) {
    return InvalidArgument("--target is required: the revenue to reach, e.g. --target 50000000");
  }
  MROI_ASSIGN_OR_RETURN(funnel.target_revenue, ParseNumberFlag(flags.target, "--target"));
  if (funnel.target_revenue <= 0) {
    return InvalidArgument(fmt::format("--target {}: the target revenue must be above 0", flags.target));
  }
  MROI_ASSIGN_OR_RETURN(funnel.tiers, ParseTierShares(flags.tiers));
  const bool have_history = HasHistoryInputs(flags.run);
  MROI_ASSIGN_OR_RETURN(funnel.model, ChooseModel(flags, have_history));
  if (have_history) {
    MROI_ASSIGN_OR_RETURN(HistoryRates history, LoadHistory(flags));
    funnel.history = std::move(history);
  }
  if (funnel.model == FunnelModel::kB2b) {
    MROI_RETURN_IF_ERROR(ResolveB2b(flags, distributions, &funnel));
  } else {
    MROI_RETURN_IF_ERROR(ResolveEcommerce(flags, distributions, &funnel));
  }
  return funnel;
}

// ---------------------------------------------------------------------------------
// Output pieces.

json TiersJson(const std::array<double, kNumTiers>& budgets) {
  json out = json::object();
  for (int tier_idx = 0; tier_idx < kNumTiers; ++tier_idx) {
    out[std::string(TierName(static_cast<Tier>(tier_idx)))] = Number(budgets[tier_idx]);
  }
  return out;
}

json SliceJson(const SliceHistory& slice) {
  json out = {{"channel", slice.channel},
              {"spend", Number(slice.spend)},
              {"impressions", Number(slice.impressions)},
              {"clicks", Number(slice.clicks)},
              {"sessions", Number(slice.sessions)},
              {"leads", Number(slice.leads)},
              {"won_deals", Number(slice.won_deals)},
              {"conversions", Number(slice.conversions)},
              {"revenue", Number(slice.revenue)},
              {"cpc", Number(slice.cpc)},
              {"cpm", Number(slice.cpm)},
              {"ctr", Number(slice.ctr)},
              {"cpl", Number(slice.cpl)},
              {"close_rate", Number(slice.close_rate)},
              {"conversion_rate", Number(slice.conversion_rate)},
              {"aov", Number(slice.aov)},
              {"monthly_cpc", slice.monthly_cpc},
              {"monthly_cpl", slice.monthly_cpl},
              {"tier", slice.tier ? json(std::string(TierName(*slice.tier))) : json(nullptr)}};
  return out;
}

json HistoryJson(const std::optional<HistoryRates>& history) {
  if (!history) return nullptr;
  json channels = json::array();
  for (const SliceHistory& slice : history->channels) channels.push_back(SliceJson(slice));
  return {{"period", FormatPeriod(history->period)},
          {"months", history->months},
          {"deal_size", Number(history->deal_size)},
          {"won_deals_with_amount", history->won_deals_with_amount},
          {"totals", SliceJson(history->totals)},
          {"channels", channels}};
}

json AssumptionJson(const Assumption& assumption) {
  return {{"value", Number(assumption.value.point)},
          {"distribution", assumption.value.text},
          {"source", assumption.source}};
}

// One step of the funnel: the arithmetic, then what it is and where the rate came from.
std::string Step(const std::string& arithmetic, std::string_view what,
                 std::string_view source) {
  return fmt::format("  {:<40} {} ({})\n", arithmetic, what, source);
}

std::string NotesText(const std::vector<std::string>& notes) {
  std::string out;
  for (const std::string& note : notes) out += fmt::format("note: {}\n", note);
  return out;
}

std::string TierTable(const TierShares& shares, const std::array<double, kNumTiers>& budgets) {
  TextTable table({"tier", "share", "budget"});
  for (int tier_idx = 0; tier_idx < kNumTiers; ++tier_idx) {
    table.AddRow({std::string(TierName(static_cast<Tier>(tier_idx))),
                  Percent(shares.share[tier_idx]), Human(budgets[tier_idx])});
  }
  return table.Render();
}

// ---------------------------------------------------------------------------------
// plan reverse

EcomFunnelInputs EcomInputs(const ResolvedFunnel& funnel) {
  EcomFunnelInputs inputs;
  inputs.target_revenue = funnel.target_revenue;
  inputs.aov = funnel.aov->value.point;
  inputs.conversion_rate = funnel.conversion_rate->value.point;
  inputs.tiers = funnel.tiers;
  for (const ResolvedChannel& channel : funnel.channels) {
    EcomChannelInputs row;
    row.name = channel.name;
    row.visit_share = channel.visit_share;
    if (channel.cpc) row.cpc = channel.cpc->value.point;
    if (channel.ctr) row.ctr = channel.ctr->value.point;
    if (channel.cpm) row.cpm = channel.cpm->value.point;
    row.tier = channel.tier;
    row.tier_given = channel.tier_given;
    inputs.channels.push_back(std::move(row));
  }
  return inputs;
}

int PrintB2bPlan(const ResolvedFunnel& funnel, bool as_json) {
  B2bFunnelInputs inputs;
  inputs.target_revenue = funnel.target_revenue;
  inputs.deal_size = funnel.deal_size->value.point;
  inputs.close_rate = funnel.close_rate->value.point;
  inputs.cpl = funnel.cpl->value.point;
  inputs.tiers = funnel.tiers;
  Result<B2bFunnelPlan> plan = PlanB2bFunnel(inputs);
  if (!plan.ok()) return ReportError(plan.status());
  if (as_json) {
    json out = {{"model", "b2b"},
                {"target", Number(inputs.target_revenue)},
                {"deal_size", Number(inputs.deal_size)},
                {"close_rate", Number(inputs.close_rate)},
                {"cpl", Number(inputs.cpl)},
                {"deals", Number(plan->deals)},
                {"leads", Number(plan->leads)},
                {"budget", Number(plan->budget)},
                {"tiers", TiersJson(plan->tier_budgets)},
                {"tier_shares", TiersJson(funnel.tiers.share)},
                {"sources", {{"deal_size", funnel.deal_size->source},
                             {"close_rate", funnel.close_rate->source},
                             {"cpl", funnel.cpl->source}}},
                {"history", HistoryJson(funnel.history)},
                {"notes", funnel.notes}};
    fmt::print("{}\n", out.dump());
    return 0;
  }
  fmt::print("Reverse funnel (B2B) to {} new revenue\n\n", Human(inputs.target_revenue));
  fmt::print("{}", Step(fmt::format("{} / {} = {} deals", Human(inputs.target_revenue),
                                      Human(inputs.deal_size), Human(plan->deals)),
                          "target / deal size", funnel.deal_size->source));
  fmt::print("{}", Step(fmt::format("{} / {} = {} leads", Human(plan->deals),
                                      Percent(inputs.close_rate), Human(plan->leads)),
                          "deals / close rate", funnel.close_rate->source));
  fmt::print("{}\n", Step(fmt::format("{} x {} = {} budget", Human(plan->leads),
                                        Human(inputs.cpl), Human(plan->budget)),
                            "leads x cost per lead", funnel.cpl->source));
  fmt::print("{}", TierTable(funnel.tiers, plan->tier_budgets));
  fmt::print("{}", NotesText(funnel.notes));
  return 0;
}

int PrintEcomPlan(const ResolvedFunnel& funnel, bool as_json) {
  Result<EcomFunnelPlan> plan = PlanEcomFunnel(EcomInputs(funnel));
  if (!plan.ok()) return ReportError(plan.status());
  if (as_json) {
    json channels = json::array();
    for (size_t channel_idx = 0; channel_idx < plan->channels.size(); ++channel_idx) {
      const EcomChannelPlan& row = plan->channels[channel_idx];
      const ResolvedChannel& resolved = funnel.channels[channel_idx];
      channels.push_back({{"channel", row.inputs.name},
                          {"share", Number(row.inputs.visit_share)},
                          {"visits", Number(row.visits)},
                          {"clicks", Number(row.clicks)},
                          {"impressions", Number(row.impressions)},
                          {"cpc", Number(row.inputs.cpc)},
                          {"ctr", Number(row.inputs.ctr)},
                          {"cpm", Number(row.inputs.cpm)},
                          {"priced_by", row.priced_by_cpm ? "cpm" : "cpc"},
                          {"cost", Number(row.cost)},
                          {"tier", std::string(TierName(row.inputs.tier))},
                          {"sources",
                           {{"share", resolved.share_source},
                            {"cpc", resolved.cpc ? json(resolved.cpc->source) : json(nullptr)},
                            {"ctr", resolved.ctr ? json(resolved.ctr->source) : json(nullptr)},
                            {"cpm", resolved.cpm ? json(resolved.cpm->source) : json(nullptr)}}}});
    }
    json out = {{"model", "ecommerce"},
                {"target", Number(funnel.target_revenue)},
                {"aov", Number(plan->inputs.aov)},
                {"cr", Number(plan->inputs.conversion_rate)},
                {"orders", Number(plan->orders)},
                {"visits", Number(plan->visits)},
                {"paid_visits", Number(plan->paid_visits)},
                {"unpaid_visits", Number(plan->unpaid_visits)},
                {"channels", channels},
                {"budget", Number(plan->budget)},
                {"tiers", TiersJson(plan->tier_budgets)},
                {"tier_shares", TiersJson(funnel.tiers.share)},
                {"channel_tiers", TiersJson(plan->channel_tier_costs)},
                {"sources", {{"aov", funnel.aov->source},
                             {"cr", funnel.conversion_rate->source}}},
                {"history", HistoryJson(funnel.history)},
                {"notes", funnel.notes}};
    fmt::print("{}\n", out.dump());
    return 0;
  }
  fmt::print("Reverse funnel (e-commerce) to {} revenue\n\n", Human(funnel.target_revenue));
  fmt::print("{}", Step(fmt::format("{} / {} = {} orders", Human(funnel.target_revenue),
                                      Human(plan->inputs.aov), Human(plan->orders)),
                          "target / AOV", funnel.aov->source));
  fmt::print("{}\n", Step(fmt::format("{} / {} = {} visits", Human(plan->orders),
                                        Percent(plan->inputs.conversion_rate),
                                        Human(plan->visits)),
                            "orders / conversion rate", funnel.conversion_rate->source));
  TextTable table({"channel", "share", "clicks", "impressions", "price", "cost", "tier"});
  for (const EcomChannelPlan& row : plan->channels) {
    const std::string price =
        row.priced_by_cpm
            ? fmt::format("CPM {} / CTR {}", Human(*row.inputs.cpm), Percent(*row.inputs.ctr))
            : fmt::format("CPC {}", Human(*row.inputs.cpc));
    table.AddRow({row.inputs.name, Percent(row.inputs.visit_share), Human(row.clicks),
                  row.impressions ? Human(*row.impressions) : "", price, Human(row.cost),
                  std::string(TierName(row.inputs.tier))});
  }
  table.AddRow({"total paid", Percent(plan->paid_visits / plan->visits), Human(plan->paid_visits),
                "", "", Human(plan->budget), ""});
  fmt::print("{}", table.Render());
  if (plan->unpaid_visits > 0) {
    fmt::print("unpaid visits (organic, direct, ...): {} ({} of the visits), cost 0\n",
               Human(plan->unpaid_visits), Percent(plan->unpaid_visits / plan->visits));
  }
  fmt::print("\nbudget {} split by tier:\n{}", Human(plan->budget),
             TierTable(funnel.tiers, plan->tier_budgets));
  fmt::print("{}", NotesText(funnel.notes));
  return 0;
}

int RunReverse(const FunnelFlags& flags) {
  Result<ResolvedFunnel> funnel = ResolveFunnel(flags, /*distributions=*/false);
  if (!funnel.ok()) return ReportError(funnel.status());
  if (funnel->model == FunnelModel::kB2b) return PrintB2bPlan(*funnel, flags.run.json);
  return PrintEcomPlan(*funnel, flags.run.json);
}

// ---------------------------------------------------------------------------------
// plan montecarlo

json QuantilesJson(const Quantiles& quantiles) {
  return {{"p10", Number(quantiles.p10)},
          {"p50", Number(quantiles.p50)},
          {"p90", Number(quantiles.p90)}};
}

Result<MonteCarloResult> RunModel(const ResolvedFunnel& funnel, const MonteCarloOptions& options,
                                  json* assumptions) {
  if (funnel.model == FunnelModel::kB2b) {
    B2bUncertainFunnel model{funnel.target_revenue, funnel.deal_size->value,
                             funnel.close_rate->value, funnel.cpl->value};
    *assumptions = {{"deal_size", AssumptionJson(*funnel.deal_size)},
                    {"close_rate", AssumptionJson(*funnel.close_rate)},
                    {"cpl", AssumptionJson(*funnel.cpl)}};
    return RunB2bMonteCarlo(model, options);
  }
  EcomUncertainFunnel model;
  model.target_revenue = funnel.target_revenue;
  model.aov = funnel.aov->value;
  model.conversion_rate = funnel.conversion_rate->value;
  *assumptions = {{"aov", AssumptionJson(*funnel.aov)},
                  {"cr", AssumptionJson(*funnel.conversion_rate)}};
  json channels = json::array();
  for (const ResolvedChannel& channel : funnel.channels) {
    EcomUncertainChannel row;
    row.name = channel.name;
    row.visit_share = channel.visit_share;
    json entry = {{"channel", channel.name}, {"share", Number(channel.visit_share)}};
    if (channel.cpc) {
      row.cpc = channel.cpc->value;
      entry["cpc"] = AssumptionJson(*channel.cpc);
    } else {
      if (channel.cpm) {
        row.cpm = channel.cpm->value;
        entry["cpm"] = AssumptionJson(*channel.cpm);
      }
      if (channel.ctr) {
        row.ctr = channel.ctr->value;
        entry["ctr"] = AssumptionJson(*channel.ctr);
      }
    }
    model.channels.push_back(std::move(row));
    channels.push_back(std::move(entry));
  }
  (*assumptions)["channels"] = channels;
  return RunEcomMonteCarlo(model, options);
}

std::string AssumptionLines(const json& assumptions) {
  std::string out;
  for (const auto& [name, value] : assumptions.items()) {
    if (name == "channels") {
      for (const json& channel : value) {
        for (const char* key : {"cpc", "cpm", "ctr"}) {
          if (!channel.contains(key)) continue;
          out += fmt::format("  {} {}: {} ({})\n", channel["channel"].get<std::string>(), key,
                             channel[key]["distribution"].get<std::string>(),
                             channel[key]["source"].get<std::string>());
        }
      }
      continue;
    }
    out += fmt::format("  {}: {} ({})\n", name, value["distribution"].get<std::string>(),
                       value["source"].get<std::string>());
  }
  return out;
}

int RunMonteCarlo(const FunnelFlags& flags) {
  MonteCarloOptions options;
  options.draws = flags.draws;
  options.seed = flags.seed;
  Result<double> confidence = ParseNumberFlag(flags.confidence, "--confidence");
  if (!confidence.ok()) return ReportError(confidence.status());
  options.confidence = *confidence;
  if (!flags.budget.empty()) {
    Result<double> budget = ParseNumberFlag(flags.budget, "--budget");
    if (!budget.ok()) return ReportError(budget.status());
    options.budget = *budget;
  }
  // Check the options before the (possibly slow) history run.
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return ReportError(InvalidArgument(fmt::format(
        "--confidence {}: must lie strictly between 0 and 1, e.g. 0.9", flags.confidence)));
  }
  if (options.budget && *options.budget < 0) {
    return ReportError(InvalidArgument(
        fmt::format("--budget {}: the budget must be a number >= 0", flags.budget)));
  }
  Result<ResolvedFunnel> funnel = ResolveFunnel(flags, /*distributions=*/true);
  if (!funnel.ok()) return ReportError(funnel.status());
  json assumptions;
  Result<MonteCarloResult> result = RunModel(*funnel, options, &assumptions);
  if (!result.ok()) return ReportError(result.status());
  const MonteCarloResult& mc = *result;
  if (flags.run.json) {
    json out = {{"model", funnel->model == FunnelModel::kB2b ? "b2b" : "ecommerce"},
                {"target", Number(mc.target_revenue)},
                {"draws", mc.draws},
                {"seed", mc.seed},
                {"budget", Number(mc.budget)},
                {"p_reach_target", mc.p_reach_target},
                {"confidence", mc.confidence},
                {"budget_for_confidence", Number(mc.budget_for_confidence)},
                {"deterministic_budget", Number(mc.deterministic_budget)},
                {"p_reach_at_deterministic_budget", mc.p_reach_at_deterministic},
                {"revenue_quantiles", QuantilesJson(mc.revenue_quantiles)},
                {"needed_budget_quantiles", QuantilesJson(mc.needed_budget_quantiles)},
                {"needed_budget_mean", Number(mc.needed_budget_mean)},
                {"warning", mc.warning ? json(*mc.warning) : json(nullptr)},
                {"assumptions", assumptions},
                {"notes", funnel->notes}};
    fmt::print("{}\n", out.dump());
    return 0;
  }
  fmt::print("Monte Carlo of the {} funnel to {}: {} draws, seed {}\n",
             funnel->model == FunnelModel::kB2b ? "B2B" : "e-commerce",
             Human(mc.target_revenue), Thousands(mc.draws), mc.seed);
  fmt::print("assumptions:\n{}\n", AssumptionLines(assumptions));
  fmt::print("plan on point estimates: budget {} reaches the target in {} of the draws\n",
             Human(mc.deterministic_budget), Percent(mc.p_reach_at_deterministic));
  if (mc.budget != mc.deterministic_budget) {
    fmt::print("at budget {}: P(reach target) = {}\n", Human(mc.budget),
               Percent(mc.p_reach_target));
  }
  fmt::print("budget for {} confidence: {}\n\n", Percent(mc.confidence),
             Human(mc.budget_for_confidence));
  TextTable table({"", "p10", "p50", "p90"});
  table.AddRow({fmt::format("revenue at {}", Human(mc.budget)), Human(mc.revenue_quantiles.p10),
                Human(mc.revenue_quantiles.p50), Human(mc.revenue_quantiles.p90)});
  table.AddRow({"budget needed", Human(mc.needed_budget_quantiles.p10),
                Human(mc.needed_budget_quantiles.p50), Human(mc.needed_budget_quantiles.p90)});
  fmt::print("{}", table.Render());
  if (mc.warning) fmt::print("\nwarning: {}\n", *mc.warning);
  fmt::print("{}", NotesText(funnel->notes));
  return 0;
}

void AddFunnelFlags(CLI::App* command, FunnelFlags* flags, bool distributions) {
  AddRunFlags(command, &flags->run);
  const std::string value = distributions ? "VALUE|DISTRIBUTION" : "VALUE";
  command->add_option("--target", flags->target, "Revenue to reach (required), e.g. 50000000");
  command->add_option("--mode", flags->mode,
                      "b2b or ecommerce (default: from the flags given; needed with --data "
                      "alone)");
  command->add_option("--deal-size", flags->deal_size, "B2B: average won deal")
      ->type_name(value);
  command->add_option("--close-rate", flags->close_rate,
                      "B2B: won deals / leads, a fraction (0.10 = 10 %)")
      ->type_name(value);
  command->add_option("--cpl", flags->cpl, "B2B: cost per lead")->type_name(value);
  command->add_option("--aov", flags->aov, "E-commerce: average order value")->type_name(value);
  command->add_option("--cr", flags->conversion_rate,
                      "E-commerce: site conversion rate, orders / visits (0.02 = 2 %)")
      ->type_name(value);
  command->add_option("--channel", flags->channels,
                      "E-commerce paid channel, repeatable: NAME:share=0.4:cpc=10 or "
                      "NAME:share=0.2:ctr=0.025:cpm=50, optionally :tier=core|emerging|"
                      "experimental; shares are parts of all visits (sum <= 1, the rest "
                      "is unpaid); missing values come from the history channel of that "
                      "name")
      ->type_name("SPEC");
  command->add_option("--tiers", flags->tiers,
                      "Tier split core/emerging/experimental (default 70/20/10)");
  command->add_option("--period", flags->period,
                      "History period measured with --data (default: the whole data)");
}

}  // namespace

void AddPlanReverseCommands(CLI::App* plan, SubcommandRunners* runners) {
  auto reverse_flags = std::make_shared<FunnelFlags>();
  CLI::App* reverse = plan->add_subcommand(
      "reverse",
      "Reverse funnel: from a revenue target back to deals and leads (B2B) or orders, "
      "visits and paid clicks (e-commerce), and the budget, split by tier. Rates default "
      "to the measured history with --data DIR; every flag overrides it.\n"
      "Examples:\n"
      "  mroi plan reverse --target 50000000 --deal-size 500000 --close-rate 0.10 --cpl 3000\n"
      "  mroi plan reverse --target 5000000 --aov 2000 --cr 0.02 "
      "--channel search:share=0.4:cpc=10 --channel social:share=0.2:ctr=0.025:cpm=50\n"
      "  mroi plan reverse --target 200000 --mode b2b --data mroi-demo/data");
  AddFunnelFlags(reverse, reverse_flags.get(), /*distributions=*/false);
  runners->emplace_back(reverse, [reverse_flags] { return RunReverse(*reverse_flags); });

  auto mc_flags = std::make_shared<FunnelFlags>();
  CLI::App* montecarlo = plan->add_subcommand(
      "montecarlo",
      "Monte Carlo risk of the reverse funnel: each assumption a number or a distribution "
      "(uniform:LO..HI, triangular:LO:MODE:HI, normal:MEAN:SD, lognormal:MEDIAN:SIGMA for "
      "costs, beta:K/N or beta:A:B for rates); with --data the history gives beta rates "
      "from its counts and lognormal costs from the month-to-month spread. Prints the "
      "chance of reaching the target at a budget (default: the point-estimate plan's) and "
      "the budget needed for a confidence.\n"
      "Examples:\n"
      "  mroi plan montecarlo --target 50000000 --deal-size 500000 --close-rate beta:30/300 "
      "--cpl lognormal:3000:0.25 --confidence 0.9\n"
      "  mroi plan montecarlo --target 200000 --mode b2b --data mroi-demo/data --json");
  AddFunnelFlags(montecarlo, mc_flags.get(), /*distributions=*/true);
  montecarlo->add_option("--budget", mc_flags->budget,
                         "Budget whose chance of reaching the target is asked for "
                         "(default: the point-estimate plan's budget)");
  montecarlo->add_option("--confidence", mc_flags->confidence,
                         "Confidence of the needed budget, in (0, 1) (default 0.9)");
  montecarlo->add_option("--draws", mc_flags->draws, "Number of draws (default 100000)");
  montecarlo->add_option("--seed", mc_flags->seed, "Random seed (default 42)");
  runners->emplace_back(montecarlo, [mc_flags] { return RunMonteCarlo(*mc_flags); });
}

}  // namespace mroi::cli
