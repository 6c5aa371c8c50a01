// mroi plan reverse / mroi plan montecarlo: the reverse funnel from a revenue target
// (B2B: deals, leads, budget; e-commerce: orders, visits, paid clicks per channel) and
// its Monte Carlo risk. The flags become an api::Params; the funnel is resolved and
// planned by mroi::api (the server calls the same code); this file prints.
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/api.h"

#include "plan_commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

using api::HumanNumber;
using api::HumanPercent;
using nlohmann::json;

// The flags of both sub-commands as text ("" = not given), so that a bad value is a
// clear error with exit code 2 (and so that montecarlo can take distributions).
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
  std::string tiers;
  std::string period;
  // montecarlo only
  std::string budget;
  std::string confidence;
  std::string draws;
  std::string seed;
};

// The request of the flags given: each non-empty flag under its name without "--".
Result<api::FunnelRequest> RequestOf(const FunnelFlags& flags,
                                     api::FunnelCommand command) {
  api::Params params;
  const std::pair<const char*, const std::string*> singles[] = {
      {"mode", &flags.mode},
      {"target", &flags.target},
      {"deal-size", &flags.deal_size},
      {"close-rate", &flags.close_rate},
      {"cpl", &flags.cpl},
      {"aov", &flags.aov},
      {"cr", &flags.conversion_rate},
      {"tiers", &flags.tiers},
      {"period", &flags.period},
      {"budget", &flags.budget},
      {"confidence", &flags.confidence},
      {"draws", &flags.draws},
      {"seed", &flags.seed}};
  for (const auto& [name, value] : singles) {
    if (!value->empty()) params.Add(name, *value);
  }
  for (const std::string& channel : flags.channels) params.Add("channel", channel);
  return api::ParseFunnelRequest(params, command);
}

