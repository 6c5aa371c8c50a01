// Every KPI of ComputeMetrics() on a small hand-made business. The rows and the
// expected values, computed by hand:
//
// Touchpoints (UTC, 2025):
//   t0 P0 Paid Search session Jan 5 10h, 3 pages, 120 s, campaign brand
//   t1 P1 Paid Search click   Jan 10 9h,  campaign brand
//   t2 P1 Paid Search session Jan 10 10h, 1 page, 0 s, campaign brand
//   t3 P1 Direct session      Jan 12 10h, 2 pages, 60 s
//   t4 P2 Email session       Jan 20 8h, 2 pages, no duration, source imputed
//   t5 P3 Direct session      Feb 3 10h, 1 page, 30 s
//   t6 P0 Direct session      Feb 15 10h, no page views (counts 1), 10 s
// Conversions: P0 Jan 5 11h 1000 (cogs 400, GP 600); P1 Jan 12 11h 500 (no cogs:
//   GP = 500 x 0.6 = 300, imputed); P0 Feb 15 11h 200 (cogs 100, GP 100).
// Leads: P2 Jan 20 9h L1 Email source newsletter; P3 Feb 3 11h L2 Direct.
// Deals: D1 (L1, P2) created Jan 21, won Feb 10 12h, 2000, cogs 500 (GP 1500);
//        D2 (L2, P3) created Feb 5, open.
// Spend: Paid Search Jan 5 300 (10,000 impressions, 100 clicks, brand);
//        Paid Search Feb 1 200 (5,000 impressions, 50 clicks, brand); Email Jan 20 100.
// Costs: Jan tools 400 shared; Jan content 50 Email; Feb personnel 200 shared.
// Period: 2025-01-01 .. 2025-02-28 (whole months, so no pro rata).
//
// Credit (last non-direct touch): P0 Jan 5 -> Paid Search (t0, brand); P1 Jan 12 ->
// Paid Search (t2; t3 is Direct); D1 Feb 10 -> Email (t4, imputed source);
// P0 Feb 15 -> journey after Jan 5 holds only t6 (Direct) -> Direct.
// Indirect: Jan tools 400 by Jan spend (PS 300, Email 100) -> PS 300, Email 100;
// Jan content 50 -> Email; Feb personnel 200 by Feb spend (PS 200 only) -> PS 200.
//   PS indirect 500 (sales 200), Email 150, Direct 0; total 650 (sales 200).
#include <cmath>

#include <gtest/gtest.h>

#include "metrics/metrics_test_util.h"
#include "mroi/metrics.h"

