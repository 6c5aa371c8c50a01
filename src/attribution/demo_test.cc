// Attribution and path analysis on the demo data: conservation for every model,
// consistent path counts, and the seeds' point that last click undervalues the
// upper funnel.
#include "mroi/demo.h"

#include <numeric>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "mroi/attribution.h"
#include "mroi/ingest.h"
#include "mroi/pipeline.h"

#include "attribution/attribution_test_util.h"

namespace mroi {
namespace {

// One demo run shared by the tests of this file (generating it takes a moment).
const PipelineResult& DemoRun() {
  static const PipelineResult* run = [] {
    DemoOptions options;
    options.out_dir =
        ::testing::TempDir() + "attribution_demo_" + std::to_string(::getpid());
    options.scale = DemoScale::kSmall;
    Result<DemoManifest> manifest = GenerateDemo(options);
    EXPECT_TRUE(manifest.ok()) << manifest.status().ToString();
    Result<std::vector<InputSpec>> inputs = DiscoverInputs(manifest->data_dir);
    EXPECT_TRUE(inputs.ok()) << inputs.status().ToString();
    Result<PipelineResult> result = RunPipeline(*inputs, PipelineOptions{});
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return new PipelineResult(std::move(result).value());
  }();
  return *run;
}

TEST(AttributionDemoTest, CreditIsConservedForEveryModel) {
  const PipelineResult& run = DemoRun();
  Result<AttributionResult> result =
      AttributeJourneys(run.dataset, run.identity, run.journeys, {});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  int64_t converting = 0;
  for (int64_t journey = 0; journey < run.journeys.num_journeys(); ++journey) {
    converting += run.journeys.converting(journey) ? 1 : 0;
  }
  ASSERT_GT(converting, 100);
  EXPECT_EQ(result->converting_journeys, converting);
  EXPECT_DOUBLE_EQ(result->total.conversions, static_cast<double>(converting));
  EXPECT_GT(result->total.revenue, 0);
  EXPECT_GE(result->channels.size(), 8u);
  testing::ExpectConserved(*result);
  // The demo has B2B leads: w_shaped finds a lead-creation touch for some journeys.
  EXPECT_LT(result->Find(AttributionModel::kWShaped)->fallback_journeys,
            converting - result->empty_converting_journeys);
}

TEST(AttributionDemoTest, LastClickUndervaluesOrganicSearch) {
  const PipelineResult& run = DemoRun();
  Result<AttributionResult> result =
      AttributeJourneys(run.dataset, run.identity, run.journeys, {});
  ASSERT_TRUE(result.ok());
  Result<ModelComparison> comparison = CompareModels(*result);
  ASSERT_TRUE(comparison.ok());
  const int32_t organic = result->FindChannel("Organic Search");
  ASSERT_GE(organic, 0);
  const ComparisonRow& row = comparison->rows[static_cast<size_t>(organic)];
  const auto first = static_cast<size_t>(AttributionModel::kFirst);
  const auto linear = static_cast<size_t>(AttributionModel::kLinear);
  EXPECT_GT(row.cells[first].conversions_vs_last, 0);
  EXPECT_GT(row.cells[linear].conversions_vs_last, 0);
}

TEST(AttributionDemoTest, PathCountsAreConsistent) {
  const PipelineResult& run = DemoRun();
  Result<PathAnalysis> paths = AnalyzePaths(run.dataset, run.journeys);
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths->journeys, run.journeys.num_journeys());
  const auto sum = [](const std::vector<int64_t>& counts) {
    return std::accumulate(counts.begin(), counts.end(), int64_t{0});
  };
  EXPECT_EQ(sum(paths->converting_length_histogram), paths->converting);
  EXPECT_EQ(sum(paths->non_converting_length_histogram),
            paths->journeys - paths->converting);
  int64_t timed = 0;
  for (const TimeBucket& bucket : paths->time_to_conversion) timed += bucket.conversions;
  EXPECT_EQ(timed, paths->converting - paths->converting_length_histogram[0]);
  // Every multi-touch converting journey has one introducer and one closer.
  int64_t introducers = 0;
  int64_t closers = 0;
  int64_t solos = 0;
  for (const ChannelRoles& roles : paths->roles) {
    introducers += roles.introducer;
    closers += roles.closer;
    solos += roles.solo;
  }
  EXPECT_EQ(introducers, closers);
  EXPECT_EQ(solos, paths->converting_length_histogram[1]);
  EXPECT_EQ(introducers + solos, timed);
  ASSERT_FALSE(paths->top_converting.empty());
  EXPECT_GE(paths->top_converting.front().conversions,
            paths->top_converting.back().conversions);
}

}  // namespace
}  // namespace mroi
