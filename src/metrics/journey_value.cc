// The gross profit of a converting journey, shared by the KPIs and the customer values.
#include <cmath>

#include "metrics/metrics_internal.h"

namespace mroi::internal {

double JourneyGrossProfit(const Dataset& dataset, const Journeys& journeys,
                          int64_t journey, double gross_margin, bool* imputed) {
  const size_t index = static_cast<size_t>(journey);
  const int32_t record = journeys.end_index[index];
  const double revenue = journeys.revenue[index];
  double gross_profit = journeys.gross_profit[index];
  *imputed = false;
  if (journeys.end[index] == JourneyEnd::kConversion && record >= 0 &&
      static_cast<size_t>(record) < dataset.conversions.size()) {
    const Conversion& conversion = dataset.conversions[static_cast<size_t>(record)];
    *imputed = (conversion.imputed & kImputedCogs) != 0;
    if (IsMissing(conversion.cogs) && IsMissing(conversion.gross_profit)) {
      gross_profit = revenue * gross_margin;
      *imputed = true;
    }
  } else if (journeys.end[index] == JourneyEnd::kDeal && record >= 0 &&
             static_cast<size_t>(record) < dataset.deals.size()) {
    const Deal& deal = dataset.deals[static_cast<size_t>(record)];
    *imputed = (deal.imputed & kImputedCogs) != 0;
    if (IsMissing(deal.cogs)) {
      gross_profit = revenue * gross_margin;
      *imputed = true;
    }
  }
  return std::isfinite(gross_profit) ? gross_profit : 0.0;
}

}  // namespace mroi::internal
