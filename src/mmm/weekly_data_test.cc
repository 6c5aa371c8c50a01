#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "mroi/mmm_data.h"

namespace mroi {
namespace {

const std::string kShared = std::string(MROI_SOURCE_DIR) + "/../shared/data/";

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << text;
  return path;
}

double Sum(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0);
}

TEST(WeeklyCsv, RobynLayoutIsDetected) {
  const std::string path = kShared + "robyn/dt_simulated_weekly.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  Result<WeeklySeries> series = LoadWeeklyCsv(path, {});
  ASSERT_TRUE(series.ok()) << series.status().message();
  EXPECT_EQ(series->periods.size(), 208u);
  EXPECT_EQ(FormatDate(series->periods[0]), "2015-11-23");
  EXPECT_EQ(series->periods[1] - series->periods[0], 7);
  EXPECT_EQ(series->outcome_name, "revenue");
  EXPECT_EQ(series->outcome_value, 1);
  EXPECT_EQ(series->channels,
            (std::vector<std::string>{"tv", "ooh", "print", "search", "facebook"}));
  // First row of the file: revenue 2754371.66666667, tv_S 22358.3466666667.
  EXPECT_DOUBLE_EQ(series->outcome[0], 2754371.66666667);
  EXPECT_DOUBLE_EQ(series->spend[0][0], 22358.3466666667);
  // Sum of the revenue column (python3 csv, summed in file order): 379005696.6666665.
  EXPECT_NEAR(Sum(series->outcome), 379005696.6666665, 1e-3);
  // competitor_sales_B numeric; events categorical (event1, event2 once each, "na"
  // the baseline); newsletter numeric.
  EXPECT_EQ(series->control_names,
            (std::vector<std::string>{"competitor_sales_B", "events=event1", "events=event2",
                                      "newsletter"}));
  EXPECT_EQ(Sum(series->controls[1]), 1);
  EXPECT_EQ(Sum(series->controls[2]), 1);
}

TEST(WeeklyCsv, MeridianNationalAndGeoLayouts) {
  const std::string national = kShared + "meridian/national_media.csv";
  const std::string geo = kShared + "meridian/geo_media.csv";
  if (!std::filesystem::exists(national)) GTEST_SKIP() << "no " << national;
  Result<WeeklySeries> series = LoadWeeklyCsv(national, {});
  ASSERT_TRUE(series.ok()) << series.status().message();
  EXPECT_EQ(series->periods.size(), 156u);
  EXPECT_EQ(series->outcome_name, "conversions");
  EXPECT_EQ(series->channels,
            (std::vector<std::string>{"Channel0", "Channel1", "Channel2", "Channel3"}));
  EXPECT_EQ(series->control_names.size(), 2u);
  // Conversion-weighted revenue_per_conversion (python3 csv): 0.035007617983424826.
  EXPECT_NEAR(series->outcome_value, 0.035007617983424826, 1e-12);
  EXPECT_DOUBLE_EQ(series->outcome[0], 162516020);

  Result<WeeklySeries> by_geo = LoadWeeklyCsv(geo, {});
  ASSERT_TRUE(by_geo.ok()) << by_geo.status().message();
  EXPECT_EQ(by_geo->periods.size(), 156u);
  // 20 geos of 2021-01-25 (python3 csv): conversions 162516010, Channel0 spend
  // 146755.8489, mean competitor score -1.1824653055.
  EXPECT_NEAR(by_geo->outcome[0], 162516010, 1e-3);
  EXPECT_NEAR(by_geo->spend[0][0], 146755.8489, 1e-6);
  EXPECT_NEAR(by_geo->controls[0][0], -1.1824653055, 1e-9);
  EXPECT_NEAR(by_geo->outcome_value, 0.03501016402637774, 1e-12);
}

TEST(WeeklyCsv, NamedColumnsAndCategoricalControls) {
  const std::string path = WriteTemp("mroi_weekly_named.csv",
                                     "week,sales,tv,radio,holiday\n"
                                     "2025-01-06,100,10,1,\n"
                                     "2025-01-13,120,0,2,xmas\n"
                                     "2025-01-20,90,5,na,\n");
  WeeklyColumns columns;
  columns.outcome = "sales";
  columns.spend = {"tv", "radio"};
  columns.controls = {"holiday"};
  Result<WeeklySeries> series = LoadWeeklyCsv(path, columns);
  ASSERT_TRUE(series.ok()) << series.status().message();
  EXPECT_EQ(series->channels, (std::vector<std::string>{"tv", "radio"}));
  EXPECT_EQ(series->spend[1], (std::vector<double>{1, 2, 0}));  // "na" spend = 0
  EXPECT_EQ(series->control_names, (std::vector<std::string>{"holiday=xmas"}));
  EXPECT_EQ(series->controls[0], (std::vector<double>{0, 1, 0}));
}

