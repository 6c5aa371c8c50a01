#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "mroi/pipeline.h"

namespace mroi {
namespace {

std::string WriteTemp(const std::string& text) {
  std::string path = ::testing::TempDir() + "mroi_config_" +
                     std::to_string(std::hash<std::string>()(text)) + ".json";
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, ReadsEverySection) {
  std::string path = WriteTemp(R"({
    // comments are allowed
    "ingest": {"delimiter": ";", "timezone": "Asia/Shanghai"},
    "clean": {"rules": {"bot_rate": false}, "duplicate_order": "first", "gross_margin": 0.3,
              "invalid_click_window_s": 120, "source_aliases": {"goog": "google"}},
    "identity": {"hash_emails": true},
    "journeys": {"lookback_days": 90, "include_non_converting": false}
  })");
  PipelineOptions options;
  Status status = LoadConfigFile(path, &options);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(options.ingest.delimiter, ';');
  EXPECT_EQ(options.ingest.default_zone.name(), "Asia/Shanghai");
  EXPECT_FALSE(options.clean.enabled[static_cast<size_t>(Rule::kBotRate)]);
  EXPECT_TRUE(options.clean.enabled[static_cast<size_t>(Rule::kBotUserAgent)]);
  EXPECT_EQ(options.clean.duplicate_order, DuplicateOrderPolicy::kFirstWins);
  EXPECT_DOUBLE_EQ(options.clean.gross_margin, 0.3);
  EXPECT_EQ(options.clean.invalid_click_window_s, 120);
  EXPECT_EQ(options.clean.source_aliases.at("goog"), "google");
  EXPECT_TRUE(options.identity.hash_emails);
  EXPECT_EQ(options.journeys.lookback_s, 90 * 86400);
  EXPECT_FALSE(options.journeys.include_non_converting);
}

TEST(ConfigTest, ErrorsNameTheProblem) {
  struct Case {
    const char* json;
    const char* expected;
  };
  for (const Case& bad : {Case{R"({"clean": {"bot_rat": 3}})", "clean.bot_rat"},
                          Case{R"({"clean": {"rules": {"no_such_rule": true}}})", "no_such_rule"},
                          Case{R"({"clean": {"rules": {"parse_error": false}}})", "parse_error"},
                          Case{R"({"clean": {"gross_margin": 2}})", "gross_margin"},
                          Case{R"({"ingest": {"timezone": "Mars/Base"}})", "Mars/Base"},
                          Case{R"({"journeys": {"lookback_days": "x"}})", "lookback_days"},
                          Case{R"({"bogus": 1})", "bogus"}, Case{"{not json", "not valid JSON"}}) {
    PipelineOptions options;
    Status status = LoadConfigFile(WriteTemp(bad.json), &options);
    EXPECT_FALSE(status.ok()) << bad.json;
    EXPECT_NE(status.message().find(bad.expected), std::string::npos) << status.message();
  }
  PipelineOptions options;
  EXPECT_EQ(LoadConfigFile("/nonexistent/mroi.json", &options).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace mroi
