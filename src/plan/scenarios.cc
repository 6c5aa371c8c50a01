// Scenarios side by side: "name:budget=...,key=value" specs, each allocated on its own.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

#include "mroi/plan_allocate.h"

namespace mroi {

namespace {

constexpr const char* kScenarioHelp =
    "write name:budget=800000[,periods=13][,objective=gross_profit][,margin=0.6]"
    "[,tiers=70/20/10|off]";

Result<double> ParseNumber(std::string_view text, std::string_view scenario,
                           std::string_view key) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidArgument(
        fmt::format("scenario '{}': {} '{}' is not a number", scenario, key, text));
  }
  return value;
}

Status ApplySetting(std::string_view key, std::string_view value, std::string_view scenario,
                    PlanScenario* out, bool* has_budget) {
  if (key == "budget") {
    MROI_ASSIGN_OR_RETURN(out->budget, ParseNumber(value, scenario, key));
    *has_budget = true;
  } else if (key == "periods") {
    MROI_ASSIGN_OR_RETURN(double periods, ParseNumber(value, scenario, key));
    if (periods < 1 || periods != std::floor(periods) || periods > 1e6) {
      return InvalidArgument(
          fmt::format("scenario '{}': periods must be a whole number >= 1", scenario));
    }
    out->options.periods = static_cast<int>(periods);
  } else if (key == "objective") {
    MROI_ASSIGN_OR_RETURN(out->options.objective, PlanObjectiveFromName(value));
  } else if (key == "margin") {
    MROI_ASSIGN_OR_RETURN(double margin, ParseNumber(value, scenario, key));
    out->options.gross_margin = margin;
  } else if (key == "tiers") {
    if (value == "off" || value == "none") {
      out->options.use_tiers = false;
    } else {
      MROI_ASSIGN_OR_RETURN(out->options.tier_shares, ParseTierShares(value));
      out->options.use_tiers = true;
    }
  } else {
    return InvalidArgument(
        fmt::format("scenario '{}': unknown key '{}'; {}", scenario, key, kScenarioHelp));
  }
  return Status::OK();
}

}  // namespace

Result<PlanScenario> ParsePlanScenario(std::string_view text, const AllocateOptions& base) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return InvalidArgument(fmt::format("scenario '{}': {}", text, kScenarioHelp));
  }
  PlanScenario scenario;
  scenario.name = std::string(text.substr(0, colon));
  scenario.options = base;
  bool has_budget = false;
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      return InvalidArgument(fmt::format("scenario '{}': '{}' is not key=value; {}",
                                         scenario.name, item, kScenarioHelp));
    }
    MROI_RETURN_IF_ERROR(ApplySetting(item.substr(0, equals), item.substr(equals + 1),
                                      scenario.name, &scenario, &has_budget));
  }
  if (!has_budget) {
    return InvalidArgument(
        fmt::format("scenario '{}': missing budget=...; {}", scenario.name, kScenarioHelp));
  }
  return scenario;
}

Result<std::vector<AllocationResult>> RunScenarios(const ResponseModel& model,
                                                   const std::vector<PlanScenario>& scenarios) {
  std::vector<AllocationResult> results;
  for (const PlanScenario& scenario : scenarios) {
    Result<AllocationResult> result = Allocate(model, scenario.budget, scenario.options);
    if (!result.ok()) {
      return Status(result.status().code(), fmt::format("scenario '{}': {}", scenario.name,
                                                        result.status().message()));
    }
    results.push_back(std::move(result).value());
  }
  return results;
}

}  // namespace mroi
