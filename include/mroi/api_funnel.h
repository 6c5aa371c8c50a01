#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mroi/api_params.h"
#include "mroi/pipeline.h"
#include "mroi/plan_funnel.h"
#include "mroi/plan_montecarlo.h"
#include "mroi/plan_tiers.h"
#include "mroi/result.h"

// The reverse funnel (`mroi plan reverse`, GET /api/plan/reverse) and its Monte Carlo
// (`mroi plan montecarlo`): the request read from Params, every rate resolved from the
// flags first and the measured history second, and the JSON both front ends print.
namespace mroi::api {

/// Which funnel a request plans.
enum class FunnelModel : uint8_t { kB2b, kEcommerce };

/// Which command a funnel request is for: reverse takes numbers, montecarlo takes
/// distributions and its own options (budget, confidence, draws, seed).
enum class FunnelCommand : uint8_t { kReverse, kMonteCarlo };

/// The request as given: every value is the flag's text, "" when not given, so that a
/// bad value is reported with the flag's name when it is read.
struct FunnelRequest {
  FunnelCommand command = FunnelCommand::kReverse;
  std::string mode;             // "b2b", "ecommerce" (or "ecom"); "" = from the flags
  std::string target;           // required
  std::string deal_size;        // B2B
  std::string close_rate;       // B2B
  std::string cpl;              // B2B
  std::string aov;              // e-commerce
  std::string conversion_rate;  // e-commerce, flag --cr
  std::vector<std::string>
      channels;  // e-commerce, --channel NAME:share=..:cpc=.. (repeatable)
  std::string tiers = "70/20/10";  // Default: 70/20/10
  std::string period;              // history period; "" = all the data
  // montecarlo only
  std::string budget;              // "" = the point-estimate plan's budget
  std::string confidence = "0.9";  // Default: 0.9
  std::string draws = "100000";    // Default: 100000
  std::string seed = "42";         // Default: 42
};

/// Read a FunnelRequest from `params` (names: target, mode, deal-size, close-rate, cpl,
/// aov, cr, channel (repeatable), tiers, period; montecarlo adds budget, confidence,
/// draws, seed). Errors kInvalidArgument: an unknown name, a single flag given twice.
/// Values are checked later, by CheckFunnelRequest.
Result<FunnelRequest> ParseFunnelRequest(const Params& params, FunnelCommand command);

/// Check what can be checked without the history, in the order the CLI always has:
/// (montecarlo) --confidence, --budget; then --target, --tiers, the funnel model, and
/// --period when `have_history`. Call it before running a (slow) pipeline.
/// Errors kInvalidArgument with the flag's name, e.g. "--target is required: ...".
Status CheckFunnelRequest(const FunnelRequest& request, bool have_history);

/// One resolved assumption: its distribution (fixed for plan reverse) and where it came
/// from ("--cpl" or "history: CPL over 6 month(s)").
struct FunnelAssumption {
  Distribution value;
  std::string source;
};

/// One e-commerce channel resolved from --channel and the history channel of its name.
struct ResolvedFunnelChannel {
  std::string name;
  double visit_share = 0;
  std::string share_source;
  std::optional<FunnelAssumption> cpc;
  std::optional<FunnelAssumption> ctr;
  std::optional<FunnelAssumption> cpm;
  Tier tier = Tier::kCore;
  bool tier_given = false;
};

/// Everything a funnel needs, resolved from the request and the history. The optional
/// assumptions of the model planned are set; the others are empty.
struct ResolvedFunnel {
  FunnelModel model = FunnelModel::kB2b;
  double target_revenue = 0;
  TierShares tiers;
  std::optional<FunnelAssumption> deal_size, close_rate, cpl, aov, conversion_rate;
  std::vector<ResolvedFunnelChannel> channels;
  std::optional<HistoryRates> history;
  std::vector<std::string> notes;
};

/// Resolve `request` against `history` (nullptr: no history, every value from the
/// request). Errors kInvalidArgument naming the missing or bad flag.
/// Cost: one RatesFromHistory pass over the history when given.
Result<ResolvedFunnel> ResolveFunnel(const FunnelRequest& request,
                                     const PipelineResult* history);

/// A reverse-funnel plan: the resolved funnel and the plan of its model.
struct ReversePlan {
  ResolvedFunnel funnel;
  std::optional<B2bFunnelPlan> b2b;
  std::optional<EcomFunnelPlan> ecommerce;
};

/// Plan the reverse funnel of `request` (command kReverse) on `history` (may be null).
Result<ReversePlan> PlanReverse(const FunnelRequest& request,
                                const PipelineResult* history);

/// The JSON of `mroi plan reverse --json` (one line, no newline).
std::string ReversePlanJson(const ReversePlan& plan);

/// ParseFunnelRequest + PlanReverse + ReversePlanJson: what the server calls.
Result<std::string> PlanReverseJson(const Params& params, const PipelineResult* history);

/// A Monte Carlo of the funnel: the resolved funnel, the options run and the result.
struct MonteCarloPlan {
  ResolvedFunnel funnel;
  MonteCarloOptions options;
  MonteCarloResult result;
};

/// Run the Monte Carlo of `request` (command kMonteCarlo) on `history` (may be null).
/// Cost: O(draws × channels).
Result<MonteCarloPlan> PlanMonteCarlo(const FunnelRequest& request,
                                      const PipelineResult* history);

/// The JSON of `mroi plan montecarlo --json` (one line, no newline).
std::string MonteCarloPlanJson(const MonteCarloPlan& plan);

/// ParseFunnelRequest + PlanMonteCarlo + MonteCarloPlanJson: what the server calls.
Result<std::string> PlanMonteCarloJson(const Params& params,
                                       const PipelineResult* history);

}  // namespace mroi::api
