// The 70/20/10 tier split.
#include "mroi/plan_tiers.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace mroi {

namespace {

constexpr std::array<std::string_view, kNumTiers> kNames = {"core", "emerging", "experimental"};

}  // namespace

std::string_view TierName(Tier tier) { return kNames[static_cast<int>(tier)]; }

Result<Tier> TierFromName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int i = 0; i < kNumTiers; ++i) {
    if (lower == kNames[i]) return static_cast<Tier>(i);
  }
  if (lower == "test") return Tier::kExperimental;
  return InvalidArgument(
      fmt::format("unknown tier '{}': use core, emerging or experimental", name));
}

Result<TierShares> ParseTierShares(std::string_view text) {
  std::vector<double> parts;
  size_t start = 0;
  while (true) {
    const size_t slash = text.find('/', start);
    const std::string_view piece =
        text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    double value = 0;
    const auto [end, error] = std::from_chars(piece.data(), piece.data() + piece.size(), value);
    if (piece.empty() || error != std::errc() || end != piece.data() + piece.size() ||
        !std::isfinite(value) || value < 0) {
      return InvalidArgument(fmt::format(
          "tier shares '{}': write three non-negative numbers like 70/20/10", text));
    }
    parts.push_back(value);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() != kNumTiers) {
    return InvalidArgument(fmt::format(
        "tier shares '{}': need three parts core/emerging/experimental, like 70/20/10", text));
  }
  const double sum = parts[0] + parts[1] + parts[2];
  double scale = 0;
  if (std::abs(sum - 100) <= 1e-9 * 100) {
    scale = 100;
  } else if (std::abs(sum - 1) <= 1e-9) {
    scale = 1;
  } else {
    return InvalidArgument(fmt::format(
        "tier shares '{}' sum to {:g}, not 100 (or 1): core/emerging/experimental must "
        "add up to the whole budget",
        text, sum));
  }
  TierShares shares;
  for (int i = 0; i < kNumTiers; ++i) shares.share[i] = parts[i] / scale;
  return shares;
}

std::array<double, kNumTiers> SplitByTiers(double budget, const TierShares& shares) {
  std::array<double, kNumTiers> parts{};
  parts[0] = budget * shares.share[0];
  parts[1] = budget * shares.share[1];
  parts[2] = budget - parts[0] - parts[1];
  return parts;
}

}  // namespace mroi
