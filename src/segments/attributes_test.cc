// Imported customer attributes: parsing, joining and cross-tabulation.
#include <gtest/gtest.h>

#include "mroi/segments.h"

#include "test_util_internal.h"

namespace mroi {
namespace {

// Keys "c0".."c9" for the hand example's ids 0..9.
std::vector<std::string> HandKeys() {
  std::vector<std::string> keys;
  for (int id = 0; id < 10; ++id) keys.push_back("c" + std::to_string(id));
  return keys;
}

RfmResult HandRfm() {
  RfmOptions options;
  options.as_of = testing::HandAsOf();
  return *ComputeRfm(testing::HandExample(), options);
}

constexpr std::string_view kSurvey =
    "\xEF\xBB\xBF"
    "customer_id,heard_from,\"nps, 0-10\"\r\n"
    "c0,podcast,10\r\n"
    "c1,\"friend, colleague\",9\r\n"
    "c2,podcast,\r\n"
    "\r\n"
    "c6,search,3\r\n"
    "zz,search,7\r\n"
    "yy,podcast,8\r\n";

TEST(AttributesTest, ParsesQuotedFieldsAndColumns) {
  auto attributes = ParseCustomerAttributes(kSurvey, "survey.csv");
  ASSERT_TRUE(attributes.ok()) << attributes.status().ToString();
  EXPECT_EQ(attributes->columns, (std::vector<std::string>{"heard_from", "nps, 0-10"}));
  ASSERT_EQ(attributes->customer_keys.size(), 6u);
  EXPECT_EQ(attributes->values[1][0], "friend, colleague");
  EXPECT_EQ(attributes->values[2][1], "");
}

TEST(AttributesTest, JoinCountsUnknownAndMissingCustomers) {
  auto attributes = ParseCustomerAttributes(kSurvey, "survey.csv");
  ASSERT_TRUE(attributes.ok());
  const RfmResult rfm = HandRfm();
  const std::vector<std::string> keys = HandKeys();
  auto joined = JoinAttribute(*attributes, "heard_from", keys, rfm);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_EQ(joined->attribute_rows, 6);
  EXPECT_EQ(joined->matched_rows, 4);
  EXPECT_EQ(joined->unknown_customers, 2);
  EXPECT_EQ(joined->unknown_examples, (std::vector<std::string>{"zz", "yy"}));
  EXPECT_EQ(joined->customers_without_row, 6);
  EXPECT_EQ(
      joined->dimension.values,
      (std::vector<std::string>{"friend, colleague", "podcast", "search", "(missing)"}));

  const SegmentCrossTab table =
      CrossTabulate(rfm, *BuiltinDimension(rfm, "rfm_segment"), joined->dimension);
  const size_t width = table.columns.size();
  // Champions: c0 podcast, c1 friend, c2 podcast.
  EXPECT_EQ(table.customers[0 * width + 0], 1);
  EXPECT_EQ(table.customers[0 * width + 1], 2);
  EXPECT_DOUBLE_EQ(table.revenue[0 * width + 1], 1050);
  // at_risk: c6 search, c8 missing.
  const size_t at_risk = static_cast<size_t>(RfmSegment::kAtRisk);
  EXPECT_EQ(table.customers[at_risk * width + 2], 1);
  EXPECT_DOUBLE_EQ(table.revenue[at_risk * width + 2], 800);
  EXPECT_EQ(table.customers[at_risk * width + 3], 1);
  int64_t total = 0;
  for (int64_t cell : table.customers) total += cell;
  EXPECT_EQ(total, 10);
}

TEST(AttributesTest, NumericValuesSortAsNumbersAndBlankIsLabelled) {
  auto attributes = ParseCustomerAttributes(kSurvey, "survey.csv");
  const RfmResult rfm = HandRfm();
  const std::vector<std::string> keys = HandKeys();
  auto joined = JoinAttribute(*attributes, "nps, 0-10", keys, rfm);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->dimension.values,
            (std::vector<std::string>{"3", "9", "10", "(blank)", "(missing)"}));
  EXPECT_EQ(joined->dimension.value_of_customer[2], 3);  // c2 answered nothing
}

TEST(AttributesTest, UnknownColumnListsTheColumns) {
  auto attributes = ParseCustomerAttributes(kSurvey, "survey.csv");
  const RfmResult rfm = HandRfm();
  const std::vector<std::string> keys = HandKeys();
  auto joined = JoinAttribute(*attributes, "age", keys, rfm);
  EXPECT_EQ(joined.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(joined.status().message().find("heard_from"), std::string::npos);
  const std::vector<std::string> too_few = {"c0"};
  EXPECT_FALSE(JoinAttribute(*attributes, "heard_from", too_few, rfm).ok());
}

void ExpectError(std::string_view text, std::string_view needle) {
  auto attributes = ParseCustomerAttributes(text, "a.csv");
  ASSERT_FALSE(attributes.ok()) << text;
  EXPECT_EQ(attributes.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(attributes.status().message().find(needle), std::string::npos)
      << attributes.status().message();
}

TEST(AttributesTest, BadFilesAreClearErrors) {
  ExpectError("", "empty file");
  ExpectError("name,age\nx,3\n", "a.csv:1: no customer id column");
  ExpectError("customer_id\nx\n", "no attribute column");
  ExpectError("id,age,Age\nx,1,2\n", "appears twice");
  ExpectError("id,age\nx,1\nx,2\n",
              "a.csv:3: customer 'x' appears twice (first on line 2)");
  ExpectError("id,age\nx,1,9\n", "a.csv:2: 3 fields, the header has 2");
  ExpectError("id,age\n,4\n", "a.csv:2: empty customer id");
  ExpectError("id,age\nx,\"4\n", "a.csv:2: unterminated quoted field");
  ExpectError("id,age\n", "no attribute rows");
  EXPECT_EQ(ReadCustomerAttributes("/nonexistent/attributes.csv").status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace mroi
