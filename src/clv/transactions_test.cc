// The transactions reader (layouts, missing ids, bad rows, gzip) and the netting
// of returns, against hand-computed figures.

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "clv/test_data_internal.h"
#include "mroi/clv.h"

namespace mroi {
namespace {

constexpr UnixSeconds kDay = 86'400;

class TransactionsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& path : written_) std::remove(path.c_str());
  }

  std::string TempPath(const std::string& suffix) {
    std::string path = (std::filesystem::temp_directory_path() /
                        ("clv_transactions_test_" + std::to_string(written_.size()) + "_" +
                         std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                         suffix))
                           .string();
    written_.push_back(path);
    return path;
  }

  std::string Write(const std::string& text, const std::string& suffix = ".csv") {
    std::string path = TempPath(suffix);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::string WriteGzip(const std::string& text) {
    std::string path = TempPath(".csv.gz");
    gzFile file = gzopen(path.c_str(), "wb");
    EXPECT_NE(file, nullptr);
    EXPECT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())),
              static_cast<int>(text.size()));
    gzclose(file);
    return path;
  }

  std::vector<std::string> written_;
};

TEST(NetReturnsTest, ReturnsEatTheLatestEarlierPurchasesFirst) {
  const std::vector<Transaction> transactions = {
      {1, 3 * kDay, -70},  // eats purchase 50 (day 2) fully, then 20 of purchase 100
      {1, 1 * kDay, 100},
      {1, 2 * kDay, 50},
      {2, 0, -30},         // before customer 2's first purchase: unmatched
      {2, 1 * kDay, 40},
      {3, 5 * kDay, 20},   // same second: the purchase comes first and is cancelled
      {3, 5 * kDay, -20},
      {4, 1 * kDay, 0},    // a zero purchase no return touched stays
  };
  NettedTransactions netted = NetReturns(transactions);
  ASSERT_EQ(netted.purchases.size(), 3u);
  EXPECT_EQ(netted.purchases[0].customer_id, 1);
  EXPECT_EQ(netted.purchases[0].time, 1 * kDay);
  EXPECT_DOUBLE_EQ(netted.purchases[0].amount, 80);
  EXPECT_EQ(netted.purchases[1].customer_id, 2);
  EXPECT_DOUBLE_EQ(netted.purchases[1].amount, 40);
  EXPECT_EQ(netted.purchases[2].customer_id, 4);
  EXPECT_DOUBLE_EQ(netted.purchases[2].amount, 0);
  EXPECT_EQ(netted.counts.purchases, 5);
  EXPECT_EQ(netted.counts.returns, 3);
  EXPECT_DOUBLE_EQ(netted.counts.returned_amount_netted, 90);
  EXPECT_DOUBLE_EQ(netted.counts.returned_amount_unmatched, 30);
  EXPECT_EQ(netted.counts.purchases_cancelled, 2);
}

TEST(NetReturnsTest, ReturnLargerThanHistorySpillsIntoUnmatched) {
  const std::vector<Transaction> transactions = {{7, 0, 10}, {7, kDay, 15}, {7, 2 * kDay, -40}};
  NettedTransactions netted = NetReturns(transactions);
  EXPECT_TRUE(netted.purchases.empty());
  EXPECT_DOUBLE_EQ(netted.counts.returned_amount_netted, 25);
  EXPECT_DOUBLE_EQ(netted.counts.returned_amount_unmatched, 15);
  EXPECT_EQ(netted.counts.purchases_cancelled, 2);
}

TEST_F(TransactionsTest, ColumnsLayoutCountsMissingIdsAndBadRows) {
  const std::string path = Write(
      "customer_id,date,amount,note\n"
      "a,2024-01-01,10,\"first, with comma\"\n"
      "a,2024-01-08T12:00:00Z,20.5,x\n"
      ",2024-01-02,5,no id\n"
      "NA,2024-01-02,5,no id\n"
      "b,not-a-date,5,bad\n"
      "b,2024-01-03,abc,bad\n"
      "b,2024-01-03,7\n"
      "\n"
      "b,20240105,-3,\"a \"\"quoted\"\" return\"\n"
      "b,20240104,9,ok\n");
  Result<TransactionLog> log = ReadTransactionsCsv(path, {});
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(log->layout, TransactionLayout::kColumns);
  EXPECT_TRUE(log->has_amounts);
  EXPECT_EQ(log->rows_read, 9);
  EXPECT_EQ(log->rows_without_customer, 2);
  EXPECT_EQ(log->rows_skipped, 3);
  EXPECT_EQ(log->transactions, 4);  // rows read = used + without customer + skipped
  EXPECT_EQ(log->rows_read, log->transactions + log->rows_without_customer + log->rows_skipped);
  ASSERT_EQ(log->skipped_examples.size(), 3u);
  EXPECT_NE(log->skipped_examples[0].find(":6: bad date"), std::string::npos)
      << log->skipped_examples[0];
  EXPECT_NE(log->skipped_examples[1].find(":7: amount 'abc' is not a number"), std::string::npos);
  EXPECT_NE(log->skipped_examples[2].find(":8: 3 fields, the header has 4"), std::string::npos);
  ASSERT_EQ(log->customer_names, (std::vector<std::string>{"a", "b"}));
  // b: 9 on day 4, return of 3 on day 5 → 6 left.
  ASSERT_EQ(log->purchases.size(), 3u);
  EXPECT_DOUBLE_EQ(log->purchases[2].amount, 6);
  EXPECT_EQ(log->purchases[1].time, 1704715200);  // 2024-01-08T12:00:00Z
  EXPECT_EQ(log->netting.returns, 1);
  EXPECT_DOUBLE_EQ(log->netting.returned_amount_netted, 3);
}

