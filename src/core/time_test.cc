#include "mroi/time.h"

#include <gtest/gtest.h>

namespace mroi {
namespace {

UnixSeconds Parse(std::string_view text, const TimeZone& zone = TimeZone()) {
  auto result = ParseTimestamp(text, zone);
  EXPECT_TRUE(result.ok()) << text << ": " << result.status().ToString();
  return result.value_or(-1);
}

// Reference values computed with `date -u -d ... +%s`.
TEST(TimeTest, IsoForms) {
  EXPECT_EQ(Parse("2025-03-01T10:00:00Z"), 1740823200);
  EXPECT_EQ(Parse("2025-03-01 10:00:00"), 1740823200);
  EXPECT_EQ(Parse("2025-03-01T10:00"), 1740823200);
  EXPECT_EQ(Parse("2025-03-01T10:00:00.987Z"), 1740823200);
  EXPECT_EQ(Parse("2025-03-01T18:00:00+08:00"), 1740823200);
  EXPECT_EQ(Parse("2025-03-01T05:00:00-0500"), 1740823200);
  EXPECT_EQ(Parse("  2025-03-01T10:00:00Z \r"), 1740823200);
  EXPECT_EQ(Parse("2025-03-01"), 1740787200);
  EXPECT_EQ(Parse("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Parse("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(Parse("2024-02-29T00:00:00Z"), 1709164800);
}

TEST(TimeTest, UnixSeconds) {
  EXPECT_EQ(Parse("1740823200"), 1740823200);
  EXPECT_EQ(Parse("1740823200.5"), 1740823200);
}

TEST(TimeTest, DefaultZoneAppliesOnlyWithoutZone) {
  auto shanghai = TimeZone::Make("Asia/Shanghai");
  ASSERT_TRUE(shanghai.ok()) << shanghai.status().ToString();
  EXPECT_EQ(Parse("2025-03-01 18:00:00", *shanghai), 1740823200);
  EXPECT_EQ(Parse("2025-03-01T10:00:00Z", *shanghai), 1740823200);
  auto offset = TimeZone::Make("+05:30");
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(Parse("2025-03-01 15:30:00", *offset), 1740823200);
}

TEST(TimeTest, DaylightSavingGapAndOverlap) {
  auto york = TimeZone::Make("America/New_York");
  ASSERT_TRUE(york.ok());
  // 2025-07-01 12:00 EDT = 16:00Z; 2025-01-15 12:00 EST = 17:00Z.
  EXPECT_EQ(Parse("2025-07-01 12:00:00", *york), Parse("2025-07-01T16:00:00Z"));
  EXPECT_EQ(Parse("2025-01-15 12:00:00", *york), Parse("2025-01-15T17:00:00Z"));
  // 2025-11-02 01:30 happens twice: the earlier offset (EDT, -4) wins.
  EXPECT_EQ(Parse("2025-11-02 01:30:00", *york), Parse("2025-11-02T05:30:00Z"));
}

TEST(TimeTest, RejectsGarbageWithReason) {
  for (std::string_view bad : {"", "abc", "2025-13-01", "2025-02-30", "2025-03-01X10:00",
                               "2025-03-01T25:00:00", "12345", "2025-03-01T10:00:00+99:00",
                               "2025-03-01T10:00:00 junk", "2025/03/01"}) {
    auto result = ParseTimestamp(bad, TimeZone());
    EXPECT_FALSE(result.ok()) << bad;
    if (!result.ok()) {
      EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    }
  }
  EXPECT_FALSE(TimeZone::Make("Mars/Olympus").ok());
}

TEST(TimeTest, DatesMonthsAndFormatting) {
  EXPECT_EQ(*ParseDate("2025-03-01", TimeZone()), 20148);
  EXPECT_EQ(*ParseDate("2025-03-01T23:30:00Z", *TimeZone::Make("+08:00")), 20149);
  EXPECT_EQ(*ParseMonth("2025-03"), 2025 * 12 + 2);
  EXPECT_FALSE(ParseMonth("2025-3").ok());
  EXPECT_EQ(FormatTimestamp(1740823200), "2025-03-01T10:00:00Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatDate(20148), "2025-03-01");
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
}

}  // namespace
}  // namespace mroi
