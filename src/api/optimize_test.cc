#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mroi/api_optimize.h"

#include "report/report_test_util.h"

namespace mroi::api {
namespace {

using nlohmann::json;

// Three Hill curves (coefficient, alpha, half saturation, carry-over), as in
// tests/e2e/plan_optimize_cli_test.py, without bootstrap draws.
constexpr const char* kModelJson = R"({
  "schema": "mroi.response_model/1", "outcome": "revenue", "period": "week",
  "outcome_value": 1, "gross_margin": 0.6, "base_per_period": 5000,
  "curves": [
    {"channel": "Paid Search", "tier": "core", "mean_spend": 15000, "min_spend": 7500,
     "max_spend": 22500, "draws": [],
     "params": {"coefficient": 60000, "hill_alpha": 1.0, "half_saturation": 20000,
                "carryover": 1.2}},
    {"channel": "Display", "tier": "core", "mean_spend": 20000, "min_spend": 10000,
     "max_spend": 30000, "draws": [],
     "params": {"coefficient": 20000, "hill_alpha": 2.0, "half_saturation": 15000,
                "carryover": 1.5}},
    {"channel": "Social", "tier": "emerging", "mean_spend": 6000, "min_spend": 3000,
     "max_spend": 9000, "draws": [],
     "params": {"coefficient": 25000, "hill_alpha": 1.5, "half_saturation": 8000,
                "carryover": 1.3}}]})";

struct Curve {
  double coefficient, alpha, half_saturation, carryover;
};
const Curve kCurves[] = {
    {60000, 1.0, 20000, 1.2}, {20000, 2.0, 15000, 1.5}, {25000, 1.5, 8000, 1.3}};

// periods x the steady-state Hill response at spend / periods, written out by hand.
double HillValue(const Curve& curve, double spend, double periods = 13) {
  const double x = curve.carryover * spend / periods;
  if (x <= 0) return 0;
  return periods * curve.coefficient * std::pow(x, curve.alpha) /
         (std::pow(x, curve.alpha) + std::pow(curve.half_saturation, curve.alpha));
}

ResponseModel Model() {
  Result<ResponseModel> model = ResponseModelFromJson(kModelJson);
  EXPECT_TRUE(model.ok()) << model.status().message();
  return model.value_or(ResponseModel());
}

std::string ErrorOf(const Result<std::string>& result) {
  EXPECT_FALSE(result.ok());
  return result.ok() ? "" : result.status().message();
}

TEST(PlanOptimizeJsonTest, ExpectedRevenueIsTheCurvesAtTheProposedSpend) {
  Params params;
  params.Add("budget", "600000");
  params.Add("no-tiers", "true");
  Result<std::string> out = PlanOptimizeJson(params, Model());
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json plan = json::parse(*out);
  EXPECT_EQ(plan["budget"], 600000);
  EXPECT_EQ(plan["periods"], 13);
  EXPECT_FALSE(plan.contains("scenarios"));
  ASSERT_EQ(plan["allocation"].size(), 3u);
  double expected = 0;
  double spent = 0;
  for (size_t idx = 0; idx < 3; ++idx) {
    const double proposed = plan["allocation"][idx]["proposed"].get<double>();
    expected += HillValue(kCurves[idx], proposed);
    spent += proposed;
  }
  EXPECT_NEAR(spent + plan["unallocated"].get<double>(), 600000, 1e-6);
  EXPECT_NEAR(plan["expected"].get<double>(), expected, 1e-6 * expected);
  // The base (5,000 a week for 13 weeks) is reported beside, not inside, the expected.
  EXPECT_NEAR(plan["base"].get<double>(), 5000 * 13, 1e-9);
}

