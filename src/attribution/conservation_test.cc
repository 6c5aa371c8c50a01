// Property tests: on random journeys (fixed seeds, a sweep of sizes) every model's
// credit sums to the total, and no channel gets negative or non-finite credit.
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/attribution.h"

#include "attribution/attribution_test_util.h"

namespace mroi {
namespace {

using testing::JourneyBuilder;
using testing::kDay;
using testing::TouchSpec;

const char* const kChannels[] = {"Direct", "Organic Search", "Paid Search", "Paid Social",
                                 "Email",  "Referral",       "Display",     "Affiliates"};
const char* const kCampaigns[] = {"", "brand", "generic", "spring", "retargeting"};

JourneyBuilder RandomJourneys(uint64_t seed, int count, int max_length) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> length_of(0, max_length);
  std::uniform_int_distribution<int> channel_of(0, 7);
  std::uniform_int_distribution<int> campaign_of(0, 4);
  std::uniform_int_distribution<int64_t> gap_of(0, 5 * kDay);
  std::uniform_real_distribution<double> revenue_of(0, 500);
  JourneyBuilder builder;
  for (int journey = 0; journey < count; ++journey) {
    const int length = length_of(random);
    std::vector<TouchSpec> touches;
    UnixSeconds time = 1'700'000'000;
    for (int touch = 0; touch < length; ++touch) {
      time += (random() % 4 == 0) ? 0 : gap_of(random);  // some ties in time
      touches.push_back(
          {time, kChannels[channel_of(random)], kCampaigns[campaign_of(random)]});
    }
    const int32_t person = journey / 2;
    if (random() % 3 == 0 && length > 0) {
      builder.Lead(person, touches[static_cast<size_t>(length / 2)].time);
    }
    if (random() % 4 == 0) {
      builder.Browse(person, touches);
    } else {
      const double revenue = revenue_of(random);
      builder.Convert(person, touches, time + gap_of(random), revenue,
                      revenue * 0.4 - 10);
    }
  }
  return builder;
}

class ConservationTest : public ::testing::TestWithParam<int> {};

TEST_P(ConservationTest, EveryModelSumsToTheTotal) {
  const int count = GetParam();
  for (uint64_t seed : {0x5487655ULL, 7ULL, 12345ULL}) {
    JourneyBuilder builder = RandomJourneys(seed, count, 12);
    Result<AttributionResult> result =
        AttributeJourneys(builder.dataset, builder.identity, builder.journeys, {});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    ASSERT_EQ(result->models.size(), 9u);
    testing::ExpectConserved(*result);
    for (const ModelCredit& model : result->models) {
      for (const Credit& credit : model.channels) {
        EXPECT_GE(credit.conversions, -1e-12) << model.name;
        EXPECT_TRUE(std::isfinite(credit.revenue)) << model.name;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, ConservationTest, ::testing::Values(1, 2, 7, 100, 2000));

TEST(ConservationReferenceTest, LinearMatchesNaiveReference) {
  // Linear credit of a channel = sum over converting journeys of (its touches / n).
  JourneyBuilder builder = RandomJourneys(99, 500, 8);
  Result<AttributionResult> result =
      AttributeJourneys(builder.dataset, builder.identity, builder.journeys, {});
  ASSERT_TRUE(result.ok());
  const Journeys& journeys = builder.journeys;
  for (const char* channel : kChannels) {
    double expected = 0;
    const StringId id = builder.dataset.strings.Find(channel);
    for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
      if (!journeys.converting(journey) || journeys.length(journey) == 0) continue;
      int64_t hits = 0;
      for (int64_t touch = journeys.offsets[journey];
           touch < journeys.offsets[journey + 1]; ++touch) {
        hits += journeys.touch_channel[touch] == id ? 1 : 0;
      }
      expected +=
          static_cast<double>(hits) / static_cast<double>(journeys.length(journey));
    }
    EXPECT_NEAR(
        testing::ChannelCredit(*result, AttributionModel::kLinear, channel).conversions,
        expected, 1e-9)
        << channel;
  }
}

TEST(ConservationReferenceTest, NonFiniteValuesCountZero) {
  JourneyBuilder builder;
  builder.Convert(0, {{0, "Email", ""}}, kDay, std::nan(""), 5);
  builder.Convert(1, {{0, "Email", ""}, {1, "Direct", ""}}, kDay, 10, INFINITY);
  Result<AttributionResult> result =
      AttributeJourneys(builder.dataset, builder.identity, builder.journeys, {});
  ASSERT_TRUE(result.ok());
  EXPECT_DOUBLE_EQ(result->total.revenue, 10);
  EXPECT_DOUBLE_EQ(result->total.gross_profit, 5);
  testing::ExpectConserved(*result);
}

}  // namespace
}  // namespace mroi
