#pragma once

#include <cmath>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mroi/experiment.h"

// Shared by the A/B files of the API layer.
namespace mroi::internal {

/// `text` cut at every `separator` (empty parts kept).
std::vector<std::string_view> SplitText(std::string_view text, char separator);

/// A finite number, or JSON null (A/B outputs keep fractions as they are).
inline nlohmann::ordered_json AbtestNumber(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

/// The lift fields of a test ("z", or "t" and "df" for a t-test) into `out`.
void AddLiftJson(const LiftResult& test, bool t_test, nlohmann::ordered_json* out);
/// The Bayesian fields (chance to beat, expected losses) into `out`.
void AddBayesJson(const BayesResult& bayes, nlohmann::ordered_json* out);
/// The sample-ratio fields, merged into `out`.
void AddSrmJson(const SrmResult& srm, nlohmann::ordered_json* out);

}  // namespace mroi::internal
