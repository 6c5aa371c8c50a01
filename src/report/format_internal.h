#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mroi/metrics.h"

// Number and text formatting shared by the HTML and CSV renderers. Every function
// takes an optional value and returns "n/a" (HTML) for nullopt or a non-finite value.
namespace mroi::internal {

/// The text shown for an undefined figure.
inline constexpr std::string_view kNotAvailable = "n/a";

/// Return `value` when finite, else nullopt.
Ratio Finite(double value);
/// Escape &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);
/// 1234567.8 -> "1,234,568" (decimals 0) or "1,234,567.80" (decimals 2); "-" sign kept.
std::string Thousands(double value, int decimals = 0);
/// Money: "$1,234,568"; negative "-$1,234"; `decimals` after the point. n/a for nullopt.
std::string Money(Ratio value, std::string_view currency, int decimals = 0);
/// Compact money for axes and tiles: "$1.2M", "$35.4k", "$950".
std::string CompactMoney(double value, std::string_view currency);
/// Compact count: "1.2M", "35.4k", "950".
std::string CompactCount(double value);
/// A fraction as a percentage: 0.1234 -> "12.3 %". n/a for nullopt.
std::string Percent(Ratio value, int decimals = 1);
/// A signed percentage change: 0.346 -> "+34.6 %", -0.1 -> "-10.0 %". n/a for nullopt.
std::string SignedPercent(Ratio value, int decimals = 1);
/// A multiple: 3.24 -> "3.24x". n/a for nullopt.
std::string Multiple(Ratio value);
/// A count with separators ("12,345"), fractional counts with one decimal.
std::string Count(Ratio value);
/// Format one metric by its kind (money, ratio, multiple, count, days...).
std::string FormatMetric(MetricKind kind, Ratio value, std::string_view currency);
/// A number for CSV: shortest round-trip text, "" for nullopt / non-finite.
std::string CsvNumber(Ratio value);
/// Quote a CSV field when it holds a comma, quote or newline.
std::string CsvField(std::string_view text);

}  // namespace mroi::internal
