// Rates from the history: copied from the metrics rows with their counts and the
// monthly cost values. (End to end against `mroi metrics` on the demo data:
// tests/e2e/plan_reverse_cli_test.py.)
#include <gtest/gtest.h>

#include "mroi/plan_funnel.h"

namespace mroi {
namespace {

MetricsRow Row(std::string channel, double spend, double clicks, int64_t leads,
               int64_t won_deals) {
  MetricsRow row;
  row.channel = std::move(channel);
  row.spend = spend;
  row.impressions = clicks * 100;
  row.clicks = clicks;
  row.sessions = static_cast<int64_t>(clicks);
  row.leads = leads;
  row.won_deals = won_deals;
  row.conversions = won_deals;
  row.revenue = static_cast<double>(won_deals) * 1'000;
  row.cpc = SafeDivide(spend, clicks);
  row.cpm = SafeDivide(spend * 1000, row.impressions);
  row.ctr = SafeDivide(clicks, row.impressions);
  row.cpl = SafeDivide(spend, static_cast<double>(leads));
  row.funnel.close_rate = SafeDivide(static_cast<double>(won_deals), static_cast<double>(leads));
  row.funnel.session_to_conversion =
      SafeDivide(static_cast<double>(won_deals), static_cast<double>(row.sessions));
  row.aov = SafeDivide(row.revenue, static_cast<double>(won_deals));
  return row;
}

MetricsReport Report(std::vector<MetricsRow> channels) {
  MetricsReport report;
  report.totals = Row("all", 0, 0, 0, 0);
  for (const MetricsRow& row : channels) {
    report.totals.spend += row.spend;
    report.totals.clicks += row.clicks;
    report.totals.leads += row.leads;
    report.totals.won_deals += row.won_deals;
  }
  report.totals.cpl = SafeDivide(report.totals.spend, static_cast<double>(report.totals.leads));
  report.channels = std::move(channels);
  return report;
}

TEST(HistoryRatesTest, CopiesRatesAndCounts) {
  MetricsReport whole = Report({Row("Paid Search", 3000, 1000, 60, 6), Row("Email", 0, 0, 10, 0)});
  std::vector<MetricsReport> months = {Report({Row("Paid Search", 1000, 400, 20, 2)}),
                                       Report({Row("Paid Search", 2000, 600, 40, 4),
                                               Row("Email", 0, 0, 10, 0)})};
  HistoryRates history = RatesFromMetrics(whole, months);
  EXPECT_EQ(history.months, 2);
  ASSERT_EQ(history.channels.size(), 2u);
  const SliceHistory* search = FindChannelHistory(history, "paid search");
  ASSERT_NE(search, nullptr);
  EXPECT_DOUBLE_EQ(search->cpc.value_or(0), 3.0);
  EXPECT_DOUBLE_EQ(search->cpl.value_or(0), 50.0);
  EXPECT_DOUBLE_EQ(search->close_rate.value_or(0), 0.1);
  EXPECT_DOUBLE_EQ(search->won_deals, 6);
  EXPECT_DOUBLE_EQ(search->leads, 60);
  EXPECT_DOUBLE_EQ(search->aov.value_or(0), 1000);
  ASSERT_EQ(search->monthly_cpc.size(), 2u);
  EXPECT_DOUBLE_EQ(search->monthly_cpc[0], 2.5);
  EXPECT_DOUBLE_EQ(search->monthly_cpc[1], 2000.0 / 600.0);
  EXPECT_EQ(search->monthly_cpl.size(), 2u);

  const SliceHistory* email = FindChannelHistory(history, "Email");
  ASSERT_NE(email, nullptr);
  EXPECT_FALSE(email->cpc.has_value());  // no clicks: n/a, not 0 or inf
  EXPECT_TRUE(email->monthly_cpc.empty());
  EXPECT_DOUBLE_EQ(history.totals.cpl.value_or(0), 3000.0 / 70.0);
  EXPECT_EQ(FindChannelHistory(history, "Display"), nullptr);
  EXPECT_FALSE(history.deal_size.has_value());
}

}  // namespace
}  // namespace mroi
