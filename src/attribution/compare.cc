// CompareModels: each model's credit per channel against last click.
#include <optional>
#include <vector>

#include "mroi/attribution.h"

namespace mroi {

namespace {

std::optional<double> Relative(double difference, double base) {
  if (base == 0) return std::nullopt;
  return difference / base;
}

}  // namespace

Result<ModelComparison> CompareModels(const AttributionResult& result) {
  const ModelCredit* last = result.Find(AttributionModel::kLast);
  if (last == nullptr) {
    return FailedPrecondition(
        "the model comparison needs last click: add 'last' to the models");
  }
  ModelComparison comparison;
  for (const ModelCredit& model : result.models) comparison.models.push_back(model.model);
  for (size_t channel = 0; channel < result.channels.size(); ++channel) {
    ComparisonRow row;
    row.channel = result.channels[channel];
    const Credit& base = last->channels[channel];
    for (const ModelCredit& model : result.models) {
      ComparisonCell cell;
      cell.credit = model.channels[channel];
      cell.conversions_vs_last = cell.credit.conversions - base.conversions;
      cell.revenue_vs_last = cell.credit.revenue - base.revenue;
      cell.conversions_vs_last_pct = Relative(cell.conversions_vs_last, base.conversions);
      cell.revenue_vs_last_pct = Relative(cell.revenue_vs_last, base.revenue);
      row.cells.push_back(cell);
    }
    comparison.rows.push_back(std::move(row));
  }
  return comparison;
}

}  // namespace mroi
