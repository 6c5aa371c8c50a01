// Response-curve points with bootstrap intervals, for reports.
#include <cmath>
#include <vector>

#include "mmm/stats_internal.h"
#include "mroi/mmm.h"

namespace mroi {

// Default grid end as a multiple of the highest spend seen.
constexpr double kDefaultSpendMultiple = 1.5;

Result<std::vector<ResponsePoint>> ResponseCurvePoints(const ResponseCurve& curve, int points,
                                                       double max_spend, double level) {
  if (points < 2) return InvalidArgument("a response curve needs at least 2 points");
  if (!(level > 0 && level < 1)) return InvalidArgument("level must be in (0, 1)");
  if (!(max_spend >= 0) || !std::isfinite(max_spend)) {
    return InvalidArgument("max_spend must be a finite number >= 0");
  }
  if (max_spend == 0) {
    max_spend = curve.max_spend > 0 ? kDefaultSpendMultiple * curve.max_spend : curve.mean_spend;
  }
  std::vector<ResponsePoint> out;
  std::vector<double> draws(curve.draws.size());
  for (int idx = 0; idx < points; ++idx) {
    ResponsePoint point;
    point.spend = max_spend * idx / (points - 1);
    point.response = SteadyStateResponse(curve.point, point.spend);
    point.low = point.high = point.response;
    if (!curve.draws.empty()) {
      for (size_t draw = 0; draw < curve.draws.size(); ++draw) {
        draws[draw] = SteadyStateResponse(curve.draws[draw], point.spend);
      }
      point.low = internal::Quantile(draws, (1 - level) / 2);
      point.high = internal::Quantile(draws, (1 + level) / 2);
    }
    out.push_back(point);
  }
  return out;
}

}  // namespace mroi
