#include "mroi/api_analyses.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "mroi/demo.h"
#include "mroi/ingest.h"

namespace mroi::api {
namespace {

using nlohmann::json;

// The small demo (seed 42) run through the pipeline once for the suite.
class AnalysesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() /
           ("mroi_server_demo_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    DemoOptions demo;
    demo.out_dir = dir_.string();
    auto manifest = GenerateDemo(demo);
    ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
    auto inputs = DiscoverInputs(manifest->data_dir);
    ASSERT_TRUE(inputs.ok());
    auto run = RunPipeline(*inputs, PipelineOptions());
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    run_ = new PipelineResult(std::move(*run));
  }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
    std::filesystem::remove_all(dir_);
  }
  static inline std::filesystem::path dir_;
  static inline PipelineResult* run_ = nullptr;
};

TEST_F(AnalysesTest, MetricsChannelFilterKeepsTotals) {
  ASSERT_NE(run_, nullptr);
  auto all = MetricsJson(*run_, {});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  json whole = json::parse(*all);
  ASSERT_GE(whole["channels"].size(), 2u);
  std::string channel = whole["channels"][0]["channel"];
  auto one = MetricsJson(*run_, {"", "", {channel}});
  ASSERT_TRUE(one.ok());
  json cut = json::parse(*one);
  ASSERT_EQ(cut["channels"].size(), 1u);
  EXPECT_EQ(cut["channels"][0], whole["channels"][0]);
  EXPECT_EQ(cut["totals"], whole["totals"]);
  EXPECT_FALSE(cut["campaigns"].empty());
  for (const json& row : cut["campaigns"]) EXPECT_EQ(row["channel"], channel);
  for (const json& row : cut["ltv_by_channel"]) EXPECT_EQ(row["channel"], channel);
  // Text that looks like SQL is a channel name like any other: nothing matches.
  auto none = MetricsJson(*run_, {"", "", {"' OR 1=1 --"}});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(json::parse(*none)["channels"].empty());
  EXPECT_TRUE(json::parse(*none)["campaigns"].empty());
}

TEST_F(AnalysesTest, MetricsPeriodAndCompare) {
  ASSERT_NE(run_, nullptr);
  json whole = json::parse(*MetricsJson(*run_, {}));
  std::string start = whole["period"]["start"];
  std::string month = start.substr(0, 7);
  auto monthly = MetricsJson(*run_, {month, "previous", {}});
  ASSERT_TRUE(monthly.ok()) << monthly.status().ToString();
  json cut = json::parse(*monthly);
  EXPECT_EQ(cut["period"]["start"].get<std::string>().substr(0, 7), month);
  EXPECT_TRUE(cut.contains("comparison"));
  EXPECT_LE(cut["totals"]["conversions"].get<double>(),
            whole["totals"]["conversions"].get<double>());
  EXPECT_EQ(MetricsJson(*run_, {"last tuesday", "", {}}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(MetricsJson(*run_, {"", "sideways", {}}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(AnalysesTest, AttributionModelsAndPeriod) {
  ASSERT_NE(run_, nullptr);
  AttributionQuery linear;
  linear.model = "linear";
  auto one = AttributionJson(*run_, linear);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  json parsed = json::parse(*one);
  ASSERT_EQ(parsed["models"].size(), 1u);
  EXPECT_EQ(parsed["models"][0]["model"], "linear");
  // Credit sums to the converting journeys.
  double credited = 0;
  for (const json& row : parsed["models"][0]["channels"]) {
    credited += row["conversions"].get<double>();
  }
  EXPECT_NEAR(credited, parsed["converting_journeys"].get<double>(), 1e-6);
  auto all = AttributionJson(*run_, {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(json::parse(*all)["models"].size(), 9u);

  AttributionQuery in_month = linear;
  in_month.period = "2025-01";
  auto month = AttributionJson(*run_, in_month);
  ASSERT_TRUE(month.ok()) << month.status().ToString();
  EXPECT_LT(json::parse(*month)["converting_journeys"].get<int64_t>(),
            parsed["converting_journeys"].get<int64_t>());

  AttributionQuery markov;
  markov.model = "markov";
  auto refused = AttributionJson(*run_, markov);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("/api/report/attribution"), std::string::npos);
  AttributionQuery unknown;
  unknown.model = "first; DROP TABLE x";
  EXPECT_EQ(AttributionJson(*run_, unknown).status().code(), StatusCode::kInvalidArgument);
  AttributionQuery bad_half_life = linear;
  bad_half_life.half_life_days = -1;
  EXPECT_EQ(AttributionJson(*run_, bad_half_life).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ReportSectionTest, OneMemberOrNotFound) {
  const std::string report = R"({"schema":"mroi.report/1","metrics":{"totals":{"a":1}}})";
  auto metrics = ReportSection(report, "metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(json::parse(*metrics), json::parse(R"({"totals":{"a":1}})"));
  auto missing = ReportSection(report, "nope");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "no report section 'nope'; sections: metrics, schema");
  EXPECT_EQ(ReportSection("[1]", "a").status().code(), StatusCode::kInternal);
}

TEST(FilterChannelRowsTest, KeepsMatchingRowsOnly) {
  const std::string input =
      R"({"channels":[{"channel":"A"},{"channel":"B"},{"x":1}],"other":[{"channel":"B"}]})";
  auto out = FilterChannelRows(input, {"channels", "missing"}, {"B"});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(json::parse(*out),
            json::parse(R"({"channels":[{"channel":"B"}],"other":[{"channel":"B"}]})"));
}

}  // namespace
}  // namespace mroi::api
