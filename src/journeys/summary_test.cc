#include <vector>

#include <gtest/gtest.h>

#include "mroi/journeys.h"

#include "journeys/journeys_test_util.h"

namespace mroi {
namespace {

using testing::JourneyFixture;
using testing::kDay;

// Person 0: "Email > Direct" converts (100) after 2 days; then "Direct" converts (40)
//           after 1 day; then "Email" does not convert.
// Person 1: "Email > Direct" converts (60) after 4 days.
// Person 2: a conversion (5) with no touch.
// Person 3: 12 touches of "Display" converting (1) after 11 days.
JourneyFixture MakeFixture() {
  JourneyFixture fixture;
  fixture.Touch(0, 0, "Email");
  fixture.Touch(0, 1 * kDay, "Direct");
  fixture.Convert(0, 2 * kDay, 100);
  fixture.Touch(0, 3 * kDay, "Direct");
  fixture.Convert(0, 4 * kDay, 40);
  fixture.Touch(0, 5 * kDay, "Email");
  fixture.Touch(1, 10 * kDay, "Email");
  fixture.Touch(1, 11 * kDay, "Direct");
  fixture.Convert(1, 14 * kDay, 60);
  fixture.Convert(2, 1 * kDay, 5);
  for (int touch = 0; touch < 12; ++touch) fixture.Touch(3, touch * kDay, "Display");
  fixture.Convert(3, 11 * kDay, 1);
  return fixture;
}

TEST(SummarizeJourneysTest, CountsLengthsAndPaths) {
  const JourneyFixture fixture = MakeFixture();
  auto journeys = BuildJourneys(fixture.dataset, fixture.identity, JourneyOptions{});
  ASSERT_TRUE(journeys.ok());
  const JourneySummary summary = SummarizeJourneys(fixture.dataset, *journeys, 10);
  EXPECT_EQ(summary.journeys, 6);
  EXPECT_EQ(summary.converting, 5);
  EXPECT_EQ(summary.non_converting, 1);
  EXPECT_EQ(summary.touches, 2 + 1 + 1 + 2 + 0 + 12);
  EXPECT_EQ(summary.empty_converting, 1);
  // Converting lengths 2, 1, 2, 0, 12: mean 17 / 5, lower median 2.
  EXPECT_DOUBLE_EQ(summary.mean_length, 17.0 / 5);
  EXPECT_EQ(summary.median_length, 2);
  EXPECT_EQ(summary.length_histogram,
            (std::vector<int64_t>{1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 1}));
  // Days first touch -> conversion: 2, 1, 4, 11 (the empty journey has none): median 3.
  EXPECT_DOUBLE_EQ(summary.median_days_to_conversion, 3.0);
  // "Email > Direct" converts twice (160), then by revenue: "Direct" (40),
  // "" (5, the empty journey), "Display > ..." (1). "Email" never converts.
  ASSERT_EQ(summary.top_paths.size(), 4u);
  EXPECT_EQ(summary.top_paths[0].path, "Email > Direct");
  EXPECT_EQ(summary.top_paths[0].journeys, 2);
  EXPECT_EQ(summary.top_paths[0].conversions, 2);
  EXPECT_DOUBLE_EQ(summary.top_paths[0].revenue, 160);
  EXPECT_EQ(summary.top_paths[1].path, "Direct");
  EXPECT_EQ(summary.top_paths[2].path, "");
  EXPECT_EQ(summary.top_paths[3].path.substr(0, 19), "Display > Display >");
  EXPECT_EQ(summary.top_paths[3].journeys, 1);

  const JourneySummary top2 = SummarizeJourneys(fixture.dataset, *journeys, 2);
  ASSERT_EQ(top2.top_paths.size(), 2u);
  EXPECT_EQ(top2.top_paths[1].path, "Direct");
  EXPECT_TRUE(SummarizeJourneys(fixture.dataset, *journeys, 0).top_paths.empty());
}

TEST(SummarizeJourneysTest, PathCountsNonConvertingOccurrences) {
  JourneyFixture fixture;
  fixture.Touch(0, 0, "A");
  fixture.Convert(0, 1, 10);
  fixture.Touch(1, 0, "A");  // same path, no conversion
  auto journeys = BuildJourneys(fixture.dataset, fixture.identity, JourneyOptions{});
  ASSERT_TRUE(journeys.ok());
  const JourneySummary summary = SummarizeJourneys(fixture.dataset, *journeys);
  ASSERT_EQ(summary.top_paths.size(), 1u);
  EXPECT_EQ(summary.top_paths[0].journeys, 2);
  EXPECT_EQ(summary.top_paths[0].conversions, 1);
  EXPECT_EQ(summary.median_length, 1);
}

TEST(SummarizeJourneysTest, EmptyJourneys) {
  Dataset dataset;
  const JourneySummary summary = SummarizeJourneys(dataset, Journeys{});
  EXPECT_EQ(summary.journeys, 0);
  EXPECT_EQ(summary.mean_length, 0);
  EXPECT_EQ(summary.median_length, 0);
  EXPECT_EQ(summary.median_days_to_conversion, 0);
  EXPECT_EQ(summary.length_histogram.size(), 11u);
  EXPECT_TRUE(summary.top_paths.empty());
}

}  // namespace
}  // namespace mroi
