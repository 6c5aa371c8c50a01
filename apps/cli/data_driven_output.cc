// Text and JSON output of the Markov-chain and Shapley models of `mroi attribute`.
#include "data_driven_output.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "console.h"

namespace mroi::cli {

namespace {

nlohmann::json CreditJson(const Credit& credit) {
  // nlohmann writes non-finite numbers as null, so the output stays valid JSON.
  return {{"conversions", credit.conversions},
          {"revenue", credit.revenue},
          {"gross_profit", credit.gross_profit}};
}

std::vector<std::string> CreditCells(const Credit& credit) {
  return {fmt::format("{:.2f}", credit.conversions), fmt::format("{:.2f}", credit.revenue),
          fmt::format("{:.2f}", credit.gross_profit)};
}

// The interval of `channel`, or null (no bootstrap, or a channel without one).
const ChannelInterval* FindInterval(const std::vector<ChannelInterval>* intervals,
                                    const std::string& channel) {
  if (intervals == nullptr) return nullptr;
  for (const ChannelInterval& interval : *intervals) {
    if (interval.channel == channel) return &interval;
  }
  return nullptr;
}

void AddIntervalJson(const ChannelInterval* interval, nlohmann::json* row) {
  if (interval == nullptr) return;
  (*row)["conversions_ci"] = {interval->conversions_low, interval->conversions_high};
  (*row)["revenue_ci"] = {interval->revenue_low, interval->revenue_high};
  (*row)["conversions_se"] = interval->conversions_se;
  (*row)["revenue_se"] = interval->revenue_se;
}

// Two cells "[low, high]" for conversions and revenue (empty without an interval).
void AddIntervalCells(const std::vector<ChannelInterval>* intervals,
                      const ChannelInterval* interval, std::vector<std::string>* row) {
  if (intervals == nullptr) return;
  if (interval == nullptr) {
    row->insert(row->end(), {"", ""});
    return;
  }
  row->push_back(
      fmt::format("[{:.2f}, {:.2f}]", interval->conversions_low, interval->conversions_high));
  row->push_back(fmt::format("[{:.2f}, {:.2f}]", interval->revenue_low, interval->revenue_high));
}

void AddIntervalHeaders(const std::vector<ChannelInterval>* intervals,
                        std::vector<std::string>* headers) {
  if (intervals == nullptr) return;
  headers->push_back("conversions CI");
  headers->push_back("revenue CI");
}

}  // namespace

std::string RenderMarkovText(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals) {
  std::string out = fmt::format(
      "model markov (order {}): conversion probability {:.4f}, {} states; total {:.0f} "
      "conversions, revenue {:.2f}\n",
      result.order, result.conversion_probability, Thousands(result.states),
      result.total.conversions, result.total.revenue);
  std::vector<std::string> headers = {"channel", "removal effect", "conversions", "revenue",
                                      "gross profit"};
  AddIntervalHeaders(intervals, &headers);
  TextTable table(headers);
  for (size_t i = 0; i < result.channels.size(); ++i) {
    std::vector<std::string> row = {result.channels[i],
                                    fmt::format("{:.4f}", result.removal_effects[i])};
    for (std::string& cell : CreditCells(result.credit[i])) row.push_back(std::move(cell));
    AddIntervalCells(intervals, FindInterval(intervals, result.channels[i]), &row);
    table.AddRow(std::move(row));
  }
  std::vector<std::string> total = {"total", ""};
  for (std::string& cell : CreditCells(result.total)) total.push_back(std::move(cell));
  AddIntervalCells(intervals, nullptr, &total);
  table.AddRow(std::move(total));
  return out + table.Render();
}

std::string RenderMarkovJson(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals) {
  nlohmann::json channels = nlohmann::json::array();
  for (size_t i = 0; i < result.channels.size(); ++i) {
    nlohmann::json row = CreditJson(result.credit[i]);
    row["channel"] = result.channels[i];
    row["removal_effect"] = result.removal_effects[i];
    AddIntervalJson(FindInterval(intervals, result.channels[i]), &row);
    channels.push_back(std::move(row));
  }
  nlohmann::json out = {{"model", "markov"},
                        {"order", result.order},
                        {"conversion_probability", result.conversion_probability},
                        {"states", result.states},
                        {"channels", std::move(channels)},
                        {"total", CreditJson(result.total)}};
  return out.dump();
}

std::string RenderShapleyText(const ShapleyResult& result,
                              const std::vector<ChannelInterval>* intervals) {
  std::string out =
      fmt::format("model shapley (exact): total {:.0f} conversions, revenue {:.2f}\n",
                  result.total.conversions, result.total.revenue);
  std::vector<std::string> headers = {"channel", "conversions", "revenue", "gross profit"};
  AddIntervalHeaders(intervals, &headers);
  TextTable table(headers);
  for (size_t i = 0; i < result.channels.size(); ++i) {
    std::vector<std::string> row = {result.channels[i]};
    for (std::string& cell : CreditCells(result.credit[i])) row.push_back(std::move(cell));
    AddIntervalCells(intervals, FindInterval(intervals, result.channels[i]), &row);
    table.AddRow(std::move(row));
  }
  std::vector<std::string> total = {"total"};
  for (std::string& cell : CreditCells(result.total)) total.push_back(std::move(cell));
  AddIntervalCells(intervals, nullptr, &total);
  table.AddRow(std::move(total));
  return out + table.Render();
}

std::string RenderShapleyJson(const ShapleyResult& result,
                              const std::vector<ChannelInterval>* intervals) {
  nlohmann::json channels = nlohmann::json::array();
  for (size_t i = 0; i < result.channels.size(); ++i) {
    nlohmann::json row = CreditJson(result.credit[i]);
    row["channel"] = result.channels[i];
    AddIntervalJson(FindInterval(intervals, result.channels[i]), &row);
    channels.push_back(std::move(row));
  }
  nlohmann::json out = {{"model", "shapley"},
                        {"channels", std::move(channels)},
                        {"total", CreditJson(result.total)}};
  return out.dump();
}

}  // namespace mroi::cli