namespace mroi {
namespace {

using testing::At;

class KpiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture_.Session(0, At(2025, 1, 5, 10), "Paid Search", 3, 120, "brand");
    fixture_.Touch(1, At(2025, 1, 10, 9), "Paid Search", EventType::kClick);
    fixture_.dataset.touchpoints.back().utm_campaign = fixture_.dataset.strings.Intern("brand");
    fixture_.Session(1, At(2025, 1, 10, 10), "Paid Search", 1, 0, "brand");
    fixture_.Session(1, At(2025, 1, 12, 10), "Direct", 2, 60);
    fixture_.Session(2, At(2025, 1, 20, 8), "Email", 2, kMissing, "", kImputedSource);
    fixture_.Session(3, At(2025, 2, 3, 10), "Direct", 1, 30);
    fixture_.Session(0, At(2025, 2, 15, 10), "Direct", kMissing, 10);
    fixture_.Convert(0, At(2025, 1, 5, 11), 1000, 400, "o1");
    fixture_.Convert(1, At(2025, 1, 12, 11), 500, kMissing, "o2");
    fixture_.Convert(0, At(2025, 2, 15, 11), 200, 100, "o3");
    fixture_.Lead(2, At(2025, 1, 20, 9), "L1", "Email", "newsletter");
    fixture_.Lead(3, At(2025, 2, 3, 11), "L2", "Direct");
    fixture_.AddDeal(2, "D1", DealStage::kWon, At(2025, 2, 10, 12), 2000, 500);
    fixture_.dataset.deals.back().lead_id = fixture_.dataset.strings.Intern("L1");
    fixture_.dataset.deals.back().created_at = At(2025, 1, 21, 9);
    fixture_.AddDeal(3, "D2", DealStage::kOpen, kNoTime, kMissing);
    fixture_.dataset.deals.back().lead_id = fixture_.dataset.strings.Intern("L2");
    fixture_.dataset.deals.back().created_at = At(2025, 2, 5, 9);
    fixture_.Spend(At(2025, 1, 5), "Paid Search", 300, 10000, 100, "brand");
    fixture_.Spend(At(2025, 2, 1), "Paid Search", 200, 5000, 50, "brand");
    fixture_.Spend(At(2025, 1, 20), "Email", 100, kMissing, kMissing);
    fixture_.Cost(2025, 1, "tools", 400);
    fixture_.Cost(2025, 1, "content", 50, "Email");
    fixture_.Cost(2025, 2, "personnel", 200);
    journeys_ = fixture_.BuildJourneysOrDie();
    options_.period = *ParsePeriod("2025-01-01..2025-02-28");
    Result<MetricsReport> report =
        ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options_);
    ASSERT_TRUE(report.ok()) << report.status().message();
    report_ = std::move(report).value();
  }

  const MetricsRow& Channel(const std::string& name) {
    for (const MetricsRow& row : report_.channels) {
      if (row.channel == name) return row;
    }
    ADD_FAILURE() << "no channel " << name;
    static const MetricsRow kEmpty;
    return kEmpty;
  }

  testing::MetricsFixture fixture_;
  Journeys journeys_;
  MetricsOptions options_;
  MetricsReport report_;
};

constexpr double kTol = 1e-9;

TEST_F(KpiTest, ChannelsAndOrder) {
  // Ordered by spend: Paid Search 500, Email 100, Direct 0.
  ASSERT_EQ(report_.channels.size(), 3u);
  EXPECT_EQ(report_.channels[0].channel, "Paid Search");
  EXPECT_EQ(report_.channels[1].channel, "Email");
  EXPECT_EQ(report_.channels[2].channel, "Direct");
  EXPECT_EQ(report_.period, *ParsePeriod("2025-01-01..2025-02-28"));
}

TEST_F(KpiTest, PaidSearchVolumesAndMoney) {
  const MetricsRow& row = Channel("Paid Search");
  EXPECT_DOUBLE_EQ(row.impressions, 15000);  // reported 10,000 + 5,000
  EXPECT_DOUBLE_EQ(row.clicks, 150);         // reported 100 + 50 (the tracked click is not added)
  EXPECT_EQ(row.sessions, 2);                // t0, t2
  EXPECT_EQ(row.unique_visitors, 2);         // P0, P1
  EXPECT_DOUBLE_EQ(row.page_views, 4);       // 3 + 1
  EXPECT_EQ(row.leads, 0);
  EXPECT_EQ(row.conversions, 2);
  EXPECT_EQ(row.orders, 2);
  EXPECT_EQ(row.customers, 2);
  EXPECT_EQ(row.new_customers, 2);
  EXPECT_DOUBLE_EQ(row.spend, 500);
  EXPECT_DOUBLE_EQ(row.direct_cost, 500);
  EXPECT_DOUBLE_EQ(row.indirect_cost, 500);  // 300 (Jan tools) + 200 (Feb personnel)
  EXPECT_DOUBLE_EQ(row.sales_cost, 200);
  EXPECT_DOUBLE_EQ(row.marketing_cost, 800);  // 500 + 500 - 200
  EXPECT_DOUBLE_EQ(row.total_cost, 1000);
  EXPECT_DOUBLE_EQ(row.revenue, 1500);
  EXPECT_DOUBLE_EQ(row.gross_profit, 900);    // 600 + 300
}

