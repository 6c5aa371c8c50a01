// Path analysis on a small hand-made case.
#include <string>

#include <gtest/gtest.h>

#include "mroi/attribution.h"

#include "attribution/attribution_test_util.h"

namespace mroi {
namespace {

using testing::JourneyBuilder;
using testing::kDay;

// J1 A>B>C conv day 3 (10); J2 A>B>C conv day 0 (20); J3 B conv day 40 (5);
// J4, J5 A>B browse; J6 C browse; J7 no touch conv (1); J8 A>B>B>C conv day 10 (8).
JourneyBuilder SmallCase() {
  JourneyBuilder builder;
  builder.Convert(0, {{0, "A", ""}, {kDay, "B", ""}, {2 * kDay, "C", ""}}, 3 * kDay, 10,
                  4);
  builder.Convert(1, {{0, "A", ""}, {60, "B", ""}, {120, "C", ""}}, 180, 20, 8);
  builder.Convert(2, {{0, "B", ""}}, 40 * kDay, 5, 2);
  builder.Browse(3, {{0, "A", ""}, {kDay, "B", ""}});
  builder.Browse(4, {{0, "A", ""}, {kDay, "B", ""}});
  builder.Browse(5, {{0, "C", ""}});
  builder.Convert(6, {}, kDay, 1, 1);
  builder.Convert(
      7, {{0, "A", ""}, {kDay, "B", ""}, {2 * kDay, "B", ""}, {3 * kDay, "C", ""}},
      10 * kDay, 8, 3);
  return builder;
}

TEST(PathAnalysisTest, TopPathsAndHistograms) {
  JourneyBuilder builder = SmallCase();
  Result<PathAnalysis> result = AnalyzePaths(builder.dataset, builder.journeys);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->journeys, 8);
  EXPECT_EQ(result->converting, 5);
  // Converting: A>B>C 2 conversions (30); then 1 each by revenue: A>B>B>C 8, B 5,
  // (none) 1.
  ASSERT_EQ(result->top_converting.size(), 4u);
  EXPECT_EQ(result->top_converting[0].path, "A > B > C");
  EXPECT_EQ(result->top_converting[0].conversions, 2);
  EXPECT_DOUBLE_EQ(result->top_converting[0].revenue, 30);
  EXPECT_DOUBLE_EQ(result->top_converting[0].gross_profit, 12);
  EXPECT_EQ(result->top_converting[0].length, 3);
  EXPECT_EQ(result->top_converting[1].path, "A > B > B > C");
  EXPECT_EQ(result->top_converting[2].path, "B");
  EXPECT_EQ(result->top_converting[3].path, "(none)");
  EXPECT_EQ(result->top_converting[3].length, 0);
  // Non-converting: A>B twice, C once.
  ASSERT_EQ(result->top_non_converting.size(), 2u);
  EXPECT_EQ(result->top_non_converting[0].path, "A > B");
  EXPECT_EQ(result->top_non_converting[0].journeys, 2);
  EXPECT_EQ(result->top_non_converting[0].conversions, 0);
  EXPECT_EQ(result->top_non_converting[1].path, "C");
  // Lengths: converting 0:1 (J7), 1:1 (J3), 3:2 (J1, J2), 4:1 (J8).
  EXPECT_EQ(result->converting_length_histogram,
            (std::vector<int64_t>{1, 1, 0, 2, 1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(result->non_converting_length_histogram,
            (std::vector<int64_t>{0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(PathAnalysisTest, TimeToConversionAndRoles) {
  JourneyBuilder builder = SmallCase();
  Result<PathAnalysis> result = AnalyzePaths(builder.dataset, builder.journeys);
  ASSERT_TRUE(result.ok());
  // Days from first touch: J1 3 -> "2-3", J2 0.002 -> "0", J3 40 -> "30+",
  // J8 10 -> "8-14"; J7 has no touch and is left out.
  const std::vector<TimeBucket>& buckets = result->time_to_conversion;
  ASSERT_EQ(buckets.size(), 7u);
  EXPECT_EQ(buckets[0].label, "0");
  EXPECT_EQ(buckets[0].conversions, 1);
  EXPECT_DOUBLE_EQ(buckets[0].revenue, 20);
  EXPECT_EQ(buckets[1].conversions, 0);
  EXPECT_EQ(buckets[2].label, "2-3");
  EXPECT_EQ(buckets[2].conversions, 1);
  EXPECT_EQ(buckets[4].label, "8-14");
  EXPECT_EQ(buckets[4].conversions, 1);
  EXPECT_EQ(buckets[6].label, "30+");
  EXPECT_EQ(buckets[6].min_days, 31);
  EXPECT_EQ(buckets[6].conversions, 1);
  // Median of 180 s, 3, 10, 40 days: (3 + 10) / 2 = 6.5.
  EXPECT_DOUBLE_EQ(result->median_days_to_conversion, 6.5);
  // Roles: A introduces J1, J2, J8; B assists J1, J2, J8 (once in J8) and is solo
  // in J3; C closes J1, J2, J8. Browsing journeys do not count.
  ASSERT_EQ(result->roles.size(), 3u);
  EXPECT_EQ(result->roles[0].channel, "A");
  EXPECT_EQ(result->roles[0].introducer, 3);
  EXPECT_EQ(result->roles[0].assister, 0);
  EXPECT_EQ(result->roles[1].channel, "B");
  EXPECT_EQ(result->roles[1].assister, 3);
  EXPECT_EQ(result->roles[1].solo, 1);
  EXPECT_EQ(result->roles[1].closer, 0);
  EXPECT_EQ(result->roles[2].channel, "C");
  EXPECT_EQ(result->roles[2].closer, 3);
}

TEST(PathAnalysisTest, TopNAndBadOptions) {
  JourneyBuilder builder = SmallCase();
  PathOptions options;
  options.top_n = 1;
  options.max_length_bucket = 2;  // 0, 1, 2 or more
  Result<PathAnalysis> result = AnalyzePaths(builder.dataset, builder.journeys, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->top_converting.size(), 1u);
  EXPECT_EQ(result->converting_length_histogram, (std::vector<int64_t>{1, 1, 3}));
  options.top_n = -1;
  EXPECT_EQ(AnalyzePaths(builder.dataset, builder.journeys, options).status().code(),
            StatusCode::kInvalidArgument);
  options.top_n = 5;
  options.max_length_bucket = 0;
  EXPECT_FALSE(AnalyzePaths(builder.dataset, builder.journeys, options).ok());
  Journeys broken = builder.journeys;
  broken.end.pop_back();
  EXPECT_FALSE(AnalyzePaths(builder.dataset, broken).ok());
}

}  // namespace
}  // namespace mroi
