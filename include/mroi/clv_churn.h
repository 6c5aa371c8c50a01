#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "mroi/clv_predict.h"
#include "mroi/result.h"

// Churn risk (issue 6): the customers a transaction model thinks are probably gone,
// ranked by the value their loss would cost.

namespace mroi {

/// Settings of RankChurnRisk().
struct ChurnOptions {
  /// A customer is at risk when P(alive) < threshold; 0 < threshold <= 1. Default 0.5.
  double threshold = 0.5;
};

/// One customer at risk.
///
/// Definitions (p = P(alive)): a dead customer buys nothing, so every model's
/// expected CLV is p times the CLV the customer would bring if still alive:
/// clv_if_alive = clv / p. The value at risk is the part of it the model expects
/// to be lost: value_at_risk = (1 - p) * clv_if_alive = clv_if_alive - clv. The
/// same holds for purchases over the purchase horizon: purchases_at_risk =
/// (1 - p) * expected_purchases / p. When p is 0 (underflow) both "if alive"
/// figures and the risks are reported as 0.
struct ChurnRisk {
  /// Position of the customer in the predictions (and the summaries they came from).
  size_t customer_index = 0;
  int64_t customer_id = 0;
  double probability_alive = 0;
  double clv = 0;                  // expected CLV (0 without a spend model)
  double clv_if_alive = 0;
  double value_at_risk = 0;
  double expected_purchases = 0;   // over ClvOptions::purchase_horizon
  double purchases_at_risk = 0;
};

/// Return the customers with P(alive) < options.threshold, ranked by value at risk
/// (descending), then purchases at risk (so that without a spend model the rank is
/// by purchases at risk), then customer id (ascending).
/// Error kInvalidArgument: threshold not in (0, 1]. Cost: O(n log n).
Result<std::vector<ChurnRisk>> RankChurnRisk(std::span<const CustomerPrediction> predictions,
                                             const ChurnOptions& options);

}  // namespace mroi
