#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <unistd.h>

#include "mroi/bootstrap.h"
#include "mroi/demo.h"
#include "mroi/markov.h"
#include "mroi/report.h"
#include "mroi/shapley.h"
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

// A rule model (last click) and a Markov model by hand, with intervals: checks the
// exact text of the interval cells, the JSON fields and the CSV line.
ReportData HandMadeDataDriven() {
  ReportData data = HandMadeReport();
  data.attribution.channels = {"Email"};
  data.attribution.total = {20, 2000, 800};
  data.attribution.converting_journeys = 20;
  ModelCredit last;
  last.model = AttributionModel::kLast;
  last.name = "last";
  last.channels = {{10, 1000, 400}};
  data.attribution.models = {last};
  RoiRow last_row;
  last_row.channel = "Email";
  last_row.credit = {10, 1000, 400};
  data.model_roi = {{AttributionModel::kLast, "last", {last_row}}};
  data.model_comparison.models = {AttributionModel::kLast};
  data.model_comparison.rows = {{"Email", {ComparisonCell{{10, 1000, 400}, 0, 0, 0.0, 0.0}}}};
  DataDrivenModel markov;
  markov.name = "markov_1";
  markov.label = "Markov chain, order 1";
  markov.markov_order = 1;
  RoiRow markov_row;
  markov_row.channel = "Email";
  markov_row.credit = {12.5, 1250, 500};
  markov.channels = {markov_row};
  markov.removal_effects = {0.5};
  markov.conversion_probability = 0.25;
  markov.states = 3;
  data.data_driven.push_back(markov);
  DataDrivenModel skipped;
  skipped.name = "shapley";
  skipped.label = "Shapley value (exact)";
  skipped.skipped = "too many channels";
  data.data_driven.push_back(skipped);
  data.bootstrap.replicates = 50;
  data.bootstrap.seed = 7;
  data.intervals["markov_1"] = {{"Email", 10, 15, 1000, 1500, 1.25, 125}};
  data.intervals["last"] = {{"Email", 8, 12, 800, 1200, 1, 100}};
  return data;
}