TEST_F(TransactionsTest, ChosenColumnsAndNoAmountColumn) {
  const std::string path = Write("when;who\n2024-02-01;x\n2024-02-03;x\n");
  TransactionReadOptions options;
  options.customer_column = "WHO";
  options.date_column = "when";
  Result<TransactionLog> log = ReadTransactionsCsv(path, options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_FALSE(log->has_amounts);
  ASSERT_EQ(log->purchases.size(), 2u);
  EXPECT_EQ(log->purchases[1].amount, 0);
  // A chosen amount column that is absent is an error.
  options.amount_column = "spend";
  Result<TransactionLog> missing = ReadTransactionsCsv(path, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find(":1: no amount column 'spend'"), std::string::npos)
      << missing.status().message();
}

TEST_F(TransactionsTest, OnlineRetailGzipNetsCancellations) {
  const std::string text =
      "\"InvoiceNo\",\"StockCode\",\"Description\",\"Quantity\",\"InvoiceDate\",\"UnitPrice\","
      "\"CustomerID\",\"Country\"\n"
      "\"536365\",\"A\",\"LANTERN, WHITE\",6,2010-12-01 08:26:00,2.5,17850,\"United Kingdom\"\n"
      "\"536365\",\"B\",\"MUG \"\"BIG\"\"\",2,2010-12-01 08:27:00,5,17850,\"United Kingdom\"\n"
      "\"536370\",\"C\",\"CUP\",10,2010-12-03 10:00:00,1,17850.0,\"France\"\n"
      "\"C536380\",\"C\",\"CUP\",-4,2010-12-05 10:00:00,1,17850,\"France\"\n"
      "\"536400\",\"D\",\"NO ID\",1,2010-12-06 10:00:00,3,NA,\"United Kingdom\"\n"
      "\"536401\",\"E\",\"SET\",1,2010-12-07 10:00:00,8,12583,\"France\"\n"
      "\"C536402\",\"E\",\"SET\",-1,2010-12-07 11:00:00,8,12583,\"France\"\n";
  Result<TransactionLog> log = ReadTransactionsCsv(WriteGzip(text), {});
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(log->layout, TransactionLayout::kOnlineRetail);
  EXPECT_EQ(log->rows_read, 7);
  EXPECT_EQ(log->rows_without_customer, 1);
  EXPECT_EQ(log->rows_skipped, 0);
  EXPECT_EQ(log->transactions, 5);  // 536365, 536370, C536380, 536401, C536402
  ASSERT_EQ(log->customer_names, (std::vector<std::string>{"17850", "12583"}));
  // 17850: invoice 536365 = 6 * 2.5 + 2 * 5 = 25 (dated by its first line), 536370 = 10,
  // cancelled 4 → 6. 12583: 8 bought and cancelled the same day → no purchase left.
  ASSERT_EQ(log->purchases.size(), 2u);
  EXPECT_DOUBLE_EQ(log->purchases[0].amount, 25);
  EXPECT_EQ(log->purchases[0].time, 1291191960);  // 2010-12-01T08:26:00Z
  EXPECT_DOUBLE_EQ(log->purchases[1].amount, 6);
  EXPECT_EQ(log->netting.returns, 2);
  EXPECT_EQ(log->netting.purchases_cancelled, 1);
  EXPECT_DOUBLE_EQ(log->netting.returned_amount_netted, 12);
}

TEST_F(TransactionsTest, CdnowWhitespaceLayoutWithAndWithoutHeader) {
  const std::string master =
      " customer_id  date number_of_cds  dollar_value\n"
      " 00001 19970101  1   11.77\n"
      " 00002 19970112  1   12.00\n"
      " 00002 19970112  5   77.00\n"
      " 00002 19970203  2   20.76\n";
  Result<TransactionLog> log = ReadTransactionsCsv(Write(master, ".txt"), {});
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(log->layout, TransactionLayout::kCdnow);
  EXPECT_EQ(log->rows_read, 4);
  ASSERT_EQ(log->customer_names, (std::vector<std::string>{"00001", "00002"}));
  EXPECT_EQ(log->purchases[0].time, DaysFromCivil(1997, 1, 1) * kDay);
  const std::string sample = " 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n";
  Result<TransactionLog> no_header = ReadTransactionsCsv(Write(sample, ".txt"), {});
  ASSERT_TRUE(no_header.ok()) << no_header.status().ToString();
  EXPECT_EQ(no_header->rows_read, 2);
  EXPECT_DOUBLE_EQ(no_header->purchases[1].amount, 29.73);
  // Summarised in weeks: one repeat purchase 17 days after the first.
  SummaryOptions options;
  Result<CustomerSummaries> summaries = SummariseTransactions(no_header->purchases, options);
  ASSERT_TRUE(summaries.ok());
  EXPECT_EQ(summaries->customers[0].frequency, 1);
  EXPECT_DOUBLE_EQ(summaries->customers[0].recency, 17.0 / 7.0);
}

TEST_F(TransactionsTest, ErrorsAreClear) {
  Result<TransactionLog> absent = ReadTransactionsCsv("/nonexistent/t.csv", {});
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.status().code(), StatusCode::kNotFound);

  Result<TransactionLog> no_date = ReadTransactionsCsv(Write("customer_id,amount\na,1\n"), {});
  ASSERT_FALSE(no_date.ok());
  EXPECT_EQ(no_date.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_date.status().message().find(":1: no date column: expected one of date"),
            std::string::npos)
      << no_date.status().message();

  Result<TransactionLog> empty = ReadTransactionsCsv(Write("customer_id,date,amount\n"), {});
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("no data rows"), std::string::npos);

  Result<TransactionLog> unusable =
      ReadTransactionsCsv(Write("customer_id,date,amount\nNA,2024-01-01,1\nb,x,1\n"), {});
  ASSERT_FALSE(unusable.ok());
  EXPECT_NE(unusable.status().message().find("no usable row (2 rows: 1 without a customer id, "
                                             "1 unreadable)"),
            std::string::npos)
      << unusable.status().message();

  Result<TransactionLog> quote = ReadTransactionsCsv(Write("\"customer_id,date\n"), {});
  ASSERT_FALSE(quote.ok());
  EXPECT_NE(quote.status().message().find("unterminated quote"), std::string::npos);
}