TEST_F(KpiTest, PaidSearchRatios) {
  const MetricsRow& row = Channel("Paid Search");
  EXPECT_NEAR(*row.cpc, 500.0 / 150, kTol);
  EXPECT_NEAR(*row.cpm, 500.0 / 15000 * 1000, kTol);  // 33.33
  EXPECT_NEAR(*row.ctr, 0.01, kTol);                  // 150 / 15,000
  EXPECT_FALSE(row.cpl.has_value());                  // no leads
  EXPECT_NEAR(*row.cpa, 250, kTol);                   // 500 / 2
  EXPECT_NEAR(*row.cac, 500, kTol);                   // (500 + 500) / 2
  EXPECT_NEAR(*row.roas, 3, kTol);                    // 1500 / 500
  EXPECT_NEAR(*row.croi, 2, kTol);                    // (1500 - 500) / 500
  EXPECT_NEAR(*row.broi, -0.1, kTol);                 // (900 - 1000) / 1000
  EXPECT_TRUE(row.croi_positive_broi_negative);
  EXPECT_NEAR(*row.aov, 750, kTol);
  EXPECT_NEAR(*row.purchase_frequency, 1, kTol);
  EXPECT_NEAR(*row.net_profit_margin, -100.0 / 1500, kTol);
  EXPECT_NEAR(*row.marketing_cost_ratio, 500.0 / 1500, kTol);
  EXPECT_EQ(MarketingCostRatioBand(row.marketing_cost_ratio), "above");
  // LTV: new customers P0 (all-time GP 600 + 100) and P1 (300): 1000 / 2 = 500.
  EXPECT_NEAR(*row.ltv, 500, kTol);
  EXPECT_NEAR(*row.ltv_cac, 1, kTol);
  // Payback: months observed to the end (Mar 1) since the first order:
  // P0 (Mar 1 - Jan 5 11h) = 55 d - 11 h; P1 (Mar 1 - Jan 12 11h) = 48 d - 11 h;
  // (103 d - 22 h) / 30.436875 d = 3.3539 months; 500 / (1000 / 3.3539) = 1.677.
  const double months = (55.0 - 11.0 / 24 + 48.0 - 11.0 / 24) / 30.436875;
  EXPECT_NEAR(*row.cac_payback_months, 500.0 / (1000.0 / months), 1e-9);
  // Engagement: 4 pages / 2 sessions; (120 + 0) / 2 s; 1 single-page session of 2.
  EXPECT_NEAR(*row.page_views_per_session, 2, kTol);
  EXPECT_NEAR(*row.duration_per_session_s, 60, kTol);
  EXPECT_NEAR(*row.bounce_rate, 0.5, kTol);
  // Imputation: P1's 300 of 900 rests on imputed cogs; |900 - 1000| = 100.
  EXPECT_NEAR(*row.gross_profit_imputed_share, 300.0 / 900, kTol);
  EXPECT_NEAR(*row.broi_imputed_share, 3, kTol);
  EXPECT_NEAR(*row.channel_imputed_share, 0, kTol);
  EXPECT_NEAR(*row.touches_imputed_share, 0, kTol);
  // Funnel: 2 sessions / 150 clicks; no leads.
  EXPECT_NEAR(*row.funnel.click_through, 0.01, kTol);
  EXPECT_NEAR(*row.funnel.click_to_session, 2.0 / 150, kTol);
  EXPECT_NEAR(*row.funnel.session_to_lead, 0, kTol);
  EXPECT_FALSE(row.funnel.lead_to_opportunity.has_value());
  EXPECT_NEAR(*row.funnel.session_to_conversion, 1, kTol);
}

