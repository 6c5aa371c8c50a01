#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "mroi/demo.h"
#include "mroi/report.h"
#include "report/html_internal.h"

namespace mroi {
namespace {

// A small report by hand: one channel with zero spend (every cost ratio undefined),
// one with cROI > 0 but bROI < 0.
ReportData HandMadeReport() {
  ReportData data;
  data.title = "Test <report>";
  data.currency = "$";
  data.period = {20089, 20179};  // 2025-01-01 .. 2025-03-31
  data.files.push_back({"touchpoints.csv", InputKind::kTouchpoints, 10, 8, 2, {{"bot_user_agent", 2}}});
  data.rules["bot_user_agent"] = 2;
  data.identity_ids = 12;
  data.identity_persons = 7;
  MetricsRow organic;
  organic.channel = "Organic Search";
  organic.revenue = 500;
  organic.conversions = 5;
  // spend 0: cpa, roas, croi stay nullopt (n/a).
  MetricsRow paid;
  paid.channel = "Paid Search";
  paid.spend = 1000;
  paid.revenue = 1200;  // cROI = (1200 - 1000) / 1000 = 20 %
  paid.croi = 0.2;
  paid.gross_profit = 480;
  paid.indirect_cost = 200;
  paid.broi = (480.0 - 1200.0) / 1200.0;  // -60 %
  paid.croi_positive_broi_negative = true;
  data.metrics.channels = {paid, organic};
  data.metrics.totals.channel = "all";
  data.metrics.totals.revenue = 1700;
  data.metrics.totals.spend = 1000;
  data.metrics.totals.cpa = std::nullopt;
  data.metrics.totals.roas = std::numeric_limits<double>::infinity();  // must not leak
  return data;
}

TEST(ReportJsonTest, UndefinedRatiosAreNullNeverInfOrNan) {
  std::string json = RenderReportJson(HandMadeReport());
  EXPECT_EQ(json.find("inf"), std::string::npos);
  EXPECT_EQ(json.find("nan"), std::string::npos);
  EXPECT_EQ(json.find("NaN"), std::string::npos);
  nlohmann::json parsed = nlohmann::json::parse(json);
  const auto& channels = parsed["metrics"]["channels"];
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_EQ(channels[0]["channel"], "Paid Search");
  EXPECT_DOUBLE_EQ(channels[0]["croi"].get<double>(), 0.2);
  EXPECT_TRUE(channels[0]["croi_positive_broi_negative"].get<bool>());
  EXPECT_TRUE(channels[1]["croi"].is_null());
  EXPECT_TRUE(channels[1]["roas"].is_null());
  EXPECT_TRUE(parsed["metrics"]["totals"]["roas"].is_null());
  EXPECT_EQ(parsed["cleaning"]["identity"]["persons"], 7);
  EXPECT_EQ(parsed["period"]["end"], "2025-03-31");
}

TEST(ReportHtmlTest, EverySectionNaAndHighlight) {
  std::string html = RenderReportHtml(HandMadeReport());
  for (const std::string& id : internal::SectionIds()) {
    EXPECT_NE(html.find("<section id=\"" + id + "\""), std::string::npos) << id;
  }
  // The cleaning summary comes first.
  EXPECT_LT(html.find("<section id=\"cleaning\""), html.find("<section id=\"headline\""));
  EXPECT_NE(html.find(">n/a<"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"flag\">"), std::string::npos);
  EXPECT_NE(html.find("Test &lt;report&gt;"), std::string::npos);
  EXPECT_EQ(html.find("inf %"), std::string::npos);
  EXPECT_EQ(html.find("nan"), std::string::npos);
}

TEST(ReportHtmlTest, NoExternalUrls) {
  std::string html = RenderReportHtml(HandMadeReport());
  std::regex external(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, external));
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

TEST(ReportCsvTest, UndefinedIsEmptyCell) {
  auto csvs = RenderReportCsvs(HandMadeReport());
  for (const char* name : {"channels.csv", "campaigns.csv", "attribution.csv", "paths.csv",
                           "monthly.csv", "goals.csv"}) {
    ASSERT_TRUE(csvs.count(name)) << name;
  }
  const std::string& channels = csvs["channels.csv"];
  EXPECT_EQ(channels.find("inf"), std::string::npos);
  EXPECT_NE(channels.find("Paid Search,"), std::string::npos);
  EXPECT_NE(channels.find(",0.2,"), std::string::npos);
}

// The whole chain on the seeded demo: every section and chart, credit conserved.
TEST(ReportDemoTest, DemoReportIsCompleteAndConserved) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "mroi_report_test_demo";
  std::filesystem::remove_all(dir);
  DemoOptions demo;
  demo.out_dir = dir.string();
  auto manifest = GenerateDemo(demo);
  ASSERT_TRUE(manifest.ok()) << manifest.status().message();
  auto inputs = DiscoverInputs(manifest->data_dir);
  ASSERT_TRUE(inputs.ok());
  PipelineOptions pipeline_options;
  auto run = RunPipeline(*inputs, pipeline_options);
  ASSERT_TRUE(run.ok()) << run.status().message();
  auto report = BuildReport(*run, ReportOptions{});
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->model_roi.size(), 9u);
  for (const ModelRoi& model : report->model_roi) {
    double conversions = 0;
    for (const RoiRow& row : model.channels) conversions += row.credit.conversions;
    EXPECT_NEAR(conversions, report->attribution.total.conversions, 1e-6) << model.name;
  }
  std::string html = RenderReportHtml(*report);
  for (const char* chart : {"chart-trend-money", "chart-trend-change", "chart-funnel",
                            "chart-channel-roi", "chart-attribution", "chart-top-paths",
                            "chart-roles", "chart-cleaning-rules"}) {
    EXPECT_NE(html.find(std::string("id=\"") + chart + "\""), std::string::npos) << chart;
  }
  for (const char* channel : {"Paid Search", "Organic Search", "Email"}) {
    EXPECT_NE(html.find(channel), std::string::npos) << channel;
  }
  std::string json = RenderReportJson(*report);
  EXPECT_EQ(json.find("inf"), std::string::npos);
  EXPECT_EQ(json.find("NaN"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::accept(json));
  Status written = WriteReport(*report, (dir / "report").string());
  ASSERT_TRUE(written.ok()) << written.message();
  EXPECT_TRUE(std::filesystem::exists(dir / "report" / "report.html"));
  EXPECT_TRUE(std::filesystem::exists(dir / "report" / "attribution.csv"));
  std::filesystem::remove_all(dir);
}

TEST(ReportWriteTest, UnwritableDirectoryIsIOError) {
  Status status = WriteReport(HandMadeReport(), "/proc/definitely/not/here");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace mroi
