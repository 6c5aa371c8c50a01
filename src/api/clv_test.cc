#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mroi/api_clv.h"

#include "report/report_test_util.h"

namespace mroi::api {
namespace {

using nlohmann::json;

// The demo history (seed 42) run as `mroi clv ... --data DIR` runs it: default options.
class ClvApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir = std::filesystem::temp_directory_path() / "mroi_api_clv_test";
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

PipelineResult* ClvApiTest::history_ = nullptr;

std::string ErrorOf(const Result<std::string>& result, StatusCode code) {
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), code);
  return result.status().message();
}

// Figures of `mroi clv fit|predict|check --data mroi-demo/data --json` (demo seed 42)
// before the move into the API layer.
TEST_F(ClvApiTest, FitOnTheHistoryIsTheCliOutput) {
  Result<std::string> out = ClvFitJson(Params(), *history_, "mroi-demo/data");
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json fit = json::parse(*out);
  EXPECT_EQ(fit["model"], "bg_nbd");
  EXPECT_EQ(fit["time_unit"], "weeks");
  EXPECT_EQ(fit["n_customers"], 428);
  EXPECT_EQ(fit["input"]["transactions"], 469);
  EXPECT_EQ(fit["input"]["path"], "mroi-demo/data");
  EXPECT_EQ(fit["input"]["kind"], "transactions");
  EXPECT_NEAR(fit["loglik"].get<double>(), -188.75919053310724, 1e-6);
  EXPECT_NEAR(fit["params"]["r"].get<double>(), 0.027956356335753055, 1e-6);
}

TEST_F(ClvApiTest, PredictAndCheckOnTheHistoryAreTheCliOutput) {
  Result<std::string> predicted = ClvPredictJson(Params(), *history_, "demo");
  ASSERT_TRUE(predicted.ok()) << predicted.status().message();
  const json predict = json::parse(*predicted);
  EXPECT_EQ(predict["customers_shown"], 10);
  EXPECT_NEAR(predict["total_expected_purchases"].get<double>(), 26.526643203481115,
              1e-6);
  // The demo's orders hold too few repeat buyers with spend for a usable spend model.
  EXPECT_TRUE(predict["total_clv"].is_null());

  Result<std::string> checked = ClvCheckJson(Params(), *history_, "demo");
  ASSERT_TRUE(checked.ok()) << checked.status().message();
  const json check = json::parse(*checked);
  EXPECT_EQ(check["histogram"][0]["actual"], 397);
  EXPECT_NEAR(check["histogram"][0]["expected"].get<double>(), 396.78923197336144, 1e-6);
  EXPECT_EQ(check["histogram"].size(), 8u);
  EXPECT_TRUE(check["holdout"].is_null());
}

TEST_F(ClvApiTest, ChurnRanksByValueAtRiskAndShowsTheTop) {
  Params params;
  params.Add("top", "3");
  params.Add("threshold", "0.9");
  Result<std::string> out = ChurnJson(params, *history_, "demo");
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json churn = json::parse(*out);
  EXPECT_EQ(churn["threshold"], 0.9);
  EXPECT_LE(churn["customers_shown"].get<size_t>(), 3u);
  EXPECT_EQ(churn["customers"].size(), churn["customers_shown"].get<size_t>());
  for (const json& row : churn["customers"]) EXPECT_LT(row["p_alive"].get<double>(), 0.9);
}

TEST_F(ClvApiTest, BadRequestsGiveTheCliMessages) {
  Params params;
  params.Add("top", "-1");
  EXPECT_EQ(
      ErrorOf(ClvPredictJson(params, *history_, "demo"), StatusCode::kInvalidArgument),
      "--top must be >= 0 (0: every customer)");
  params = Params();
  params.Add("threshold", "2");
  EXPECT_EQ(ErrorOf(ChurnJson(params, *history_, "demo"), StatusCode::kInvalidArgument),
            "--threshold 2 must be in (0, 1]");
  params = Params();
  params.Add("model", "gamma_gamma");
  EXPECT_EQ(
      ErrorOf(ClvCheckJson(params, *history_, "demo"), StatusCode::kInvalidArgument),
      "clv check compares purchase models: use bg_nbd, pareto_nbd, mbg_nbd or bg_bb");
  params = Params();
  params.Add("buckets", "1");
  EXPECT_EQ(
      ErrorOf(ClvCheckJson(params, *history_, "demo"), StatusCode::kInvalidArgument),
      "--buckets must be at least 2");
  params = Params();
  params.Add("model", "bgbb");
  EXPECT_NE(ErrorOf(ClvFitJson(params, *history_, "demo"), StatusCode::kInvalidArgument)
                .find("the discrete BG/BB model (periods) needs --summary"),
            std::string::npos);
  params = Params();
  params.Add("customer", "nobody");
  EXPECT_EQ(ErrorOf(ClvPredictJson(params, *history_, "demo"), StatusCode::kNotFound),
            "customer 'nobody' is not in demo");
  params = Params();
  params.Add("months", "twelve");
  EXPECT_EQ(
      ErrorOf(ClvPredictJson(params, *history_, "demo"), StatusCode::kInvalidArgument),
      "--months 'twelve' is not a whole number");
  params = Params();
  params.Add("threshold", "0.5");
  EXPECT_NE(ErrorOf(ClvFitJson(params, *history_, "demo"), StatusCode::kInvalidArgument)
                .find("unknown parameter --threshold for clv fit"),
            std::string::npos);
  params = Params();
  params.Add("model", "no_such_model");
  EXPECT_FALSE(ClvFitJson(params, *history_, "demo").ok());
}

TEST(ClvSourceTest, ExactlyOneInput) {
  ClvRequest request;
  ClvSource none;
  Result<ClvInput> input = LoadClvInput(request, none);
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().message(),
            "give one input: --summary FILE, --transactions FILE or --data DIR");
  ClvSource two;
  two.summary_path = "a.csv";
  two.transactions_path = "b.csv";
  EXPECT_FALSE(LoadClvInput(request, two).ok());
}

}  // namespace
}  // namespace mroi::api
