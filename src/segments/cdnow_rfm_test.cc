// RFM on the CDNOW master file (../shared/data/lifetimes_cdnow, optional): sanity
// checks on real data. Skipped when the file is absent.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "mroi/segments.h"

namespace mroi {
namespace {

std::string CdnowMaster() {
  return std::string(MROI_SOURCE_DIR) +
         "/../shared/data/lifetimes_cdnow/CDNOW_master.txt";
}

// Whitespace format: customer_id date(YYYYMMDD) number_of_cds dollar_value.
std::vector<Transaction> ReadCdnow() {
  std::ifstream in(CdnowMaster());
  std::string line;
  std::getline(in, line);  // header
  std::vector<Transaction> transactions;
  int64_t customer = 0;
  int64_t date = 0;
  int64_t cds = 0;
  double dollars = 0;
  while (in >> customer >> date >> cds >> dollars) {
    const UnixDays day = DaysFromCivil(static_cast<int32_t>(date / 10000),
                                       static_cast<uint32_t>(date / 100 % 100),
                                       static_cast<uint32_t>(date % 100));
    transactions.push_back({customer, int64_t{day} * 86'400, dollars});
  }
  return transactions;
}

TEST(CdnowRfmTest, SegmentsOfTheFullCohort) {
  if (!std::filesystem::exists(CdnowMaster())) {
    GTEST_SKIP() << CdnowMaster() << " not found (the shared data are optional)";
  }
  const std::vector<Transaction> transactions = ReadCdnow();
  ASSERT_EQ(transactions.size(), 69659u);
  RfmOptions options;
  options.as_of = DaysFromCivil(1998, 6, 30);  // the end of the CDNOW observation
  auto rfm = ComputeRfm(transactions, options);
  ASSERT_TRUE(rfm.ok()) << rfm.status().ToString();
  EXPECT_EQ(rfm->customers.size(), 23570u);  // the published cohort size
  EXPECT_EQ(rfm->transactions_after_as_of, 0);

  const std::vector<RfmSegmentSummary> summaries = SummariseRfmSegments(*rfm);
  double share_sum = 0;
  double revenue_sum = 0;
  double total_revenue = 0;
  for (const Transaction& transaction : transactions) total_revenue += transaction.amount;
  for (const RfmSegmentSummary& summary : summaries) {
    share_sum += summary.stats.share;
    revenue_sum += summary.stats.revenue;
  }
  EXPECT_NEAR(share_sum, 1.0, 1e-12);
  EXPECT_NEAR(revenue_sum, total_revenue, 1e-6 * total_revenue);
  const GroupSummary& champions =
      summaries[static_cast<size_t>(RfmSegment::kChampions)].stats;
  const GroupSummary& lost = summaries[static_cast<size_t>(RfmSegment::kLost)].stats;
  ASSERT_GT(champions.customers, 0);
  ASSERT_GT(lost.customers, 0);
  // Champions buy the most often of all segments and spend the most of all but
  // cant_lose_them, which holds FM = 5 only (their FM is 4-5) and has lapsed.
  const GroupSummary& cant_lose =
      summaries[static_cast<size_t>(RfmSegment::kCantLoseThem)].stats;
  for (const RfmSegmentSummary& summary : summaries) {
    if (summary.stats.customers == 0 || summary.segment == RfmSegment::kChampions)
      continue;
    EXPECT_GT(*champions.frequency_mean, *summary.stats.frequency_mean)
        << RfmSegmentName(summary.segment);
    if (summary.segment == RfmSegment::kCantLoseThem) continue;
    EXPECT_GT(*champions.monetary_mean, *summary.stats.monetary_mean)
        << RfmSegmentName(summary.segment);
    EXPECT_GT(*cant_lose.monetary_mean, *summary.stats.monetary_mean)
        << RfmSegmentName(summary.segment);
  }
  // Recency orders the grid's rows: champions (R 4-5) bought far more recently than
  // the lost (R 1), and every R 4-5 segment more recently than every R 1-2 one.
  EXPECT_LT(*champions.recency_mean, *lost.recency_mean);
  for (RfmSegment recent : {RfmSegment::kChampions, RfmSegment::kPotentialLoyalists,
                            RfmSegment::kNewCustomers, RfmSegment::kPromising}) {
    for (RfmSegment lapsed : {RfmSegment::kAtRisk, RfmSegment::kCantLoseThem,
                              RfmSegment::kHibernating, RfmSegment::kLost}) {
      const GroupSummary& a = summaries[static_cast<size_t>(recent)].stats;
      const GroupSummary& b = summaries[static_cast<size_t>(lapsed)].stats;
      if (a.customers == 0 || b.customers == 0) continue;
      EXPECT_LT(*a.recency_mean, *b.recency_mean)
          << RfmSegmentName(recent) << " vs " << RfmSegmentName(lapsed);
    }
  }
  // Most of CDNOW's cohort bought once in early 1997 and never again: the
  // frequency ties put over half of the customers at F = 1.
  int64_t one_purchase = 0;
  for (const CustomerRfm& customer : rfm->customers) {
    if (customer.frequency == 1) {
      ++one_purchase;
      EXPECT_EQ(customer.frequency_score, 1);
      EXPECT_EQ(customer.cadence, PurchaseCadence::kOneTime);
    }
  }
  EXPECT_GT(one_purchase, static_cast<int64_t>(rfm->customers.size()) / 2);
}

}  // namespace
}  // namespace mroi