TEST_F(KpiTest, EmailChannel) {
  const MetricsRow& row = Channel("Email");
  EXPECT_DOUBLE_EQ(row.impressions, 0);  // none reported, none tracked
  EXPECT_FALSE(row.cpc.has_value());     // 0 clicks
  EXPECT_FALSE(row.cpm.has_value());
  EXPECT_FALSE(row.ctr.has_value());
  EXPECT_EQ(row.leads, 1);
  EXPECT_EQ(row.opportunities, 1);  // D1 via L1
  EXPECT_EQ(row.won_deals, 1);
  EXPECT_EQ(row.conversions, 1);    // the won deal
  EXPECT_EQ(row.orders, 0);
  EXPECT_DOUBLE_EQ(row.revenue, 2000);
  EXPECT_DOUBLE_EQ(row.gross_profit, 1500);
  EXPECT_DOUBLE_EQ(row.indirect_cost, 150);  // 100 (tools share) + 50 (content)
  EXPECT_NEAR(*row.cpl, 100, kTol);
  EXPECT_NEAR(*row.cpa, 100, kTol);
  EXPECT_NEAR(*row.cac, 250, kTol);   // (100 + 150) / 1
  EXPECT_NEAR(*row.roas, 20, kTol);
  EXPECT_NEAR(*row.croi, 19, kTol);   // (2000 - 100) / 100
  EXPECT_NEAR(*row.broi, 5, kTol);    // (1500 - 250) / 250
  EXPECT_FALSE(row.croi_positive_broi_negative);
  EXPECT_NEAR(*row.ltv, 1500, kTol);
  EXPECT_NEAR(*row.ltv_cac, 6, kTol);
  EXPECT_NEAR(*row.funnel.session_to_lead, 1, kTol);
  EXPECT_NEAR(*row.funnel.lead_to_opportunity, 1, kTol);
  EXPECT_NEAR(*row.funnel.opportunity_to_customer, 1, kTol);
  EXPECT_NEAR(*row.funnel.close_rate, 1, kTol);
  EXPECT_FALSE(row.duration_per_session_s.has_value());  // no duration known
  EXPECT_NEAR(*row.channel_imputed_share, 1, kTol);      // credited through t4
  EXPECT_NEAR(*row.touches_imputed_share, 1, kTol);
  EXPECT_NEAR(*row.gross_profit_imputed_share, 0, kTol);
}

TEST_F(KpiTest, DirectChannelWithoutSpendIsNotAvailableNotInfinite) {
  const MetricsRow& row = Channel("Direct");
  EXPECT_EQ(row.sessions, 3);
  EXPECT_EQ(row.unique_visitors, 3);  // P1, P3, P0
  EXPECT_DOUBLE_EQ(row.page_views, 4);  // 2 + 1 + 1 (missing counts 1)
  EXPECT_NEAR(*row.bounce_rate, 2.0 / 3, kTol);
  EXPECT_NEAR(*row.duration_per_session_s, 100.0 / 3, kTol);
  EXPECT_EQ(row.conversions, 1);
  EXPECT_EQ(row.new_customers, 0);  // P0 bought before
  EXPECT_EQ(row.customers, 1);
  EXPECT_EQ(row.leads, 1);
  EXPECT_EQ(row.opportunities, 1);  // D2 via L2
  EXPECT_EQ(row.won_deals, 0);
  EXPECT_DOUBLE_EQ(row.spend, 0);
  EXPECT_FALSE(row.croi.has_value());  // zero spend: n/a
  EXPECT_FALSE(row.roas.has_value());
  EXPECT_FALSE(row.broi.has_value());  // zero total cost
  EXPECT_FALSE(row.cac.has_value());   // no new customers
  EXPECT_FALSE(row.ltv_cac.has_value());
  EXPECT_NEAR(*row.cpa, 0, kTol);      // 0 spend / 1 conversion
  EXPECT_NEAR(*row.funnel.close_rate, 0, kTol);
  EXPECT_FALSE(row.croi_positive_broi_negative);
}

