// Attribution over journeys built by BuildJourneys: touches older than the lookback
// window were cut by the journeys layer and get no credit; nothing extra is needed.
#include <gtest/gtest.h>

#include "mroi/attribution.h"

#include "journeys/journeys_test_util.h"

namespace mroi {
namespace {

using testing::JourneyFixture;
using testing::kDay;

TEST(AttributionWindowTest, TouchesOutsideTheLookbackGetNoCredit) {
  // Person 0: Display at day 0 (40 days before the conversion: outside the 30-day
  // window), Organic Search at day 20, Email at day 39, conversion at day 40.
  JourneyFixture fixture;
  fixture.Touch(0, 0, "Display");
  fixture.Touch(0, 20 * kDay, "Organic Search");
  fixture.Touch(0, 39 * kDay, "Email");
  fixture.Convert(0, 40 * kDay, 100, 60);
  Result<Journeys> journeys =
      BuildJourneys(fixture.dataset, fixture.identity, JourneyOptions{});
  ASSERT_TRUE(journeys.ok()) << journeys.status().ToString();
  Result<AttributionResult> result =
      AttributeJourneys(fixture.dataset, fixture.identity, *journeys, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  // Only Organic Search and Email are credited: first -> Organic Search, linear 50/50.
  EXPECT_EQ(result->FindChannel("Display"), -1);
  EXPECT_EQ(result->touches, 2);
  const ModelCredit* first = result->Find(AttributionModel::kFirst);
  const ModelCredit* linear = result->Find(AttributionModel::kLinear);
  const auto organic = static_cast<size_t>(result->FindChannel("Organic Search"));
  EXPECT_DOUBLE_EQ(first->channels[organic].conversions, 1);
  EXPECT_DOUBLE_EQ(linear->channels[organic].revenue, 50);
  // Gross profit from cogs: 100 - 60 = 40, half of it to Organic Search.
  EXPECT_DOUBLE_EQ(linear->channels[organic].gross_profit, 20);
}

TEST(AttributionWindowTest, ConversionWithoutTouchesGoesToNone) {
  // A conversion of a person with no touch at all: a zero-length journey.
  JourneyFixture fixture;
  fixture.Touch(1, 0, "Email");
  fixture.Convert(0, kDay, 70, 20);
  Result<Journeys> journeys =
      BuildJourneys(fixture.dataset, fixture.identity, JourneyOptions{});
  ASSERT_TRUE(journeys.ok());
  Result<AttributionResult> result =
      AttributeJourneys(fixture.dataset, fixture.identity, *journeys, {});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->channels, (std::vector<std::string>{"(none)"}));
  EXPECT_EQ(result->empty_converting_journeys, 1);
  EXPECT_DOUBLE_EQ(result->Find(AttributionModel::kTimeDecay)->channels[0].revenue, 70);
}

}  // namespace
}  // namespace mroi
