// Summaries from transactions and the summary CSV reader.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "clv/test_data_internal.h"
#include "mroi/clv.h"

namespace mroi {
namespace {

constexpr UnixSeconds kDay = 86'400;

TEST(SummaryTest, HandComputedCustomers) {
  // Customer 1: days 0 (10), 0 (5, same day), 7 (20), 21 (30); customer 2: day 14 only.
  const std::vector<Transaction> transactions = {
      {1, 21 * kDay + 100, 30}, {2, 14 * kDay, 99}, {1, 0, 10}, {1, 3600, 5}, {1, 7 * kDay, 20}};
  SummaryOptions options;
  options.time_unit = TimeUnit::kWeeks;
  options.observation_end = 28 * kDay;
  Result<CustomerSummaries> summaries = SummariseTransactions(transactions, options);
  ASSERT_TRUE(summaries.ok()) << summaries.status().ToString();
  ASSERT_EQ(summaries->customers.size(), 2u);
  EXPECT_EQ(summaries->time_unit, TimeUnit::kWeeks);
  const CustomerSummary& first = summaries->customers[0];
  EXPECT_EQ(first.customer_id, 1);
  EXPECT_EQ(first.frequency, 2);
  EXPECT_DOUBLE_EQ(first.recency, 3.0);
  EXPECT_DOUBLE_EQ(first.age, 4.0);
  EXPECT_DOUBLE_EQ(first.monetary_value, 25.0);  // (20 + 30) / 2, the first day excluded
  const CustomerSummary& second = summaries->customers[1];
  EXPECT_EQ(second.frequency, 0);
  EXPECT_EQ(second.recency, 0);
  EXPECT_DOUBLE_EQ(second.age, 2.0);
  EXPECT_EQ(second.monetary_value, 0);
  EXPECT_EQ(summaries->holdout_duration, 0);
}

TEST(SummaryTest, CalibrationHoldoutSplitInDays) {
  const std::vector<Transaction> transactions = {
      {5, 0, 10}, {5, 4 * kDay, 12}, {5, 11 * kDay, 7}, {5, 12 * kDay, 9}, {6, 20 * kDay, 3}};
  SummaryOptions options;
  options.time_unit = TimeUnit::kDays;
  options.calibration_end = 9 * kDay;
  options.observation_end = 15 * kDay;
  Result<CustomerSummaries> summaries = SummariseTransactions(transactions, options);
  ASSERT_TRUE(summaries.ok()) << summaries.status().ToString();
  ASSERT_EQ(summaries->customers.size(), 1u);  // customer 6 starts after the calibration
  EXPECT_DOUBLE_EQ(summaries->holdout_duration, 6.0);
  const CustomerSummary& c = summaries->customers[0];
  EXPECT_EQ(c.frequency, 1);
  EXPECT_EQ(c.recency, 4);
  EXPECT_EQ(c.age, 9);
  EXPECT_EQ(c.monetary_value, 12);
  EXPECT_EQ(c.holdout_frequency, 2);
  EXPECT_EQ(c.holdout_monetary_value, 8);
}

TEST(SummaryTest, MonthsUseTheMeanGregorianMonth) {
  const std::vector<Transaction> transactions = {{1, 0, 1}, {1, 365 * kDay, 1}};
  SummaryOptions options;
  options.time_unit = TimeUnit::kMonths;
  Result<CustomerSummaries> summaries = SummariseTransactions(transactions, options);
  ASSERT_TRUE(summaries.ok());
  EXPECT_NEAR(summaries->customers[0].recency, 365 / 30.4375, 1e-12);
  EXPECT_EQ(TimeUnitName(summaries->time_unit), "months");
}

TEST(SummaryTest, BadTransactionsAreErrors) {
  SummaryOptions options;
  EXPECT_EQ(SummariseTransactions({}, options).status().code(), StatusCode::kInvalidArgument);
  const std::vector<Transaction> bad_amount = {{1, 0, 1}, {1, kDay, NAN}};
  Result<CustomerSummaries> result = SummariseTransactions(bad_amount, options);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("transaction 1"), std::string::npos);
  const std::vector<Transaction> good = {{1, 10 * kDay, 1}};
  options.calibration_end = 5 * kDay;
  EXPECT_EQ(SummariseTransactions(good, options).status().code(), StatusCode::kInvalidArgument);
  options.calibration_end = 12 * kDay;
  options.observation_end = 11 * kDay;
  EXPECT_EQ(SummariseTransactions(good, options).status().code(), StatusCode::kInvalidArgument);
  SummaryOptions periods;
  periods.time_unit = TimeUnit::kPeriods;
  EXPECT_EQ(SummariseTransactions(good, periods).status().code(), StatusCode::kInvalidArgument);
}

TEST(SummaryTest, MatchesTheCdnowSummaryFile) {
  // CDNOW_sample.txt (original id, id, yyyymmdd, cds, dollars), calibration up to
  // 1997-09-30 (39 weeks), must give cdnow_customers_summary.csv (FHL 2005).
  MROI_SKIP_WITHOUT_CDNOW();
  std::ifstream in(testing::CdnowDir() + "CDNOW_sample.txt");
  ASSERT_TRUE(in);
  std::vector<Transaction> transactions;
  int64_t original_id = 0, customer = 0, date = 0, cds = 0;
  double dollars = 0;
  while (in >> original_id >> customer >> date >> cds >> dollars) {
    const int year = static_cast<int>(date / 10000), month = static_cast<int>(date / 100 % 100),
              day = static_cast<int>(date % 100);
    transactions.push_back({customer, DaysFromCivil(year, month, day) * kDay, dollars});
  }
  ASSERT_GT(transactions.size(), 6000u);
  SummaryOptions options;
  options.time_unit = TimeUnit::kWeeks;
  options.calibration_end = DaysFromCivil(1997, 9, 30) * kDay;
  options.observation_end = DaysFromCivil(1998, 6, 30) * kDay;
  Result<CustomerSummaries> summaries = SummariseTransactions(transactions, options);
  ASSERT_TRUE(summaries.ok()) << summaries.status().ToString();
  Result<CustomerSummaries> published = ReadCustomerSummaryCsv(
      testing::CdnowDir() + "cdnow_customers_summary.csv", TimeUnit::kWeeks);
  ASSERT_TRUE(published.ok());
  ASSERT_EQ(summaries->customers.size(), published->customers.size());
  int differing = 0;
  for (size_t idx = 0; idx < published->customers.size(); ++idx) {
    const CustomerSummary& ours = summaries->customers[idx];
    const CustomerSummary& theirs = published->customers[idx];
    if (ours.customer_id != theirs.customer_id || ours.frequency != theirs.frequency ||
        std::fabs(ours.recency - theirs.recency) > 0.006 || std::fabs(ours.age - theirs.age) > 0.006) {
      ++differing;
    }
  }
  EXPECT_EQ(differing, 0);
}

// Many customers at once: every customer id appears exactly once in the summaries.
// (Speed is measured in bench/, not here.)
TEST(SummaryTest, AMillionTransactionsKeepEveryCustomer) {
  constexpr int kTransactions = 1'000'000;
  constexpr uint64_t kIds = 200'000;
  std::vector<Transaction> transactions;
  transactions.reserve(kTransactions);
  std::vector<bool> seen(kIds, false);
  uint64_t state = 88172645463325252ull;
  for (int idx = 0; idx < kTransactions; ++idx) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    const uint64_t id = state % kIds;
    seen[id] = true;
    transactions.push_back({static_cast<int64_t>(id),
                            static_cast<UnixSeconds>((state >> 20) % (730 * kDay)), 10.0});
  }
  Result<CustomerSummaries> summaries = SummariseTransactions(transactions, SummaryOptions{});
  ASSERT_TRUE(summaries.ok()) << summaries.status().ToString();
  const auto distinct = static_cast<size_t>(std::count(seen.begin(), seen.end(), true));
  EXPECT_EQ(summaries->customers.size(), distinct);
  double purchases = 0;
  for (const CustomerSummary& customer : summaries->customers) {
    EXPECT_GE(customer.frequency, 0);
    EXPECT_LE(customer.recency, customer.age);
    purchases += customer.frequency + 1;
  }
  // Same-day purchases merge, so there are at most as many purchases as rows.
  EXPECT_LE(purchases, kTransactions);
  EXPECT_GT(purchases, 0.9 * kTransactions);
}

class CsvTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    path_ = ::testing::TempDir() + "clv_csv_test_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv";
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_F(CsvTest, ReadsTheThreeFormats) {
  Result<CustomerSummaries> plain = ReadCustomerSummaryCsv(Write("ID,frequency,recency,T\n1,2,30.43,38.86\n2,0,0,38.86\n"), TimeUnit::kWeeks);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  ASSERT_EQ(plain->customers.size(), 2u);
  EXPECT_EQ(plain->customers[0].frequency, 2);
  EXPECT_EQ(plain->customers[0].recency, 30.43);
  EXPECT_EQ(plain->customers[1].age, 38.86);

  Result<CustomerSummaries> spend = ReadCustomerSummaryCsv(Write("ID,x,t_x,T,zbar\r\n7,1,1.71,38.86,11.77\r\n"), TimeUnit::kWeeks);
  ASSERT_TRUE(spend.ok()) << spend.status().ToString();
  EXPECT_EQ(spend->customers[0].customer_id, 7);
  EXPECT_EQ(spend->customers[0].monetary_value, 11.77);

  Result<CustomerSummaries> donations = ReadCustomerSummaryCsv(
      Write("frequency,recency,periods,weights\n0,0,6,3464\n1,1,6,1091\n"), TimeUnit::kPeriods);
  ASSERT_TRUE(donations.ok()) << donations.status().ToString();
  EXPECT_EQ(donations->customers[1].customer_id, 2);
  EXPECT_EQ(donations->customers[1].weight, 1091);
  EXPECT_EQ(donations->time_unit, TimeUnit::kPeriods);
}

