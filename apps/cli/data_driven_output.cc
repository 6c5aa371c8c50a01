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

}  // namespace

std::string RenderMarkovText(const MarkovResult& result) {
  std::string out = fmt::format(
      "model markov (order {}): conversion probability {:.4f}, {} states; total {:.0f} "
      "conversions, revenue {:.2f}\n",
      result.order, result.conversion_probability, Thousands(result.states),
      result.total.conversions, result.total.revenue);
  TextTable table({"channel", "removal effect", "conversions", "revenue", "gross profit"});
  for (size_t i = 0; i < result.channels.size(); ++i) {
    std::vector<std::string> row = {result.channels[i],
                                    fmt::format("{:.4f}", result.removal_effects[i])};
    for (std::string& cell : CreditCells(result.credit[i])) row.push_back(std::move(cell));
    table.AddRow(std::move(row));
  }
  std::vector<std::string> total = {"total", ""};
  for (std::string& cell : CreditCells(result.total)) total.push_back(std::move(cell));
  table.AddRow(std::move(total));
  return out + table.Render();
}

std::string RenderMarkovJson(const MarkovResult& result) {
  nlohmann::json channels = nlohmann::json::array();
  for (size_t i = 0; i < result.channels.size(); ++i) {
    nlohmann::json row = CreditJson(result.credit[i]);
    row["channel"] = result.channels[i];
    row["removal_effect"] = result.removal_effects[i];
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

std::string RenderShapleyText(const ShapleyResult& result) {
  std::string out =
      fmt::format("model shapley (exact): total {:.0f} conversions, revenue {:.2f}\n",
                  result.total.conversions, result.total.revenue);
  TextTable table({"channel", "conversions", "revenue", "gross profit"});
  for (size_t i = 0; i < result.channels.size(); ++i) {
    std::vector<std::string> row = {result.channels[i]};
    for (std::string& cell : CreditCells(result.credit[i])) row.push_back(std::move(cell));
    table.AddRow(std::move(row));
  }
  std::vector<std::string> total = {"total"};
  for (std::string& cell : CreditCells(result.total)) total.push_back(std::move(cell));
  table.AddRow(std::move(total));
  return out + table.Render();
}

std::string RenderShapleyJson(const ShapleyResult& result) {
  nlohmann::json channels = nlohmann::json::array();
  for (size_t i = 0; i < result.channels.size(); ++i) {
    nlohmann::json row = CreditJson(result.credit[i]);
    row["channel"] = result.channels[i];
    channels.push_back(std::move(row));
  }
  nlohmann::json out = {{"model", "shapley"},
                        {"channels", std::move(channels)},
                        {"total", CreditJson(result.total)}};
  return out.dump();
}

}  // namespace mroi::cli
