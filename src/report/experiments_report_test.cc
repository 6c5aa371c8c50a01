// The A/B-test section of the report on the demo, whose Instagram reels campaign runs
// creative reel_a against reel_b (src/demo/world.cc).
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mroi/demo.h"
#include "mroi/report.h"
#include "report/report_test_util.h"

namespace mroi {
namespace {

TEST(ExperimentsReportTest, DemoReelsTestIsFoundAndReadOut) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mroi_experiments_report";
  Result<PipelineResult> run = test_util::RunDemoPipeline(dir);
  ASSERT_TRUE(run.ok()) << run.status().message();
  ReportOptions options;
  options.bootstrap.replicates = 0;
  options.plan = false;
  auto report = BuildReport(*run, options);
  ASSERT_TRUE(report.ok()) << report.status().message();

  ASSERT_EQ(report->experiments.size(), 1u);
  const ExperimentReport& reels = report->experiments[0];
  EXPECT_EQ(reels.experiment.name, "reel");
  EXPECT_EQ(reels.experiment.control, "reel_a");
  EXPECT_EQ(reels.experiment.variants, (std::vector<std::string>{"reel_a", "reel_b"}));
  ASSERT_TRUE(reels.readout.has_value()) << reels.skipped;
  const ExperimentReadout& readout = *reels.readout;
  ASSERT_EQ(readout.variants.size(), 1u);
  const VariantReadout& variant = readout.variants[0];
  // Persons, not touchpoints: each arm has fewer persons than tagged touchpoints, and
  // conversions never exceed persons.
  EXPECT_GT(readout.control_users, 30);
  EXPECT_GT(variant.users, 30);
  EXPECT_LE(readout.control_users + variant.users, reels.experiment.touchpoints);
  EXPECT_LE(readout.control_conversions, readout.control_users);
  EXPECT_LE(variant.conversions, variant.users);
  // The demo assigns the creatives evenly: no sample-ratio mismatch.
  EXPECT_FALSE(readout.srm.mismatch);
  ASSERT_EQ(variant.metrics.size(), 2u);
  const MetricReadout& conversion = variant.metrics[0];
  EXPECT_EQ(conversion.metric, "conversion");
  // The relative lift is the ratio of the two observed rates.
  const double control_rate = static_cast<double>(readout.control_conversions) /
                              static_cast<double>(readout.control_users);
  const double variant_rate =
      static_cast<double>(variant.conversions) / static_cast<double>(variant.users);
  EXPECT_NEAR(conversion.test.lift_rel, variant_rate / control_rate - 1, 1e-12);
  EXPECT_GE(conversion.p_holm, conversion.test.p_value);
  ASSERT_TRUE(conversion.bayes.has_value());

  const nlohmann::json json = nlohmann::json::parse(RenderReportJson(*report));
  ASSERT_EQ(json["experiments"].size(), 1u);
  EXPECT_EQ(json["experiments"][0]["control"], "reel_a");
  EXPECT_EQ(json["experiments"][0]["results"][0]["name"], "reel_b");
  EXPECT_EQ(json["experiments"][0]["results"][0]["metrics"][0]["p_value"].get<double>(),
            conversion.test.p_value);
  const std::string html = RenderReportHtml(*report);
  EXPECT_NE(html.find("<section id=\"experiments\""), std::string::npos);
  EXPECT_NE(html.find("id=\"experiment-reel\""), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mroi
