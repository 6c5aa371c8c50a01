// The strict transactions CSV reader of the segments layer.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "mroi/segments.h"

namespace mroi {
namespace {

constexpr int64_t kDay = 86'400;

TEST(SegmentTransactionsTest, ReadsColumnsInAnyOrderWithAliases) {
  const std::string_view text =
      "Amount,note,Date,Customer_ID\n"
      "12.5,x,2025-03-01,alice\n"
      "3,\"a, b\",20250302,bob\n"
      "  \n"
      "7.25,,2025-03-03T23:30:00+02:00,alice\r\n"
      "0,,1740787200,carol\n";
  auto read = ParseSegmentTransactions(text, "t.csv");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->customer_keys, (std::vector<std::string>{"alice", "bob", "carol"}));
  ASSERT_EQ(read->transactions.size(), 4u);
  const int64_t march_1 = int64_t{DaysFromCivil(2025, 3, 1)} * kDay;
  EXPECT_EQ(read->transactions[0].customer_id, 0);
  EXPECT_EQ(read->transactions[0].time, march_1);
  EXPECT_DOUBLE_EQ(read->transactions[0].amount, 12.5);
  EXPECT_EQ(read->transactions[1].customer_id, 1);
  EXPECT_EQ(read->transactions[1].time, march_1 + kDay);
  EXPECT_EQ(read->transactions[2].customer_id, 0);
  EXPECT_EQ(read->transactions[2].time, march_1 + 2 * kDay + 21 * 3600 + 1800);
  EXPECT_EQ(read->transactions[3].time, 1740787200);
  EXPECT_DOUBLE_EQ(read->transactions[3].amount, 0);
}

void ExpectError(std::string_view text, std::string_view needle) {
  auto read = ParseSegmentTransactions(text, "t.csv");
  ASSERT_FALSE(read.ok()) << text;
  EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(read.status().message().find(needle), std::string::npos)
      << read.status().message();
}

TEST(SegmentTransactionsTest, BadInputNamesFileAndLine) {
  ExpectError("", "t.csv: empty file");
  ExpectError("customer_id,amount\nx,1\n", "t.csv:1: no date column");
  ExpectError("customer_id,date\nx,2025-01-01\n", "t.csv:1: no amount column");
  ExpectError("date,amount\n2025-01-01,1\n", "t.csv:1: no customer id column");
  ExpectError("customer_id,date,amount,revenue\nx,2025-01-01,1,1\n",
              "two amount columns");
  ExpectError("customer_id,date,amount\n", "no transactions");
  ExpectError("customer_id,date,amount\nx,2025-01-01,1\nx,2025-02-30,1\n",
              "t.csv:3: '2025-02-30'");
  ExpectError("customer_id,date,amount\nx,yesterday,1\n", "t.csv:2:");
  ExpectError("customer_id,date,amount\nx,2025-01-01,-4.5\n",
              "t.csv:2: amount -4.5 is negative");
  ExpectError("customer_id,date,amount\nx,2025-01-01,abc\n",
              "t.csv:2: amount 'abc' is not");
  ExpectError("customer_id,date,amount\nx,2025-01-01,inf\n", "is not a finite number");
  ExpectError("customer_id,date,amount\nx,2025-01-01\n",
              "t.csv:2: 2 fields, the header has 3");
  ExpectError("customer_id,date,amount\n,2025-01-01,3\n", "t.csv:2: empty customer id");
  ExpectError("customer_id,date,amount\n\"x\"y,2025-01-01,3\n",
              "text after a closing quote");
}

TEST(SegmentTransactionsTest, ReadsAFileAndReportsAMissingOne) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "mroi_segments_transactions_test.csv";
  {
    std::ofstream out(path);
    out << "customer_id,date,amount\nx,2025-01-01,4\ny,2025-01-02,5\nx,2025-01-09,1\n";
  }
  auto read = ReadSegmentTransactions(path.string());
  std::filesystem::remove(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->transactions.size(), 3u);
  EXPECT_EQ(read->customer_keys.size(), 2u);
  EXPECT_EQ(ReadSegmentTransactions("/nonexistent/t.csv").status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace mroi