TEST_F(CsvTest, ErrorsNameFileAndLine) {
  struct Case {
    std::string text, message;
  };
  for (const Case& c : std::vector<Case>{
           {"ID,frequency,recency,T\n1,-1,0,5\n", ":2: frequency -1 is negative"},
           {"ID,frequency,recency,T\n1,1,2,5\n2,1,7,5\n", ":3: recency 7 is greater than T 5"},
           {"ID,frequency,recency,T\n1,1,abc,5\n", ":2: 'abc' is not a number"},
           {"ID,frequency,recency,T\n1,1,2\n", ":2: 3 fields, the header has 4"},
           {"ID,frequency,recency,age\n", ":1: unknown column 'age'"},
           {"ID,frequency,T\n", ":1: missing column recency"},
           {"ID,frequency,recency,T\n", "no customer rows"},
           {"", "empty file"},
           {"frequency,recency,periods\n2,1.5,6\n", ":2: recency and periods must be whole"},
       }) {
    Result<CustomerSummaries> result =
        ReadCustomerSummaryCsv(Write(c.text), c.text.find("periods") != std::string::npos ? TimeUnit::kPeriods : TimeUnit::kWeeks);
    ASSERT_FALSE(result.ok()) << c.text;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(result.status().message().find(c.message), std::string::npos) << result.status().message();
    EXPECT_NE(result.status().message().find(path_), std::string::npos) << result.status().message();
  }
  EXPECT_EQ(ReadCustomerSummaryCsv("/nonexistent/clv.csv", TimeUnit::kWeeks).status().code(),
            StatusCode::kNotFound);
}

TEST(SummaryTest, ParseTimeUnit) {
  EXPECT_EQ(ParseTimeUnit("Weeks").value(), TimeUnit::kWeeks);
  EXPECT_EQ(ParseTimeUnit("day").value(), TimeUnit::kDays);
  EXPECT_EQ(ParseTimeUnit("fortnight").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DaysPerTimeUnit(TimeUnit::kWeeks), 7.0);
}

}  // namespace
}  // namespace mroi
