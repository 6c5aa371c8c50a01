// Tests of period parsing and comparison periods.
#include <gtest/gtest.h>

#include "metrics/metrics_internal.h"
#include "mroi/metrics.h"

namespace mroi {
namespace {

UnixDays Day(int32_t year, uint32_t month, uint32_t day) {
  return DaysFromCivil(year, month, day);
}

TEST(ParsePeriodTest, Forms) {
  // Range, both ends inclusive: Jan 1 .. Mar 31 = 90 days (2025 is not a leap year).
  Result<Period> range = ParsePeriod("2025-01-01..2025-03-31");
  ASSERT_TRUE(range.ok()) << range.status().message();
  EXPECT_EQ(range->start, Day(2025, 1, 1));
  EXPECT_EQ(range->end, Day(2025, 4, 1));
  EXPECT_EQ(range->days(), 90);
  EXPECT_EQ(FormatPeriod(*range), "2025-01-01..2025-03-31");

  EXPECT_EQ(*ParsePeriod("2025-03"), (Period{Day(2025, 3, 1), Day(2025, 4, 1)}));
  EXPECT_EQ(*ParsePeriod("2025-Q1"), (Period{Day(2025, 1, 1), Day(2025, 4, 1)}));
  EXPECT_EQ(*ParsePeriod("2025q4"), (Period{Day(2025, 10, 1), Day(2026, 1, 1)}));
  EXPECT_EQ(*ParsePeriod("2024"), (Period{Day(2024, 1, 1), Day(2025, 1, 1)}));
  EXPECT_EQ(*ParsePeriod(" 2024-02-29 "), (Period{Day(2024, 2, 29), Day(2024, 3, 1)}));
  EXPECT_EQ(ParsePeriod("2024-02")->days(), 29);
}

TEST(ParsePeriodTest, BadInputIsAClearError) {
  for (const char* bad : {"", "2025-13", "2025-Q5", "2025-02-30", "yesterday",
                          "2025-03-31..2025-01-01", "2025-01-01..", "20250101"}) {
    const Result<Period> period = ParsePeriod(bad);
    EXPECT_FALSE(period.ok()) << bad;
    if (!period.ok()) {
      EXPECT_EQ(period.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(ComparisonPeriodTest, PreviousMonthQuarterAndCustom) {
  // Previous of March is February (28 days), not the 31 days before.
  EXPECT_EQ(ComparisonPeriod(*ParsePeriod("2025-03"), CompareMode::kPrevious),
            *ParsePeriod("2025-02"));
  EXPECT_EQ(ComparisonPeriod(*ParsePeriod("2025-Q1"), CompareMode::kPrevious),
            *ParsePeriod("2024-Q4"));
  // A custom 10-day range: the 10 days before.
  EXPECT_EQ(ComparisonPeriod(*ParsePeriod("2025-01-11..2025-01-20"), CompareMode::kPrevious),
            *ParsePeriod("2025-01-01..2025-01-10"));
}

TEST(ComparisonPeriodTest, YearAgo) {
  EXPECT_EQ(ComparisonPeriod(*ParsePeriod("2025-Q1"), CompareMode::kYearAgo),
            *ParsePeriod("2024-Q1"));
  EXPECT_EQ(ComparisonPeriod(*ParsePeriod("2025-01-01..2025-03-31"), CompareMode::kYearAgo),
            *ParsePeriod("2024-01-01..2024-03-31"));
  // Leap day: 2024-02-29 a year back clamps to 2023-02-28.
  EXPECT_EQ(ComparisonPeriod(*ParsePeriod("2024-02-29"), CompareMode::kYearAgo).start,
            Day(2023, 2, 28));
}

TEST(CompareModeTest, Names) {
  EXPECT_EQ(*CompareModeFromName("previous"), CompareMode::kPrevious);
  EXPECT_EQ(*CompareModeFromName("year-ago"), CompareMode::kYearAgo);
  EXPECT_FALSE(CompareModeFromName("last-week").ok());
  EXPECT_EQ(CompareModeName(CompareMode::kYearAgo), "year-ago");
}

TEST(CalendarTest, CivilRoundTripAndMonths) {
  for (UnixDays day = Day(1999, 12, 25); day < Day(2001, 3, 5); ++day) {
    const internal::CivilDate date = internal::CivilFromDays(day);
    EXPECT_EQ(DaysFromCivil(date.year, date.month, date.day), day);
  }
  EXPECT_EQ(internal::MonthOfDay(Day(2025, 3, 15)), 2025 * 12 + 2);
  EXPECT_EQ(FormatMonth(2025 * 12 + 2), "2025-03");
  EXPECT_EQ(internal::DaysInMonth(2024 * 12 + 1), 29);
  EXPECT_EQ(internal::AddMonths(Day(2025, 1, 31), 1), Day(2025, 2, 28));
}

TEST(DayMapperTest, FixedOffsetShiftsTheDay) {
  // 2025-03-01T20:00:00Z is 2025-03-02 04:00 at +08:00.
  const UnixSeconds when = static_cast<UnixSeconds>(Day(2025, 3, 1)) * 86400 + 20 * 3600;
  EXPECT_EQ(internal::DayMapper(TimeZone()).Day(when), Day(2025, 3, 1));
  EXPECT_EQ(internal::DayMapper(*TimeZone::Make("+08:00")).Day(when), Day(2025, 3, 2));
  // 2025-03-01T02:00:00Z is still Feb 28 at -05:00.
  const UnixSeconds early = static_cast<UnixSeconds>(Day(2025, 3, 1)) * 86400 + 2 * 3600;
  EXPECT_EQ(internal::DayMapper(*TimeZone::Make("-05:00")).Day(early), Day(2025, 2, 28));
}

TEST(PercentileTest, LinearInterpolation) {
  // {1, 2, 3, 4}: p25 at rank 0.75 = 1.75, median at rank 1.5 = 2.5, p75 = 3.25.
  const std::vector<double> values = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(internal::Percentile(values, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(internal::Percentile(values, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(internal::Percentile(values, 0.75), 3.25);
  EXPECT_DOUBLE_EQ(internal::Percentile({7}, 0.5), 7);
}

}  // namespace
}  // namespace mroi
