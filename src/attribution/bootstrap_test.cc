// Tests of the bootstrap intervals: the generic BootstrapCredit() against
// percentiles computed by hand, the Markov, Shapley and rule-model wrappers:
// determinism (seed, thread count), resampling by person, a degenerate zero-width
// case, the point estimate inside the interval on the demo data, and bad options.
#include <algorithm>
#include <atomic>
#include <cmath>
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

// The small demo, run through the pipeline once for every test that needs it.
const PipelineResult& SmallDemo() {
  static const PipelineResult* run = [] {
    DemoOptions demo;
    demo.out_dir = ::testing::TempDir() + "bootstrap_demo_" + std::to_string(::getpid());
    demo.scale = DemoScale::kSmall;
    Result<DemoManifest> manifest = GenerateDemo(demo);
    EXPECT_TRUE(manifest.ok()) << manifest.status().ToString();
    Result<std::vector<InputSpec>> inputs = DiscoverInputs(manifest->data_dir);
    EXPECT_TRUE(inputs.ok()) << inputs.status().ToString();
    Result<PipelineResult> result = RunPipeline(*inputs, PipelineOptions{});
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return new PipelineResult(std::move(result).value());
  }();
  return *run;
}

TEST(BootstrapTest, PointEstimateLiesInsideTheIntervalOnTheDemo) {
  const PipelineResult* run = &SmallDemo();

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

// A model whose credit is countable by hand: channel "converting" gets 1 per
// converting journey (revenue = its revenue), channel "all" 1 per journey.
Result<std::vector<ChannelCredit>> CountingModel(const Journeys& sample) {
  Credit converting;
  Credit all;
  for (size_t journey = 0; journey < sample.person.size(); ++journey) {
    all.conversions += 1;
    if (sample.end[journey] == JourneyEnd::kConversion) {
      converting.conversions += 1;
      converting.revenue += sample.revenue[journey];
    }
  }
  return std::vector<ChannelCredit>{{"converting", converting}, {"all", all}};
}

// Percentile by the documented rule: linear between order statistics at p (B - 1).
double HandPercentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

TEST(BootstrapCreditTest, GenericModelMatchesHandComputedPercentiles) {
  JourneyBuilder builder = Mixed();
  BootstrapOptions options;
  options.replicates = 7;
  options.seed = 11;
  options.level = 0.5;  // the 25 % and 75 % percentiles: positions 1.5 and 4.5
  auto intervals = BootstrapCredit(builder.journeys, CountingModel, options);
  ASSERT_TRUE(intervals.ok()) << intervals.status().ToString();
  ASSERT_EQ(intervals->size(), 2u);
  EXPECT_EQ((*intervals)[0].channel, "converting");
  EXPECT_EQ((*intervals)[1].channel, "all");
  // The same replicates drawn by hand.
  std::vector<double> converting, revenue, all;
  for (int r = 0; r < options.replicates; ++r) {
    auto credit = CountingModel(ResampleJourneysByPerson(builder.journeys, 11, r));
    ASSERT_TRUE(credit.ok());
    converting.push_back((*credit)[0].credit.conversions);
    revenue.push_back((*credit)[0].credit.revenue);
    all.push_back((*credit)[1].credit.conversions);
  }
  EXPECT_DOUBLE_EQ((*intervals)[0].conversions_low, HandPercentile(converting, 0.25));
  EXPECT_DOUBLE_EQ((*intervals)[0].conversions_high, HandPercentile(converting, 0.75));
  EXPECT_DOUBLE_EQ((*intervals)[0].revenue_low, HandPercentile(revenue, 0.25));
  EXPECT_DOUBLE_EQ((*intervals)[0].revenue_high, HandPercentile(revenue, 0.75));
  EXPECT_DOUBLE_EQ((*intervals)[1].conversions_low, HandPercentile(all, 0.25));
  double mean = 0;
  for (double value : revenue) mean += value / 7;
  double squares = 0;
  for (double value : revenue) squares += (value - mean) * (value - mean);
  EXPECT_NEAR((*intervals)[0].revenue_se, std::sqrt(squares / 6), 1e-9);
}

TEST(BootstrapCreditTest, WrappersEqualTheGenericBootstrapBitForBit) {
  JourneyBuilder builder = Mixed();
  BootstrapOptions options;
  options.replicates = 30;
  options.seed = 5;
  CreditModel markov = [&](const Journeys& sample) -> Result<std::vector<ChannelCredit>> {
    MROI_ASSIGN_OR_RETURN(MarkovResult result,
                          MarkovAttribution(builder.dataset, sample, MarkovOptions{}));
    std::vector<ChannelCredit> out;
    for (size_t c = 0; c < result.channels.size(); ++c) {
      out.push_back({result.channels[c], result.credit[c]});
    }
    return out;
  };
  auto generic = BootstrapCredit(builder.journeys, markov, options);
  auto wrapper = BootstrapMarkov(builder.dataset, builder.journeys, MarkovOptions{}, options);
  ASSERT_TRUE(generic.ok() && wrapper.ok());
  ExpectSame(*generic, *wrapper);
}

TEST(BootstrapCreditTest, ModelErrorsAndBadShapesArePassedOn) {
  JourneyBuilder builder = Mixed();
  BootstrapOptions options;
  options.replicates = 20;
  options.threads = 3;
  // Fails on every resample that is not the original data (the point estimate
  // succeeds): the error of the model comes back, not a crash or a partial result.
  CreditModel flaky = [&](const Journeys& sample) -> Result<std::vector<ChannelCredit>> {
    if (&sample != &builder.journeys) return OutOfRange("replicate refused");
    return CountingModel(sample);
  };
  auto failed = BootstrapCredit(builder.journeys, flaky, options);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kOutOfRange);
  // A multi-model function must return as many lists every time.
  std::atomic<int> calls{0};
  CreditModels shifting = [&](const Journeys& sample)
      -> Result<std::vector<std::vector<ChannelCredit>>> {
    MROI_ASSIGN_OR_RETURN(std::vector<ChannelCredit> one, CountingModel(sample));
    std::vector<std::vector<ChannelCredit>> out(calls++ == 0 ? 2 : 1, one);
    return out;
  };
  auto shape = BootstrapCreditModels(builder.journeys, shifting, options);
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.status().code(), StatusCode::kInternal);
  // Options are checked before the model runs.
  options.replicates = -3;
  EXPECT_EQ(BootstrapCredit(builder.journeys, CountingModel, options).status().code(),
            StatusCode::kInvalidArgument);
}