TEST_F(KpiTest, Totals) {
  const MetricsRow& row = report_.totals;
  EXPECT_EQ(row.channel, "all");
  EXPECT_DOUBLE_EQ(row.impressions, 15000);
  EXPECT_DOUBLE_EQ(row.clicks, 150);
  EXPECT_EQ(row.sessions, 6);
  EXPECT_EQ(row.unique_visitors, 4);
  EXPECT_DOUBLE_EQ(row.page_views, 10);
  EXPECT_EQ(row.leads, 2);
  EXPECT_EQ(row.opportunities, 2);
  EXPECT_EQ(row.won_deals, 1);
  EXPECT_EQ(row.conversions, 4);
  EXPECT_EQ(row.orders, 3);
  EXPECT_EQ(row.customers, 3);
  EXPECT_EQ(row.new_customers, 3);
  EXPECT_DOUBLE_EQ(row.spend, 600);
  EXPECT_DOUBLE_EQ(row.indirect_cost, 650);
  EXPECT_DOUBLE_EQ(row.sales_cost, 200);
  EXPECT_DOUBLE_EQ(row.total_cost, 1250);
  EXPECT_DOUBLE_EQ(row.revenue, 3700);
  EXPECT_DOUBLE_EQ(row.gross_profit, 2500);     // 600 + 300 + 1500 + 100
  EXPECT_NEAR(*row.croi, 3100.0 / 600, kTol);   // (3700 - 600) / 600
  EXPECT_NEAR(*row.broi, 1.0, kTol);            // (2500 - 1250) / 1250
  EXPECT_NEAR(*row.roas, 3700.0 / 600, kTol);
  EXPECT_NEAR(*row.cac, 1250.0 / 3, kTol);
  EXPECT_NEAR(*row.cpl, 300, kTol);
  EXPECT_NEAR(*row.cpa, 150, kTol);
  EXPECT_NEAR(*row.aov, 925, kTol);
  EXPECT_NEAR(*row.purchase_frequency, 4.0 / 3, kTol);
  EXPECT_NEAR(*row.net_profit_margin, 1250.0 / 3700, kTol);  // (2500 - 1250) / 3700
  EXPECT_NEAR(*row.marketing_cost_ratio, 600.0 / 3700, kTol);
  EXPECT_NEAR(*row.ltv, (700.0 + 300 + 1500) / 3, kTol);
  EXPECT_NEAR(*row.bounce_rate, 0.5, kTol);                  // 3 of 6
  EXPECT_NEAR(*row.duration_per_session_s, 220.0 / 5, kTol);  // 120+0+60+30+10
  EXPECT_NEAR(*row.gross_profit_imputed_share, 0.12, kTol);  // 300 / 2500
  EXPECT_NEAR(*row.channel_imputed_share, 0.25, kTol);
  EXPECT_NEAR(*row.touches_imputed_share, 1.0 / 7, kTol);
  EXPECT_NEAR(*row.funnel.click_to_session, 6.0 / 150, kTol);
  EXPECT_NEAR(*row.funnel.session_to_lead, 2.0 / 6, kTol);
  EXPECT_NEAR(*row.funnel.lead_to_opportunity, 1, kTol);
  EXPECT_NEAR(*row.funnel.opportunity_to_customer, 0.5, kTol);
  EXPECT_NEAR(*row.funnel.close_rate, 0.5, kTol);
  EXPECT_NEAR(*row.funnel.session_to_conversion, 4.0 / 6, kTol);
}

TEST_F(KpiTest, CacCostsOption) {
  // Direct and sales only: Paid Search (500 + 200) / 2 = 350; direct only: 500 / 2 = 250.
  MetricsOptions options = options_;
  options.cac_costs = CacCosts::kDirectAndSales;
  MetricsReport report =
      ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options).value();
  EXPECT_NEAR(*report.channels[0].cac, 350, kTol);
  options.cac_costs = CacCosts::kDirectOnly;
  report = ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options).value();
  EXPECT_NEAR(*report.channels[0].cac, 250, kTol);
}

