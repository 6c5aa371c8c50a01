#include "mroi/plan_tiers.h"

#include <gtest/gtest.h>

namespace mroi {
namespace {

TEST(TierShares, SpecExampleASplit) {
  // SPEC example A: budget 3,000,000 split 70/20/10 -> 2,100,000 / 600,000 / 300,000.
  Result<TierShares> shares = ParseTierShares("70/20/10");
  ASSERT_TRUE(shares.ok());
  const auto parts = SplitByTiers(3'000'000, *shares);
  EXPECT_DOUBLE_EQ(parts[0], 2'100'000);
  EXPECT_DOUBLE_EQ(parts[1], 600'000);
  EXPECT_DOUBLE_EQ(parts[2], 300'000);
  EXPECT_EQ(parts[0] + parts[1] + parts[2], 3'000'000);
}

TEST(TierShares, FractionsAndNames) {
  Result<TierShares> shares = ParseTierShares("0.5/0.3/0.2");
  ASSERT_TRUE(shares.ok());
  EXPECT_DOUBLE_EQ((*shares)[Tier::kEmerging], 0.3);
  EXPECT_EQ(TierName(Tier::kExperimental), "experimental");
  EXPECT_EQ(*TierFromName("Core"), Tier::kCore);
  EXPECT_EQ(*TierFromName("test"), Tier::kExperimental);
  EXPECT_FALSE(TierFromName("gold").ok());
}

TEST(TierShares, BadSharesAreClearErrors) {
  for (const char* bad : {"70/20/20", "70/30", "70/20/10/0", "a/b/c", "80/-10/30", "", "70//30"}) {
    Result<TierShares> shares = ParseTierShares(bad);
    EXPECT_FALSE(shares.ok()) << bad;
    EXPECT_EQ(shares.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_NE(ParseTierShares("70/20/20").status().message().find("sum to 110"), std::string::npos);
}

}  // namespace
}  // namespace mroi
