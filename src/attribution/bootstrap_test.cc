// Tests of the bootstrap intervals of the Markov and Shapley credit: determinism
// (seed, thread count), resampling by person, a degenerate zero-width case, the
// point estimate inside the interval on the demo data, and bad options.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "mroi/data_driven.h"
#include "mroi/demo.h"
#include "mroi/ingest.h"
#include "mroi/pipeline.h"

#include "attribution/attribution_test_util.h"

namespace mroi {
namespace {

using testing::JourneyBuilder;
using testing::TouchSpec;

// A small mixed data set: persons 0..5 each with one or two journeys.
JourneyBuilder Mixed() {
  JourneyBuilder builder;
  builder.Convert(0, {{1000, "Email", ""}, {1060, "Search", ""}}, 1200, 100, 50);
  builder.Browse(0, {{2000, "Display", ""}});
  builder.Convert(1, {{1000, "Search", ""}}, 1200, 40, 20);
  builder.Browse(2, {{1000, "Display", ""}, {1060, "Email", ""}});
  builder.Convert(3, {{1000, "Display", ""}, {1060, "Search", ""}}, 1200, 80, 40);
  builder.Convert(4, {{1000, "Email", ""}}, 1200, 10, 5);
  builder.Browse(5, {{1000, "Search", ""}});
  builder.Convert(5, {{3000, "Display", ""}, {3060, "Email", ""}}, 3200, 60, 30);
  return builder;
}

void ExpectSame(const std::vector<ChannelInterval>& a, const std::vector<ChannelInterval>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].channel, b[i].channel);
    // Bitwise equal: the replicates and their order do not depend on the threads.
    EXPECT_EQ(a[i].conversions_low, b[i].conversions_low);
    EXPECT_EQ(a[i].conversions_high, b[i].conversions_high);
    EXPECT_EQ(a[i].revenue_low, b[i].revenue_low);
    EXPECT_EQ(a[i].revenue_high, b[i].revenue_high);
    EXPECT_EQ(a[i].conversions_se, b[i].conversions_se);
  }
}

TEST(BootstrapTest, ResampleKeepsPersonsTogether) {
  JourneyBuilder builder = Mixed();
  const Journeys& journeys = builder.journeys;
  Journeys sample = ResampleJourneysByPerson(journeys, 7, 3);
  // Each of the 6 persons' journeys appear as a block: count journeys per person
  // in the sample; it must be a multiple of the person's journey count (1 or 2).
  std::vector<int> original(6, 0), drawn(6, 0);
  for (int32_t person : journeys.person) ++original[static_cast<size_t>(person)];
  for (int32_t person : sample.person) ++drawn[static_cast<size_t>(person)];
  int units = 0;
  for (size_t p = 0; p < 6; ++p) {
    EXPECT_EQ(drawn[p] % original[p], 0) << p;
    units += drawn[p] / original[p];
  }
  EXPECT_EQ(units, 6);  // as many persons drawn as there are
  EXPECT_EQ(sample.offsets.size(), sample.person.size() + 1);
  EXPECT_EQ(static_cast<size_t>(sample.offsets.back()), sample.touch_channel.size());
  // Same (seed, replicate) -> same sample; another replicate differs in general.
  Journeys again = ResampleJourneysByPerson(journeys, 7, 3);
  EXPECT_EQ(again.person, sample.person);
  EXPECT_EQ(again.touch_channel, sample.touch_channel);
}

TEST(BootstrapTest, SameSeedSameResultAndThreadCountDoesNotMatter) {
  JourneyBuilder builder = Mixed();
  BootstrapOptions options;
  options.replicates = 50;
  options.seed = 42;
  options.threads = 1;
  auto one = BootstrapMarkov(builder.dataset, builder.journeys, MarkovOptions{}, options);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  options.threads = 2;
  auto two = BootstrapMarkov(builder.dataset, builder.journeys, MarkovOptions{}, options);
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  ExpectSame(*one, *two);
  options.threads = 0;
  auto automatic = BootstrapMarkov(builder.dataset, builder.journeys, MarkovOptions{}, options);
  ASSERT_TRUE(automatic.ok());
  ExpectSame(*one, *automatic);
  // Channels of the point estimate, sorted by name: Display, Email, Search.
  ASSERT_EQ(one->size(), 3u);
  EXPECT_EQ((*one)[0].channel, "Display");
  // The data vary by person, so the intervals have width.
  bool some_width = false;
  for (const ChannelInterval& interval : *one) {
    EXPECT_LE(interval.conversions_low, interval.conversions_high);
    EXPECT_LE(interval.revenue_low, interval.revenue_high);
    some_width = some_width || interval.conversions_high > interval.conversions_low;
  }
  EXPECT_TRUE(some_width);

  options.threads = 1;
  auto shapley1 = BootstrapShapley(builder.dataset, builder.journeys, {}, options);
  options.threads = 2;
  auto shapley2 = BootstrapShapley(builder.dataset, builder.journeys, {}, options);
  ASSERT_TRUE(shapley1.ok() && shapley2.ok());
  ExpectSame(*shapley1, *shapley2);
  // Another seed gives other replicates.
  options.seed = 43;
  auto other = BootstrapShapley(builder.dataset, builder.journeys, {}, options);
  ASSERT_TRUE(other.ok());
  bool differs = false;
  for (size_t i = 0; i < other->size(); ++i) {
    differs = differs || (*other)[i].conversions_se != (*shapley1)[i].conversions_se;
  }
  EXPECT_TRUE(differs);
}

