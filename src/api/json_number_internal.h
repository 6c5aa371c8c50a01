#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

// JSON numbers as every API output writes them.
namespace mroi::internal {

/// A JSON number: an integer where the value is one (within 1e-9 relative rounding),
/// null when not finite.
template <typename Json = nlohmann::json>
Json JsonNumber(double value) {
  if (!std::isfinite(value)) return nullptr;
  const double rounded = std::round(value);
  if (std::abs(rounded) < 9e15 &&
      std::abs(value - rounded) <= 1e-9 * std::max(1.0, std::abs(value))) {
    return static_cast<int64_t>(rounded);
  }
  return value;
}

/// JsonNumber of the value, null when absent.
template <typename Json = nlohmann::json>
Json JsonNumber(const std::optional<double>& value) {
  return value ? JsonNumber<Json>(*value) : Json(nullptr);
}

}  // namespace mroi::internal
