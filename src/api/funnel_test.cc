#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mroi/api_funnel.h"

#include "report/report_test_util.h"

namespace mroi::api {
namespace {

using nlohmann::json;

// SPEC.md worked example A.
Params ExampleA() {
  Params params;
  params.Add("target", "50000000");
  params.Add("deal-size", "500000");
  params.Add("close-rate", "0.10");
  params.Add("cpl", "3000");
  return params;
}

// SPEC.md worked example B.
Params ExampleB() {
  Params params;
  params.Add("target", "5000000");
  params.Add("aov", "2000");
  params.Add("cr", "0.02");
  params.Add("channel", "search:share=0.4:cpc=10");
  params.Add("channel", "social:share=0.2:ctr=0.025:cpm=50");
  return params;
}

std::string ErrorOf(const Result<std::string>& result) {
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  return result.ok() ? "" : result.status().message();
}

TEST(PlanReverseJsonTest, ExampleAIsTheCliOutputByteForByte) {
  Result<std::string> out = PlanReverseJson(ExampleA(), nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  // `mroi plan reverse --target 50000000 --deal-size 500000 --close-rate 0.10 --cpl 3000
  // --json` before the move into the API layer: 100 deals, 1,000 leads, 3,000,000.
  EXPECT_EQ(
      *out,
      R"({"budget":3000000,"close_rate":0.1,"cpl":3000,"deal_size":500000,"deals":100,)"
      R"("history":null,"leads":1000,"model":"b2b","notes":[],"sources":{"close_rate":)"
      R"("--close-rate","cpl":"--cpl","deal_size":"--deal-size"},"target":50000000,)"
      R"("tier_shares":{"core":0.7,"emerging":0.2,"experimental":0.1},"tiers":{"core":)"
      R"(2100000,"emerging":600000,"experimental":300000}})");
}

TEST(PlanReverseJsonTest, ExampleBPricesSearchByClickAndSocialByImpression) {
  Result<std::string> out = PlanReverseJson(ExampleB(), nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json plan = json::parse(*out);
  // 5,000,000 / 2,000 = 2,500 orders; / 0.02 = 125,000 visits.
  EXPECT_EQ(plan["orders"], 2500);
  EXPECT_EQ(plan["visits"], 125000);
  // search 40 % = 50,000 clicks x 10 = 500,000; social 20 % = 25,000 clicks
  // / 0.025 = 1,000,000 impressions x 50 / 1000 = 50,000.
  EXPECT_EQ(plan["channels"][0]["cost"], 500000);
  EXPECT_EQ(plan["channels"][1]["impressions"], 1000000);
  EXPECT_EQ(plan["channels"][1]["cost"], 50000);
  EXPECT_EQ(plan["budget"], 550000);
  EXPECT_EQ(plan["unpaid_visits"], 50000);
}

TEST(PlanReverseJsonTest, BadRequestsGiveTheCliMessages) {
  Params params;
  EXPECT_EQ(ErrorOf(PlanReverseJson(params, nullptr)),
            "--target is required: the revenue to reach, e.g. --target 50000000");
  params = ExampleA();
  params.Add("target", "1");
  EXPECT_EQ(ErrorOf(PlanReverseJson(params, nullptr)),
            "--target given 2 times; give it once");
  params = ExampleB();
  params.Add("cpl", "3000");
  EXPECT_EQ(
      ErrorOf(PlanReverseJson(params, nullptr)),
      "B2B flags (--deal-size, --close-rate, --cpl) and e-commerce flags (--aov, --cr, "
      "--channel) together: plan one funnel at a time");
  params = Params();
  params.Add("target", "abc");
  EXPECT_EQ(ErrorOf(PlanReverseJson(params, nullptr)), "--target 'abc' is not a number");
  params = Params();
  params.Add("target", "-5");
  EXPECT_EQ(ErrorOf(PlanReverseJson(params, nullptr)),
            "--target -5: the target revenue must be above 0");
  params = Params();
  params.Add("target", "100");
  EXPECT_NE(ErrorOf(PlanReverseJson(params, nullptr)).find("nothing to plan from"),
            std::string::npos);
  params = ExampleA();
  params.Add("draws", "1000");
  EXPECT_NE(ErrorOf(PlanReverseJson(params, nullptr)).find("unknown parameter --draws"),
            std::string::npos);
  params = Params();
  params.Add("target", "50000000");
  params.Add("deal-size", "500000");
  params.Add("close-rate", "0.10");
  params.Add("cpl", "lognormal:3000:0.2");
  EXPECT_EQ(
      ErrorOf(PlanReverseJson(params, nullptr)),
      "--cpl 'lognormal:3000:0.2': plan reverse takes numbers; use plan montecarlo for "
      "distributions");
  params = Params();
  params.Add("target", "5000000");
  params.Add("aov", "2000");
  params.Add("cr", "0.02");
  params.Add("channel", "social:share=0.2:cpm=50");
  EXPECT_NE(ErrorOf(PlanReverseJson(params, nullptr)).find("--channel social: no price"),
            std::string::npos);
  params = ExampleA();
  params.Add("tiers", "70/20/20");
  EXPECT_NE(ErrorOf(PlanReverseJson(params, nullptr)).find("sum to 110"),
            std::string::npos);
  // SQL-looking text is just a bad number.
  params = Params();
  params.Add("target", "1; DROP TABLE x");
  EXPECT_EQ(ErrorOf(PlanReverseJson(params, nullptr)),
            "--target '1; DROP TABLE x' is not a number");
}

TEST(PlanMonteCarloJsonTest, FixedAssumptionsReachTheTargetAtTheirBudgetEveryTime) {
  Params params = ExampleA();
  params.Add("draws", "1000");
  Result<std::string> out = PlanMonteCarloJson(params, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json mc = json::parse(*out);
  EXPECT_EQ(mc["draws"], 1000);
  EXPECT_EQ(mc["seed"], 42);
  EXPECT_EQ(mc["deterministic_budget"], 3000000);
  EXPECT_EQ(mc["budget_for_confidence"], 3000000);
  EXPECT_DOUBLE_EQ(mc["p_reach_target"].get<double>(), 1.0);
  EXPECT_EQ(mc["assumptions"]["cpl"]["source"], "--cpl");
}

TEST(PlanMonteCarloJsonTest, IsDeterministicPerSeedAndChecksItsOptions) {
  Params params = ExampleA();
  params = Params();
  params.Add("target", "50000000");
  params.Add("deal-size", "500000");
  params.Add("close-rate", "beta:30/300");
  params.Add("cpl", "lognormal:3000:0.25");
  params.Add("draws", "2000");
  Result<std::string> first = PlanMonteCarloJson(params, nullptr);
  Result<std::string> second = PlanMonteCarloJson(params, nullptr);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  Params bad = ExampleA();
  bad.Add("confidence", "1");
  EXPECT_EQ(ErrorOf(PlanMonteCarloJson(bad, nullptr)),
            "--confidence 1: must lie strictly between 0 and 1, e.g. 0.9");
  bad = ExampleA();
  bad.Add("budget", "-100");
  EXPECT_EQ(ErrorOf(PlanMonteCarloJson(bad, nullptr)),
            "--budget -100: the budget must be a number >= 0");
  bad = ExampleA();
  bad.Add("draws", "many");
  EXPECT_EQ(ErrorOf(PlanMonteCarloJson(bad, nullptr)),
            "--draws 'many' is not a whole number");
  bad = ExampleA();
  bad.Add("draws", "5");
  EXPECT_NE(ErrorOf(PlanMonteCarloJson(bad, nullptr)).find("--draws 5"),
            std::string::npos);
  bad = ExampleA();
  bad.Add("seed", "-1");
  EXPECT_EQ(ErrorOf(PlanMonteCarloJson(bad, nullptr)),
            "--seed -1: the seed must be >= 0");
}

class FunnelHistoryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir = std::filesystem::temp_directory_path() / "mroi_api_funnel_test";
    Result<PipelineResult> result = test_util::RunDemoPipeline(dir);
    ASSERT_TRUE(result.ok()) << result.status().message();
    history_ = new PipelineResult(std::move(result).value());
    std::filesystem::remove_all(dir);
  }
  static void TearDownTestSuite() {
    delete history_;
    history_ = nullptr;
  }
  static PipelineResult* history_;
};

PipelineResult* FunnelHistoryTest::history_ = nullptr;

TEST_F(FunnelHistoryTest, B2bRatesComeFromTheHistoryAndFlagsOverrideThem) {
  Params params;
  params.Add("target", "200000");
  params.Add("mode", "b2b");
  Result<std::string> out = PlanReverseJson(params, history_);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json plan = json::parse(*out);
  EXPECT_EQ(plan["sources"]["cpl"].get<std::string>().rfind("history: CPL", 0), 0u);
  const json& totals = plan["history"]["totals"];
  EXPECT_DOUBLE_EQ(plan["cpl"].get<double>(), totals["cpl"].get<double>());
  // budget = target / deal size / close rate x CPL.
  EXPECT_NEAR(plan["budget"].get<double>(),
              200000 / plan["deal_size"].get<double>() /
                  plan["close_rate"].get<double>() * plan["cpl"].get<double>(),
              1e-6);
  params.Add("cpl", "50");
  Result<std::string> overridden = PlanReverseJson(params, history_);
  ASSERT_TRUE(overridden.ok()) << overridden.status().message();
  EXPECT_EQ(json::parse(*overridden)["sources"]["cpl"], "--cpl");
  EXPECT_EQ(json::parse(*overridden)["cpl"], 50);
}

TEST_F(FunnelHistoryTest, HistoryNeedsAModeAndAGoodPeriod) {
  Params params;
  params.Add("target", "200000");
  EXPECT_EQ(ErrorOf(PlanReverseJson(params, history_)),
            "say which funnel to plan from the history: --mode b2b or --mode ecommerce");
  params.Add("mode", "ecommerce");
  params.Add("period", "not-a-period");
  EXPECT_FALSE(PlanReverseJson(params, history_).ok());
}

TEST_F(FunnelHistoryTest, EcommerceChannelsComeFromTheHistoryWithSharesBelowOne) {
  Params params;
  params.Add("target", "200000");
  params.Add("mode", "ecommerce");
  Result<std::string> out = PlanReverseJson(params, history_);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json plan = json::parse(*out);
  ASSERT_FALSE(plan["channels"].empty());
  double shares = 0;
  for (const json& channel : plan["channels"]) shares += channel["share"].get<double>();
  EXPECT_LE(shares, 1.0 + 1e-12);
  EXPECT_NEAR(plan["paid_visits"].get<double>() + plan["unpaid_visits"].get<double>(),
              plan["visits"].get<double>(), 1e-6);
}

}  // namespace
}  // namespace mroi::api
