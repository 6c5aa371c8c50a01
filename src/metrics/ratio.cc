// Ratios that may be undefined, the field table of a MetricsRow, and value changes.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "mroi/metrics.h"

namespace mroi {

Ratio SafeDivide(double numerator, double denominator) {
  if (denominator == 0 || !std::isfinite(numerator) || !std::isfinite(denominator)) {
    return std::nullopt;
  }
  const double quotient = numerator / denominator;
  if (!std::isfinite(quotient)) return std::nullopt;
  return quotient;
}

Ratio Roi(double investment, double return_value) {
  return SafeDivide(return_value - investment, investment);
}

std::string FormatPercent(Ratio ratio, int decimals) {
  if (!ratio) return "n/a";
  return fmt::format("{:.{}f} %", *ratio * 100.0, decimals < 0 ? 0 : decimals);
}

std::string_view MarketingCostRatioBand(Ratio ratio) {
  if (!ratio) return "n/a";
  if (*ratio < kMarketingCostRatioLow) return "below";
  if (*ratio > kMarketingCostRatioHigh) return "above";
  return "within";
}

namespace {

Ratio Value(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}
Ratio Value(int64_t value) { return static_cast<double>(value); }

}  // namespace

std::vector<MetricField> MetricFields(const MetricsRow& row) {
  using K = MetricKind;
  return {
      {"impressions", K::kCount, Value(row.impressions)},
      {"clicks", K::kCount, Value(row.clicks)},
      {"sessions", K::kCount, Value(row.sessions)},
      {"unique_visitors", K::kCount, Value(row.unique_visitors)},
      {"page_views", K::kCount, Value(row.page_views)},
      {"leads", K::kCount, Value(row.leads)},
      {"opportunities", K::kCount, Value(row.opportunities)},
      {"won_deals", K::kCount, Value(row.won_deals)},
      {"conversions", K::kCount, Value(row.conversions)},
      {"orders", K::kCount, Value(row.orders)},
      {"customers", K::kCount, Value(row.customers)},
      {"new_customers", K::kCount, Value(row.new_customers)},
      {"spend", K::kMoney, Value(row.spend)},
      {"direct_cost", K::kMoney, Value(row.direct_cost)},
      {"indirect_cost", K::kMoney, Value(row.indirect_cost)},
      {"marketing_cost", K::kMoney, Value(row.marketing_cost)},
      {"sales_cost", K::kMoney, Value(row.sales_cost)},
      {"total_cost", K::kMoney, Value(row.total_cost)},
      {"revenue", K::kMoney, Value(row.revenue)},
      {"gross_profit", K::kMoney, Value(row.gross_profit)},
      {"cpc", K::kMoney, row.cpc},
      {"cpm", K::kMoney, row.cpm},
      {"ctr", K::kRatio, row.ctr},
      {"cpl", K::kMoney, row.cpl},
      {"cpa", K::kMoney, row.cpa},
      {"cac", K::kMoney, row.cac},
      {"roas", K::kMultiple, row.roas},
      {"croi", K::kRatio, row.croi},
      {"broi", K::kRatio, row.broi},
      {"aov", K::kMoney, row.aov},
      {"purchase_frequency", K::kMultiple, row.purchase_frequency},
      {"net_profit_margin", K::kRatio, row.net_profit_margin},
      {"marketing_cost_ratio", K::kRatio, row.marketing_cost_ratio},
      {"ltv", K::kMoney, row.ltv},
      {"ltv_cac", K::kMultiple, row.ltv_cac},
      {"cac_payback_months", K::kMonths, row.cac_payback_months},
      {"funnel.click_through", K::kRatio, row.funnel.click_through},
      {"funnel.click_to_session", K::kRatio, row.funnel.click_to_session},
      {"funnel.session_to_lead", K::kRatio, row.funnel.session_to_lead},
      {"funnel.lead_to_opportunity", K::kRatio, row.funnel.lead_to_opportunity},
      {"funnel.opportunity_to_customer", K::kRatio, row.funnel.opportunity_to_customer},
      {"funnel.close_rate", K::kRatio, row.funnel.close_rate},
      {"funnel.session_to_conversion", K::kRatio, row.funnel.session_to_conversion},
      {"page_views_per_session", K::kMultiple, row.page_views_per_session},
      {"duration_per_session_s", K::kSeconds, row.duration_per_session_s},
      {"bounce_rate", K::kRatio, row.bounce_rate},
      {"gross_profit_imputed_share", K::kRatio, row.gross_profit_imputed_share},
      {"broi_imputed_share", K::kRatio, row.broi_imputed_share},
      {"channel_imputed_share", K::kRatio, row.channel_imputed_share},
      {"touches_imputed_share", K::kRatio, row.touches_imputed_share},
  };
}

Result<Ratio> MetricValue(const MetricsRow& row, std::string_view name) {
  std::string names;
  for (const MetricField& field : MetricFields(row)) {
    if (field.name == name) return field.value;
    if (!names.empty()) names += ", ";
    names += field.name;
  }
  return Status(StatusCode::kInvalidArgument,
                fmt::format("unknown metric '{}'; known metrics: {}", name, names));
}

Change CompareValues(Ratio current, Ratio previous) {
  Change change;
  change.current = current;
  change.previous = previous;
  if (current && previous) {
    change.absolute = *current - *previous;
    change.percent = SafeDivide(*current - *previous, std::fabs(*previous));
  }
  return change;
}

std::vector<MetricChange> CompareRows(const MetricsRow& current, const MetricsRow& previous) {
  const std::vector<MetricField> now = MetricFields(current);
  const std::vector<MetricField> before = MetricFields(previous);
  std::vector<MetricChange> changes;
  changes.reserve(now.size());
  for (size_t field = 0; field < now.size(); ++field) {
    changes.push_back({now[field].name, now[field].kind,
                       CompareValues(now[field].value, before[field].value)});
  }
  return changes;
}

}  // namespace mroi
