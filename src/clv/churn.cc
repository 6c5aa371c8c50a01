// Churn risk: customers below a P(alive) threshold ranked by value at risk
// (definitions on ChurnRisk in mroi/clv_churn.h).

#include "mroi/clv_churn.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace mroi {

Result<std::vector<ChurnRisk>> RankChurnRisk(std::span<const CustomerPrediction> predictions,
                                             const ChurnOptions& options) {
  if (!(options.threshold > 0 && options.threshold <= 1)) {
    return InvalidArgument(
        fmt::format("churn threshold {} must be in (0, 1]", options.threshold));
  }
  std::vector<ChurnRisk> at_risk;
  for (size_t idx = 0; idx < predictions.size(); ++idx) {
    const CustomerPrediction& prediction = predictions[idx];
    const double alive = prediction.probability_alive.estimate;
    if (!(alive < options.threshold)) continue;
    ChurnRisk risk;
    risk.customer_index = idx;
    risk.customer_id = prediction.customer_id;
    risk.probability_alive = alive;
    risk.clv = prediction.clv.estimate;
    risk.expected_purchases = prediction.expected_purchases.estimate;
    if (alive > 0) {
      risk.clv_if_alive = risk.clv / alive;
      risk.value_at_risk = (1 - alive) * risk.clv_if_alive;
      risk.purchases_at_risk = (1 - alive) * risk.expected_purchases / alive;
    }
    at_risk.push_back(risk);
  }
  std::sort(at_risk.begin(), at_risk.end(), [](const ChurnRisk& l, const ChurnRisk& r) {
    if (l.value_at_risk != r.value_at_risk) return l.value_at_risk > r.value_at_risk;
    if (l.purchases_at_risk != r.purchases_at_risk) return l.purchases_at_risk > r.purchases_at_risk;
    return l.customer_id < r.customer_id;
  });
  return at_risk;
}

}  // namespace mroi