void ExpectSameModels(const std::vector<ModelIntervals>& a,
                      const std::vector<ModelIntervals>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t m = 0; m < a.size(); ++m) {
    EXPECT_EQ(a[m].name, b[m].name);
    ExpectSame(a[m].channels, b[m].channels);
  }
}

TEST(BootstrapRuleModelsTest, ThreadCountAndSeed) {
  JourneyBuilder builder = Mixed();
  BootstrapOptions options;
  options.replicates = 40;
  options.seed = 9;
  options.threads = 1;
  AttributionOptions attribution;  // all nine rule models
  auto one = BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys,
                                 attribution, options);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->size(), 9u);
  EXPECT_EQ((*one)[0].name, "first");
  EXPECT_EQ((*one)[8].name, "inverse_j");
  options.threads = 3;
  auto three = BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys,
                                   attribution, options);
  ASSERT_TRUE(three.ok());
  ExpectSameModels(*one, *three);
  auto again = BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys,
                                   attribution, options);
  ASSERT_TRUE(again.ok());
  ExpectSameModels(*one, *again);
  // Each rule model's intervals are those of BootstrapCredit() on that model alone.
  attribution.models = {AttributionModel::kLinear};
  CreditModel linear = [&](const Journeys& sample) -> Result<std::vector<ChannelCredit>> {
    MROI_ASSIGN_OR_RETURN(AttributionResult result,
                          AttributeJourneys(builder.dataset, builder.identity, sample,
                                            attribution));
    std::vector<ChannelCredit> out;
    for (size_t c = 0; c < result.channels.size(); ++c) {
      out.push_back({result.channels[c], result.models[0].channels[c]});
    }
    return out;
  };
  auto alone = BootstrapCredit(builder.journeys, linear, options);
  ASSERT_TRUE(alone.ok());
  ExpectSame((*one)[3].channels, *alone);
  // Channels of the point estimate: those of converting journeys, sorted.
  ASSERT_EQ((*one)[3].channels.size(), 3u);
  EXPECT_EQ((*one)[3].channels[0].channel, "Display");
  // Another seed moves the intervals.
  options.seed = 10;
  auto other = BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys,
                                   AttributionOptions{}, options);
  ASSERT_TRUE(other.ok());
  bool differs = false;
  for (size_t m = 0; m < other->size(); ++m) {
    for (size_t c = 0; c < (*other)[m].channels.size(); ++c) {
      differs = differs ||
                (*other)[m].channels[c].conversions_se != (*one)[m].channels[c].conversions_se;
    }
  }
  EXPECT_TRUE(differs);
}

