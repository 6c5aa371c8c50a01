#include <gtest/gtest.h>

#include "mroi/api_params.h"

namespace mroi::api {
namespace {

TEST(ParamsTest, AbsentSingleIsEmptyAndRepeatedValuesKeepTheirOrder) {
  Params params;
  params.Add("channel", "search:share=0.4:cpc=10");
  params.Add("channel", "social:share=0.2:cpc=3");
  params.Add("target", "100");
  EXPECT_FALSE(params.Has("budget"));
  EXPECT_EQ(params.Single("budget").value(), "");
  EXPECT_EQ(params.Single("target").value(), "100");
  ASSERT_EQ(params.All("channel").size(), 2u);
  EXPECT_EQ(params.All("channel")[1], "social:share=0.2:cpc=3");
  EXPECT_TRUE(params.All("nothing").empty());
}

TEST(ParamsTest, SingleGivenTwiceIsAnErrorNamingTheFlag) {
  Params params;
  params.Add("target", "1");
  params.Add("target", "2");
  Result<std::string> target = params.Single("target");
  ASSERT_FALSE(target.ok());
  EXPECT_EQ(target.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(target.status().message(), "--target given 2 times; give it once");
}

TEST(ParamsTest, UnknownNameIsAnErrorListingTheKnownOnes) {
  Params params;
  params.Add("target", "1");
  EXPECT_TRUE(params.CheckNames({"target", "budget"}, "x").ok());
  params.Add("colour", "red");
  Status status = params.CheckNames({"target", "budget"}, "plan reverse");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "unknown parameter --colour for plan reverse; known: --target, --budget");
}

TEST(ParseNumberTest, AcceptsFiniteNumbersOnly) {
  EXPECT_DOUBLE_EQ(ParseNumber("1e3", "--budget").value(), 1000.0);
  EXPECT_DOUBLE_EQ(ParseNumber("-0.25", "--budget").value(), -0.25);
  for (const char* bad : {"abc", "", "12x", "inf", "nan", " 1", "1e999"}) {
    Result<double> parsed = ParseNumber(bad, "--budget");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().message(),
              std::string("--budget '") + bad + "' is not a number");
  }
}

TEST(ParseWholeNumberTest, AcceptsDigitsWithSign) {
  EXPECT_EQ(ParseWholeNumber("100000", "--draws").value(), 100000);
  EXPECT_EQ(ParseWholeNumber("+7", "--seed").value(), 7);
  EXPECT_EQ(ParseWholeNumber("-3", "--seed").value(), -3);
  for (const char* bad : {"", "1.5", "abc", "99999999999999999999", "+"}) {
    Result<int64_t> parsed = ParseWholeNumber(bad, "--draws");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().message(),
              std::string("--draws '") + bad + "' is not a whole number");
  }
}

}  // namespace
}  // namespace mroi::api
