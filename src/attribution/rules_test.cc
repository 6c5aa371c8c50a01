// Each rule on hand-made journeys; expected credit computed by hand in comments.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "mroi/attribution.h"

#include "attribution/attribution_test_util.h"

namespace mroi {
namespace {

using testing::ChannelCredit;
using testing::JourneyBuilder;
using testing::kDay;
using M = AttributionModel;

constexpr double kEps = 1e-12;

AttributionResult Attribute(const JourneyBuilder& builder,
                            AttributionOptions options = {}) {
  Result<AttributionResult> result =
      AttributeJourneys(builder.dataset, builder.identity, builder.journeys, options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? std::move(result).value() : AttributionResult{};
}

double Conv(const AttributionResult& result, M model, const char* channel) {
  return ChannelCredit(result, model, channel).conversions;
}

TEST(AttributionRulesTest, OneTouchGetsEverythingUnderEveryModel) {
  JourneyBuilder builder;
  builder.Convert(0, {{0, "Paid Search", "brand"}}, kDay, 100, 40);
  const AttributionResult result = Attribute(builder);
  ASSERT_EQ(result.models.size(), 9u);
  for (const ModelCredit& model : result.models) {
    ASSERT_EQ(model.channels.size(), 1u) << model.name;
    EXPECT_NEAR(model.channels[0].conversions, 1.0, kEps) << model.name;
    EXPECT_NEAR(model.channels[0].revenue, 100.0, kEps) << model.name;
    EXPECT_NEAR(model.channels[0].gross_profit, 40.0, kEps) << model.name;
  }
  // No lead: w_shaped falls back to u_shaped for this one journey.
  EXPECT_EQ(result.Find(M::kWShaped)->fallback_journeys, 1);
  EXPECT_EQ(result.Find(M::kLinear)->fallback_journeys, 0);
  EXPECT_EQ(result.converting_journeys, 1);
  EXPECT_EQ(result.touches, 1);
}

TEST(AttributionRulesTest, TwoTouches) {
  // Organic Search at day 0, Email at day 7, conversion at day 7, revenue 90.
  JourneyBuilder builder;
  builder.Convert(0, {{0, "Organic Search", ""}, {7 * kDay, "Email", ""}}, 7 * kDay, 90,
                  30);
  const AttributionResult result = Attribute(builder);
  EXPECT_NEAR(Conv(result, M::kFirst, "Organic Search"), 1, kEps);
  EXPECT_NEAR(Conv(result, M::kFirst, "Email"), 0, kEps);
  EXPECT_NEAR(Conv(result, M::kLast, "Email"), 1, kEps);
  EXPECT_NEAR(Conv(result, M::kLastNonDirect, "Email"), 1, kEps);
  EXPECT_NEAR(Conv(result, M::kLinear, "Organic Search"), 0.5, kEps);
  // Time decay, half-life 7 days: raw weights 2^-1 = 0.5 and 2^0 = 1 -> 1/3, 2/3.
  EXPECT_NEAR(Conv(result, M::kTimeDecay, "Organic Search"), 1.0 / 3, kEps);
  EXPECT_NEAR(Conv(result, M::kTimeDecay, "Email"), 2.0 / 3, kEps);
  EXPECT_NEAR(ChannelCredit(result, M::kTimeDecay, "Email").revenue, 60, 1e-9);
  EXPECT_NEAR(ChannelCredit(result, M::kTimeDecay, "Email").gross_profit, 20, 1e-9);
  // U: 40:40 -> 50/50; J: 20:60 -> 25/75; inverse J: 60:20 -> 75/25.
  EXPECT_NEAR(Conv(result, M::kUShaped, "Organic Search"), 0.5, kEps);
  EXPECT_NEAR(Conv(result, M::kJShaped, "Organic Search"), 0.25, kEps);
  EXPECT_NEAR(Conv(result, M::kJShaped, "Email"), 0.75, kEps);
  EXPECT_NEAR(Conv(result, M::kInverseJ, "Organic Search"), 0.75, kEps);
  // W without a lead = U: 50/50.
  EXPECT_NEAR(Conv(result, M::kWShaped, "Email"), 0.5, kEps);
}

// Five touches A..E at days 0..4, conversion at day 4.
JourneyBuilder FiveTouches() {
  JourneyBuilder builder;
  builder.Convert(0,
                  {{0, "A", "a"},
                   {1 * kDay, "B", "b"},
                   {2 * kDay, "C", "c"},
                   {3 * kDay, "D", "d"},
                   {4 * kDay, "E", "e"}},
                  4 * kDay, 100, 50);
  return builder;
}

TEST(AttributionRulesTest, FiveTouchesPositionAndDecay) {
  const AttributionResult result = Attribute(FiveTouches());
  EXPECT_NEAR(Conv(result, M::kFirst, "A"), 1, kEps);
  EXPECT_NEAR(Conv(result, M::kLast, "E"), 1, kEps);
  EXPECT_NEAR(Conv(result, M::kLinear, "C"), 0.2, kEps);
  // U 40/20/40: A 0.4, B = C = D = 0.2 / 3, E 0.4.
  EXPECT_NEAR(Conv(result, M::kUShaped, "A"), 0.4, kEps);
  EXPECT_NEAR(Conv(result, M::kUShaped, "C"), 0.2 / 3, kEps);
  EXPECT_NEAR(Conv(result, M::kUShaped, "E"), 0.4, kEps);
  // J 20/60/20: A 0.2, middle 0.2 / 3 each, E 0.6. Inverse J: A 0.6, E 0.2.
  EXPECT_NEAR(Conv(result, M::kJShaped, "A"), 0.2, kEps);
  EXPECT_NEAR(Conv(result, M::kJShaped, "D"), 0.2 / 3, kEps);
  EXPECT_NEAR(Conv(result, M::kJShaped, "E"), 0.6, kEps);
  EXPECT_NEAR(Conv(result, M::kInverseJ, "A"), 0.6, kEps);
  EXPECT_NEAR(Conv(result, M::kInverseJ, "E"), 0.2, kEps);
  // Time decay: ages 4,3,2,1,0 days -> 2^(-4/7) = 0.672950, 0.742997, 0.820335,
  // 0.905724, 1; sum 4.142006 -> A 0.162470, E 0.241429.
  EXPECT_NEAR(Conv(result, M::kTimeDecay, "A"), 0.162470, 1e-6);
  EXPECT_NEAR(Conv(result, M::kTimeDecay, "E"), 0.241429, 1e-6);
  // Campaigns follow their touches: campaign "a" (channel A) has A's credit.
  const ModelCredit* u_shaped = result.Find(M::kUShaped);
  ASSERT_EQ(result.campaigns.size(), 5u);
  EXPECT_EQ(result.campaigns[0].campaign, "a");
  EXPECT_EQ(result.channels[static_cast<size_t>(result.campaigns[0].channel)], "A");
  EXPECT_NEAR(u_shaped->campaigns[0].revenue, 40, 1e-9);
}

TEST(AttributionRulesTest, WShapedWithLead) {
  // Lead at day 2.5: the lead-creation touch is C (last touch at or before it).
  // W: A 0.3, C 0.3, E 0.3, B = D = 0.1 / 2 = 0.05.
  JourneyBuilder builder = FiveTouches();
  builder.Lead(0, 2 * kDay + kDay / 2);
  const AttributionResult result = Attribute(builder);
  EXPECT_NEAR(Conv(result, M::kWShaped, "A"), 0.3, kEps);
  EXPECT_NEAR(Conv(result, M::kWShaped, "B"), 0.05, kEps);
  EXPECT_NEAR(Conv(result, M::kWShaped, "C"), 0.3, kEps);
  EXPECT_NEAR(Conv(result, M::kWShaped, "D"), 0.05, kEps);
  EXPECT_NEAR(Conv(result, M::kWShaped, "E"), 0.3, kEps);
  EXPECT_EQ(result.Find(M::kWShaped)->fallback_journeys, 0);
}

TEST(AttributionRulesTest, WShapedLeadAtTouchTimeAndOnFirstTouch) {
  // Lead exactly at day 3 (tie): D is "at or before" it -> D 0.3.
  JourneyBuilder at_d = FiveTouches();
  at_d.Lead(0, 3 * kDay);
  EXPECT_NEAR(Conv(Attribute(at_d), M::kWShaped, "D"), 0.3, kEps);
  // Lead at day 0: roles first + lead on A -> raw A 0.6, E 0.3, B = C = D = 0.1 / 3;
  // raw sum 1.0, so A 0.6.
  JourneyBuilder at_a = FiveTouches();
  at_a.Lead(0, 0);
  const AttributionResult result = Attribute(at_a);
  EXPECT_NEAR(Conv(result, M::kWShaped, "A"), 0.6, kEps);
  EXPECT_NEAR(Conv(result, M::kWShaped, "C"), 0.1 / 3, kEps);
  EXPECT_NEAR(Conv(result, M::kWShaped, "E"), 0.3, kEps);
}

TEST(AttributionRulesTest, WShapedLeadOutsideJourneyFallsBackToU) {
  // A lead before the first touch, one after the conversion, one of another
  // person: none is in the journey -> U weights (A 0.4) and one fallback.
  JourneyBuilder builder = FiveTouches();
  builder.Lead(0, -kDay);
  builder.Lead(0, 5 * kDay);
  builder.Lead(1, 2 * kDay);
  const AttributionResult result = Attribute(builder);
  EXPECT_NEAR(Conv(result, M::kWShaped, "A"), 0.4, kEps);
  EXPECT_NEAR(Conv(result, M::kWShaped, "C"), 0.2 / 3, kEps);
  EXPECT_EQ(result.Find(M::kWShaped)->fallback_journeys, 1);
}

TEST(AttributionRulesTest, TiesInTimeKeepJourneyOrder) {
  // Paid Social and Email at the same second: Journeys order decides first/last,
  // time decay splits 50/50.
  JourneyBuilder builder;
  builder.Convert(0, {{100, "Paid Social", ""}, {100, "Email", ""}}, 100, 10, 5);
  const AttributionResult result = Attribute(builder);
  EXPECT_NEAR(Conv(result, M::kFirst, "Paid Social"), 1, kEps);
  EXPECT_NEAR(Conv(result, M::kLast, "Email"), 1, kEps);
  EXPECT_NEAR(Conv(result, M::kTimeDecay, "Paid Social"), 0.5, kEps);
}

TEST(AttributionRulesTest, LastNonDirect) {
  JourneyBuilder builder;
  // Direct only: last non-direct falls back to Direct.
  builder.Convert(0, {{0, "Direct", ""}, {kDay, "Direct", ""}}, kDay, 10, 5);
  // Organic Search then two Direct visits: last click Direct, last non-direct Organic.
  builder.Convert(
      1, {{0, "Organic Search", ""}, {kDay, "Direct", ""}, {2 * kDay, "Direct", ""}},
      2 * kDay, 20, 5);
  const AttributionResult result = Attribute(builder);
  EXPECT_NEAR(Conv(result, M::kLast, "Direct"), 2, kEps);
  EXPECT_NEAR(Conv(result, M::kLastNonDirect, "Direct"), 1, kEps);
  EXPECT_NEAR(Conv(result, M::kLastNonDirect, "Organic Search"), 1, kEps);
  EXPECT_NEAR(ChannelCredit(result, M::kLastNonDirect, "Organic Search").revenue, 20,
              kEps);
}

TEST(AttributionRulesTest, NoTouchJourneyCreditsNone) {
  JourneyBuilder builder;
  builder.Convert(0, {}, kDay, 50, 20);
  builder.Convert(1, {{0, "Email", "news"}}, kDay, 30, 10);
  builder.Browse(2, {{0, "Paid Social", ""}});  // no conversion: no credit
  const AttributionResult result = Attribute(builder);
  EXPECT_EQ(result.empty_converting_journeys, 1);
  EXPECT_EQ(result.converting_journeys, 2);
  EXPECT_NEAR(result.total.revenue, 80, kEps);
  EXPECT_EQ(result.FindChannel("Paid Social"), -1);
  for (const ModelCredit& model : result.models) {
    const int32_t none = result.FindChannel("(none)");
    ASSERT_GE(none, 0);
    EXPECT_NEAR(model.channels[static_cast<size_t>(none)].conversions, 1, kEps)
        << model.name;
    EXPECT_NEAR(model.channels[static_cast<size_t>(none)].revenue, 50, kEps)
        << model.name;
  }
  // Campaigns: "(none)" under "(none)", "news" under Email.
  ASSERT_EQ(result.campaigns.size(), 2u);
  EXPECT_EQ(result.campaigns[0].campaign, "(none)");
  EXPECT_EQ(result.campaigns[1].campaign, "news");
  testing::ExpectConserved(result);
}

TEST(AttributionRulesTest, UnsetCampaignIsNotSet) {
  JourneyBuilder builder;
  builder.Convert(0, {{0, "Email", ""}, {kDay, "Email", "(not set)"}}, kDay, 10, 5);
  const AttributionResult result = Attribute(builder);
  // The empty campaign and the cleaner's "(not set)" are one row.
  ASSERT_EQ(result.campaigns.size(), 1u);
  EXPECT_EQ(result.campaigns[0].campaign, "(not set)");
  EXPECT_NEAR(result.Find(M::kLinear)->campaigns[0].conversions, 1, kEps);
}

TEST(AttributionRulesTest, ConfigurableWeightsAndHalfLife) {
  // Three touches at days 0, 1, 2; conversion day 2.
  JourneyBuilder builder;
  builder.Convert(0, {{0, "A", ""}, {kDay, "B", ""}, {2 * kDay, "C", ""}}, 2 * kDay, 1,
                  1);
  AttributionOptions options;
  options.j_shaped = {0.1, 0.7, 0.2};  // A 0.1, B 0.2, C 0.7
  options.half_life_s = 1.0 * kDay;    // raw 0.25, 0.5, 1 -> 1/7, 2/7, 4/7
  options.models = {M::kJShaped, M::kTimeDecay};
  const AttributionResult result = Attribute(builder, options);
  ASSERT_EQ(result.models.size(), 2u);
  EXPECT_EQ(result.models[0].name, "j_shaped");
  EXPECT_NEAR(Conv(result, M::kJShaped, "A"), 0.1, kEps);
  EXPECT_NEAR(Conv(result, M::kJShaped, "B"), 0.2, kEps);
  EXPECT_NEAR(Conv(result, M::kJShaped, "C"), 0.7, kEps);
  EXPECT_NEAR(Conv(result, M::kTimeDecay, "A"), 1.0 / 7, kEps);
  EXPECT_NEAR(Conv(result, M::kTimeDecay, "C"), 4.0 / 7, kEps);
  EXPECT_EQ(result.Find(M::kFirst), nullptr);
}

TEST(AttributionRulesTest, TimeDecayNeverUnderflows) {
  // 30 days with a 1-second half-life: 2^-2592000 underflows, the newest touch still
  // takes everything and the credit still sums to 1.
  JourneyBuilder builder;
  builder.Convert(0, {{0, "A", ""}, {30 * kDay, "B", ""}}, 30 * kDay, 1, 1);
  AttributionOptions options;
  options.half_life_s = 1;
  const AttributionResult result = Attribute(builder, options);
  EXPECT_NEAR(Conv(result, M::kTimeDecay, "B"), 1, kEps);
  EXPECT_FALSE(std::isnan(Conv(result, M::kTimeDecay, "A")));
}

TEST(AttributionModelsTest, ParseNames) {
  Result<std::vector<M>> all = ParseAttributionModels("all");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 9u);
  Result<std::vector<M>> list = ParseAttributionModels("last, first,last");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, (std::vector<M>{M::kLast, M::kFirst}));
  for (M model : AllRuleModels()) {
    Result<std::vector<M>> one = ParseAttributionModels(AttributionModelName(model));
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(one->front(), model);
  }
  EXPECT_EQ(AttributionModelName(M::kInverseJ), "inverse_j");
}

TEST(AttributionModelsTest, UnknownNameListsTheNames) {
  Result<std::vector<M>> bad = ParseAttributionModels("markov_chain");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'markov_chain'"), std::string::npos);
  EXPECT_NE(
      bad.status().message().find("first, last, last_non_direct, linear, time_decay, "
                                  "u_shaped, w_shaped, j_shaped, inverse_j, all"),
      std::string::npos);
  EXPECT_FALSE(ParseAttributionModels("").ok());
  EXPECT_FALSE(ParseAttributionModels("first,").ok());
}

TEST(AttributionOptionsTest, BadOptionsAreErrors) {
  JourneyBuilder builder = FiveTouches();
  auto run = [&builder](const AttributionOptions& options) {
    return AttributeJourneys(builder.dataset, builder.identity, builder.journeys, options)
        .status();
  };
  AttributionOptions zero_half_life;
  zero_half_life.half_life_s = 0;
  EXPECT_EQ(run(zero_half_life).code(), StatusCode::kInvalidArgument);
  AttributionOptions negative;
  negative.u_shaped.middle = -0.1;
  EXPECT_EQ(run(negative).code(), StatusCode::kInvalidArgument);
  AttributionOptions all_zero;
  all_zero.inverse_j = {0, 0, 0};
  EXPECT_EQ(run(all_zero).code(), StatusCode::kInvalidArgument);
  AttributionOptions nan_w;
  nan_w.w_shaped.lead = std::nan("");
  EXPECT_EQ(run(nan_w).code(), StatusCode::kInvalidArgument);
  AttributionOptions none;
  none.models.clear();
  EXPECT_EQ(run(none).code(), StatusCode::kInvalidArgument);
}

TEST(AttributionOptionsTest, InconsistentJourneysAreErrors) {
  JourneyBuilder builder = FiveTouches();
  Journeys broken = builder.journeys;
  broken.touch_time.pop_back();
  EXPECT_EQ(
      AttributeJourneys(builder.dataset, builder.identity, broken, {}).status().code(),
      StatusCode::kInvalidArgument);
  Journeys bad_index = builder.journeys;
  bad_index.touch_index[0] = 99;
  EXPECT_EQ(
      AttributeJourneys(builder.dataset, builder.identity, bad_index, {}).status().code(),
      StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mroi