TEST_F(KpiTest, Campaigns) {
  // (Paid Search, brand), (Email, (not set)), (Direct, (not set)).
  ASSERT_EQ(report_.campaigns.size(), 3u);
  const MetricsRow& brand = report_.campaigns[0];
  EXPECT_EQ(brand.channel, "Paid Search");
  EXPECT_EQ(brand.campaign, "brand");
  EXPECT_DOUBLE_EQ(brand.spend, 500);
  EXPECT_DOUBLE_EQ(brand.indirect_cost, 500);  // the whole of the channel's spend
  EXPECT_EQ(brand.conversions, 2);
  EXPECT_EQ(brand.unique_visitors, 2);
  EXPECT_TRUE(brand.croi_positive_broi_negative);
  EXPECT_EQ(report_.campaigns[1].campaign, "(not set)");
  EXPECT_EQ(report_.campaigns[1].channel, "Email");
  EXPECT_EQ(report_.campaigns[1].conversions, 1);
}

TEST_F(KpiTest, MonthlySeries) {
  ASSERT_EQ(report_.periods.size(), 2u);
  const MetricsRow& january = report_.periods[0];
  const MetricsRow& february = report_.periods[1];
  EXPECT_EQ(january.period, "2025-01");
  EXPECT_EQ(february.period, "2025-02");
  EXPECT_DOUBLE_EQ(january.spend, 400);
  EXPECT_DOUBLE_EQ(january.indirect_cost, 450);
  EXPECT_DOUBLE_EQ(january.revenue, 1500);
  EXPECT_EQ(january.new_customers, 2);
  EXPECT_EQ(january.unique_visitors, 3);  // P0, P1, P2
  EXPECT_DOUBLE_EQ(february.spend, 200);
  EXPECT_DOUBLE_EQ(february.indirect_cost, 200);
  EXPECT_DOUBLE_EQ(february.revenue, 2200);
  EXPECT_EQ(february.conversions, 2);
  EXPECT_EQ(february.won_deals, 1);
  EXPECT_EQ(february.unique_visitors, 2);  // P3, P0
}

TEST_F(KpiTest, SalesCycle) {
  // D1: lead Jan 20 9h -> won Feb 10 12h = 21 days + 3 h = 21.125 days.
  EXPECT_EQ(report_.sales_cycle.deals, 1);
  EXPECT_NEAR(*report_.sales_cycle.median_days, 21.125, kTol);
  EXPECT_NEAR(*report_.sales_cycle.p25_days, 21.125, kTol);
  ASSERT_EQ(report_.sales_cycle_by_channel.size(), 1u);
  EXPECT_EQ(report_.sales_cycle_by_channel[0].key, "Email");
  ASSERT_EQ(report_.sales_cycle_by_lead_source.size(), 1u);
  EXPECT_EQ(report_.sales_cycle_by_lead_source[0].key, "newsletter");
}

TEST_F(KpiTest, PartialMonthCostsArePaidProRata) {
  // January 1-10 only: 10 of 31 days of Jan costs (400 + 50) = 450 x 10/31;
  // spend in the window: Paid Search Jan 5 300 -> the shared 400 x 10/31 all to PS.
  MetricsOptions options = options_;
  options.period = *ParsePeriod("2025-01-01..2025-01-10");
  const MetricsReport report =
      ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options).value();
  EXPECT_NEAR(report.totals.indirect_cost, 450.0 * 10 / 31, 1e-9);
  EXPECT_NEAR(report.channels[0].indirect_cost, 400.0 * 10 / 31, 1e-9);
  EXPECT_EQ(report.totals.conversions, 1);  // P0 Jan 5
}

TEST_F(KpiTest, SharedCostWithoutAnySpendIsUnallocated) {
  // February without spend rows: the personnel 200 has nowhere to go.
  fixture_.dataset.spend.clear();
  const MetricsReport report =
      ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options_).value();
  bool found = false;
  for (const MetricsRow& row : report.channels) {
    if (row.channel == "(unallocated)") {
      found = true;
      EXPECT_DOUBLE_EQ(row.indirect_cost, 600);  // tools 400 + personnel 200
    }
  }
  EXPECT_TRUE(found);
  EXPECT_DOUBLE_EQ(report.totals.indirect_cost, 650);
  EXPECT_FALSE(report.totals.croi.has_value());  // no spend at all
}

