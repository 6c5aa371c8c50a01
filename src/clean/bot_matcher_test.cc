#include "mroi/clean.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace mroi {
namespace {

constexpr const char* kChromeUa =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36";
constexpr const char* kSafariUa =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

TEST(BotMatcherTest, FromPatternsMatchesAndNamesTheFirst) {
  auto bots = BotMatcher::FromPatterns({"Googlebot\\/", "bingbot", "[a-z]*spider"});
  ASSERT_TRUE(bots.ok()) << bots.status().ToString();
  EXPECT_EQ(bots->num_patterns(), 3u);
  EXPECT_TRUE(bots->Matches("Mozilla/5.0 (compatible; Googlebot/2.1)"));
  EXPECT_EQ(bots->FirstMatch("Mozilla/5.0 (compatible; Googlebot/2.1)"), "Googlebot\\/");
  EXPECT_EQ(bots->FirstMatch("Baiduspider and bingbot"), "bingbot");
  EXPECT_FALSE(bots->Matches(kChromeUa));
  EXPECT_EQ(bots->FirstMatch(kChromeUa), "");
  // Case-sensitive, like the list's own tests.
  EXPECT_FALSE(bots->Matches("googlebot/2.1"));
}

TEST(BotMatcherTest, PatternsRe2CannotCompileAreSkipped) {
  // Look-ahead and back-references are not RE2 syntax; the good pattern still works.
  auto bots = BotMatcher::FromPatterns({"(?!x)bot", "(a)\\1", "crawler", ""});
  ASSERT_TRUE(bots.ok());
  EXPECT_EQ(bots->num_patterns(), 1u);
  EXPECT_TRUE(bots->Matches("my crawler"));
}

TEST(BotMatcherTest, EmptyListMatchesNothing) {
  auto bots = BotMatcher::FromPatterns({});
  ASSERT_TRUE(bots.ok());
  EXPECT_FALSE(bots->Matches("Googlebot/2.1"));
}

TEST(BotMatcherTest, ShippedListCatchesBotsAndSparesBrowsers) {
  auto bots = BotMatcher::Make(DefaultDataDir() + "/crawler-user-agents.json");
  ASSERT_TRUE(bots.ok()) << bots.status().ToString();
  // The shipped list has ~1,500 patterns; nearly all compile in RE2.
  EXPECT_GT(bots->num_patterns(), 1400u);
  EXPECT_TRUE(bots->Matches("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
  EXPECT_TRUE(bots->Matches("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"));
  EXPECT_TRUE(bots->Matches("python-requests/2.31.0"));
  EXPECT_TRUE(bots->Matches("curl/8.5.0"));
  EXPECT_FALSE(bots->Matches(kChromeUa));
  EXPECT_FALSE(bots->Matches(kSafariUa));
}

TEST(BotMatcherTest, MissingOrMalformedFileIsAnError) {
  auto missing = BotMatcher::Make("/nonexistent/crawlers.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  std::string path = ::testing::TempDir() + "/bad_crawlers.json";
  {
    std::ofstream file(path);
    file << "{\"pattern\": \"x\"";
  }
  auto malformed = BotMatcher::Make(path);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().code(), StatusCode::kInvalidArgument);
  {
    std::ofstream file(path);
    file << "[{\"url\": \"x\"}]";
  }
  auto no_pattern = BotMatcher::Make(path);
  ASSERT_FALSE(no_pattern.ok());
  EXPECT_NE(no_pattern.status().message().find("entry 0"), std::string::npos);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace mroi
