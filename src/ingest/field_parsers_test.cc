#include "ingest/field_parsers.h"

#include <gtest/gtest.h>

namespace mroi::internal {
namespace {

UnixSeconds Ts(std::string_view text, const TimeZone& zone = TimeZone()) {
  UnixSeconds value = -1;
  std::string why;
  EXPECT_TRUE(ParseTimestampFast(text, zone, &value, &why)) << text << ": " << why;
  return value;
}

// 2025-03-01T10:00:00Z = 20148 days * 86400 + 36000 = 1740823200.
constexpr UnixSeconds kMarchFirst10h = 1740823200;

TEST(FieldParsersTest, TimestampForms) {
  EXPECT_EQ(Ts("2025-03-01T10:00:00Z"), kMarchFirst10h);
  EXPECT_EQ(Ts("2025-03-01 10:00:00"), kMarchFirst10h);
  EXPECT_EQ(Ts("2025-03-01T10:00:00.123456Z"), kMarchFirst10h);
  EXPECT_EQ(Ts("2025-03-01T12:00:00+02:00"), kMarchFirst10h);
  EXPECT_EQ(Ts("2025-03-01T05:30:00-04:30"), kMarchFirst10h);
  EXPECT_EQ(Ts("2025-03-01T12:00:00+0200"), kMarchFirst10h);  // slow path
  EXPECT_EQ(Ts("2025-03-01"), kMarchFirst10h - 36000);
  EXPECT_EQ(Ts("1740823200"), kMarchFirst10h);
  EXPECT_EQ(Ts(" 2025-03-01T10:00 "), kMarchFirst10h);  // slow path, no seconds
}

TEST(FieldParsersTest, DefaultZoneAppliesOnlyWithoutOffset) {
  auto zone = TimeZone::Make("+08:00");
  ASSERT_TRUE(zone.ok());
  // 18:00 at +08:00 is 10:00 UTC.
  EXPECT_EQ(Ts("2025-03-01T18:00:00", *zone), kMarchFirst10h);
  EXPECT_EQ(Ts("2025-03-01T10:00:00Z", *zone), kMarchFirst10h);
  auto berlin = TimeZone::Make("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  // Berlin is UTC+1 in March before the DST switch.
  EXPECT_EQ(Ts("2025-03-01 11:00:00", *berlin), kMarchFirst10h);
}

TEST(FieldParsersTest, BadTimestampsExplainWhy) {
  UnixSeconds value = 0;
  std::string why;
  EXPECT_FALSE(ParseTimestampFast("2025-13-01T10:00:00Z", TimeZone(), &value, &why));
  EXPECT_NE(why.find("month out of range"), std::string::npos) << why;
  EXPECT_FALSE(ParseTimestampFast("2025-02-30", TimeZone(), &value, &why));
  EXPECT_NE(why.find("day out of range"), std::string::npos) << why;
  EXPECT_FALSE(ParseTimestampFast("yesterday", TimeZone(), &value, &why));
  EXPECT_FALSE(ParseTimestampFast("2025-03-01T25:00:00Z", TimeZone(), &value, &why));
  EXPECT_FALSE(ParseTimestampFast("2025-03-01T10:00:00+99:00", TimeZone(), &value, &why));
  EXPECT_FALSE(ParseTimestampFast("", TimeZone(), &value, &why));
}

TEST(FieldParsersTest, Dates) {
  UnixDays days = 0;
  std::string why;
  ASSERT_TRUE(ParseDateFast("2025-03-01", TimeZone(), &days, &why));
  EXPECT_EQ(days, 20148);
  ASSERT_TRUE(ParseDateFast("2025-03-01T23:00:00Z", TimeZone(), &days, &why));
  EXPECT_EQ(days, 20148);
  EXPECT_FALSE(ParseDateFast("03/01/2025", TimeZone(), &days, &why));
  int32_t month = 0;
  ASSERT_TRUE(ParseMonthOrDate("2025-03", &month, &why));
  EXPECT_EQ(month, 2025 * 12 + 2);
  ASSERT_TRUE(ParseMonthOrDate("2025-03-17", &month, &why));
  EXPECT_EQ(month, 2025 * 12 + 2);
  EXPECT_FALSE(ParseMonthOrDate("2025-13", &month, &why));
}

TEST(FieldParsersTest, Numbers) {
  double value = 0;
  EXPECT_TRUE(ParseNumber("12.5", &value));
  EXPECT_DOUBLE_EQ(value, 12.5);
  EXPECT_TRUE(ParseNumber(" +3 ", &value));
  EXPECT_DOUBLE_EQ(value, 3);
  EXPECT_TRUE(ParseNumber("-1e3", &value));
  EXPECT_DOUBLE_EQ(value, -1000);
  EXPECT_FALSE(ParseNumber("abc", &value));
  EXPECT_FALSE(ParseNumber("12abc", &value));
  EXPECT_FALSE(ParseNumber("", &value));
  EXPECT_FALSE(ParseNumber("nan", &value));
  EXPECT_FALSE(ParseNumber("inf", &value));
  EXPECT_FALSE(ParseNumber("1,5", &value));
}

TEST(FieldParsersTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain ascii text, longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("bad \xFF byte"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(ReplaceInvalidUtf8("a\xFF\xC3\xA9"), "a?\xC3\xA9");
}

TEST(FieldParsersTest, EventTypesAndStages) {
  EXPECT_EQ(ParseEventType("CLICK"), EventType::kClick);
  EXPECT_EQ(ParseEventType(" Impression "), EventType::kImpression);
  EXPECT_EQ(ParseEventType("email_click"), EventType::kEmailClick);
  EXPECT_EQ(ParseEventType(""), EventType::kSession);
  EXPECT_EQ(ParseEventType("purchase"), std::nullopt);
  EXPECT_EQ(ParseDealStage("Closed Won"), DealStage::kWon);
  EXPECT_EQ(ParseDealStage("closedwon"), DealStage::kWon);
  EXPECT_EQ(ParseDealStage("closed_lost"), DealStage::kLost);
  EXPECT_EQ(ParseDealStage("OPEN"), DealStage::kOpen);
  EXPECT_EQ(ParseDealStage("maybe"), std::nullopt);
}

}  // namespace
}  // namespace mroi::internal
