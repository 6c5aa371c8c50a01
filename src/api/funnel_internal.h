#pragma once

#include "mroi/api_funnel.h"

// Shared by the files of the funnel API: the model of a request and the Monte Carlo
// options it asks for.
namespace mroi::internal {

/// The funnel `request` plans: --mode when given, else the model whose flags are given;
/// errors kInvalidArgument when both or neither are given.
Result<api::FunnelModel> ChooseFunnelModel(const api::FunnelRequest& request,
                                           bool have_history);

/// The Monte Carlo options of `request`: --confidence, --budget, --draws, --seed read
/// and checked (the draws' range is checked by the Monte Carlo).
Result<MonteCarloOptions> MonteCarloOptionsOf(const api::FunnelRequest& request);

}  // namespace mroi::internal