TEST(ReportDataDrivenTest, HandMadeIntervalsInHtmlJsonAndCsv) {
  ReportData data = HandMadeDataDriven();
  std::string html = RenderReportHtml(data);
  EXPECT_NE(html.find(">12.5 [10.0, 15.0]<"), std::string::npos);
  EXPECT_NE(html.find(">10.0 [8.0, 12.0]<"), std::string::npos);
  EXPECT_NE(html.find("id=\"table-attribution-ci\""), std::string::npos);
  EXPECT_NE(html.find("id=\"chart-attribution-ci\""), std::string::npos);
  EXPECT_NE(html.find("id=\"table-removal-effects\""), std::string::npos);
  EXPECT_NE(html.find(">50.0 %<"), std::string::npos);  // the removal effect
  EXPECT_NE(html.find("shapley (Shapley value (exact)) is not shown: too many channels"),
            std::string::npos);
  EXPECT_NE(html.find("removal effect"), std::string::npos);
  // +12.5 pp = (12.5 - 10) / 20 conversions more than last click.
  EXPECT_NE(html.find(">+12.5 pp<"), std::string::npos);

  nlohmann::json json = nlohmann::json::parse(RenderReportJson(data));
  const auto& attribution = json["attribution"];
  ASSERT_EQ(attribution["models"].size(), 2u);
  const auto& rule = attribution["models"][0];
  EXPECT_EQ(rule["kind"], "rule");
  EXPECT_DOUBLE_EQ(rule["channels"][0]["ci_low"].get<double>(), 8);
  EXPECT_DOUBLE_EQ(rule["channels"][0]["revenue_ci_high"].get<double>(), 1200);
  const auto& markov = attribution["models"][1];
  EXPECT_EQ(markov["model"], "markov_1");
  EXPECT_EQ(markov["kind"], "markov");
  EXPECT_EQ(markov["order"], 1);
  EXPECT_DOUBLE_EQ(markov["conversion_probability"].get<double>(), 0.25);
  const auto& row = markov["channels"][0];
  EXPECT_DOUBLE_EQ(row["conversions"].get<double>(), 12.5);
  EXPECT_DOUBLE_EQ(row["removal_effect"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(row["ci_low"].get<double>(), 10);
  EXPECT_DOUBLE_EQ(row["ci_high"].get<double>(), 15);
  EXPECT_DOUBLE_EQ(row["revenue_ci_low"].get<double>(), 1000);
  EXPECT_DOUBLE_EQ(row["revenue_ci_high"].get<double>(), 1500);
  EXPECT_DOUBLE_EQ(row["conversions_se"].get<double>(), 1.25);
  const auto& cell = attribution["comparison"][0]["models"]["markov_1"];
  EXPECT_DOUBLE_EQ(cell["conversions_vs_last"].get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(cell["conversions_vs_last_pct"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(cell["conversion_share"].get<double>(), 0.625);
  ASSERT_EQ(attribution["skipped_models"].size(), 1u);
  EXPECT_EQ(attribution["skipped_models"][0]["reason"], "too many channels");
  EXPECT_EQ(attribution["bootstrap"]["replicates"], 50);
  EXPECT_EQ(attribution["bootstrap"]["seed"], 7);
  EXPECT_DOUBLE_EQ(attribution["bootstrap"]["level"].get<double>(), 0.95);

  std::string csv = RenderReportCsvs(data)["attribution.csv"];
  EXPECT_NE(csv.find("ci_low,ci_high,revenue_ci_low,revenue_ci_high,removal_effect\n"),
            std::string::npos);
  EXPECT_NE(csv.find("\nmarkov_1,Email,12.5,1250,500,"), std::string::npos);
  EXPECT_NE(csv.find(",2.5,250,10,15,1000,1500,0.5\n"), std::string::npos);
  EXPECT_NE(csv.find("\nlast,Email,10,1000,400,"), std::string::npos);
  EXPECT_NE(csv.find(",0,0,8,12,800,1200,\n"), std::string::npos);
}

TEST(ReportDataDrivenTest, WithoutBootstrapIntervalsAreNull) {
  ReportData data = HandMadeDataDriven();
  data.intervals.clear();
  data.bootstrap.replicates = 0;
  nlohmann::json json = nlohmann::json::parse(RenderReportJson(data));
  EXPECT_TRUE(json["attribution"]["bootstrap"].is_null());
  EXPECT_TRUE(json["attribution"]["models"][1]["channels"][0]["ci_low"].is_null());
  EXPECT_DOUBLE_EQ(
      json["attribution"]["models"][1]["channels"][0]["removal_effect"].get<double>(), 0.5);
  std::string html = RenderReportHtml(data);
  EXPECT_NE(html.find("without bootstrap"), std::string::npos);
  EXPECT_EQ(html.find("id=\"table-attribution-ci\""), std::string::npos);
  EXPECT_NE(RenderReportCsvs(data)["attribution.csv"].find(",2.5,250,,,,,0.5\n"),
            std::string::npos);
}

// The demo run through the pipeline once for the tests below.
const PipelineResult& DemoRun() {
  static const PipelineResult* run = [] {
    // One directory per process: ctest runs the tests of this file in parallel.
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("mroi_report_test_data_driven_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    DemoOptions demo;
    demo.out_dir = dir.string();
    auto manifest = GenerateDemo(demo);
    EXPECT_TRUE(manifest.ok()) << manifest.status().message();
    auto inputs = DiscoverInputs(manifest->data_dir);
    EXPECT_TRUE(inputs.ok());
    auto result = RunPipeline(*inputs, PipelineOptions{});
    EXPECT_TRUE(result.ok()) << result.status().message();
    std::filesystem::remove_all(dir);
    return new PipelineResult(std::move(result).value());
  }();
  return *run;
}

void ExpectSameIntervals(const std::vector<ChannelInterval>& a,
                         const std::vector<ChannelInterval>& b, const std::string& model) {
  ASSERT_EQ(a.size(), b.size()) << model;
  for (size_t c = 0; c < a.size(); ++c) {
    EXPECT_EQ(a[c].channel, b[c].channel) << model;
    EXPECT_EQ(a[c].conversions_low, b[c].conversions_low) << model << a[c].channel;
    EXPECT_EQ(a[c].conversions_high, b[c].conversions_high) << model << a[c].channel;
    EXPECT_EQ(a[c].revenue_low, b[c].revenue_low) << model << a[c].channel;
    EXPECT_EQ(a[c].revenue_high, b[c].revenue_high) << model << a[c].channel;
  }
}

// The report's data-driven figures and intervals equal direct library calls on the
// same journeys, and every renderer carries them.
TEST(ReportDataDrivenTest, DemoMatchesDirectLibraryCalls) {
  const PipelineResult& run = DemoRun();
  ReportOptions options;
  options.bootstrap.replicates = 30;
  options.bootstrap.seed = 3;
  auto report = BuildReport(run, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->data_driven.size(), 4u);
  EXPECT_EQ(report->data_driven[0].name, "markov_1");
  EXPECT_EQ(report->data_driven[1].name, "markov_2");
  EXPECT_EQ(report->data_driven[2].name, "shapley");
  EXPECT_EQ(report->data_driven[3].name, "shapley_simplified");
  for (const DataDrivenModel& model : report->data_driven) {
    EXPECT_TRUE(model.skipped.empty()) << model.name << ": " << model.skipped;
  }
  BootstrapOptions bootstrap = options.bootstrap;
  for (int order : {1, 2}) {
    const DataDrivenModel& model = report->data_driven[static_cast<size_t>(order - 1)];
    MarkovOptions markov;
    markov.order = order;
    auto direct = MarkovAttribution(run.dataset, run.journeys, markov);
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(model.markov_order, order);
    EXPECT_EQ(model.conversion_probability, direct->conversion_probability);
    ASSERT_GE(model.channels.size(), direct->channels.size());
    for (size_t c = 0; c < direct->channels.size(); ++c) {
      EXPECT_EQ(model.channels[c].channel, direct->channels[c]);
      EXPECT_EQ(model.channels[c].credit.conversions, direct->credit[c].conversions);
      EXPECT_EQ(model.channels[c].credit.revenue, direct->credit[c].revenue);
      EXPECT_EQ(model.removal_effects[c], direct->removal_effects[c]);
    }
    auto intervals = BootstrapMarkov(run.dataset, run.journeys, markov, bootstrap);
    ASSERT_TRUE(intervals.ok());
    ExpectSameIntervals(report->intervals.at(model.name), *intervals, model.name);
  }
  auto shapley = ShapleyAttribution(run.dataset, run.journeys);
  ASSERT_TRUE(shapley.ok());
  for (size_t c = 0; c < shapley->channels.size(); ++c) {
    EXPECT_EQ(report->data_driven[2].channels[c].credit.conversions,
              shapley->credit[c].conversions);
  }
  auto shapley_intervals = BootstrapShapley(run.dataset, run.journeys, {}, bootstrap);
  ASSERT_TRUE(shapley_intervals.ok());
  ExpectSameIntervals(report->intervals.at("shapley"), *shapley_intervals, "shapley");
  // Simplified Shapley: each converting journey split equally over its distinct
  // channels, the same as exact Shapley here (Zhao et al. 2018).
  auto simplified = ShapleySimplifiedAttribution(run.dataset, run.journeys);
  ASSERT_TRUE(simplified.ok());
  for (size_t c = 0; c < simplified->channels.size(); ++c) {
    EXPECT_EQ(report->data_driven[3].channels[c].credit.conversions,
              simplified->credit[c].conversions);
    EXPECT_NEAR(report->data_driven[3].channels[c].credit.conversions,
                shapley->credit[c].conversions, 1e-6);
  }
  CreditModel simplified_model =
      [&](const Journeys& sample) -> Result<std::vector<ChannelCredit>> {
    MROI_ASSIGN_OR_RETURN(ShapleyResult result,
                          ShapleySimplifiedAttribution(run.dataset, sample));
    std::vector<ChannelCredit> out;
    for (size_t c = 0; c < result.channels.size(); ++c) {
      out.push_back({result.channels[c], result.credit[c]});
    }
    return out;
  };
  auto simplified_intervals = BootstrapCredit(run.journeys, simplified_model, bootstrap);
  ASSERT_TRUE(simplified_intervals.ok());
  ExpectSameIntervals(report->intervals.at("shapley_simplified"), *simplified_intervals,
                      "shapley_simplified");
  auto rules = BootstrapRuleModels(run.dataset, run.identity, run.journeys,
                                   AttributionOptions{}, bootstrap);
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 9u);
  for (const ModelIntervals& model : *rules) {
    ExpectSameIntervals(report->intervals.at(model.name), model.channels, model.name);
  }

  nlohmann::json json = nlohmann::json::parse(RenderReportJson(*report));
  const auto& models = json["attribution"]["models"];
  ASSERT_EQ(models.size(), 13u);
  for (const auto& model : models) {
    for (const auto& row : model["channels"]) {
      ASSERT_TRUE(row["ci_low"].is_number()) << model["model"] << row["channel"];
      EXPECT_LE(row["ci_low"].get<double>(), row["ci_high"].get<double>());
    }
  }
  const auto& markov_json = models[9];
  EXPECT_EQ(markov_json["model"], "markov_1");
  EXPECT_EQ(markov_json["channels"][0]["removal_effect"].get<double>(),
            report->data_driven[0].removal_effects[0]);
  EXPECT_EQ(markov_json["channels"][0]["ci_low"].get<double>(),
            report->intervals.at("markov_1")[0].conversions_low);
  for (const auto& row : json["attribution"]["comparison"]) {
    for (const char* name : {"last", "markov_1", "markov_2", "shapley", "shapley_simplified"}) {
      EXPECT_TRUE(row["models"].contains(name)) << row["channel"] << name;
    }
  }
  EXPECT_EQ(json["attribution"]["bootstrap"]["replicates"], 30);
  std::string html = RenderReportHtml(*report);
  for (const char* id : {"table-attribution-ci", "chart-attribution-ci", "table-removal-effects"}) {
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(html.find("<th class=\"num\">markov_1</th>"), std::string::npos);
  EXPECT_NE(html.find("<th class=\"num\">shapley</th>"), std::string::npos);
  std::string csv = RenderReportCsvs(*report)["attribution.csv"];
  EXPECT_NE(csv.find("\nmarkov_2,"), std::string::npos);
  EXPECT_NE(csv.find("\nshapley,"), std::string::npos);
  EXPECT_NE(csv.find("\nshapley_simplified,"), std::string::npos);
}

TEST(ReportDataDrivenTest, SkippedShapleyAndNoBootstrap) {
  const PipelineResult& run = DemoRun();
  ReportOptions options;
  options.bootstrap.replicates = 0;
  options.markov_orders = {3};
  options.shapley_options.max_exact_channels = 2;  // the demo has more channels
  options.shapley_options.sampling_fallback = false;
  options.shapley_simplified = false;
  auto report = BuildReport(run, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->data_driven.size(), 2u);
  EXPECT_EQ(report->data_driven[0].name, "markov_3");
  EXPECT_TRUE(report->data_driven[0].skipped.empty());
  EXPECT_NE(report->data_driven[1].skipped.find("limit"), std::string::npos)
      << report->data_driven[1].skipped;
  EXPECT_TRUE(report->data_driven[1].channels.empty());
  EXPECT_TRUE(report->intervals.empty());
  nlohmann::json json = nlohmann::json::parse(RenderReportJson(*report));
  EXPECT_EQ(json["attribution"]["models"].size(), 10u);
  EXPECT_EQ(json["attribution"]["skipped_models"][0]["model"], "shapley");
  EXPECT_TRUE(json["attribution"]["bootstrap"].is_null());
}

TEST(ReportDataDrivenTest, BadOptionsAreRefused) {
  const PipelineResult& run = DemoRun();
  ReportOptions options;
  options.bootstrap.replicates = 0;
  options.markov_orders = {1, 5};
  EXPECT_EQ(BuildReport(run, options).status().code(), StatusCode::kInvalidArgument);
  options.markov_orders = {0};
  EXPECT_EQ(BuildReport(run, options).status().code(), StatusCode::kInvalidArgument);
  options.markov_orders = {1};
  options.bootstrap.replicates = -1;
  EXPECT_EQ(BuildReport(run, options).status().code(), StatusCode::kInvalidArgument);
  options.bootstrap.replicates = 10;
  options.bootstrap.level = 1.5;
  EXPECT_EQ(BuildReport(run, options).status().code(), StatusCode::kInvalidArgument);
}

TEST(ReportWriteTest, UnwritableDirectoryIsIOError) {
  Status status = WriteReport(HandMadeReport(), "/proc/definitely/not/here");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace mroi