TEST(BootstrapTest, IdenticalJourneysGiveZeroWidthAtThePoint) {
  // 5 persons with the same converting path Email > Search (revenue 30 each):
  // every replicate is the same data, so low = high = point and se = 0.
  // Markov order 1: removing either channel breaks the only path, removal effects
  // 1 and 1, so each gets 5 / 2 = 2.5 conversions and 150 / 2 = 75 revenue.
  JourneyBuilder builder;
  for (int32_t person = 0; person < 5; ++person) {
    builder.Convert(person, {{1000, "Email", ""}, {1060, "Search", ""}}, 1200, 30, 10);
  }
  BootstrapOptions options;
  options.replicates = 20;
  auto markov = BootstrapMarkov(builder.dataset, builder.journeys, MarkovOptions{}, options);
  ASSERT_TRUE(markov.ok()) << markov.status().ToString();
  ASSERT_EQ(markov->size(), 2u);
  for (const ChannelInterval& interval : *markov) {
    EXPECT_DOUBLE_EQ(interval.conversions_low, 2.5) << interval.channel;
    EXPECT_DOUBLE_EQ(interval.conversions_high, 2.5);
    EXPECT_DOUBLE_EQ(interval.revenue_low, 75);
    EXPECT_DOUBLE_EQ(interval.revenue_high, 75);
    EXPECT_DOUBLE_EQ(interval.conversions_se, 0);
  }
  // Shapley: symmetric players share v({Email, Search}) = 5 equally.
  auto shapley = BootstrapShapley(builder.dataset, builder.journeys, {}, options);
  ASSERT_TRUE(shapley.ok());
  ASSERT_EQ(shapley->size(), 2u);
  EXPECT_DOUBLE_EQ((*shapley)[1].conversions_low, 2.5);
  EXPECT_DOUBLE_EQ((*shapley)[1].conversions_high, 2.5);
}

TEST(BootstrapTest, BadOptionsAreRefused) {
  JourneyBuilder builder = Mixed();
  BootstrapOptions options;
  options.replicates = 0;
  auto zero = BootstrapMarkov(builder.dataset, builder.journeys, MarkovOptions{}, options);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), StatusCode::kInvalidArgument);
  options.replicates = 10;
  options.level = 1;
  EXPECT_EQ(BootstrapShapley(builder.dataset, builder.journeys, {}, options).status().code(),
            StatusCode::kInvalidArgument);
  options.level = 0.9;
  options.threads = -1;
  EXPECT_FALSE(BootstrapShapley(builder.dataset, builder.journeys, {}, options).ok());
  // A model error (order 5) is passed on.
  options.threads = 0;
  MarkovOptions bad;
  bad.order = 5;
  EXPECT_EQ(BootstrapMarkov(builder.dataset, builder.journeys, bad, options).status().code(),
            StatusCode::kInvalidArgument);
  // No journeys at all: no channels, no crash.
  JourneyBuilder empty;
  auto none = BootstrapShapley(empty.dataset, empty.journeys, {}, options);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
}

TEST(BootstrapTest, PointEstimateLiesInsideTheIntervalOnTheDemo) {
  DemoOptions demo;
  demo.out_dir = ::testing::TempDir() + "bootstrap_demo_" + std::to_string(::getpid());
  demo.scale = DemoScale::kSmall;
  Result<DemoManifest> manifest = GenerateDemo(demo);
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  Result<std::vector<InputSpec>> inputs = DiscoverInputs(manifest->data_dir);
  ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
  Result<PipelineResult> run = RunPipeline(*inputs, PipelineOptions{});
  ASSERT_TRUE(run.ok()) << run.status().ToString();

  BootstrapOptions options;
  options.replicates = 100;
  auto point = MarkovAttribution(run->dataset, run->journeys, MarkovOptions{});
  ASSERT_TRUE(point.ok());
  auto markov = BootstrapMarkov(run->dataset, run->journeys, MarkovOptions{}, options);
  ASSERT_TRUE(markov.ok()) << markov.status().ToString();
  ASSERT_EQ(markov->size(), point->channels.size());
  for (size_t c = 0; c < markov->size(); ++c) {
    const ChannelInterval& interval = (*markov)[c];
    EXPECT_EQ(interval.channel, point->channels[c]);
    EXPECT_LE(interval.conversions_low, point->credit[c].conversions) << interval.channel;
    EXPECT_GE(interval.conversions_high, point->credit[c].conversions) << interval.channel;
    EXPECT_LE(interval.revenue_low, point->credit[c].revenue) << interval.channel;
    EXPECT_GE(interval.revenue_high, point->credit[c].revenue) << interval.channel;
    EXPECT_GT(interval.conversions_se, 0) << interval.channel;
  }
  auto shapley_point = ShapleyAttribution(run->dataset, run->journeys);
  ASSERT_TRUE(shapley_point.ok());
  auto shapley = BootstrapShapley(run->dataset, run->journeys, {}, options);
  ASSERT_TRUE(shapley.ok()) << shapley.status().ToString();
  ASSERT_EQ(shapley->size(), shapley_point->channels.size());
  for (size_t c = 0; c < shapley->size(); ++c) {
    EXPECT_LE((*shapley)[c].conversions_low, shapley_point->credit[c].conversions);
    EXPECT_GE((*shapley)[c].conversions_high, shapley_point->credit[c].conversions);
  }
}

}  // namespace
}  // namespace mroi
