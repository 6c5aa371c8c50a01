// The funnel request: read from Params and checked before any history is loaded.
#include <fmt/format.h>

#include "mroi/api_funnel.h"
#include "mroi/metrics.h"

#include "funnel_internal.h"

namespace mroi::internal {

Result<api::FunnelModel> ChooseFunnelModel(const api::FunnelRequest& request,
                                           bool have_history) {
  const bool b2b =
      !request.deal_size.empty() || !request.close_rate.empty() || !request.cpl.empty();
  const bool ecom = !request.aov.empty() || !request.conversion_rate.empty() ||
                    !request.channels.empty();
  if (request.mode == "b2b") {
    if (ecom) return InvalidArgument("--mode b2b takes no --aov, --cr or --channel");
    return api::FunnelModel::kB2b;
  }
  if (request.mode == "ecommerce" || request.mode == "ecom") {
    if (b2b) {
      return InvalidArgument(
          "--mode ecommerce takes no --deal-size, --close-rate or --cpl");
    }
    return api::FunnelModel::kEcommerce;
  }
  if (!request.mode.empty()) {
    return InvalidArgument(
        fmt::format("--mode '{}': use b2b or ecommerce", request.mode));
  }
  if (b2b && ecom) {
    return InvalidArgument(
        "B2B flags (--deal-size, --close-rate, --cpl) and e-commerce flags (--aov, --cr, "
        "--channel) together: plan one funnel at a time");
  }
  if (b2b) return api::FunnelModel::kB2b;
  if (ecom) return api::FunnelModel::kEcommerce;
  if (have_history) {
    return InvalidArgument(
        "say which funnel to plan from the history: --mode b2b or --mode ecommerce");
  }
  return InvalidArgument(
      "nothing to plan from: give --deal-size, --close-rate and --cpl (B2B), or --aov, "
      "--cr "
      "and --channel (e-commerce), or --data DIR to use the measured history");
}

Result<MonteCarloOptions> MonteCarloOptionsOf(const api::FunnelRequest& request) {
  MonteCarloOptions options;
  MROI_ASSIGN_OR_RETURN(options.confidence,
                        api::ParseNumber(request.confidence, "--confidence"));
  if (!request.budget.empty()) {
    MROI_ASSIGN_OR_RETURN(options.budget, api::ParseNumber(request.budget, "--budget"));
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return InvalidArgument(
        fmt::format("--confidence {}: must lie strictly between 0 and 1, e.g. 0.9",
                    request.confidence));
  }
  if (options.budget && *options.budget < 0) {
    return InvalidArgument(
        fmt::format("--budget {}: the budget must be a number >= 0", request.budget));
  }
  // The range of the draws is checked by the Monte Carlo itself.
  MROI_ASSIGN_OR_RETURN(options.draws, api::ParseWholeNumber(request.draws, "--draws"));
  MROI_ASSIGN_OR_RETURN(int64_t seed, api::ParseWholeNumber(request.seed, "--seed"));
  if (seed < 0) {
    return InvalidArgument(fmt::format("--seed {}: the seed must be >= 0", request.seed));
  }
  options.seed = static_cast<uint64_t>(seed);
  return options;
}

}  // namespace mroi::internal

namespace mroi::api {

Result<FunnelRequest> ParseFunnelRequest(const Params& params, FunnelCommand command) {
  FunnelRequest request;
  request.command = command;
  if (command == FunnelCommand::kReverse) {
    MROI_RETURN_IF_ERROR(
        params.CheckNames({"target", "mode", "deal-size", "close-rate", "cpl", "aov",
                           "cr", "channel", "tiers", "period"},
                          "plan reverse"));
  } else {
    MROI_RETURN_IF_ERROR(params.CheckNames(
        {"target", "mode", "deal-size", "close-rate", "cpl", "aov", "cr", "channel",
         "tiers", "period", "budget", "confidence", "draws", "seed"},
        "plan montecarlo"));
  }
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "target", &request.target));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "mode", &request.mode));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "deal-size", &request.deal_size));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "close-rate", &request.close_rate));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "cpl", &request.cpl));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "aov", &request.aov));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "cr", &request.conversion_rate));
  request.channels = params.All("channel");
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "tiers", &request.tiers));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "period", &request.period));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "budget", &request.budget));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "confidence", &request.confidence));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "draws", &request.draws));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "seed", &request.seed));
  return request;
}

Status CheckFunnelRequest(const FunnelRequest& request, bool have_history) {
  if (request.command == FunnelCommand::kMonteCarlo) {
    MROI_RETURN_IF_ERROR(internal::MonteCarloOptionsOf(request).status());
  }
  if (request.target.empty()) {
    return InvalidArgument(
        "--target is required: the revenue to reach, e.g. --target 50000000");
  }
  MROI_ASSIGN_OR_RETURN(double target, ParseNumber(request.target, "--target"));
  if (target <= 0) {
    return InvalidArgument(
        fmt::format("--target {}: the target revenue must be above 0", request.target));
  }
  MROI_RETURN_IF_ERROR(ParseTierShares(request.tiers).status());
  MROI_RETURN_IF_ERROR(internal::ChooseFunnelModel(request, have_history).status());
  if (have_history && !request.period.empty()) {
    MROI_RETURN_IF_ERROR(ParsePeriod(request.period).status());
  }
  return Status::OK();
}

}  // namespace mroi::api