// Check the request, then run the pipeline when the flags name any input (the history
// the rates default to); nullopt when they name none.
Result<std::optional<PipelineResult>> LoadHistory(const api::FunnelRequest& request,
                                                  const RunFlags& run) {
  const bool have_history = HasRunInputs(run);
  MROI_RETURN_IF_ERROR(api::CheckFunnelRequest(request, have_history));
  if (!have_history) return std::optional<PipelineResult>();
  Progress progress(!run.json && !run.quiet);
  MROI_ASSIGN_OR_RETURN(PipelineResult result, RunFromFlags(run, &progress));
  return std::optional<PipelineResult>(std::move(result));
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

std::string TierTable(const TierShares& shares,
                      const std::array<double, kNumTiers>& budgets) {
  TextTable table({"tier", "share", "budget"});
  for (int tier_idx = 0; tier_idx < kNumTiers; ++tier_idx) {
    table.AddRow({std::string(TierName(static_cast<Tier>(tier_idx))),
                  HumanPercent(shares.share[tier_idx]), HumanNumber(budgets[tier_idx])});
  }
  return table.Render();
}

// ---------------------------------------------------------------------------------
// plan reverse

void PrintB2bText(const api::ResolvedFunnel& funnel, const B2bFunnelPlan& plan) {
  const B2bFunnelInputs& inputs = plan.inputs;
  fmt::print("Reverse funnel (B2B) to {} new revenue\n\n",
             HumanNumber(inputs.target_revenue));
  fmt::print("{}",
             Step(fmt::format("{} / {} = {} deals", HumanNumber(inputs.target_revenue),
                              HumanNumber(inputs.deal_size), HumanNumber(plan.deals)),
                  "target / deal size", funnel.deal_size->source));
  fmt::print("{}",
             Step(fmt::format("{} / {} = {} leads", HumanNumber(plan.deals),
                              HumanPercent(inputs.close_rate), HumanNumber(plan.leads)),
                  "deals / close rate", funnel.close_rate->source));
  fmt::print("{}\n", Step(fmt::format("{} x {} = {} budget", HumanNumber(plan.leads),
                                      HumanNumber(inputs.cpl), HumanNumber(plan.budget)),
                          "leads x cost per lead", funnel.cpl->source));
  fmt::print("{}", TierTable(funnel.tiers, plan.tier_budgets));
  fmt::print("{}", NotesText(funnel.notes));
}

void PrintEcomText(const api::ResolvedFunnel& funnel, const EcomFunnelPlan& plan) {
  fmt::print("Reverse funnel (e-commerce) to {} revenue\n\n",
             HumanNumber(funnel.target_revenue));
  fmt::print("{}",
             Step(fmt::format("{} / {} = {} orders", HumanNumber(funnel.target_revenue),
                              HumanNumber(plan.inputs.aov), HumanNumber(plan.orders)),
                  "target / AOV", funnel.aov->source));
  fmt::print("{}\n", Step(fmt::format("{} / {} = {} visits", HumanNumber(plan.orders),
                                      HumanPercent(plan.inputs.conversion_rate),
                                      HumanNumber(plan.visits)),
                          "orders / conversion rate", funnel.conversion_rate->source));
  TextTable table({"channel", "share", "clicks", "impressions", "price", "cost", "tier"});
  for (const EcomChannelPlan& row : plan.channels) {
    const std::string price =
        row.priced_by_cpm ? fmt::format("CPM {} / CTR {}", HumanNumber(*row.inputs.cpm),
                                        HumanPercent(*row.inputs.ctr))
                          : fmt::format("CPC {}", HumanNumber(*row.inputs.cpc));
    table.AddRow({row.inputs.name, HumanPercent(row.inputs.visit_share),
                  HumanNumber(row.clicks),
                  row.impressions ? HumanNumber(*row.impressions) : "", price,
                  HumanNumber(row.cost), std::string(TierName(row.inputs.tier))});
  }
  table.AddRow({"total paid", HumanPercent(plan.paid_visits / plan.visits),
                HumanNumber(plan.paid_visits), "", "", HumanNumber(plan.budget), ""});
  fmt::print("{}", table.Render());
  if (plan.unpaid_visits > 0) {
    fmt::print("unpaid visits (organic, direct, ...): {} ({} of the visits), cost 0\n",
               HumanNumber(plan.unpaid_visits),
               HumanPercent(plan.unpaid_visits / plan.visits));
  }
  fmt::print("\nbudget {} split by tier:\n{}", HumanNumber(plan.budget),
             TierTable(funnel.tiers, plan.tier_budgets));
  fmt::print("{}", NotesText(funnel.notes));
}

int RunReverse(const FunnelFlags& flags) {
  Result<api::FunnelRequest> request = RequestOf(flags, api::FunnelCommand::kReverse);
  if (!request.ok()) return ReportError(request.status());
  Result<std::optional<PipelineResult>> history = LoadHistory(*request, flags.run);
  if (!history.ok()) return ReportError(history.status());
  Result<api::ReversePlan> plan =
      api::PlanReverse(*request, *history ? &**history : nullptr);
  if (!plan.ok()) return ReportError(plan.status());
  if (flags.run.json) {
    fmt::print("{}\n", api::ReversePlanJson(*plan));
  } else if (plan->b2b) {
    PrintB2bText(plan->funnel, *plan->b2b);
  } else {
    PrintEcomText(plan->funnel, *plan->ecommerce);
  }
  return 0;
}

// ---------------------------------------------------------------------------------
// plan montecarlo

std::string AssumptionLines(const json& assumptions) {
  std::string out;
  for (const auto& [name, value] : assumptions.items()) {
    if (name == "channels") {
      for (const json& channel : value) {
        for (const char* key : {"cpc", "cpm", "ctr"}) {
          if (!channel.contains(key)) continue;
          out += fmt::format("  {} {}: {} ({})\n", channel["channel"].get<std::string>(),
                             key, channel[key]["distribution"].get<std::string>(),
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
  Result<api::FunnelRequest> request = RequestOf(flags, api::FunnelCommand::kMonteCarlo);
  if (!request.ok()) return ReportError(request.status());
  Result<std::optional<PipelineResult>> history = LoadHistory(*request, flags.run);
  if (!history.ok()) return ReportError(history.status());
  Result<api::MonteCarloPlan> plan =
      api::PlanMonteCarlo(*request, *history ? &**history : nullptr);
  if (!plan.ok()) return ReportError(plan.status());
  const std::string out = api::MonteCarloPlanJson(*plan);
  if (flags.run.json) {
    fmt::print("{}\n", out);
    return 0;
  }
  const api::ResolvedFunnel* funnel = &plan->funnel;
  const json assumptions = json::parse(out)["assumptions"];
  const MonteCarloResult& mc = plan->result;
  fmt::print("Monte Carlo of the {} funnel to {}: {} draws, seed {}\n",
             funnel->model == api::FunnelModel::kB2b ? "B2B" : "e-commerce",
             HumanNumber(mc.target_revenue), Thousands(mc.draws), mc.seed);
  fmt::print("assumptions:\n{}\n", AssumptionLines(assumptions));
  fmt::print("plan on point estimates: budget {} reaches the target in {} of the draws\n",
             HumanNumber(mc.deterministic_budget),
             HumanPercent(mc.p_reach_at_deterministic));
  if (mc.budget != mc.deterministic_budget) {
    fmt::print("at budget {}: P(reach target) = {}\n", HumanNumber(mc.budget),
               HumanPercent(mc.p_reach_target));
  }
  fmt::print("budget for {} confidence: {}\n\n", HumanPercent(mc.confidence),
             HumanNumber(mc.budget_for_confidence));
  TextTable table({"", "p10", "p50", "p90"});
  table.AddRow({fmt::format("revenue at {}", HumanNumber(mc.budget)),
                HumanNumber(mc.revenue_quantiles.p10),
                HumanNumber(mc.revenue_quantiles.p50),
                HumanNumber(mc.revenue_quantiles.p90)});
  table.AddRow({"budget needed", HumanNumber(mc.needed_budget_quantiles.p10),
                HumanNumber(mc.needed_budget_quantiles.p50),
                HumanNumber(mc.needed_budget_quantiles.p90)});
  fmt::print("{}", table.Render());
  if (mc.warning) fmt::print("\nwarning: {}\n", *mc.warning);
  fmt::print("{}", NotesText(funnel->notes));
  return 0;
}

void AddFunnelFlags(CLI::App* command, FunnelFlags* flags, bool distributions) {
  AddRunFlags(command, &flags->run);
  const std::string value = distributions ? "VALUE|DISTRIBUTION" : "VALUE";
  command->add_option("--target", flags->target,
                      "Revenue to reach (required), e.g. 50000000");
  command->add_option(
      "--mode", flags->mode,
      "b2b or ecommerce (default: from the flags given; needed with --data "
      "alone)");
  command->add_option("--deal-size", flags->deal_size, "B2B: average won deal")
      ->type_name(value);
  command
      ->add_option("--close-rate", flags->close_rate,
                   "B2B: won deals / leads, a fraction (0.10 = 10 %)")
      ->type_name(value);
  command->add_option("--cpl", flags->cpl, "B2B: cost per lead")->type_name(value);
  command->add_option("--aov", flags->aov, "E-commerce: average order value")
      ->type_name(value);
  command
      ->add_option("--cr", flags->conversion_rate,
                   "E-commerce: site conversion rate, orders / visits (0.02 = 2 %)")
      ->type_name(value);
  command
      ->add_option("--channel", flags->channels,
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
      "  mroi plan reverse --target 50000000 --deal-size 500000 --close-rate 0.10 --cpl "
      "3000\n"
      "  mroi plan reverse --target 5000000 --aov 2000 --cr 0.02 "
      "--channel search:share=0.4:cpc=10 --channel social:share=0.2:ctr=0.025:cpm=50\n"
      "  mroi plan reverse --target 200000 --mode b2b --data mroi-demo/data");
  AddFunnelFlags(reverse, reverse_flags.get(), /*distributions=*/false);
  runners->emplace_back(reverse, [reverse_flags] { return RunReverse(*reverse_flags); });

  auto mc_flags = std::make_shared<FunnelFlags>();
  CLI::App* montecarlo = plan->add_subcommand(
      "montecarlo",
      "Monte Carlo risk of the reverse funnel: each assumption a number or a "
      "distribution "
      "(uniform:LO..HI, triangular:LO:MODE:HI, normal:MEAN:SD, lognormal:MEDIAN:SIGMA "
      "for "
      "costs, beta:K/N or beta:A:B for rates); with --data the history gives beta rates "
      "from its counts and lognormal costs from the month-to-month spread. Prints the "
      "chance of reaching the target at a budget (default: the point-estimate plan's) "
      "and "
      "the budget needed for a confidence.\n"
      "Examples:\n"
      "  mroi plan montecarlo --target 50000000 --deal-size 500000 --close-rate "
      "beta:30/300 "
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