TEST_F(TransactionsTest, CorruptGzipIsAnIoError) {
  std::string text = "customer_id,date,amount\n";
  for (int row = 0; row < 2000; ++row) text += "c" + std::to_string(row) + ",2024-01-01,1\n";
  const std::string path = WriteGzip(text);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes.resize(bytes.size() / 2);  // truncated
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  Result<TransactionLog> log = ReadTransactionsCsv(path, {});
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), StatusCode::kIOError) << log.status().ToString();
}

TEST(OnlineRetailTest, SharedFileCountsAndNets) {
  const std::string path =
      std::string(MROI_SOURCE_DIR) + "/../shared/data/online_retail/online_retail.csv.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "optional shared data absent: " << path;
  Result<TransactionLog> log = ReadTransactionsCsv(path, {});
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(log->layout, TransactionLayout::kOnlineRetail);
  // Figures counted independently (Python csv module): 541,909 rows, 135,080 with
  // CustomerID NA, 4,372 distinct customers among the rest.
  EXPECT_EQ(log->rows_read, 541'909);
  EXPECT_EQ(log->rows_without_customer, 135'080);
  EXPECT_EQ(log->rows_skipped, 0);
  EXPECT_EQ(log->customer_names.size(), 4'372u);
  // Netting by an independent Python implementation of the rule: 22,190 invoices
  // (of one customer) = 18,536 purchases + 3,654 returns; 588,725.65 netted,
  // 22,616.44 unmatched, 319 orders cancelled, 18,217 purchases left.
  EXPECT_EQ(log->transactions, 22'190);
  EXPECT_EQ(log->netting.purchases, 18'536);
  EXPECT_EQ(log->netting.returns, 3'654);
  EXPECT_NEAR(log->netting.returned_amount_netted, 588'725.65, 0.01);
  EXPECT_NEAR(log->netting.returned_amount_unmatched, 22'616.44, 0.01);
  EXPECT_EQ(log->netting.purchases_cancelled, 319);
  EXPECT_EQ(log->purchases.size(), 18'217u);
  for (const Transaction& t : log->purchases) ASSERT_GE(t.amount, 0);
}

}  // namespace
}  // namespace mroi