TEST(WeeklyCsv, BadTablesAreClearErrors) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"DATE,revenue,tv_S\n2025-01-06,1,1\n2025-01-20,1,1\n2025-01-27,1,1\n", "equally spaced"},
      {"DATE,revenue,tv_S\n2025-01-06,1,-4\n2025-01-13,1,1\n", "spend must be a number >= 0"},
      {"DATE,revenue,tv_S\n2025-01-06,na,4\n2025-01-13,1,1\n", "not a number"},
      {"DATE,revenue,tv\n2025-01-06,1,4\n2025-01-13,1,1\n", "no spend column"},
      {"DATE,tv_S\n2025-01-06,4\n2025-01-13,1\n", "no outcome column"},
      {"DATE,revenue,tv_S\n2025-01-06,1,4,9\n2025-01-13,1,1\n", "4 fields, the header has 3"},
      {"DATE,revenue,tv_S\n2025-01-36,1,4\n2025-01-13,1,1\n", "DATE"},
      {"DATE,revenue,tv_S\n2025-01-06,1,4\n", "at least 2 dates"},
  };
  int i = 0;
  for (const Case& c : cases) {
    const std::string path = WriteTemp("mroi_weekly_bad" + std::to_string(i++) + ".csv", c.text);
    Result<WeeklySeries> series = LoadWeeklyCsv(path, {});
    ASSERT_FALSE(series.ok()) << c.text;
    EXPECT_EQ(series.status().code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(series.status().message().find(c.message), std::string::npos)
        << series.status().message();
  }
  WeeklyColumns columns;
  columns.outcome = "profit";
  const std::string path = WriteTemp("mroi_weekly_ok.csv", "DATE,revenue,tv_S\n2025-01-06,1,4\n"
                                                           "2025-01-13,1,1\n");
  EXPECT_NE(LoadWeeklyCsv(path, columns).status().message().find("no outcome column 'profit'"),
            std::string::npos);
  EXPECT_EQ(LoadWeeklyCsv("/nonexistent.csv", {}).status().code(), StatusCode::kNotFound);
}

TEST(WeeklySeriesFromDataset, SumsSpendAndRevenueByMondayWeek) {
  Dataset dataset;
  const StringId search = dataset.strings.Intern("Paid Search");
  const StringId tv = dataset.strings.Intern("TV");
  const StringId core = dataset.strings.Intern("core");
  // 2025-01-06 is a Monday (day 20094). Spend on Mon 6th and Sun 12th = one week;
  // Mon 20th = the third week; the second week has no spend (zeros).
  auto spend = [&](UnixDays day, StringId channel, double cost) {
    SpendRow row;
    row.date = day;
    row.channel = channel;
    row.tier = channel == search ? core : kEmptyString;
    row.cost = cost;
    dataset.spend.push_back(row);
  };
  const UnixDays monday = 20094;
  ASSERT_EQ(FormatDate(monday), "2025-01-06");
  spend(monday, search, 100);
  spend(monday + 6, search, 50);
  spend(monday + 14, tv, 70);
  Conversion order;
  order.timestamp = int64_t{monday + 13} * 86400 + 3600;  // Sunday of week 2
  order.revenue = 400;
  dataset.conversions.push_back(order);
  Deal deal;
  deal.stage = DealStage::kWon;
  deal.closed_at = int64_t{monday + 15} * 86400;
  deal.amount = 1000;
  dataset.deals.push_back(deal);
  Result<WeeklySeries> series = WeeklySeriesFromDataset(dataset);
  ASSERT_TRUE(series.ok()) << series.status().message();
  EXPECT_EQ(series->periods, (std::vector<UnixDays>{monday, monday + 7, monday + 14}));
  EXPECT_EQ(series->channels, (std::vector<std::string>{"Paid Search", "TV"}));
  EXPECT_EQ(series->tiers, (std::vector<std::string>{"core", ""}));
  EXPECT_EQ(series->spend[0], (std::vector<double>{150, 0, 0}));
  EXPECT_EQ(series->spend[1], (std::vector<double>{0, 0, 70}));
  EXPECT_EQ(series->outcome, (std::vector<double>{0, 400, 1000}));

  Dataset empty;
  EXPECT_NE(WeeklySeriesFromDataset(empty).status().message().find("no spend rows"),
            std::string::npos);
}

}  // namespace
}  // namespace mroi
