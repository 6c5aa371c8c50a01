// Text and JSON output of the Markov-chain and Shapley models of `mroi attribute`.
#include "data_driven_output.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "console.h"

namespace mroi::cli {

using mroi::FindChannelInterval;

namespace {

std::vector<std::string> CreditCells(const Credit& credit) {
  return {fmt::format("{:.2f}", credit.conversions), fmt::format("{:.2f}", credit.revenue),
          fmt::format("{:.2f}", credit.gross_profit)};
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

// The order-1 transition matrix as a table: one row per state it leaves from
// (absorbing states have none), one column per state it goes to.
std::string RenderTransitionMatrix(const TransitionMatrix& matrix) {
  std::vector<std::string> headers = {"from \\ to"};
  for (size_t to = 1; to < matrix.states.size(); ++to) headers.push_back(matrix.states[to]);
  TextTable table(headers);
  for (size_t from = 0; from < matrix.states.size(); ++from) {
    const std::string& name = matrix.states[from];
    if (name == "(conversion)" || name == "(null)") continue;
    std::vector<std::string> row = {name};
    for (size_t to = 1; to < matrix.states.size(); ++to) {
      const double p = matrix.At(from, to);
      row.push_back(p == 0 ? "." : fmt::format("{:.4f}", p));
    }
    table.AddRow(std::move(row));
  }
  return table.Render();
}

}  // namespace

std::string RenderMarkovText(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals,
                             bool show_transitions) {
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
    AddIntervalCells(intervals, FindChannelInterval(intervals, result.channels[i]), &row);
    table.AddRow(std::move(row));
  }
  std::vector<std::string> total = {"total", ""};
  for (std::string& cell : CreditCells(result.total)) total.push_back(std::move(cell));
  AddIntervalCells(intervals, nullptr, &total);
  table.AddRow(std::move(total));
  out += table.Render();
  if (show_transitions && !result.transition_matrix.states.empty()) {
    out += "\ntransition probabilities (row: from, column: to)\n";
    out += RenderTransitionMatrix(result.transition_matrix);
  }
  return out;
}

std::string RenderShapleyText(const ShapleyResult& result, const std::string& model,
                              const std::vector<ChannelInterval>* intervals) {
  std::string out = fmt::format("model {} ({}): total {:.0f} conversions, revenue {:.2f}\n",
                                model, result.method, result.total.conversions,
                                result.total.revenue);
  const bool sampled = !result.standard_error.empty();
  std::vector<std::string> headers = {"channel", "conversions", "revenue", "gross profit"};
  if (sampled) headers.push_back("std error");
  AddIntervalHeaders(intervals, &headers);
  TextTable table(headers);
  for (size_t i = 0; i < result.channels.size(); ++i) {
    std::vector<std::string> row = {result.channels[i]};
    for (std::string& cell : CreditCells(result.credit[i])) row.push_back(std::move(cell));
    if (sampled) row.push_back(fmt::format("{:.2f}", result.standard_error[i]));
    AddIntervalCells(intervals, FindChannelInterval(intervals, result.channels[i]), &row);
    table.AddRow(std::move(row));
  }
  std::vector<std::string> total = {"total"};
  for (std::string& cell : CreditCells(result.total)) total.push_back(std::move(cell));
  if (sampled) total.push_back("");
  AddIntervalCells(intervals, nullptr, &total);
  table.AddRow(std::move(total));
  return out + table.Render();
}

std::string RenderOrderedShapleyText(const OrderedShapleyResult& result,
                                     const std::vector<ChannelInterval>* intervals) {
  std::string out = fmt::format(
      "model shapley_ordered: conversions per channel and touch position (position {} "
      "pools the later ones); total {:.0f} conversions, revenue {:.2f}\n",
      result.max_position, result.total.conversions, result.total.revenue);
  std::vector<std::string> headers = {"channel"};
  for (int position = 1; position <= result.max_position; ++position) {
    headers.push_back(fmt::format("#{}", position));
  }
  headers.insert(headers.end(), {"conversions", "revenue"});
  AddIntervalHeaders(intervals, &headers);
  TextTable table(headers);
  for (size_t i = 0; i < result.channels.size(); ++i) {
    std::vector<std::string> row = {result.channels[i]};
    for (const Credit& cell : result.by_position[i]) {
      row.push_back(fmt::format("{:.2f}", cell.conversions));
    }
    row.push_back(fmt::format("{:.2f}", result.credit[i].conversions));
    row.push_back(fmt::format("{:.2f}", result.credit[i].revenue));
    AddIntervalCells(intervals, FindChannelInterval(intervals, result.channels[i]), &row);
    table.AddRow(std::move(row));
  }
  return out + table.Render();
}

}  // namespace mroi::cli