TEST_F(KpiTest, TimeZoneMovesADayAcrossMonths) {
  // At -12:00, P0's Feb 15 11h UTC stays Feb 14; P3's lead Feb 3 11h UTC is still Feb 2:
  // a touch on Jan 5 10h UTC becomes Jan 4. Only the month of February changes nothing;
  // but with a window Feb 15..Feb 28, P0's Feb 15 order (Feb 14 local) drops out.
  MetricsOptions options = options_;
  options.period = *ParsePeriod("2025-02-15..2025-02-28");
  MetricsReport utc =
      ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options).value();
  EXPECT_EQ(utc.totals.conversions, 1);
  options.time_zone = *TimeZone::Make("-12:00");
  MetricsReport west =
      ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options).value();
  EXPECT_EQ(west.totals.conversions, 0);
}

TEST_F(KpiTest, BadPeriodIsAnError) {
  MetricsOptions options = options_;
  options.period = Period{100, 100};
  const Result<MetricsReport> report =
      ComputeMetrics(fixture_.dataset, fixture_.identity, journeys_, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
}

TEST(KpiEmptyTest, NoDataGivesEmptyReport) {
  Dataset dataset;
  IdentityResult identity;
  Journeys journeys;
  const Result<MetricsReport> report =
      ComputeMetrics(dataset, identity, journeys, MetricsOptions());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->channels.empty());
  EXPECT_FALSE(report->totals.croi.has_value());
  EXPECT_EQ(report->totals.conversions, 0);
}

TEST(EmailMetricsTest, RatesPerCampaignAndTotal) {
  // spring: sent 1000, delivered 950, opens 380, clicks 95, unsub 5, bounces 50;
  // autumn: sent 500, no delivered (-> 500 - 20 = 480), opens 120, clicks 24, unsub 0,
  // bounces 20. Totals: sent 1500, delivered 1430, opens 500, clicks 119, bounces 70.
  Dataset dataset;
  const auto add = [&](const char* campaign, double sent, double delivered, double opens,
                       double clicks, double unsubscribes, double bounces) {
    EmailRow row;
    row.date = DaysFromCivil(2025, 3, 1);
    row.campaign = dataset.strings.Intern(campaign);
    row.sent = sent;
    row.delivered = delivered;
    row.opens = opens;
    row.clicks = clicks;
    row.unsubscribes = unsubscribes;
    row.bounces = bounces;
    dataset.email.push_back(row);
  };
  add("spring", 1000, 950, 380, 95, 5, 50);
  add("autumn", 500, kMissing, 120, 24, 0, 20);
  const MetricsReport report =
      ComputeMetrics(dataset, IdentityResult(), Journeys(), MetricsOptions()).value();
  ASSERT_EQ(report.email.size(), 2u);
  const EmailMetrics& autumn = report.email[0];  // sorted by name
  EXPECT_EQ(autumn.campaign, "autumn");
  EXPECT_DOUBLE_EQ(autumn.delivered, 480);
  EXPECT_NEAR(*autumn.open_rate, 120.0 / 480, kTol);
  const EmailMetrics& spring = report.email[1];
  EXPECT_NEAR(*spring.open_rate, 0.4, kTol);         // 380 / 950
  EXPECT_NEAR(*spring.click_rate, 0.1, kTol);        // 95 / 950
  EXPECT_NEAR(*spring.click_to_open, 0.25, kTol);    // 95 / 380
  EXPECT_NEAR(*spring.unsubscribe_rate, 5.0 / 950, kTol);
  EXPECT_NEAR(*spring.bounce_rate, 0.05, kTol);      // 50 / 1000
  const EmailMetrics& total = report.email_totals;
  EXPECT_DOUBLE_EQ(total.delivered, 1430);
  EXPECT_NEAR(*total.open_rate, 500.0 / 1430, kTol);
  EXPECT_NEAR(*total.click_to_open, 119.0 / 500, kTol);
  EXPECT_NEAR(*total.bounce_rate, 70.0 / 1500, kTol);
}

}  // namespace
}  // namespace mroi
