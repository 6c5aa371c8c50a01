#include "report/format_internal.h"

#include <fmt/format.h>

#include <cmath>

namespace mroi::internal {

Ratio Finite(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Thousands(double value, int decimals) {
  if (!std::isfinite(value)) return std::string(kNotAvailable);
  std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
  // A value that rounds to zero prints without a sign ("-0" is confusing).
  bool negative = value < 0 && digits.find_first_not_of("0.") != std::string::npos;
  size_t point = digits.find('.');
  std::string integer = digits.substr(0, point);
  std::string fraction = point == std::string::npos ? "" : digits.substr(point);
  std::string grouped;
  int count = 0;
  for (auto it = integer.rbegin(); it != integer.rend(); ++it) {
    if (count > 0 && count % 3 == 0) grouped.insert(grouped.begin(), ',');
    grouped.insert(grouped.begin(), *it);
    ++count;
  }
  return (negative ? "-" : "") + grouped + fraction;
}

std::string Money(Ratio value, std::string_view currency, int decimals) {
  if (!value || !std::isfinite(*value)) return std::string(kNotAvailable);
  std::string amount = Thousands(std::fabs(*value), decimals);
  bool negative = *value < 0 && amount.find_first_not_of("0.,") != std::string::npos;
  return fmt::format("{}{}{}", negative ? "-" : "", currency, amount);
}

namespace {

std::string Compact(double value) {
  double magnitude = std::fabs(value);
  std::string sign = value < 0 ? "-" : "";
  if (magnitude >= 1e9) return fmt::format("{}{:.1f}B", sign, magnitude / 1e9);
  if (magnitude >= 1e6) return fmt::format("{}{:.1f}M", sign, magnitude / 1e6);
  if (magnitude >= 1e4) return fmt::format("{}{:.0f}k", sign, magnitude / 1e3);
  if (magnitude >= 1e3) return fmt::format("{}{:.1f}k", sign, magnitude / 1e3);
  if (magnitude >= 10 || magnitude == 0) return fmt::format("{}{:.0f}", sign, magnitude);
  return fmt::format("{}{:.2g}", sign, magnitude);
}

}  // namespace

std::string CompactMoney(double value, std::string_view currency) {
  if (!std::isfinite(value)) return std::string(kNotAvailable);
  std::string text = Compact(value);
  if (!text.empty() && text[0] == '-') return fmt::format("-{}{}", currency, text.substr(1));
  return fmt::format("{}{}", currency, text);
}

std::string CompactCount(double value) {
  if (!std::isfinite(value)) return std::string(kNotAvailable);
  return Compact(value);
}

std::string Percent(Ratio value, int decimals) {
  if (!value || !std::isfinite(*value)) return std::string(kNotAvailable);
  return fmt::format("{:.{}f} %", *value * 100.0, decimals);
}

std::string SignedPercent(Ratio value, int decimals) {
  if (!value || !std::isfinite(*value)) return std::string(kNotAvailable);
  return fmt::format("{:+.{}f} %", *value * 100.0, decimals);
}

std::string Multiple(Ratio value) {
  if (!value || !std::isfinite(*value)) return std::string(kNotAvailable);
  return fmt::format("{:.2f}x", *value);
}

std::string Count(Ratio value) {
  if (!value || !std::isfinite(*value)) return std::string(kNotAvailable);
  if (std::fabs(*value - std::round(*value)) < 1e-9) return Thousands(*value, 0);
  return Thousands(*value, 1);
}

std::string FormatMetric(MetricKind kind, Ratio value, std::string_view currency) {
  if (!value || !std::isfinite(*value)) return std::string(kNotAvailable);
  switch (kind) {
    case MetricKind::kCount: return Count(value);
    case MetricKind::kMoney: return Money(value, currency, std::fabs(*value) < 100 ? 2 : 0);
    case MetricKind::kRatio: return Percent(value);
    case MetricKind::kMultiple: return Multiple(value);
    case MetricKind::kDays: return fmt::format("{:.1f} d", *value);
    case MetricKind::kMonths: return fmt::format("{:.1f} mo", *value);
    case MetricKind::kSeconds: return fmt::format("{:.0f} s", *value);
  }
  return std::string(kNotAvailable);
}

std::string CsvNumber(Ratio value) {
  if (!value || !std::isfinite(*value)) return "";
  return fmt::format("{}", *value);
}

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace mroi::internal
