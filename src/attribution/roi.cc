// ROI of each model under a cost table, and the cost table of a cleaned dataset.
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "mroi/attribution.h"

namespace mroi {

namespace {

std::optional<double> Ratio(double numerator, double denominator) {
  if (denominator == 0 || !std::isfinite(numerator) || !std::isfinite(denominator)) {
    return std::nullopt;
  }
  return numerator / denominator;
}

void FillRatios(RoiRow* row) {
  const double direct = row->cost.direct;
  const double all_costs = row->cost.direct + row->cost.indirect;
  row->roas = Ratio(row->credit.revenue, direct);
  row->croi = Ratio(row->credit.revenue - direct, direct);
  row->broi = Ratio(row->credit.gross_profit - all_costs, all_costs);
  row->cpa = Ratio(direct, row->credit.conversions);
}

Result<const ModelCredit*> FindModel(const AttributionResult& result,
                                     AttributionModel model) {
  const ModelCredit* credit = result.Find(model);
  if (credit == nullptr) {
    return NotFound(fmt::format("attribution model '{}' was not computed",
                                AttributionModelName(model)));
  }
  return credit;
}

}  // namespace

CostTable CostTableFromDataset(const Dataset& dataset) {
  CostTable table;
  double total_direct = 0;
  for (const SpendRow& row : dataset.spend) {
    const std::string channel(dataset.str(row.channel));
    table.channels[channel].direct += row.cost;
    table.campaigns[{channel, std::string(dataset.str(row.campaign))}].direct += row.cost;
    total_direct += row.cost;
  }
  double shared = 0;
  for (const CostRow& row : dataset.costs) {
    if (row.channel == kEmptyString) {
      shared += row.amount;
    } else {
      table.channels[std::string(dataset.str(row.channel))].indirect += row.amount;
    }
  }
  if (shared != 0 && total_direct > 0) {
    for (auto& [channel, cost] : table.channels) {
      cost.indirect += shared * cost.direct / total_direct;
    }
  }
  return table;
}

Result<std::vector<RoiRow>> ChannelRoi(const AttributionResult& result,
                                       AttributionModel model, const CostTable& costs) {
  MROI_ASSIGN_OR_RETURN(const ModelCredit* credit, FindModel(result, model));
  std::vector<RoiRow> rows;
  std::set<std::string, std::less<>> seen;
  for (size_t channel = 0; channel < result.channels.size(); ++channel) {
    RoiRow row;
    row.channel = result.channels[channel];
    row.credit = credit->channels[channel];
    if (auto found = costs.channels.find(row.channel); found != costs.channels.end()) {
      row.cost = found->second;
    }
    FillRatios(&row);
    seen.insert(row.channel);
    rows.push_back(std::move(row));
  }
  for (const auto& [channel, cost] : costs.channels) {
    if (seen.count(channel) != 0) continue;
    RoiRow row;
    row.channel = channel;
    row.cost = cost;
    FillRatios(&row);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<RoiRow>> CampaignRoi(const AttributionResult& result,
                                        AttributionModel model, const CostTable& costs) {
  MROI_ASSIGN_OR_RETURN(const ModelCredit* credit, FindModel(result, model));
  std::vector<RoiRow> rows;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t campaign = 0; campaign < result.campaigns.size(); ++campaign) {
    RoiRow row;
    row.channel =
        result.channels[static_cast<size_t>(result.campaigns[campaign].channel)];
    row.campaign = result.campaigns[campaign].campaign;
    row.credit = credit->campaigns[campaign];
    auto key = std::make_pair(row.channel, row.campaign);
    if (auto found = costs.campaigns.find(key); found != costs.campaigns.end()) {
      row.cost = found->second;
    }
    FillRatios(&row);
    seen.insert(std::move(key));
    rows.push_back(std::move(row));
  }
  for (const auto& [key, cost] : costs.campaigns) {
    if (seen.count(key) != 0) continue;
    RoiRow row;
    row.channel = key.first;
    row.campaign = key.second;
    row.cost = cost;
    FillRatios(&row);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace mroi
