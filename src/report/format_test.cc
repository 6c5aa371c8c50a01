#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "report/format_internal.h"
#include "report/svg_charts_internal.h"

namespace mroi::internal {
namespace {

TEST(FormatTest, ThousandsGroupsDigits) {
  EXPECT_EQ(Thousands(1234567.8), "1,234,568");
  EXPECT_EQ(Thousands(1234567.8, 2), "1,234,567.80");
  EXPECT_EQ(Thousands(-9360000), "-9,360,000");
  EXPECT_EQ(Thousands(999), "999");
  EXPECT_EQ(Thousands(-0.2), "0");  // rounds to zero: no sign
}

TEST(FormatTest, MoneyPutsSignBeforeCurrency) {
  EXPECT_EQ(Money(12600000.0, "$", 0), "$12,600,000");
  EXPECT_EQ(Money(-1234.4, "$", 0), "-$1,234");
  EXPECT_EQ(Money(12.345, "€", 2), "€12.35");
  EXPECT_EQ(Money(std::nullopt, "$", 0), "n/a");
  EXPECT_EQ(Money(std::numeric_limits<double>::infinity(), "$", 0), "n/a");
}

TEST(FormatTest, PercentagesAndUndefined) {
  // SPEC: 9,360,000 -> 12,600,000 is +34.6 %: (12.6 - 9.36) / 9.36 = 0.34615.
  EXPECT_EQ(SignedPercent((12600000.0 - 9360000.0) / 9360000.0), "+34.6 %");
  EXPECT_EQ(Percent(0.2), "20.0 %");
  EXPECT_EQ(Percent(std::nullopt), "n/a");
  EXPECT_EQ(Percent(std::nan("")), "n/a");
  EXPECT_EQ(Multiple(3.456), "3.46x");
  EXPECT_EQ(Count(12.5), "12.5");
  EXPECT_EQ(Count(12345.0), "12,345");
}

TEST(FormatTest, CompactFormsForTiles) {
  EXPECT_EQ(CompactMoney(1234567, "$"), "$1.2M");
  EXPECT_EQ(CompactMoney(-35400, "$"), "-$35k");
  EXPECT_EQ(CompactCount(950), "950");
}

TEST(FormatTest, CsvAndHtmlEscaping) {
  EXPECT_EQ(CsvNumber(std::nullopt), "");
  EXPECT_EQ(CsvNumber(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_EQ(CsvNumber(0.25), "0.25");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(HtmlEscape("<a href='x'>&</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(SvgChartsTest, ChartsSkipUndefinedValuesAndEscapeLabels) {
  ChartSpec spec{"c1", "t", {"<A>", "B", "C"}, {}, [](double v) { return Percent(v); }};
  spec.series.push_back({"s", {0.5, std::nullopt, -0.25}, "#000"});
  std::string bars = BarChart(spec);
  EXPECT_NE(bars.find("id=\"c1\""), std::string::npos);
  EXPECT_NE(bars.find("&lt;A&gt;"), std::string::npos);
  EXPECT_EQ(bars.find("<A>"), std::string::npos);
  // Two defined values -> two bars (legend uses one rect more).
  size_t rects = 0;
  for (size_t at = bars.find("<rect"); at != std::string::npos; at = bars.find("<rect", at + 1)) {
    ++rects;
  }
  EXPECT_EQ(rects, 3u);
  EXPECT_EQ(bars.find("nan"), std::string::npos);
  std::string line = LineChart(spec);
  EXPECT_NE(line.find("<polyline"), std::string::npos);
  EXPECT_EQ(line.find("inf"), std::string::npos);
}

}  // namespace
}  // namespace mroi::internal
