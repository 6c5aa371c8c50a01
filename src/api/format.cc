// Numbers in words: thousands separators, money-like rounding, percentages.
#include <cmath>

#include <fmt/format.h>

#include "mroi/api_format.h"

namespace mroi::api {

std::string WithThousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t pos = 0; pos < digits.size(); ++pos) {
    if (pos > 0 && (digits.size() - pos) % 3 == 0) out += ',';
    out += digits[pos];
  }
  return value < 0 ? "-" + out : out;
}

std::string HumanNumber(double value) {
  if (!std::isfinite(value)) return "n/a";
  const double rounded = std::round(value);
  if (std::abs(value - rounded) <= 1e-9 * std::max(1.0, std::abs(value)) ||
      std::abs(value) >= 1000) {
    return WithThousands(static_cast<int64_t>(rounded));
  }
  const double cents = std::round(std::abs(value) * 100);
  const auto whole = static_cast<int64_t>(cents / 100);
  return fmt::format("{}{}.{:02d}", value < 0 ? "-" : "", WithThousands(whole),
                     static_cast<int>(cents - static_cast<double>(whole) * 100));
}

std::string HumanPercent(double fraction) {
  return fmt::format("{:g} %", std::round(fraction * 100 * 10) / 10);
}

}  // namespace mroi::api
