// The LTV section of the report: HTML (table, LTV:CAC bars with the 3:1 line,
// diagnosis), report.json / `mroi metrics --json` fields and the CSV tables, on a
// hand-made LtvReport, and on the demo through BuildReport().
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mroi/demo.h"
#include "mroi/report.h"
#include "report/report_test_util.h"

namespace mroi {
namespace {

LtvRow Row(const std::string& channel, int64_t customers, Ratio historical,
           Ratio predicted, Ratio cac) {
  LtvRow row;
  row.channel = channel;
  row.new_customers = customers;
  row.historical_ltv = historical;
  row.predicted_ltv = predicted;
  if (predicted) {
    row.predicted_ltv_low = *predicted - *predicted / 10;
    row.predicted_ltv_high = *predicted + *predicted / 10;
  }
  row.cac = cac;
  if (predicted && cac) row.ltv_cac = *predicted / *cac;
  row.meets_benchmark = row.ltv_cac && *row.ltv_cac >= kLtvCacBenchmark;
  return row;
}

// Paid Search 1.5:1 (below), Email 4:1, "(none)" without CAC.
ReportData HandMadeLtvReport() {
  ReportData data;
  data.title = "LTV";
  data.currency = "$";
  data.period = {20089, 20179};
  LtvReport ltv;
  ltv.period = data.period;
  ltv.ltv_basis = "predicted";
  ltv.model.fitted = true;
  ltv.model.customers = 40;
  ltv.model.repeat_customers = 12;
  ltv.model.transaction_parameters = {{"r", 0.24, 0.01, 0.22, 0.26}};
  ltv.model.spend_parameters = {{"p", 6.2, 0.5, 5.3, 7.3}};
  ltv.channels = {Row("Paid Search", 10, 120, 150, 100), Row("Email", 5, 300, 400, 100),
                  Row("(none)", 3, 90, 100, std::nullopt)};
  ltv.channels[0].cac_payback_months = 2.5;
  ltv.totals = Row("all", 18, 170, 225, 100);
  LtvRow campaign = Row("Paid Search", 10, 120, 150, 200);
  campaign.campaign = "brand <x>";
  ltv.campaigns = {campaign};
  data.ltv = ltv;
  LtvDiagnosis diagnosis;
  diagnosis.health = LtvHealth::kBelowBenchmark;
  diagnosis.current_period = {20148, 20179};
  diagnosis.previous_period = {20120, 20148};
  diagnosis.ltv_basis = "predicted";
  diagnosis.ltv_cac = CompareValues(1.5, 3.0);
  diagnosis.cac_rose = true;
  diagnosis.cac_rises = {
      {"Paid Search", CompareValues(100, 50), CompareValues(80, 40), 1.5}};
  ChannelLtvDiagnosis channel;
  channel.channel = "Paid Search";
  channel.ltv_cac = 1.5;
  channel.cac_rose = true;
  channel.reasons = {"cac_rose"};
  diagnosis.channels = {channel};
  diagnosis.summary = "LTV:CAC is 1.50:1 <below> the 3:1 benchmark.";
  data.ltv_diagnosis = diagnosis;
  return data;
}

TEST(LtvReportTest, HtmlHasTableBarsBenchmarkLineAndDiagnosis) {
  const std::string html = RenderReportHtml(HandMadeLtvReport());
  const size_t section = html.find("<section id=\"ltv\"");
  ASSERT_NE(section, std::string::npos);
  const std::string ltv =
      html.substr(section, html.find("</section>", section) - section);
  EXPECT_NE(ltv.find("id=\"table-ltv-channels\""), std::string::npos);
  EXPECT_NE(ltv.find("id=\"table-ltv-campaigns\""), std::string::npos);
  EXPECT_NE(ltv.find("Paid Search / brand &lt;x&gt;"), std::string::npos);
  // Bars: axis to 1.1 x 4 = 4.4, bar space 620 - 200 - 90 = 330, line at 3:1.
  EXPECT_NE(ltv.find("id=\"chart-ltv-cac\""), std::string::npos);
  const double line_x = 200 + 330 * 3.0 / 4.4;
  EXPECT_NE(
      ltv.find(fmt::format("class=\"benchmark\" x1=\"{0:.1f}\" x2=\"{0:.1f}\"", line_x)),
      std::string::npos)
      << ltv;
  EXPECT_NE(
      ltv.find(fmt::format("width=\"{:.1f}\" height=\"18\" rx=\"3\" fill=\"#e76f51\"",
                           330 * 1.5 / 4.4)),
      std::string::npos);  // Paid Search, below: coral
  EXPECT_NE(ltv.find("width=\"300.0\" height=\"18\" rx=\"3\" fill=\"#2a9d8f\""),
            std::string::npos);  // Email 4:1 = 330 x 4 / 4.4 = 300: teal
  EXPECT_NE(ltv.find(">1.50:1<"), std::string::npos);
  EXPECT_NE(ltv.find(">4.00:1<"), std::string::npos);
  EXPECT_NE(ltv.find("data-status=\"below_benchmark\""), std::string::npos);
  EXPECT_NE(ltv.find("LTV:CAC is 1.50:1 &lt;below&gt; the 3:1 benchmark."),
            std::string::npos);
  EXPECT_NE(ltv.find("r = 0.24"), std::string::npos);
  EXPECT_NE(ltv.find("$135 – $165"), std::string::npos);  // Paid Search interval
}

TEST(LtvReportTest, HtmlWithoutModelSaysWhy) {
  ReportData data = HandMadeLtvReport();
  data.ltv->model.fitted = false;
  data.ltv->model.note = "only 3 customers bought again on a later day";
  const std::string html = RenderReportHtml(data);
  EXPECT_NE(html.find("Predicted LTV: not available: only 3 customers"),
            std::string::npos);
  data.ltv.reset();
  data.ltv_diagnosis.reset();
  const std::string without = RenderReportHtml(data);
  EXPECT_NE(without.find("<section id=\"ltv\""), std::string::npos);
  EXPECT_NE(without.find("was not computed"), std::string::npos);
  nlohmann::json parsed = nlohmann::json::parse(RenderReportJson(data));
  EXPECT_TRUE(parsed["ltv_by_channel"].is_null());
  EXPECT_TRUE(parsed["ltv_diagnosis"].is_null());
  EXPECT_EQ(RenderReportCsvs(data).count("ltv_by_channel.csv"), 0u);
}

TEST(LtvReportTest, JsonFields) {
  const ReportData data = HandMadeLtvReport();
  for (const std::string& text :
       {RenderReportJson(data),
        RenderMetricsJson(data.metrics, nullptr, &*data.ltv, &*data.ltv_diagnosis)}) {
    nlohmann::json parsed = nlohmann::json::parse(text);
    const auto& channels = parsed["ltv_by_channel"];
    ASSERT_EQ(channels.size(), 3u);
    EXPECT_EQ(channels[0]["channel"], "Paid Search");
    EXPECT_EQ(channels[0]["new_customers"], 10);
    EXPECT_DOUBLE_EQ(channels[0]["historical_ltv"].get<double>(), 120);
    EXPECT_DOUBLE_EQ(channels[0]["predicted_ltv"].get<double>(), 150);
    EXPECT_DOUBLE_EQ(channels[0]["predicted_ltv_low"].get<double>(), 135);
    EXPECT_DOUBLE_EQ(channels[0]["predicted_ltv_high"].get<double>(), 165);
    EXPECT_DOUBLE_EQ(channels[0]["cac"].get<double>(), 100);
    EXPECT_DOUBLE_EQ(channels[0]["ltv_cac"].get<double>(), 1.5);
    EXPECT_FALSE(channels[0]["meets_benchmark"].get<bool>());
    EXPECT_DOUBLE_EQ(channels[0]["cac_payback_months"].get<double>(), 2.5);
    EXPECT_TRUE(channels[1]["meets_benchmark"].get<bool>());
    EXPECT_TRUE(channels[2]["cac"].is_null());
    EXPECT_TRUE(channels[2]["ltv_cac"].is_null());
    EXPECT_TRUE(channels[2]["cac_payback_months"].is_null());
    EXPECT_EQ(parsed["ltv_by_campaign"][0]["campaign"], "brand <x>");
    EXPECT_EQ(parsed["ltv_totals"]["channel"], "all");
    EXPECT_EQ(parsed["ltv_model"]["basis"], "predicted");
    EXPECT_EQ(parsed["ltv_model"]["horizon_months"], 12);
    EXPECT_DOUBLE_EQ(parsed["ltv_model"]["bg_nbd"]["r"]["value"].get<double>(), 0.24);
    EXPECT_DOUBLE_EQ(parsed["ltv_model"]["benchmark"].get<double>(), 3.0);
    const auto& diagnosis = parsed["ltv_diagnosis"];
    EXPECT_EQ(diagnosis["status"], "below_benchmark");
    EXPECT_EQ(diagnosis["current_period"]["start"], "2025-03-01");
    EXPECT_DOUBLE_EQ(diagnosis["ltv_cac"]["percent"].get<double>(), -0.5);
    EXPECT_TRUE(diagnosis["cac_rose"].get<bool>());
    EXPECT_EQ(diagnosis["cac_rises"][0]["channel"], "Paid Search");
    EXPECT_DOUBLE_EQ(diagnosis["cac_rises"][0]["cac"]["percent"].get<double>(), 1.0);
    EXPECT_EQ(diagnosis["channels"][0]["reasons"][0], "cac_rose");
    EXPECT_TRUE(diagnosis["churn_rate"]["current"].is_null());
    EXPECT_EQ(diagnosis["summary"], "LTV:CAC is 1.50:1 <below> the 3:1 benchmark.");
  }
  // Without LTV the metrics JSON keeps its old shape.
  nlohmann::json plain = nlohmann::json::parse(RenderMetricsJson(data.metrics));
  EXPECT_FALSE(plain.contains("ltv_by_channel"));
}

TEST(LtvReportTest, CsvTables) {
  auto csvs = RenderReportCsvs(HandMadeLtvReport());
  ASSERT_EQ(csvs.count("ltv_by_channel.csv"), 1u);
  const std::string& channels = csvs["ltv_by_channel.csv"];
  EXPECT_EQ(
      channels.substr(0, channels.find('\n')),
      "channel,new_customers,revenue,gross_profit,aov,historical_ltv,"
      "predicted_future_value,predicted_ltv,predicted_ltv_low,predicted_ltv_high,cac,"
      "ltv_cac,historical_ltv_cac,meets_benchmark,cac_payback_months");
  EXPECT_NE(channels.find("\nPaid Search,10,0,0,,120,,150,135,165,100,1.5,,false,2.5\n"),
            std::string::npos)
      << channels;
  EXPECT_NE(channels.find("\n(none),3,0,0,,90,,100,90,110,,,,false,\n"),
            std::string::npos);
  EXPECT_NE(channels.find("\nall,18,"), std::string::npos);  // the total last
  EXPECT_NE(csvs["ltv_by_campaign.csv"].find("\nPaid Search,brand <x>,10,"),
            std::string::npos);
}

// The demo: cohorts add up to the total, every channel of the metrics with a CAC has a
// row, the diagnosis names its periods, and the page shows the section.
TEST(LtvReportTest, DemoReportHasTheLtvSection) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "mroi_ltv_report_demo";
  Result<PipelineResult> run = test_util::RunDemoPipeline(dir);
  ASSERT_TRUE(run.ok()) << run.status().message();
  ReportOptions options;
  options.bootstrap.replicates = 0;
  auto report = BuildReport(*run, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_TRUE(report->ltv.has_value());
  ASSERT_TRUE(report->ltv_diagnosis.has_value());
  const LtvReport& ltv = *report->ltv;
  EXPECT_GT(ltv.totals.new_customers, 0);
  int64_t customers = 0;
  double gross_profit = 0;
  for (const LtvRow& row : ltv.channels) {
    customers += row.new_customers;
    gross_profit += row.gross_profit;
  }
  EXPECT_EQ(customers, ltv.totals.new_customers);
  EXPECT_NEAR(gross_profit, ltv.totals.gross_profit, 1e-6 * std::max(1.0, gross_profit));
  for (const MetricsRow& row : report->metrics.channels) {
    if (!row.cac) continue;
    bool found = false;
    for (const LtvRow& ltv_row : ltv.channels)
      found = found || ltv_row.channel == row.channel;
    EXPECT_TRUE(found) << row.channel;
  }
  EXPECT_FALSE(report->ltv_diagnosis->summary.empty());
  const std::string html = RenderReportHtml(*report);
  EXPECT_NE(html.find("id=\"chart-ltv-cac\""), std::string::npos);
  EXPECT_NE(html.find("id=\"ltv-diagnosis\""), std::string::npos);
  const std::string json = RenderReportJson(*report);
  EXPECT_EQ(json.find("NaN"), std::string::npos);
  nlohmann::json parsed = nlohmann::json::parse(json);
  EXPECT_EQ(parsed["ltv_by_channel"].size(), ltv.channels.size());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mroi
