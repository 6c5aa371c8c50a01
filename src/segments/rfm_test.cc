// RFM: quintile scores, segments and behavioural classes against hand-computed values.
#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "mroi/segments.h"

#include "test_util_internal.h"

namespace mroi {
namespace {

using testing::HandAsOf;
using testing::HandExample;

RfmResult HandRfm(MonetaryMeasure monetary = MonetaryMeasure::kTotal) {
  RfmOptions options;
  options.as_of = HandAsOf();
  options.monetary = monetary;
  auto rfm = ComputeRfm(HandExample(), options);
  EXPECT_TRUE(rfm.ok()) << rfm.status().ToString();
  return *rfm;
}

TEST(QuantileScoresTest, DistinctValuesFillEqualBins) {
  const std::vector<double> values = {9, 0, 8, 1, 7, 2, 6, 3, 5, 4};
  // Rank r (0-based, ascending) scores 1 + floor(5 r / 10).
  EXPECT_EQ(QuantileScores(values, 5), (std::vector<int>{5, 1, 5, 1, 4, 2, 4, 2, 3, 3}));
}

TEST(QuantileScoresTest, TiesShareTheScoreOfTheirFirstRank) {
  const std::vector<double> values = {1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  // Six 1s occupy ranks 0-5: all score 1. The 2s start at rank 6: 1 + 30/10 = 4.
  EXPECT_EQ(QuantileScores(values, 5), (std::vector<int>{1, 1, 1, 1, 1, 1, 4, 4, 5, 5}));
  EXPECT_EQ(QuantileScores(std::vector<double>(7, 3.5), 5), std::vector<int>(7, 1));
}

TEST(QuantileScoresTest, IndependentOfInputOrder) {
  std::vector<double> values(103);
  std::mt19937_64 random(0x5e9);
  for (double& value : values) value = static_cast<double>(random() % 17);
  const std::vector<int> scores = QuantileScores(values, 5);
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::shuffle(order.begin(), order.end(), random);
  std::vector<double> shuffled;
  for (size_t idx : order) shuffled.push_back(values[idx]);
  const std::vector<int> shuffled_scores = QuantileScores(shuffled, 5);
  for (size_t pos = 0; pos < order.size(); ++pos) {
    EXPECT_EQ(shuffled_scores[pos], scores[order[pos]]);
  }
  // Monotone: a larger value never scores lower.
  for (size_t a = 0; a < values.size(); ++a) {
    for (size_t b = 0; b < values.size(); ++b) {
      if (values[a] < values[b]) {
        EXPECT_LE(scores[a], scores[b]);
      }
      if (values[a] == values[b]) {
        EXPECT_EQ(scores[a], scores[b]);
      }
    }
  }
}

TEST(QuantileScoresTest, SmallInputs) {
  EXPECT_TRUE(QuantileScores(std::vector<double>{}, 5).empty());
  EXPECT_EQ(QuantileScores(std::vector<double>{42}, 5), std::vector<int>{1});
  // n = 3: ranks 0, 1, 2 score 1, 1 + 5/3 = 2, 1 + 10/3 = 4.
  EXPECT_EQ(QuantileScores(std::vector<double>{30, 10, 20}, 5),
            (std::vector<int>{4, 1, 2}));
}

TEST(RfmTest, HandExampleRawValues) {
  const RfmResult rfm = HandRfm();
  EXPECT_EQ(rfm.as_of, HandAsOf());
  EXPECT_EQ(rfm.transactions_used, 55);
  EXPECT_EQ(rfm.transactions_after_as_of, 0);
  ASSERT_EQ(rfm.customers.size(), 10u);
  const int32_t recency[] = {1, 2, 5, 8, 12, 20, 40, 60, 90, 120};
  const int64_t frequency[] = {10, 9, 8, 1, 2, 3, 7, 6, 5, 4};
  const double total[] = {1000, 900, 50, 40, 300, 30, 800, 20, 700, 10};
  for (size_t id = 0; id < 10; ++id) {
    const CustomerRfm& customer = rfm.customers[id];
    EXPECT_EQ(customer.customer_id, static_cast<int64_t>(id));
    EXPECT_EQ(customer.recency_days, recency[id]) << id;
    EXPECT_EQ(customer.frequency, frequency[id]) << id;
    EXPECT_DOUBLE_EQ(customer.revenue, total[id]) << id;
    EXPECT_DOUBLE_EQ(customer.monetary, total[id]) << id;
    EXPECT_EQ(customer.tenure_days, recency[id] + frequency[id] - 1) << id;
  }
}

TEST(RfmTest, HandExampleScoresAndSegments) {
  const RfmResult rfm = HandRfm();
  // Worked by hand in docs/segments.md.
  const int r[] = {5, 5, 4, 4, 3, 3, 2, 2, 1, 1};
  const int f[] = {5, 5, 4, 1, 1, 2, 4, 3, 3, 2};
  const int m[] = {5, 5, 3, 2, 3, 2, 4, 1, 4, 1};
  const int fm[] = {5, 5, 4, 2, 2, 2, 4, 2, 4, 2};
  using enum RfmSegment;
  const RfmSegment segment[] = {
      kChampions,    kChampions,    kChampions, kPotentialLoyalists,
      kAboutToSleep, kAboutToSleep, kAtRisk,    kHibernating,
      kAtRisk,       kHibernating};
  for (size_t id = 0; id < 10; ++id) {
    const CustomerRfm& customer = rfm.customers[id];
    EXPECT_EQ(customer.recency_score, r[id]) << id;
    EXPECT_EQ(customer.frequency_score, f[id]) << id;
    EXPECT_EQ(customer.monetary_score, m[id]) << id;
    EXPECT_EQ(customer.fm_score, fm[id]) << id;
    EXPECT_EQ(customer.segment, segment[id])
        << id << " " << RfmSegmentName(customer.segment);
  }
}

TEST(RfmTest, HandExampleMeanMonetaryWithTie) {
  const RfmResult rfm = HandRfm(MonetaryMeasure::kMean);
  // M = total / frequency: 100, 100, 6.25, 40, 150, 10, 114.29, 3.33, 140, 2.5.
  EXPECT_DOUBLE_EQ(rfm.customers[2].monetary, 6.25);
  // Customers 0 and 1 tie at 100 on ranks 5 and 6: both score 1 + 25/10 = 3.
  const int m[] = {3, 3, 2, 3, 5, 2, 4, 1, 5, 1};
  for (size_t id = 0; id < 10; ++id)
    EXPECT_EQ(rfm.customers[id].monetary_score, m[id]) << id;
  EXPECT_EQ(rfm.customers[0].fm_score, 4);  // (5 + 3 + 1) / 2
  EXPECT_EQ(rfm.customers[0].segment, RfmSegment::kChampions);
}

TEST(RfmTest, HandExampleBehaviour) {
  const RfmResult rfm = HandRfm();
  using enum PurchaseCadence;
  const PurchaseCadence cadence[] = {kLoyal,  kLoyal, kLoyal, kOneTime, kRepeat,
                                     kRepeat, kLoyal, kLoyal, kLoyal,   kLoyal};
  // AOV terciles: 1 + floor(3 * below / 10) over AOV 100, 100, 6.25, 40, 150, 10, 114.29,
  // 3.33, 140, 2.5.
  const int aov_band[] = {2, 2, 1, 2, 3, 1, 3, 1, 3, 1};
  // Tenure 10, 10, 12, 8, 13, 22, 46, 65, 94, 123 days: bands 0-30, 31-90, 91-365.
  const int tenure_band[] = {0, 0, 0, 0, 0, 0, 1, 1, 2, 2};
  for (size_t id = 0; id < 10; ++id) {
    EXPECT_EQ(rfm.customers[id].cadence, cadence[id]) << id;
    EXPECT_EQ(rfm.customers[id].aov_band, aov_band[id]) << id;
    EXPECT_EQ(rfm.customers[id].tenure_band, tenure_band[id]) << id;
  }
}

TEST(RfmTest, GridMatchesTheDocumentedTable) {
  using enum RfmSegment;
  const RfmSegment expected[5][5] = {
      {kNewCustomers, kPotentialLoyalists, kPotentialLoyalists, kChampions, kChampions},
      {kPromising, kPotentialLoyalists, kPotentialLoyalists, kChampions, kChampions},
      {kAboutToSleep, kAboutToSleep, kNeedAttention, kLoyal, kLoyal},
      {kHibernating, kHibernating, kAtRisk, kAtRisk, kCantLoseThem},
      {kLost, kHibernating, kAtRisk, kAtRisk, kCantLoseThem}};
  for (int r = 5; r >= 1; --r) {
    for (int fm = 1; fm <= 5; ++fm) {
      EXPECT_EQ(RfmSegmentFor(r, fm), expected[5 - r][fm - 1]) << r << "," << fm;
    }
  }
}

TEST(RfmTest, EverySegmentIsReachableFromScores) {
  std::set<RfmSegment> reached;
  for (int r = 1; r <= 5; ++r) {
    for (int f = 1; f <= 5; ++f) {
      for (int m = 1; m <= 5; ++m) reached.insert(RfmSegmentFor(r, FmScore(f, m)));
    }
  }
  EXPECT_EQ(reached.size(), static_cast<size_t>(kNumRfmSegments));
  EXPECT_EQ(FmScore(5, 4), 5);  // 4.5 rounds half up
  EXPECT_EQ(FmScore(1, 2), 2);
  EXPECT_EQ(FmScore(3, 3), 3);
}

TEST(RfmTest, EverySegmentIsReachableFromData) {
  // 3000 random customers: every segment appears and the shares sum to 1.
  std::mt19937_64 random(20250131);
  std::vector<Transaction> transactions;
  const UnixDays as_of = HandAsOf();
  for (int64_t id = 0; id < 3000; ++id) {
    const auto frequency = static_cast<int64_t>(1 + random() % 12);
    const auto recency = static_cast<int32_t>(random() % 400);
    const double total = static_cast<double>(frequency + random() % 500);
    testing::AddCustomer(&transactions, id, as_of, recency, frequency, total);
  }
  auto rfm = ComputeRfm(transactions, RfmOptions{});
  ASSERT_TRUE(rfm.ok()) << rfm.status().ToString();
  double share_sum = 0;
  int64_t customers = 0;
  for (const RfmSegmentSummary& summary : SummariseRfmSegments(*rfm)) {
    EXPECT_GT(summary.stats.customers, 0) << RfmSegmentName(summary.segment);
    share_sum += summary.stats.share;
    customers += summary.stats.customers;
  }
  EXPECT_NEAR(share_sum, 1.0, 1e-12);
  EXPECT_EQ(customers, 3000);
}

TEST(RfmTest, SameDayPurchasesMergeByDefault) {
  const UnixDays day = DaysFromCivil(2025, 3, 1);
  const std::vector<Transaction> transactions = {{7, int64_t{day} * 86'400 + 10, 5.0},
                                                 {7, int64_t{day} * 86'400 + 50'000, 7.0},
                                                 {7, int64_t{day - 3} * 86'400, 1.0}};
  auto merged = ComputeRfm(transactions, RfmOptions{});
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->customers[0].frequency, 2);
  EXPECT_DOUBLE_EQ(merged->customers[0].revenue, 13.0);
  EXPECT_EQ(merged->customers[0].recency_days, 0);
  RfmOptions per_row;
  per_row.same_day_is_one_purchase = false;
  per_row.monetary = MonetaryMeasure::kMean;
  auto rows = ComputeRfm(transactions, per_row);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->customers[0].frequency, 3);
  EXPECT_DOUBLE_EQ(rows->customers[0].monetary, 13.0 / 3.0);
}

TEST(RfmTest, AsOfLeavesLaterPurchasesOutAndCountsThem) {
  RfmOptions options;
  options.as_of = HandAsOf() - 3;
  auto rfm = ComputeRfm(HandExample(), options);
  ASSERT_TRUE(rfm.ok());
  // Customer 0 bought on days -1..-10 (2 after day -3), customer 1 on -2..-10 (1 after),
  // the others before: 3 purchases fall after the as-of date.
  EXPECT_EQ(rfm->transactions_after_as_of, 3);
  EXPECT_EQ(rfm->transactions_used, 52);
  EXPECT_EQ(rfm->customers[0].recency_days, 0);  // its day -3 purchase
  EXPECT_EQ(rfm->customers[0].frequency, 8);
}

TEST(RfmTest, DefaultAsOfIsTheLastTransactionDay) {
  auto rfm = ComputeRfm(HandExample(), RfmOptions{});
  ASSERT_TRUE(rfm.ok());
  EXPECT_EQ(rfm->as_of, HandAsOf() - 1);
  EXPECT_EQ(rfm->customers[0].recency_days, 0);
}

TEST(RfmTest, BadInputIsAClearError) {
  EXPECT_EQ(ComputeRfm({}, RfmOptions{}).status().code(), StatusCode::kInvalidArgument);
  std::vector<Transaction> negative = HandExample();
  negative[4].amount = -2;
  auto status = ComputeRfm(negative, RfmOptions{}).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("transaction 4"), std::string::npos)
      << status.message();
  std::vector<Transaction> not_finite = HandExample();
  not_finite[0].amount = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(ComputeRfm(not_finite, RfmOptions{}).ok());
  RfmOptions early;
  early.as_of = HandAsOf() - 1000;
  status = ComputeRfm(HandExample(), early).status();
  EXPECT_NE(status.message().find("no transaction on or before"), std::string::npos);
  RfmOptions bad_loyal;
  bad_loyal.loyal_min_purchases = 2;
  EXPECT_FALSE(ComputeRfm(HandExample(), bad_loyal).ok());
  RfmOptions bad_edges;
  bad_edges.tenure_edges_days = {30, 30};
  EXPECT_FALSE(ComputeRfm(HandExample(), bad_edges).ok());
}

TEST(RfmTest, NamesAndParsing) {
  std::set<std::string_view> names;
  for (RfmSegment segment : AllRfmSegments()) {
    names.insert(RfmSegmentName(segment));
    EXPECT_FALSE(RfmSegmentAction(segment).empty());
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kNumRfmSegments));
  EXPECT_EQ(RfmSegmentName(RfmSegment::kCantLoseThem), "cant_lose_them");
  EXPECT_EQ(*ParseMonetaryMeasure("mean"), MonetaryMeasure::kMean);
  EXPECT_FALSE(ParseMonetaryMeasure("median").ok());
}

}  // namespace
}  // namespace mroi
