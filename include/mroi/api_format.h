#pragma once

#include <cstdint>
#include <string>

// Numbers in words for people, shared by the API's notes and the CLI's tables so that
// both print the same text.
namespace mroi::api {

/// "1234567" → "1,234,567" (minus sign kept).
std::string WithThousands(int64_t value);

/// "1,234,567" for whole numbers and from 1,000 up, "12.57" for smaller fractions,
/// "n/a" when not finite.
std::string HumanNumber(double value);

/// A fraction as a percentage with one decimal at most: 0.125 → "12.5 %".
std::string HumanPercent(double fraction);

}  // namespace mroi::api
