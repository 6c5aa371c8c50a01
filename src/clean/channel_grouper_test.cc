#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "mroi/clean.h"

namespace mroi {
namespace {

std::string CategoriesPath() { return DefaultDataDir() + "/ga4_source_categories.csv"; }

class ChannelGrouperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = ChannelGrouper::Make(CategoriesPath(), "");
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    grouper_.emplace(std::move(made).value());
  }
  std::string Group(std::string_view source, std::string_view medium,
                    std::string_view campaign = "(not set)") {
    return std::string(grouper_->Group(source, medium, campaign));
  }
  std::optional<ChannelGrouper> grouper_;
};

TEST_F(ChannelGrouperTest, Ga4DefaultGroups) {
  EXPECT_EQ(Group("google", "cpc"), "Paid Search");
  EXPECT_EQ(Group("bing", "ppc"), "Paid Search");
  EXPECT_EQ(Group("google", "organic"), "Organic Search");
  EXPECT_EQ(Group("duckduckgo", "referral"), "Organic Search");  // search source wins
  EXPECT_EQ(Group("facebook", "paid_social"), "Paid Social");
  EXPECT_EQ(Group("facebook", "cpc"), "Paid Social");
  EXPECT_EQ(Group("facebook", "social"), "Organic Social");
  EXPECT_EQ(Group("x.com", "referral"), "Organic Social");
  EXPECT_EQ(Group("t.co", "referral"), "Organic Social");
  EXPECT_EQ(Group("(direct)", "(none)"), "Direct");
  EXPECT_EQ(Group("(direct)", "(not set)"), "Direct");
  EXPECT_EQ(Group("newsletter", "email"), "Email");
  EXPECT_EQ(Group("e-mail", "blast"), "Email");
  EXPECT_EQ(Group("youtube", "cpv"), "Paid Video");  // "cpv" contains "cp"
  EXPECT_EQ(Group("youtube", "referral"), "Organic Video");
  EXPECT_EQ(Group("vimeo", "video"), "Organic Video");
  EXPECT_EQ(Group("somesite", "display"), "Display");
  EXPECT_EQ(Group("somesite", "banner"), "Display");
  EXPECT_EQ(Group("criteo", "retargeting"), "Paid Other");
  EXPECT_EQ(Group("partner.com", "affiliate"), "Affiliates");
  EXPECT_EQ(Group("blog.example.org", "referral"), "Referral");
  EXPECT_EQ(Group("spotify", "audio"), "Audio");
  EXPECT_EQ(Group("twilio", "sms"), "SMS");
  EXPECT_EQ(Group("sms", "text"), "SMS");
  EXPECT_EQ(Group("app", "web-push"), "Mobile Push Notifications");
  EXPECT_EQ(Group("firebase", "x"), "Mobile Push Notifications");
  EXPECT_EQ(Group("mystery", "unknown"), "Unassigned");
  EXPECT_EQ(Group("", ""), "Unassigned");
}

TEST_F(ChannelGrouperTest, CampaignRules) {
  EXPECT_EQ(Group("google", "cpc", "pmax cross-network q1"), "Cross-network");
  EXPECT_EQ(Group("google", "cpc", "summer shopping"), "Paid Shopping");
  EXPECT_EQ(Group("google", "cpc", "eshop spring"), "Paid Shopping");  // 'e' before shop
  EXPECT_EQ(Group("google", "cpc", "bishop"), "Paid Search");  // 'i' before shop: no
  EXPECT_EQ(Group("newsletter", "email", "shop launch"), "Organic Shopping");
  EXPECT_EQ(Group("google shopping", "cpc"), "Paid Shopping");  // CSV is case-folded
  EXPECT_EQ(Group("igshopping", "referral"), "Organic Shopping");
}

TEST_F(ChannelGrouperTest, HostFormsOfListedSources) {
  EXPECT_EQ(Group("www.reddit.com", "referral"), "Organic Social");
  EXPECT_EQ(Group("yandex.ru", "referral"), "Organic Search");
}

TEST(ChannelGrouperRulesTest, UserRulesComeFirst) {
  std::string path = ::testing::TempDir() + "/channel_rules.json";
  {
    std::ofstream file(path);
    file << R"([
      // comments are allowed
      {"channel": "Events", "medium": "event|booth"},
      {"channel": "Partners", "source": "partner_.*", "medium": "referral"},
      {"channel": "Brand Search", "source": "google", "medium": "cpc", "campaign": "brand.*"}
    ])";
  }
  auto grouper = ChannelGrouper::Make(CategoriesPath(), path);
  ASSERT_TRUE(grouper.ok()) << grouper.status().ToString();
  EXPECT_EQ(grouper->Group("expo", "booth", ""), "Events");
  EXPECT_EQ(grouper->Group("expo", "booths", ""), "Unassigned");  // full match only
  EXPECT_EQ(grouper->Group("partner_acme", "referral", ""), "Partners");
  EXPECT_EQ(grouper->Group("partner_acme", "email", ""), "Email");
  EXPECT_EQ(grouper->Group("google", "cpc", "brand_2025"), "Brand Search");
  EXPECT_EQ(grouper->Group("google", "cpc", "generic"), "Paid Search");
  std::remove(path.c_str());
}

TEST(ChannelGrouperRulesTest, BadFilesAreErrors) {
  auto missing = ChannelGrouper::Make("/nonexistent.csv", "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  auto missing_rules = ChannelGrouper::Make(CategoriesPath(), "/nonexistent.json");
  ASSERT_FALSE(missing_rules.ok());
  EXPECT_EQ(missing_rules.status().code(), StatusCode::kNotFound);

  std::string path = ::testing::TempDir() + "/bad_rules.json";
  auto expect_invalid = [&](const char* text, const char* needle) {
    {
      std::ofstream file(path);
      file << text;
    }
    auto made = ChannelGrouper::Make(CategoriesPath(), path);
    ASSERT_FALSE(made.ok()) << text;
    EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(made.status().message().find(needle), std::string::npos)
        << made.status().message();
  };
  expect_invalid("{", "not a JSON array");
  expect_invalid(R"([{"medium": "x"}])", "no \"channel\"");
  expect_invalid(R"([{"channel": "A", "medium": "(unclosed"}])", "medium");
  expect_invalid(R"([{"channel": "A", "sorce": "x"}])", "unknown key \"sorce\"");

  std::string csv = ::testing::TempDir() + "/bad_categories.csv";
  {
    std::ofstream file(csv);
    file << "source,source_category\ngoogle,SOURCE_CATEGORY_NOPE\n";
  }
  auto bad_csv = ChannelGrouper::Make(csv, "");
  ASSERT_FALSE(bad_csv.ok());
  EXPECT_NE(bad_csv.status().message().find("line 2"), std::string::npos);
  std::remove(path.c_str());
  std::remove(csv.c_str());
}

TEST(ChannelGrouperRulesTest, DefaultGroupsListedInOrder) {
  const auto& groups = DefaultChannelGroups();
  ASSERT_EQ(groups.size(), 19u);
  EXPECT_EQ(groups.front(), "Direct");
  EXPECT_EQ(groups.back(), "Unassigned");
}

}  // namespace
}  // namespace mroi
