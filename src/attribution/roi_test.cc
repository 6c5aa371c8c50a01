// ROI per model, the cost table of a dataset and the comparison with last click.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "mroi/attribution.h"

#include "attribution/attribution_test_util.h"

namespace mroi {
namespace {

using testing::JourneyBuilder;
using testing::kDay;
using M = AttributionModel;

// Organic Search (day 0) then Paid Search (day 7), conversion day 7: revenue 100,
// gross profit 40.
AttributionResult TwoTouchResult() {
  JourneyBuilder builder;
  builder.Convert(0, {{0, "Organic Search", "blog"}, {7 * kDay, "Paid Search", "brand"}},
                  7 * kDay, 100, 40);
  Result<AttributionResult> result =
      AttributeJourneys(builder.dataset, builder.identity, builder.journeys, {});
  EXPECT_TRUE(result.ok());
  return std::move(result).value();
}

TEST(AttributionRoiTest, RatiosUnderLastClick) {
  const AttributionResult result = TwoTouchResult();
  CostTable costs;
  costs.channels["Paid Search"] = {50, 10};
  costs.channels["Display"] = {30, 0};  // cost without credit: appended
  Result<std::vector<RoiRow>> rows = ChannelRoi(result, M::kLast, costs);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  // Rows: Organic Search, Paid Search (result order), then Display.
  const RoiRow& organic = (*rows)[0];
  EXPECT_EQ(organic.channel, "Organic Search");
  EXPECT_FALSE(organic.roas.has_value());  // no cost: n/a, not inf
  EXPECT_FALSE(organic.croi.has_value());
  EXPECT_FALSE(organic.broi.has_value());
  EXPECT_FALSE(organic.cpa.has_value());
  const RoiRow& paid = (*rows)[1];
  // ROAS 100/50 = 2; cROI (100-50)/50 = 1; bROI (40-60)/60 = -1/3; CPA 50/1 = 50.
  ASSERT_TRUE(paid.roas && paid.croi && paid.broi && paid.cpa);
  EXPECT_DOUBLE_EQ(*paid.roas, 2);
  EXPECT_DOUBLE_EQ(*paid.croi, 1);
  EXPECT_DOUBLE_EQ(*paid.broi, -1.0 / 3);
  EXPECT_DOUBLE_EQ(*paid.cpa, 50);
  const RoiRow& display = (*rows)[2];
  EXPECT_EQ(display.channel, "Display");
  ASSERT_TRUE(display.croi.has_value());
  EXPECT_DOUBLE_EQ(*display.croi, -1);    // (0 - 30) / 30
  EXPECT_FALSE(display.cpa.has_value());  // 0 conversions
}

TEST(AttributionRoiTest, RatiosUnderLinearAndCampaigns) {
  const AttributionResult result = TwoTouchResult();
  CostTable costs;
  costs.channels["Paid Search"] = {50, 10};
  costs.campaigns[{"Paid Search", "brand"}] = {25, 0};
  // Linear: Paid Search 0.5 conversions, 50 revenue -> ROAS 1, CPA 100.
  Result<std::vector<RoiRow>> rows = ChannelRoi(result, M::kLinear, costs);
  ASSERT_TRUE(rows.ok());
  EXPECT_DOUBLE_EQ(*(*rows)[1].roas, 1);
  EXPECT_DOUBLE_EQ(*(*rows)[1].cpa, 100);
  Result<std::vector<RoiRow>> campaigns = CampaignRoi(result, M::kLinear, costs);
  ASSERT_TRUE(campaigns.ok());
  ASSERT_EQ(campaigns->size(), 2u);
  EXPECT_EQ((*campaigns)[1].channel, "Paid Search");
  EXPECT_EQ((*campaigns)[1].campaign, "brand");
  EXPECT_DOUBLE_EQ(*(*campaigns)[1].roas, 2);  // 50 / 25
  EXPECT_FALSE((*campaigns)[0].roas.has_value());
}

TEST(AttributionRoiTest, ModelNotComputedIsNotFound) {
  JourneyBuilder builder;
  builder.Convert(0, {{0, "Email", ""}}, kDay, 1, 1);
  AttributionOptions options;
  options.models = {M::kFirst};
  Result<AttributionResult> result =
      AttributeJourneys(builder.dataset, builder.identity, builder.journeys, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ChannelRoi(*result, M::kLast, {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(CompareModels(*result).status().code(), StatusCode::kFailedPrecondition);
}

TEST(AttributionRoiTest, CostTableFromDataset) {
  // Spend: Paid Search 300 (two campaigns), Email 100. Costs: 40 content for Organic
  // Search, 200 shared -> Paid Search 200 * 300/400 = 150, Email 50, Organic 0.
  Dataset dataset;
  auto spend = [&dataset](const char* channel, const char* campaign, double cost) {
    SpendRow row;
    row.channel = dataset.strings.Intern(channel);
    row.campaign = dataset.strings.Intern(campaign);
    row.cost = cost;
    dataset.spend.push_back(row);
  };
  spend("Paid Search", "brand", 200);
  spend("Paid Search", "generic", 100);
  spend("Email", "news", 100);
  CostRow content;
  content.channel = dataset.strings.Intern("Organic Search");
  content.amount = 40;
  dataset.costs.push_back(content);
  CostRow shared;
  shared.amount = 200;
  dataset.costs.push_back(shared);
  const CostTable table = CostTableFromDataset(dataset);
  EXPECT_DOUBLE_EQ(table.channels.at("Paid Search").direct, 300);
  EXPECT_DOUBLE_EQ(table.channels.at("Paid Search").indirect, 150);
  EXPECT_DOUBLE_EQ(table.channels.at("Email").indirect, 50);
  EXPECT_DOUBLE_EQ(table.channels.at("Organic Search").direct, 0);
  EXPECT_DOUBLE_EQ(table.channels.at("Organic Search").indirect, 40);
  EXPECT_DOUBLE_EQ(table.campaigns.at({"Paid Search", "brand"}).direct, 200);
}

TEST(AttributionCompareTest, DifferencesFromLastClick) {
  const AttributionResult result = TwoTouchResult();
  Result<ModelComparison> comparison = CompareModels(result);
  ASSERT_TRUE(comparison.ok());
  ASSERT_EQ(comparison->models.size(), 9u);
  ASSERT_EQ(comparison->rows.size(), 2u);
  const ComparisonRow& organic = comparison->rows[0];
  const ComparisonRow& paid = comparison->rows[1];
  EXPECT_EQ(organic.channel, "Organic Search");
  const auto first = static_cast<size_t>(M::kFirst);
  const auto linear = static_cast<size_t>(M::kLinear);
  const auto last = static_cast<size_t>(M::kLast);
  // First click gives Organic 1 where last click gives 0: +1, % n/a.
  EXPECT_DOUBLE_EQ(organic.cells[first].conversions_vs_last, 1);
  EXPECT_FALSE(organic.cells[first].conversions_vs_last_pct.has_value());
  EXPECT_DOUBLE_EQ(organic.cells[first].revenue_vs_last, 100);
  // Linear gives Paid Search 0.5 against last click's 1: -0.5, -50 %.
  EXPECT_DOUBLE_EQ(paid.cells[linear].conversions_vs_last, -0.5);
  ASSERT_TRUE(paid.cells[linear].conversions_vs_last_pct.has_value());
  EXPECT_DOUBLE_EQ(*paid.cells[linear].conversions_vs_last_pct, -0.5);
  EXPECT_DOUBLE_EQ(*paid.cells[linear].revenue_vs_last_pct, -0.5);
  EXPECT_DOUBLE_EQ(paid.cells[last].conversions_vs_last, 0);
}

}  // namespace
}  // namespace mroi
