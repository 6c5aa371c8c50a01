#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mroi/api_segment.h"

#include "report/report_test_util.h"

namespace mroi::api {
namespace {

using nlohmann::json;

// Two customers: a bought 10 on Jan 1 and 30 on Jan 10; b bought 5 on Jan 5.
SegmentTransactions TwoCustomers() {
  Result<SegmentTransactions> input = ParseSegmentTransactions(
      "customer_id,date,amount\na,2024-01-01,10\nb,2024-01-05,5\na,2024-01-10,30\n",
      "test");
  EXPECT_TRUE(input.ok()) << input.status().message();
  return input.value_or(SegmentTransactions());
}

TEST(SegmentApiTest, RecencyFrequencyMonetaryByHand) {
  Params params;
  Result<SegmentRequest> request = ParseSegmentRequest(params);
  ASSERT_TRUE(request.ok());
  Result<SegmentResult> result = RunSegment(*request, TwoCustomers(), "test");
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->rfm.customers.size(), 2u);
  for (const CustomerRfm& customer : result->rfm.customers) {
    if (customer.customer_id == 0) {  // a: as of Jan 10 (the last day)
      EXPECT_EQ(customer.recency_days, 0);
      EXPECT_EQ(customer.tenure_days, 9);
      EXPECT_EQ(customer.frequency, 2);
      EXPECT_DOUBLE_EQ(customer.monetary, 40);
    } else {
      EXPECT_EQ(customer.recency_days, 5);
      EXPECT_EQ(customer.frequency, 1);
      EXPECT_DOUBLE_EQ(customer.monetary, 5);
    }
  }
  const json out = json::parse(SegmentJson(*result, *request));
  EXPECT_EQ(out["as_of"], "2024-01-10");
  EXPECT_EQ(out["customers"], 2);
  EXPECT_EQ(out["transactions"], 3);
  EXPECT_EQ(out["monetary"], "total");
  EXPECT_TRUE(out["by"].is_null());
  EXPECT_EQ(out["behaviour"].size(), 3u);

  params.Add("monetary", "mean");
  params.Add("as-of", "2024-01-07");
  params.Add("by", "cadence");
  request = ParseSegmentRequest(params);
  ASSERT_TRUE(request.ok());
  result = RunSegment(*request, TwoCustomers(), "test");
  ASSERT_TRUE(result.ok()) << result.status().message();
  const json later = json::parse(SegmentJson(*result, *request));
  // The Jan 10 purchase is after the as-of date: left out.
  EXPECT_EQ(later["transactions"], 2);
  EXPECT_EQ(later["transactions_after_as_of"], 1);
  EXPECT_EQ(later["by"]["dimension"], "cadence");
  EXPECT_EQ(later["by"]["source"], "behaviour");
}

TEST(SegmentApiTest, BadRequestsGiveTheCliMessages) {
  Params params;
  params.Add("attributes", "/etc/passwd");
  Result<SegmentRequest> request = ParseSegmentRequest(params);
  ASSERT_FALSE(request.ok());
  EXPECT_NE(request.status().message().find("unknown parameter --attributes"),
            std::string::npos);
  SegmentRequest bad_date;
  bad_date.as_of = "2014-13-01";
  Result<RfmOptions> options = SegmentRfmOptions(bad_date);
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().message(),
            "--as-of: '2014-13-01' is not a date (expected YYYY-MM-DD)");
  SegmentRequest bad_measure;
  bad_measure.monetary = "median";
  EXPECT_EQ(SegmentRfmOptions(bad_measure).status().message(),
            "unknown monetary measure 'median'; expected total or mean");
  SegmentRequest too_early;
  too_early.as_of = "1990-01-01";
  Result<SegmentResult> result = RunSegment(too_early, TwoCustomers(), "tx.csv");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "tx.csv: no transaction on or before the as-of date 1990-01-01");
  SegmentRequest unknown_by;
  unknown_by.by = "nothing";
  EXPECT_FALSE(RunSegment(unknown_by, TwoCustomers(), "tx.csv").ok());
}

TEST(SegmentApiTest, HistoryCustomersAreTheClvCustomers) {
  const auto dir = std::filesystem::temp_directory_path() / "mroi_api_segment_test";
  Result<PipelineResult> history = test_util::RunDemoPipeline(dir);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(history.ok()) << history.status().message();
  Result<std::string> out = SegmentJson(Params(), *history, "demo");
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json segments = json::parse(*out);
  // As `mroi clv fit --data` counts them on the demo: 428 customers, 469 purchases.
  EXPECT_EQ(segments["customers"], 428);
  EXPECT_EQ(segments["transactions"], 469);
  int64_t customers = 0;
  for (const json& segment : segments["segments"])
    customers += segment["customers"].get<int64_t>();
  EXPECT_EQ(customers, 428);
}

}  // namespace
}  // namespace mroi::api