TEST(BootstrapRuleModelsTest, IdenticalJourneysGiveZeroWidth) {
  // 4 persons, each Email then Search, revenue 30: first gives Email 4, last gives
  // Search 4, linear 2 and 2 (revenue 60 each), in every replicate.
  JourneyBuilder builder;
  for (int32_t person = 0; person < 4; ++person) {
    builder.Convert(person, {{1000, "Email", ""}, {1060, "Search", ""}}, 1200, 30, 10);
  }
  AttributionOptions attribution;
  attribution.models = {AttributionModel::kFirst, AttributionModel::kLast,
                        AttributionModel::kLinear};
  BootstrapOptions options;
  options.replicates = 25;
  auto intervals = BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys,
                                       attribution, options);
  ASSERT_TRUE(intervals.ok()) << intervals.status().ToString();
  ASSERT_EQ(intervals->size(), 3u);
  const double expected[3][2] = {{4, 0}, {0, 4}, {2, 2}};  // [model][Email, Search]
  for (size_t m = 0; m < 3; ++m) {
    ASSERT_EQ((*intervals)[m].channels.size(), 2u);
    for (size_t c = 0; c < 2; ++c) {
      const ChannelInterval& interval = (*intervals)[m].channels[c];
      EXPECT_DOUBLE_EQ(interval.conversions_low, expected[m][c]) << m << interval.channel;
      EXPECT_DOUBLE_EQ(interval.conversions_high, expected[m][c]);
      EXPECT_DOUBLE_EQ(interval.revenue_low, 30 * expected[m][c]);
      EXPECT_DOUBLE_EQ(interval.revenue_high, 30 * expected[m][c]);
      EXPECT_DOUBLE_EQ(interval.conversions_se, 0);
    }
  }
}

TEST(BootstrapRuleModelsTest, BadOptionsAreRefused) {
  JourneyBuilder builder = Mixed();
  BootstrapOptions options;
  options.replicates = 0;
  EXPECT_EQ(BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys,
                                AttributionOptions{}, options)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  options.replicates = 10;
  options.level = 0;
  EXPECT_EQ(BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys,
                                AttributionOptions{}, options)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  options.level = 0.95;
  AttributionOptions bad;
  bad.half_life_s = 0;
  auto half_life =
      BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys, bad, options);
  ASSERT_FALSE(half_life.ok());
  EXPECT_EQ(half_life.status().code(), StatusCode::kInvalidArgument);
  AttributionOptions none;
  none.models.clear();
  EXPECT_FALSE(
      BootstrapRuleModels(builder.dataset, builder.identity, builder.journeys, none, options)
          .ok());
}

TEST(BootstrapRuleModelsTest, PointEstimateLiesInsideTheIntervalOnTheDemo) {
  const PipelineResult& run = SmallDemo();
  AttributionOptions attribution;
  auto point = AttributeJourneys(run.dataset, run.identity, run.journeys, attribution);
  ASSERT_TRUE(point.ok()) << point.status().ToString();
  BootstrapOptions options;
  options.replicates = 100;
  auto intervals =
      BootstrapRuleModels(run.dataset, run.identity, run.journeys, attribution, options);
  ASSERT_TRUE(intervals.ok()) << intervals.status().ToString();
  ASSERT_EQ(intervals->size(), point->models.size());
  for (size_t m = 0; m < point->models.size(); ++m) {
    const ModelIntervals& model = (*intervals)[m];
    EXPECT_EQ(model.name, point->models[m].name);
    ASSERT_EQ(model.channels.size(), point->channels.size());
    for (size_t c = 0; c < point->channels.size(); ++c) {
      const ChannelInterval& interval = model.channels[c];
      const Credit& credit = point->models[m].channels[c];
      EXPECT_EQ(interval.channel, point->channels[c]);
      EXPECT_LE(interval.conversions_low, credit.conversions) << model.name << interval.channel;
      EXPECT_GE(interval.conversions_high, credit.conversions) << model.name << interval.channel;
      EXPECT_LE(interval.revenue_low, credit.revenue) << model.name << interval.channel;
      EXPECT_GE(interval.revenue_high, credit.revenue) << model.name << interval.channel;
    }
  }
}

}  // namespace
}  // namespace mroi
