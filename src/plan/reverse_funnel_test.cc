// The reverse funnel against SPEC.md worked examples A and B and its bad inputs.
#include <gtest/gtest.h>

#include "mroi/plan_funnel.h"

namespace mroi {
namespace {

B2bFunnelInputs ExampleA() {
  B2bFunnelInputs inputs;
  inputs.target_revenue = 50'000'000;
  inputs.deal_size = 500'000;
  inputs.close_rate = 0.10;
  inputs.cpl = 3'000;
  return inputs;
}

EcomFunnelInputs ExampleB() {
  EcomFunnelInputs inputs;
  inputs.target_revenue = 5'000'000;
  inputs.aov = 2'000;
  inputs.conversion_rate = 0.02;
  EcomChannelInputs search;
  search.name = "search";
  search.visit_share = 0.4;
  search.cpc = 10;
  EcomChannelInputs social;
  social.name = "social";
  social.visit_share = 0.2;
  social.ctr = 0.025;
  social.cpm = 50;
  social.tier = Tier::kEmerging;
  inputs.channels = {search, social};
  return inputs;
}

TEST(ReverseFunnelTest, B2bWorkedExampleA) {
  Result<B2bFunnelPlan> plan = PlanB2bFunnel(ExampleA());
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_DOUBLE_EQ(plan->deals, 100);
  EXPECT_DOUBLE_EQ(plan->leads, 1'000);
  EXPECT_DOUBLE_EQ(plan->budget, 3'000'000);
  EXPECT_DOUBLE_EQ(plan->tier_budgets[0], 2'100'000);
  EXPECT_DOUBLE_EQ(plan->tier_budgets[1], 600'000);
  EXPECT_DOUBLE_EQ(plan->tier_budgets[2], 300'000);
}

TEST(ReverseFunnelTest, B2bOtherTierSplitSumsToBudget) {
  B2bFunnelInputs inputs = ExampleA();
  Result<TierShares> shares = ParseTierShares("60/30/10");
  ASSERT_TRUE(shares.ok());
  inputs.tiers = *shares;
  Result<B2bFunnelPlan> plan = PlanB2bFunnel(inputs);
  ASSERT_TRUE(plan.ok());
  EXPECT_DOUBLE_EQ(plan->tier_budgets[0], 1'800'000);
  EXPECT_DOUBLE_EQ(plan->tier_budgets[1], 900'000);
  EXPECT_DOUBLE_EQ(plan->tier_budgets[0] + plan->tier_budgets[1] + plan->tier_budgets[2],
                   plan->budget);
}

TEST(ReverseFunnelTest, EcomWorkedExampleB) {
  Result<EcomFunnelPlan> plan = PlanEcomFunnel(ExampleB());
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_DOUBLE_EQ(plan->orders, 2'500);
  EXPECT_DOUBLE_EQ(plan->visits, 125'000);
  ASSERT_EQ(plan->channels.size(), 2u);
  EXPECT_DOUBLE_EQ(plan->channels[0].clicks, 50'000);
  EXPECT_DOUBLE_EQ(plan->channels[0].cost, 500'000);
  EXPECT_FALSE(plan->channels[0].impressions.has_value());
  EXPECT_DOUBLE_EQ(plan->channels[1].clicks, 25'000);
  ASSERT_TRUE(plan->channels[1].impressions.has_value());
  EXPECT_DOUBLE_EQ(*plan->channels[1].impressions, 1'000'000);
  EXPECT_DOUBLE_EQ(plan->channels[1].cost, 50'000);
  EXPECT_TRUE(plan->channels[1].priced_by_cpm);
  EXPECT_DOUBLE_EQ(plan->budget, 550'000);
  EXPECT_DOUBLE_EQ(plan->paid_visits, 75'000);
  EXPECT_DOUBLE_EQ(plan->unpaid_visits, 50'000);
  EXPECT_DOUBLE_EQ(plan->tier_budgets[0], 385'000);
  EXPECT_DOUBLE_EQ(plan->channel_tier_costs[0], 500'000);
  EXPECT_DOUBLE_EQ(plan->channel_tier_costs[1], 50'000);
  EXPECT_DOUBLE_EQ(plan->channel_tier_costs[2], 0);
}

TEST(ReverseFunnelTest, SharesMaySumToExactlyOne) {
  EcomFunnelInputs inputs = ExampleB();
  inputs.channels[0].visit_share = 0.7;
  inputs.channels[1].visit_share = 0.3;
  Result<EcomFunnelPlan> plan = PlanEcomFunnel(inputs);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_NEAR(plan->unpaid_visits, 0, 1e-6);
}

TEST(ReverseFunnelTest, B2bBadInputsNameTheFlag) {
  const std::vector<std::pair<void (*)(B2bFunnelInputs*), std::string>> cases = {
      {[](B2bFunnelInputs* in) { in->close_rate = 0; }, "--close-rate"},
      {[](B2bFunnelInputs* in) { in->close_rate = 1.2; }, "--close-rate"},
      {[](B2bFunnelInputs* in) { in->target_revenue = 0; }, "--target"},
      {[](B2bFunnelInputs* in) { in->target_revenue = -5; }, "--target"},
      {[](B2bFunnelInputs* in) { in->deal_size = -1; }, "--deal-size"},
      {[](B2bFunnelInputs* in) { in->cpl = 0; }, "--cpl"},
      {[](B2bFunnelInputs* in) { in->cpl = std::nan(""); }, "--cpl"},
  };
  for (const auto& [mutate, flag] : cases) {
    B2bFunnelInputs inputs = ExampleA();
    mutate(&inputs);
    Result<B2bFunnelPlan> plan = PlanB2bFunnel(inputs);
    ASSERT_FALSE(plan.ok()) << flag;
    EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(plan.status().message().find(flag), std::string::npos) << plan.status().message();
  }
}

TEST(ReverseFunnelTest, EcomBadInputsNameTheProblem) {
  const std::vector<std::pair<void (*)(EcomFunnelInputs*), std::string>> cases = {
      {[](EcomFunnelInputs* in) { in->conversion_rate = 0; }, "--cr"},
      {[](EcomFunnelInputs* in) { in->conversion_rate = 1.5; }, "--cr"},
      {[](EcomFunnelInputs* in) { in->aov = 0; }, "--aov"},
      {[](EcomFunnelInputs* in) { in->channels[0].visit_share = 0.9; }, "sum to 1.1"},
      {[](EcomFunnelInputs* in) { in->channels[0].cpc = -10; }, "cpc"},
      {[](EcomFunnelInputs* in) { in->channels[1].cpm = 0; }, "cpm"},
      {[](EcomFunnelInputs* in) { in->channels[1].ctr.reset(); }, "no price"},
      {[](EcomFunnelInputs* in) { in->channels[1].visit_share = 0; }, "share"},
      {[](EcomFunnelInputs* in) { in->channels.clear(); }, "no paid channel"},
  };
  for (const auto& [mutate, needle] : cases) {
    EcomFunnelInputs inputs = ExampleB();
    mutate(&inputs);
    Result<EcomFunnelPlan> plan = PlanEcomFunnel(inputs);
    ASSERT_FALSE(plan.ok()) << needle;
    EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(plan.status().message().find(needle), std::string::npos)
        << plan.status().message();
  }
}

TEST(ReverseFunnelTest, ParsesChannelSpecs) {
  Result<EcomChannelInputs> search = ParseChannelSpec("search:share=0.4:cpc=10");
  ASSERT_TRUE(search.ok()) << search.status().message();
  EXPECT_EQ(search->name, "search");
  EXPECT_DOUBLE_EQ(search->visit_share, 0.4);
  EXPECT_DOUBLE_EQ(search->cpc.value_or(0), 10);
  EXPECT_FALSE(search->tier_given);

  Result<EcomChannelInputs> social =
      ParseChannelSpec("Paid Social:cpm=50:ctr=0.025:share=0.2:tier=experimental");
  ASSERT_TRUE(social.ok()) << social.status().message();
  EXPECT_EQ(social->name, "Paid Social");
  EXPECT_DOUBLE_EQ(social->ctr.value_or(0), 0.025);
  EXPECT_DOUBLE_EQ(social->cpm.value_or(0), 50);
  EXPECT_EQ(social->tier, Tier::kExperimental);
  EXPECT_TRUE(social->tier_given);
  EXPECT_FALSE(social->cpc.has_value());
}

TEST(ReverseFunnelTest, SplitKeepsDistributionsWhole) {
  Result<ChannelSpecParts> parts =
      SplitChannelSpec("search:share=0.4:cpc=triangular:8:10:14:tier=core");
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->values.size(), 3u);
  EXPECT_EQ(parts->values[1].first, "cpc");
  EXPECT_EQ(parts->values[1].second, "triangular:8:10:14");
  EXPECT_EQ(parts->values[2].second, "core");
}

TEST(ReverseFunnelTest, BadChannelSpecsAreErrors) {
  for (const char* text : {":share=0.4:cpc=10", "search:share=abc", "search:bid=3",
                           "search:share=0.4:share=0.5", "search:0.4", "search:tier=gold"}) {
    Result<EcomChannelInputs> channel = ParseChannelSpec(text);
    ASSERT_FALSE(channel.ok()) << text;
    EXPECT_EQ(channel.status().code(), StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace mroi
