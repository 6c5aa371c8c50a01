#pragma once

// The tier split of a marketing budget (SPEC "Budget planning"): core (proven
// channels), emerging and experimental, 70/20/10 by default.

#include <array>
#include <string_view>

#include "mroi/result.h"

namespace mroi {

/// The three tiers, in the order their shares are written ("70/20/10").
enum class Tier : uint8_t { kCore = 0, kEmerging = 1, kExperimental = 2 };
inline constexpr int kNumTiers = 3;

/// "core", "emerging" or "experimental".
std::string_view TierName(Tier tier);
/// Parse a tier name (case-insensitive; also "test" for experimental). Error lists them.
Result<Tier> TierFromName(std::string_view name);

/// Fractions of a budget per tier, summing to 1.
struct TierShares {
  std::array<double, kNumTiers> share = {0.7, 0.2, 0.1};
  double operator[](Tier tier) const { return share[static_cast<int>(tier)]; }
};

/// Parse "70/20/10" (percent) or "0.7/0.2/0.1" (fractions): three non-negative numbers
/// summing to 100 or to 1 (within 1e-9 relative). Errors: kInvalidArgument saying what
/// is wrong ("shares 70/20/20 sum to 110, not 100").
Result<TierShares> ParseTierShares(std::string_view text);

/// `budget` split by `shares`; the parts sum to budget exactly (the last tier takes
/// the rounding rest).
std::array<double, kNumTiers> SplitByTiers(double budget, const TierShares& shares);

}  // namespace mroi
