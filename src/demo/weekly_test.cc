// Tests of GenerateDemoWeekly: readable by the weekly-table loader, the demo's channel
// names, the scaled mean revenue, determinism per seed.
#include <unistd.h>

#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "mroi/demo.h"
#include "mroi/mmm_data.h"

namespace mroi {
namespace {

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "pid" + std::to_string(::getpid()) + "_" + name;
}

std::string ReadAll(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

TEST(DemoWeekly, LoadsAsTwoYearsOfTheDemoChannels) {
  const std::string path = TempPath("weekly.csv");
  Result<DemoWeekly> weekly = GenerateDemoWeekly(path, 42);
  ASSERT_TRUE(weekly.ok()) << weekly.status().message();
  EXPECT_EQ(weekly->weeks, 104);
  ASSERT_EQ(weekly->channels.size(), 5u);
  EXPECT_EQ(weekly->channels[0], "Paid Search");

  Result<WeeklySeries> series = LoadWeeklyCsv(path, WeeklyColumns{});
  ASSERT_TRUE(series.ok()) << series.status().message();
  EXPECT_EQ(series->periods.size(), 104u);
  EXPECT_EQ(series->channels, weekly->channels);
  // Consecutive Mondays.
  for (size_t t = 1; t < series->periods.size(); ++t) {
    EXPECT_EQ(series->periods[t] - series->periods[t - 1], 7);
  }
  const double mean = std::accumulate(series->outcome.begin(), series->outcome.end(), 0.0) /
                      static_cast<double>(series->outcome.size());
  EXPECT_NEAR(mean, 20000, 1.0);  // written to the cent
  for (const auto& spend : series->spend) {
    for (double value : spend) EXPECT_GE(value, 0);
  }
  for (double roi : weekly->true_roi) EXPECT_GT(roi, 0);
}

TEST(DemoWeekly, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string a = TempPath("a.csv");
  const std::string b = TempPath("b.csv");
  const std::string c = TempPath("c.csv");
  ASSERT_TRUE(GenerateDemoWeekly(a, 7).ok());
  ASSERT_TRUE(GenerateDemoWeekly(b, 7).ok());
  ASSERT_TRUE(GenerateDemoWeekly(c, 8).ok());
  EXPECT_EQ(ReadAll(a), ReadAll(b));
  EXPECT_NE(ReadAll(a), ReadAll(c));
}

TEST(DemoWeekly, UnwritablePathIsAnIOError) {
  Result<DemoWeekly> weekly = GenerateDemoWeekly("/nonexistent-dir/weekly.csv", 1);
  ASSERT_FALSE(weekly.ok());
  EXPECT_EQ(weekly.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace mroi
