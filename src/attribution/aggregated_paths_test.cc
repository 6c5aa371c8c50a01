// Tests of aggregated paths (ChannelAttribution's format): parsing, errors with
// file:line, and the expanded journeys under Markov, Shapley and rule models.
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "mroi/attribution.h"
#include "mroi/data_driven.h"

namespace mroi {
namespace {

// Three paths:
//   "A > B": 2 conversions (value 100), 1 null
//   "B":     1 conversion (value 30)
//   "A":     0 conversions, 1 null
constexpr std::string_view kThreePaths =
    "path,total_conversions,total_conversion_value,total_null\n"
    "A > B,2,100,1\n"
    "\"B\",1,30,0\n"
    "A,0,0,1\n";

AggregatedPaths MustParse(std::string_view text) {
  auto parsed = ParseAggregatedPaths(text, "paths.csv");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? *parsed : AggregatedPaths{};
}

TEST(AggregatedPathsTest, ParsesRows) {
  AggregatedPaths paths = MustParse(kThreePaths);
  ASSERT_EQ(paths.paths.size(), 3u);
  EXPECT_EQ(paths.paths[0].channels, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(paths.paths[0].conversions, 2);
  EXPECT_DOUBLE_EQ(paths.paths[0].conversion_value, 100);
  EXPECT_EQ(paths.paths[0].nulls, 1);
  EXPECT_EQ(paths.paths[0].line, 2);
  EXPECT_EQ(paths.paths[1].channels, (std::vector<std::string>{"B"}));
  EXPECT_EQ(paths.paths[2].nulls, 1);
}

TEST(AggregatedPathsTest, SpacesAroundSeparatorOptionalAndColumnsOptional) {
  AggregatedPaths paths = MustParse("total_conversions,path\r\n3,seo>direct >  crm\r\n");
  ASSERT_EQ(paths.paths.size(), 1u);
  EXPECT_EQ(paths.paths[0].channels, (std::vector<std::string>{"seo", "direct", "crm"}));
  EXPECT_EQ(paths.paths[0].conversions, 3);
  EXPECT_EQ(paths.paths[0].nulls, 0);
  EXPECT_DOUBLE_EQ(paths.paths[0].conversion_value, 0);
}

void ExpectError(std::string_view text, std::string_view needle) {
  auto parsed = ParseAggregatedPaths(text, "paths.csv");
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(needle), std::string::npos)
      << parsed.status().message();
}

TEST(AggregatedPathsTest, BadRowsNameFileAndLine) {
  ExpectError("path,total_conversions\nA,1\n,2\n", "paths.csv:3: empty path");
  ExpectError("path,total_conversions\nA,x\n", "paths.csv:2: total_conversions 'x'");
  ExpectError("path,total_conversions\nA,1.5\n", "paths.csv:2:");
  ExpectError("path,total_conversions\nA,-1\n", "paths.csv:2:");
  ExpectError("path,total_conversions,total_null\nA,1,0.5\n", "paths.csv:2: total_null");
  ExpectError("path,total_conversions,total_conversion_value\nA,1,abc\n",
              "paths.csv:2: total_conversion_value");
  ExpectError("path,total_conversions\nA > > B,1\n", "paths.csv:2: empty channel");
  ExpectError("path,conversions\nA,1\n", "paths.csv:1: the header must name");
  ExpectError("", "empty file");
}

// Plain integers and decimals take a fast path (from_chars); other spellings fall
// back to strtod. Both must accept and refuse the same texts.
TEST(AggregatedPathsTest, NumberSpellingsAcceptedAndRefused) {
  AggregatedPaths paths = MustParse(
      "path,total_conversions,total_conversion_value,total_null\n"
      "A,3,12.5,0\n"
      "B,3.0,+1.5, 4 \n"
      "C,3e0,0x10,\n"
      "D,0,,9000000000000000\n"
      "\"E, F\",1,\"2.25\",1\n");
  ASSERT_EQ(paths.paths.size(), 5u);
  EXPECT_EQ(paths.paths[0].conversions, 3);
  EXPECT_EQ(paths.paths[0].conversion_value, 12.5);
  EXPECT_EQ(paths.paths[1].conversions, 3);
  EXPECT_EQ(paths.paths[1].conversion_value, 1.5);
  EXPECT_EQ(paths.paths[1].nulls, 4);
  EXPECT_EQ(paths.paths[2].conversions, 3);
  EXPECT_EQ(paths.paths[2].conversion_value, 16);
  EXPECT_EQ(paths.paths[2].nulls, 0);
  EXPECT_EQ(paths.paths[3].nulls, 9000000000000000);
  EXPECT_EQ(paths.paths[4].channels, (std::vector<std::string>{"E, F"}));
  EXPECT_EQ(paths.paths[4].conversion_value, 2.25);
  ExpectError("path,total_conversions\nA,9000000000000001\n", "paths.csv:2:");
  ExpectError("path,total_conversions\nA,-0.5\n", "paths.csv:2:");
  ExpectError("path,total_conversions,total_conversion_value\nA,1,1e400\n",
              "paths.csv:2: total_conversion_value");
  ExpectError("path,total_conversions,total_conversion_value\nA,1,nan\n",
              "paths.csv:2: total_conversion_value");
  ExpectError("path,total_conversions\n\"A,1\n", "paths.csv:2: unterminated");
}

TEST(AggregatedPathsTest, MissingFileIsNotFound) {
  auto read = ReadAggregatedPaths("/nonexistent/paths.csv");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
}

TEST(AggregatedPathsTest, ReadsFile) {
  const std::string file = ::testing::TempDir() + "aggregated_paths_test.csv";
  {
    std::ofstream out(file);
    out << kThreePaths;
  }
  auto read = ReadAggregatedPaths(file);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->paths.size(), 3u);
  std::remove(file.c_str());
}

TEST(AggregatedPathsTest, ExpandsOneJourneyPerConversionAndNull) {
  auto expanded = ExpandAggregatedPaths(MustParse(kThreePaths));
  ASSERT_TRUE(expanded.ok()) << expanded.status().message();
  const Journeys& journeys = expanded->journeys;
  // 2 + 1 (A > B), 1 (B), 1 (A) = 5 journeys, 3 converting.
  ASSERT_EQ(journeys.num_journeys(), 5);
  int converting = 0;
  double revenue = 0;
  for (int64_t j = 0; j < journeys.num_journeys(); ++j) {
    converting += journeys.converting(j) ? 1 : 0;
    revenue += journeys.revenue[static_cast<size_t>(j)];
  }
  EXPECT_EQ(converting, 3);
  EXPECT_DOUBLE_EQ(revenue, 130);  // 2 x 50 + 30
  EXPECT_DOUBLE_EQ(journeys.revenue[0], 50);
  EXPECT_EQ(journeys.length(0), 2);
  EXPECT_EQ(journeys.touch_channel.size(), 2u * 3 + 1 + 1);
  EXPECT_EQ(expanded->identity.persons, 5);
}

// Hand solution, order 1. Journeys: A>B>conv x2, A>B>null, B>conv, A>null.
// Transitions: start->A 4, start->B 1; A->B 3, A->null 1; B->conv 3, B->null 1.
// P(conv) = 4/5 * 3/4 * 3/4 + 1/5 * 3/4 = 9/20 + 3/20 = 0.6.
// Without A (start->A goes to null): 1/5 * 3/4 = 0.15, removal effect 1 - 0.15/0.6 = 0.75.
// Without B: 0, removal effect 1.
// Credit of 3 conversions: A 3 * 0.75/1.75 = 9/7, B 3 * 1/1.75 = 12/7;
// revenue 130: A 130 * 3/7, B 130 * 4/7.
TEST(AggregatedPathsTest, MarkovByHand) {
  auto expanded = ExpandAggregatedPaths(MustParse(kThreePaths));
  ASSERT_TRUE(expanded.ok());
  auto markov = MarkovAttribution(expanded->dataset, expanded->journeys, MarkovOptions{});
  ASSERT_TRUE(markov.ok()) << markov.status().message();
  EXPECT_NEAR(markov->conversion_probability, 0.6, 1e-12);
  const int32_t a = markov->FindChannel("A");
  const int32_t b = markov->FindChannel("B");
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  EXPECT_NEAR(markov->removal_effects[static_cast<size_t>(a)], 0.75, 1e-12);
  EXPECT_NEAR(markov->removal_effects[static_cast<size_t>(b)], 1.0, 1e-12);
  EXPECT_NEAR(markov->credit[static_cast<size_t>(a)].conversions, 9.0 / 7, 1e-12);
  EXPECT_NEAR(markov->credit[static_cast<size_t>(b)].conversions, 12.0 / 7, 1e-12);
  EXPECT_NEAR(markov->credit[static_cast<size_t>(a)].revenue, 130.0 * 3 / 7, 1e-9);
  EXPECT_NEAR(markov->total.conversions, 3, 1e-12);
}

// Shapley: v({A}) = 0, v({B}) = 1, v({A,B}) = 3.
// phi_A = 1/2 (0 - 0) + 1/2 (3 - 1) = 1; phi_B = 1/2 (1 - 0) + 1/2 (3 - 0) = 2.
TEST(AggregatedPathsTest, ShapleyByHand) {
  auto expanded = ExpandAggregatedPaths(MustParse(kThreePaths));
  ASSERT_TRUE(expanded.ok());
  auto shapley = ShapleyAttribution(expanded->dataset, expanded->journeys);
  ASSERT_TRUE(shapley.ok()) << shapley.status().message();
  EXPECT_NEAR(shapley->credit[static_cast<size_t>(shapley->FindChannel("A"))].conversions, 1,
              1e-12);
  EXPECT_NEAR(shapley->credit[static_cast<size_t>(shapley->FindChannel("B"))].conversions, 2,
              1e-12);
}

// Rule models: last click gives B all 3; linear gives A 2 x 1/2 = 1, B 2 x 1/2 + 1 = 2;
// w_shaped (no leads) falls back to u_shaped for all 3 journeys.
TEST(AggregatedPathsTest, RuleModelsRunUnchanged) {
  auto expanded = ExpandAggregatedPaths(MustParse(kThreePaths));
  ASSERT_TRUE(expanded.ok());
  AttributionOptions options;
  options.models = {AttributionModel::kLast, AttributionModel::kLinear,
                    AttributionModel::kWShaped};
  auto result = AttributeJourneys(expanded->dataset, expanded->identity, expanded->journeys,
                                  options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NEAR(result->total.conversions, 3, 1e-12);
  const int32_t a = result->FindChannel("A");
  const int32_t b = result->FindChannel("B");
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  const ModelCredit* last = result->Find(AttributionModel::kLast);
  const ModelCredit* linear = result->Find(AttributionModel::kLinear);
  ASSERT_NE(last, nullptr);
  ASSERT_NE(linear, nullptr);
  EXPECT_NEAR(last->channels[static_cast<size_t>(b)].conversions, 3, 1e-12);
  EXPECT_NEAR(last->channels[static_cast<size_t>(a)].conversions, 0, 1e-12);
  EXPECT_NEAR(linear->channels[static_cast<size_t>(a)].conversions, 1, 1e-12);
  EXPECT_NEAR(linear->channels[static_cast<size_t>(b)].conversions, 2, 1e-12);
  const ModelCredit* w_shaped = result->Find(AttributionModel::kWShaped);
  ASSERT_NE(w_shaped, nullptr);
  EXPECT_EQ(w_shaped->fallback_journeys, 3);
}

}  // namespace
}  // namespace mroi
