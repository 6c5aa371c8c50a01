// JSON of the data-driven attribution models (Markov chain, Shapley values): the output
// of `mroi attribute --json --model markov|shapley*`, shared by the CLI and Python.
#include <nlohmann/json.hpp>

#include "mroi/report.h"

namespace mroi {

namespace {

nlohmann::json CreditJson(const Credit& credit) {
  // nlohmann writes non-finite numbers as null, so the output stays valid JSON.
  return {{"conversions", credit.conversions},
          {"revenue", credit.revenue},
          {"gross_profit", credit.gross_profit}};
}

void AddIntervalJson(const ChannelInterval* interval, nlohmann::json* row) {
  if (interval == nullptr) return;
  (*row)["ci_low"] = interval->conversions_low;  // of the credited conversions
  (*row)["ci_high"] = interval->conversions_high;
  (*row)["revenue_ci_low"] = interval->revenue_low;
  (*row)["revenue_ci_high"] = interval->revenue_high;
  (*row)["conversions_se"] = interval->conversions_se;
  (*row)["revenue_se"] = interval->revenue_se;
}

}  // namespace

const ChannelInterval* FindChannelInterval(const std::vector<ChannelInterval>* intervals,
                                    const std::string& channel) {
  if (intervals == nullptr) return nullptr;
  for (const ChannelInterval& interval : *intervals) {
    if (interval.channel == channel) return &interval;
  }
  return nullptr;
}

std::string RenderMarkovJson(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals) {
  nlohmann::json channels = nlohmann::json::array();
  for (size_t i = 0; i < result.channels.size(); ++i) {
    nlohmann::json row = CreditJson(result.credit[i]);
    row["channel"] = result.channels[i];
    row["removal_effect"] = result.removal_effects[i];
    AddIntervalJson(FindChannelInterval(intervals, result.channels[i]), &row);
    channels.push_back(std::move(row));
  }
  nlohmann::json out = {{"model", "markov"},
                        {"order", result.order},
                        {"conversion_probability", result.conversion_probability},
                        {"states", result.states},
                        {"channels", std::move(channels)},
                        {"total", CreditJson(result.total)}};
  if (!result.transition_matrix.states.empty()) {
    const TransitionMatrix& matrix = result.transition_matrix;
    nlohmann::json rows = nlohmann::json::array();
    for (size_t from = 0; from < matrix.states.size(); ++from) {
      nlohmann::json row = nlohmann::json::array();
      for (size_t to = 0; to < matrix.states.size(); ++to) row.push_back(matrix.At(from, to));
      rows.push_back(std::move(row));
    }
    out["transition_matrix"] = {{"states", matrix.states}, {"probability", std::move(rows)}};
  }
  return out.dump();
}

std::string RenderShapleyJson(const ShapleyResult& result, const std::string& model,
                              const std::vector<ChannelInterval>* intervals) {
  nlohmann::json channels = nlohmann::json::array();
  for (size_t i = 0; i < result.channels.size(); ++i) {
    nlohmann::json row = CreditJson(result.credit[i]);
    row["channel"] = result.channels[i];
    if (!result.standard_error.empty()) row["standard_error"] = result.standard_error[i];
    AddIntervalJson(FindChannelInterval(intervals, result.channels[i]), &row);
    channels.push_back(std::move(row));
  }
  nlohmann::json out = {{"model", model},
                        {"method", result.method},
                        {"channels", std::move(channels)},
                        {"total", CreditJson(result.total)}};
  if (!result.note.empty()) out["note"] = result.note;
  return out.dump();
}

std::string RenderOrderedShapleyJson(const OrderedShapleyResult& result,
                                     const std::vector<ChannelInterval>* intervals) {
  nlohmann::json channels = nlohmann::json::array();
  for (size_t i = 0; i < result.channels.size(); ++i) {
    nlohmann::json row = CreditJson(result.credit[i]);
    row["channel"] = result.channels[i];
    nlohmann::json positions = nlohmann::json::array();
    for (size_t p = 0; p < result.by_position[i].size(); ++p) {
      nlohmann::json cell = CreditJson(result.by_position[i][p]);
      cell["position"] = p + 1;
      positions.push_back(std::move(cell));
    }
    row["by_position"] = std::move(positions);
    AddIntervalJson(FindChannelInterval(intervals, result.channels[i]), &row);
    channels.push_back(std::move(row));
  }
  nlohmann::json out = {{"model", "shapley_ordered"},
                        {"max_position", result.max_position},
                        {"channels", std::move(channels)},
                        {"total", CreditJson(result.total)}};
  return out.dump();
}

}  // namespace mroi
