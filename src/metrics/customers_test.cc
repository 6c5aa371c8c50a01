// CustomerTransactions() and CustomerAcquisitions() on a hand-made business:
//   P0: Email touch Jan 2 (campaign spring), Paid Search touch Jan 3, order Jan 3
//       1000 cogs 400 (GP 600); Direct touch Feb 10, order Feb 10 200 (no cogs: GP
//       200 x 0.6 = 120).
//   P1: order Jan 20 300 cogs 100 with no touch -> channel "(none)".
//   P2: Paid Search touch Jan 5 (no campaign), won deal Jan 25 2000 cogs 500.
//   P3: a touch only (no conversion); anonymous order Jan 7 50 (no person).
#include <limits>

#include <gtest/gtest.h>

#include "mroi/ltv.h"

#include "metrics/metrics_test_util.h"

namespace mroi {
namespace {

using testing::At;

class CustomersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture_.Session(0, At(2025, 1, 2, 10), "Email", 1, 10, "spring");
    fixture_.Session(0, At(2025, 1, 3, 10), "Paid Search", 1, 10, "brand");
    fixture_.Convert(0, At(2025, 1, 3, 11), 1000, 400, "o1");
    fixture_.Session(0, At(2025, 2, 10, 10), "Direct", 1, 10);
    fixture_.Convert(0, At(2025, 2, 10, 11), 200, kMissing, "o2");
    fixture_.Convert(1, At(2025, 1, 20, 11), 300, 100, "o3");
    fixture_.Session(2, At(2025, 1, 5, 10), "Paid Search", 1, 10);
    fixture_.AddDeal(2, "D1", DealStage::kWon, At(2025, 1, 25, 12), 2000, 500);
    fixture_.Session(3, At(2025, 1, 6, 10), "Display", 1, 10);
    fixture_.Convert(-1, At(2025, 1, 7, 11), 50, 10, "o4");
    journeys_ = fixture_.BuildJourneysOrDie();
  }
  testing::MetricsFixture fixture_;
  Journeys journeys_;
};

TEST_F(CustomersTest, TransactionsCarryGrossProfitPerConvertingJourney) {
  Result<std::vector<Transaction>> transactions =
      CustomerTransactions(fixture_.dataset, fixture_.identity, journeys_);
  ASSERT_TRUE(transactions.ok()) << transactions.status().ToString();
  ASSERT_EQ(transactions->size(), 4u);  // the anonymous order is left out
  double total = 0;
  for (const Transaction& transaction : *transactions) {
    EXPECT_GE(transaction.customer_id, 0);
    EXPECT_LE(transaction.customer_id, 2);
    total += transaction.amount;
    if (transaction.time == At(2025, 2, 10, 11)) {
      EXPECT_DOUBLE_EQ(transaction.amount, 120.0);
    }
    if (transaction.time == At(2025, 1, 25, 12)) {
      EXPECT_EQ(transaction.customer_id, 2);
      EXPECT_DOUBLE_EQ(transaction.amount, 1500.0);
    }
  }
  EXPECT_DOUBLE_EQ(total, 600.0 + 120.0 + 200.0 + 1500.0);
}

TEST_F(CustomersTest, TransactionsCanCarryRevenue) {
  CustomerTransactionOptions options;
  options.amount = TransactionAmount::kRevenue;
  Result<std::vector<Transaction>> transactions =
      CustomerTransactions(fixture_.dataset, fixture_.identity, journeys_, options);
  ASSERT_TRUE(transactions.ok()) << transactions.status().ToString();
  double total = 0;
  for (const Transaction& transaction : *transactions) total += transaction.amount;
  EXPECT_DOUBLE_EQ(total, 1000.0 + 200.0 + 300.0 + 2000.0);
}

TEST_F(CustomersTest, AcquisitionIsTheFirstTouchOfTheFirstConvertingJourney) {
  Result<std::vector<CustomerAcquisition>> acquisitions =
      CustomerAcquisitions(fixture_.dataset, fixture_.identity, journeys_);
  ASSERT_TRUE(acquisitions.ok()) << acquisitions.status().ToString();
  ASSERT_EQ(acquisitions->size(), 3u);  // P3 never converted
  const CustomerAcquisition& p0 = (*acquisitions)[0];
  EXPECT_EQ(p0.person, 0);
  EXPECT_EQ(p0.channel, "Email");  // first touch, not the last (Paid Search)
  EXPECT_EQ(p0.campaign, "spring");
  EXPECT_EQ(p0.first_conversion, At(2025, 1, 3, 11));
  const CustomerAcquisition& p1 = (*acquisitions)[1];
  EXPECT_EQ(p1.channel, "(none)");
  EXPECT_EQ(p1.campaign, "(not set)");
  const CustomerAcquisition& p2 = (*acquisitions)[2];
  EXPECT_EQ(p2.channel, "Paid Search");
  EXPECT_EQ(p2.campaign, "(not set)");
  EXPECT_EQ(p2.first_conversion, At(2025, 1, 25, 12));
}

TEST_F(CustomersTest, JourneysOfOtherDataAreRejected) {
  IdentityResult fewer = fixture_.identity;
  fewer.persons = 1;
  Result<std::vector<Transaction>> transactions =
      CustomerTransactions(fixture_.dataset, fewer, journeys_);
  ASSERT_FALSE(transactions.ok());
  EXPECT_EQ(transactions.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(transactions.status().message().find("not built on the same data"),
            std::string::npos);

  Dataset empty;
  Result<std::vector<CustomerAcquisition>> acquisitions =
      CustomerAcquisitions(empty, fixture_.identity, journeys_);
  ASSERT_FALSE(acquisitions.ok());
  EXPECT_EQ(acquisitions.status().code(), StatusCode::kInvalidArgument);

  Journeys broken = journeys_;
  broken.revenue.pop_back();
  EXPECT_FALSE(CustomerTransactions(fixture_.dataset, fixture_.identity, broken).ok());

  CustomerTransactionOptions options;
  options.gross_margin = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(
      CustomerTransactions(fixture_.dataset, fixture_.identity, journeys_, options).ok());
}

TEST_F(CustomersTest, NoConversionMeansNoCustomer) {
  testing::MetricsFixture fixture;
  fixture.Session(0, At(2025, 1, 2, 10), "Email", 1, 10);
  const Journeys journeys = fixture.BuildJourneysOrDie();
  Result<std::vector<CustomerAcquisition>> acquisitions =
      CustomerAcquisitions(fixture.dataset, fixture.identity, journeys);
  ASSERT_TRUE(acquisitions.ok());
  EXPECT_TRUE(acquisitions->empty());
  Result<std::vector<Transaction>> transactions =
      CustomerTransactions(fixture.dataset, fixture.identity, journeys);
  ASSERT_TRUE(transactions.ok());
  EXPECT_TRUE(transactions->empty());
}

}  // namespace
}  // namespace mroi