TEST(PlanOptimizeJsonTest, SeveralBudgetsGiveScenariosAndATargetGivesItsBudget) {
  Params params;
  params.Add("budget", "500000");
  params.Add("budget", "700000");
  params.Add("no-tiers", "");
  Result<std::string> out = PlanOptimizeJson(params, Model());
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json plan = json::parse(*out);
  ASSERT_EQ(plan["scenarios"].size(), 2u);
  EXPECT_EQ(plan["scenarios"][1]["budget"], 700000);
  EXPECT_GT(plan["scenarios"][1]["expected"].get<double>(),
            plan["scenarios"][0]["expected"].get<double>());

  Params target;
  target.Add("target", "900000");
  target.Add("no-tiers", "1");
  Result<std::string> smallest = PlanOptimizeJson(target, Model());
  ASSERT_TRUE(smallest.ok()) << smallest.status().message();
  const json found = json::parse(*smallest);
  EXPECT_EQ(found["target"], 900000);
  EXPECT_GE(found["expected"].get<double>(), 900000 * (1 - 1e-6));
}

TEST(PlanOptimizeJsonTest, BadRequestsGiveTheCliMessages) {
  Params params;
  EXPECT_EQ(ErrorOf(PlanOptimizeJson(params, Model())),
            "give --budget B (or --scenario, or --target T)");
  params.Add("budget", "abc");
  EXPECT_EQ(ErrorOf(PlanOptimizeJson(params, Model())), "--budget 'abc' is not a number");
  params = Params();
  params.Add("budget", "1");
  params.Add("target", "5");
  EXPECT_EQ(ErrorOf(PlanOptimizeJson(params, Model())),
            "--target finds the budget: drop --budget/--scenario");
  params = Params();
  params.Add("budget", "1");
  params.Add("margin", "x");
  EXPECT_EQ(ErrorOf(PlanOptimizeJson(params, Model())), "--margin 'x' is not a number");
  params = Params();
  params.Add("budget", "1");
  params.Add("tiers", "70/20/10");
  params.Add("no-tiers", "true");
  EXPECT_EQ(ErrorOf(PlanOptimizeJson(params, Model())),
            "--tiers and --no-tiers contradict each other");
  params = Params();
  params.Add("budget", "1");
  params.Add("no-tiers", "maybe");
  EXPECT_EQ(ErrorOf(PlanOptimizeJson(params, Model())),
            "--no-tiers 'maybe': use true or false");
  params = Params();
  params.Add("budget", "1");
  params.Add("periods", "1e3");
  EXPECT_EQ(ErrorOf(PlanOptimizeJson(params, Model())),
            "--periods '1e3' is not a whole number");
  params = Params();
  params.Add("budget", "1");
  params.Add("model", "x.json");
  EXPECT_NE(ErrorOf(PlanOptimizeJson(params, Model())).find("unknown parameter --model"),
            std::string::npos);
}

class ResponseModelForWorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / "mroi_api_response_model_test";
    Result<PipelineResult> result = test_util::RunDemoPipeline(dir_ / "demo");
    ASSERT_TRUE(result.ok()) << result.status().message();
    history_ = std::move(result).value();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  PipelineResult history_;
};

TEST_F(ResponseModelForWorkspaceTest, SavedModelWinsElseTheReasonNoneCanBeFitted) {
  // The small demo's weekly history is too short for the marketing-mix model.
  Result<ResponseModel> none = ResponseModelForWorkspace(history_, dir_.string());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("response_model.json is absent"),
            std::string::npos);
  EXPECT_NE(none.status().message().find("needs"), std::string::npos)
      << none.status().message();

  std::ofstream(dir_ / "response_model.json") << kModelJson;
  Result<ResponseModel> saved = ResponseModelForWorkspace(history_, dir_.string());
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  ASSERT_EQ(saved->curves.size(), 3u);
  EXPECT_EQ(saved->curves[2].channel, "Social");

  std::ofstream(dir_ / "response_model.json") << "{\"curves\": [{\"channel\": \"A\"}]}";
  EXPECT_FALSE(ResponseModelForWorkspace(history_, dir_.string()).ok());
}

}  // namespace
}  // namespace mroi::api
