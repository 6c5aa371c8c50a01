// Tests of the Shapley variants: the simplified closed form (equal to the exact
// values, any number of channels), the ordered Shapley value by touch position, the
// sampled estimator (efficiency, unbiasedness, standard errors, determinism), and the
// axioms (efficiency, symmetry, null player) for the exact, simplified and sampled
// solvers on random games.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/data_driven.h"

#include "attribution/attribution_test_util.h"

namespace mroi {
namespace {

using testing::JourneyBuilder;
using testing::TouchSpec;

struct PathSpec {
  std::vector<std::string> channels;
  bool converting = true;
  double revenue = 0;
  int copies = 1;
};

JourneyBuilder Build(const std::vector<PathSpec>& paths) {
  JourneyBuilder builder;
  int32_t person = 0;
  for (const PathSpec& path : paths) {
    for (int copy = 0; copy < path.copies; ++copy) {
      std::vector<TouchSpec> touches;
      UnixSeconds time = 1000;
      for (const std::string& channel : path.channels) {
        touches.push_back(TouchSpec{time, channel, ""});
        time += 60;
      }
      if (path.converting) {
        builder.Convert(person++, touches, time, path.revenue, path.revenue / 2);
      } else {
        builder.Browse(person++, touches);
      }
    }
  }
  return builder;
}

// Random paths over channels c0..c{channels-1}, with repeats.
std::vector<PathSpec> RandomPaths(std::mt19937_64* rng, int channels, int paths) {
  std::uniform_int_distribution<int> channel(0, channels - 1);
  std::uniform_int_distribution<int> length(1, 6);
  std::uniform_int_distribution<int> revenue(1, 50);
  std::uniform_int_distribution<int> copies(1, 3);
  std::vector<PathSpec> game;
  for (int i = 0; i < paths; ++i) {
    PathSpec path;
    const int touches = length(*rng);
    for (int t = 0; t < touches; ++t)
      path.channels.push_back("c" + std::to_string(channel(*rng)));
    path.revenue = revenue(*rng);
    path.copies = copies(*rng);
    path.converting = i % 5 != 4;
    game.push_back(path);
  }
  return game;
}

// "ch07": two-digit names sort like their numbers.
std::string ChannelName(int number) {
  return (number < 10 ? "ch0" : "ch") + std::to_string(number);
}

// A random game as counts: `sets` random channel sets (size 1..5) with integer
// values. Names run against the ids, so that the solvers' renumbering is exercised.
ShapleyCounts RandomCounts(std::mt19937_64* rng, int channels, int sets) {
  ShapleyCounts counts;
  for (int id = 0; id < channels; ++id) {
    counts.channels.push_back(ChannelName(channels - 1 - id));
  }
  std::uniform_int_distribution<int> channel(0, channels - 1);
  std::uniform_int_distribution<int> size(1, std::min(5, channels));
  std::uniform_int_distribution<int> value(1, 40);
  for (int s = 0; s < sets; ++s) {
    std::vector<int32_t> set;
    const int members = size(*rng);
    while (static_cast<int>(set.size()) < members) {
      const int32_t id = channel(*rng);
      if (std::find(set.begin(), set.end(), id) == set.end()) set.push_back(id);
    }
    std::sort(set.begin(), set.end());
    const double conversions = value(*rng);
    Credit& credit = counts.by_set[set];
    credit.conversions += conversions;
    credit.revenue += 3 * conversions;
    credit.gross_profit += conversions;
  }
  return counts;
}

template <typename ResultT>
Credit CreditOf(const ResultT& result, std::string_view channel) {
  const int32_t index = result.FindChannel(channel);
  EXPECT_GE(index, 0) << channel;
  return index < 0 ? Credit{} : result.credit[static_cast<size_t>(index)];
}

Credit Sum(const std::vector<Credit>& credits) {
  Credit sum;
  for (const Credit& credit : credits) {
    sum.conversions += credit.conversions;
    sum.revenue += credit.revenue;
    sum.gross_profit += credit.gross_profit;
  }
  return sum;
}

double Tolerance(double value) { return 1e-9 * (1.0 + std::fabs(value)); }

// ---- Simplified Shapley ----------------------------------------------------------

TEST(SimplifiedShapleyTest, EqualsExactOnRandomGames) {
  std::mt19937_64 rng(21);
  for (int channels = 1; channels <= 12; ++channels) {
    for (int trial = 0; trial < 3; ++trial) {
      const ShapleyCounts counts = RandomCounts(&rng, channels, 5 + 4 * channels);
      const Result<ShapleyResult> exact = SolveShapley(counts);
      const Result<ShapleyResult> simplified = SolveShapleySimplified(counts);
      ASSERT_TRUE(exact.ok()) << exact.status().message();
      ASSERT_TRUE(simplified.ok()) << simplified.status().message();
      EXPECT_EQ(exact->method, "exact");
      EXPECT_EQ(simplified->method, "simplified");
      ASSERT_EQ(simplified->channels, exact->channels);
      for (size_t c = 0; c < exact->credit.size(); ++c) {
        const Credit& want = exact->credit[c];
        const Credit& got = simplified->credit[c];
        EXPECT_NEAR(got.conversions, want.conversions, Tolerance(want.conversions));
        EXPECT_NEAR(got.revenue, want.revenue, Tolerance(want.revenue));
        EXPECT_NEAR(got.gross_profit, want.gross_profit, Tolerance(want.gross_profit));
      }
      EXPECT_EQ(simplified->total.revenue, exact->total.revenue);
    }
  }
}

TEST(SimplifiedShapleyTest, FortyChannels) {
  // Each channel alone: 1 conversion; all 40 together: 40; {ch00, ch01}: 4.
  // phi = 1 + 40/40 (+ 4/2 for ch00 and ch01).
  ShapleyCounts counts;
  std::vector<int32_t> all;
  for (int id = 0; id < 40; ++id) {
    counts.channels.push_back(ChannelName(id));
    counts.by_set[{id}] = Credit{1, 10, 5};
    all.push_back(id);
  }
  counts.by_set[all] = Credit{40, 400, 200};
  counts.by_set[{0, 1}] = Credit{4, 40, 20};
  const Result<ShapleyResult> result = SolveShapleySimplified(counts);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->channels.size(), 40U);
  EXPECT_NEAR(CreditOf(*result, "ch00").conversions, 4.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "ch01").revenue, 40.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "ch39").conversions, 2.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "ch17").gross_profit, 10.0, 1e-12);
  EXPECT_NEAR(result->total.conversions, 84.0, 1e-12);
  EXPECT_NEAR(Sum(result->credit).conversions, 84.0, 1e-9);
  // The exact solver refuses 40 channels when sampling is off.
  ShapleyOptions exact_only;
  exact_only.sampling_fallback = false;
  EXPECT_EQ(SolveShapley(counts, exact_only).status().code(), StatusCode::kInvalidArgument);
}

TEST(SimplifiedShapleyTest, FromJourneys) {
  // {A,B} (A twice): 2 x revenue 6; {B}: revenue 4; no touch: revenue 9.
  JourneyBuilder builder = Build({{{"A", "B", "A"}, true, 6, 2},
                                  {{"B"}, true, 4, 1},
                                  {{}, true, 9, 1},
                                  {{"C"}, false, 0, 3}});
  ShapleyOptions options;
  options.none_label = "direct/none";
  const Result<ShapleyResult> result =
      ShapleySimplifiedAttribution(builder.dataset, builder.journeys, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->channels, (std::vector<std::string>{"A", "B", "direct/none"}));
  EXPECT_NEAR(CreditOf(*result, "A").revenue, 6.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").revenue, 10.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").conversions, 2.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "direct/none").revenue, 9.0, 1e-12);
  EXPECT_NEAR(result->total.conversions, 4.0, 1e-12);
  EXPECT_TRUE(result->standard_error.empty());
}

TEST(SimplifiedShapleyTest, BadInputIsAnError) {
  ShapleyCounts counts;
  counts.channels = {"A"};
  counts.by_set[{-1}] = Credit{1, 1, 1};
  EXPECT_EQ(SolveShapleySimplified(counts).status().code(), StatusCode::kInvalidArgument);
  JourneyBuilder builder = Build({{{"A"}, true, 1, 1}});
  Journeys broken = builder.journeys;
  broken.offsets.push_back(5);
  EXPECT_EQ(ShapleySimplifiedAttribution(builder.dataset, broken).status().code(),
            StatusCode::kInvalidArgument);
}

// ---- Ordered Shapley -------------------------------------------------------------

TEST(OrderedShapleyTest, ThreeTouchPathByHand) {
  // A,B,A x2 (revenue 6 each): set {A,B}; A's half (1 conversion) split over its
  //   two touches: 0.5 at positions 1 and 3; B's half at position 2.
  // C,A,B (revenue 3): a third each, at positions 1, 2, 3.
  // B (revenue 5): all to B at position 1.
  // Conversions: A = [0.5, 1/3, 0.5], B = [1, 1, 1/3], C = [1/3, 0, 0].
  // Revenue:     A = [3, 1, 3],       B = [5, 6, 1],   C = [1, 0, 0].
  JourneyBuilder builder = Build({{{"A", "B", "A"}, true, 6, 2},
                                  {{"C", "A", "B"}, true, 3, 1},
                                  {{"B"}, true, 5, 1},
                                  {{"C", "C", "C", "C"}, false, 0, 1}});
  const Result<OrderedShapleyResult> result =
      OrderedShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->channels, (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_EQ(result->max_position, 3);
  const std::vector<std::vector<double>> conversions = {
      {0.5, 1.0 / 3, 0.5}, {1.0, 1.0, 1.0 / 3}, {1.0 / 3, 0.0, 0.0}};
  const std::vector<std::vector<double>> revenue = {{3, 1, 3}, {5, 6, 1}, {1, 0, 0}};
  for (size_t channel = 0; channel < 3; ++channel) {
    ASSERT_EQ(result->by_position[channel].size(), 3U);
    for (size_t position = 0; position < 3; ++position) {
      EXPECT_NEAR(result->by_position[channel][position].conversions,
                  conversions[channel][position], 1e-12)
          << channel << " " << position;
      EXPECT_NEAR(result->by_position[channel][position].revenue,
                  revenue[channel][position], 1e-12)
          << channel << " " << position;
    }
  }
  EXPECT_NEAR(CreditOf(*result, "A").conversions, 4.0 / 3, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").conversions, 7.0 / 3, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "C").revenue, 1.0, 1e-12);
  EXPECT_NEAR(result->total.conversions, 4.0, 1e-12);
  // Summed over positions: the exact Shapley value of the set game.
  const Result<ShapleyResult> exact = ShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(exact.ok());
  EXPECT_NEAR(CreditOf(*exact, "A").conversions, 4.0 / 3, 1e-12);
  EXPECT_NEAR(CreditOf(*exact, "B").revenue, 12.0, 1e-12);
}

TEST(OrderedShapleyTest, LatePositionsPoolIntoTheLast) {
  // A,B,C,D,A: a quarter each; A's quarter split over positions 1 and 5.
  JourneyBuilder builder = Build({{{"A", "B", "C", "D", "A"}, true, 8, 1}});
  const Result<OrderedShapleyResult> full =
      OrderedShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full->max_position, 5);
  EXPECT_NEAR(full->by_position[0][0].conversions, 0.125, 1e-12);
  EXPECT_NEAR(full->by_position[0][4].conversions, 0.125, 1e-12);
  EXPECT_NEAR(full->by_position[3][3].revenue, 2.0, 1e-12);
  ShapleyOptions options;
  options.max_ordered_positions = 3;
  const Result<OrderedShapleyResult> pooled =
      OrderedShapleyAttribution(builder.dataset, builder.journeys, options);
  ASSERT_TRUE(pooled.ok());
  ASSERT_EQ(pooled->max_position, 3);
  // A = [1/8, 0, 1/8], C = [0, 0, 1/4], D = [0, 0, 1/4] (position 4 pooled into 3).
  EXPECT_NEAR(pooled->by_position[0][0].conversions, 0.125, 1e-12);
  EXPECT_NEAR(pooled->by_position[0][1].conversions, 0.0, 1e-12);
  EXPECT_NEAR(pooled->by_position[0][2].conversions, 0.125, 1e-12);
  EXPECT_NEAR(pooled->by_position[2][2].conversions, 0.25, 1e-12);
  EXPECT_NEAR(pooled->by_position[3][2].conversions, 0.25, 1e-12);
  EXPECT_NEAR(pooled->credit[3].conversions, 0.25, 1e-12);
}

TEST(OrderedShapleyTest, SumsOverPositionsToSimplified) {
  std::mt19937_64 rng(8);
  for (int cap : {1, 2, 10}) {
    const std::vector<PathSpec> game = RandomPaths(&rng, 9, 150);
    JourneyBuilder builder = Build(game);
    ShapleyOptions options;
    options.max_ordered_positions = cap;
    const Result<OrderedShapleyResult> ordered =
        OrderedShapleyAttribution(builder.dataset, builder.journeys, options);
    const Result<ShapleyResult> simplified =
        ShapleySimplifiedAttribution(builder.dataset, builder.journeys);
    ASSERT_TRUE(ordered.ok()) << ordered.status().message();
    ASSERT_TRUE(simplified.ok());
    EXPECT_EQ(ordered->max_position, std::min(cap, 6));
    ASSERT_EQ(ordered->channels, simplified->channels);
    for (size_t c = 0; c < ordered->channels.size(); ++c) {
      ASSERT_EQ(ordered->by_position[c].size(), static_cast<size_t>(ordered->max_position));
      const Credit by_position = Sum(ordered->by_position[c]);
      const Credit& want = simplified->credit[c];
      EXPECT_NEAR(by_position.conversions, want.conversions, Tolerance(want.conversions));
      EXPECT_NEAR(ordered->credit[c].revenue, want.revenue, Tolerance(want.revenue));
      EXPECT_NEAR(ordered->credit[c].gross_profit, want.gross_profit,
                  Tolerance(want.gross_profit));
    }
    EXPECT_NEAR(Sum(ordered->credit).revenue, ordered->total.revenue,
                Tolerance(ordered->total.revenue));
  }
}

TEST(OrderedShapleyTest, PartitionsMergeAndCollapse) {
  std::mt19937_64 rng(3);
  const std::vector<PathSpec> game = RandomPaths(&rng, 7, 120);
  JourneyBuilder whole = Build(game);
  const Result<OrderedShapleyResult> expected =
      OrderedShapleyAttribution(whole.dataset, whole.journeys);
  ASSERT_TRUE(expected.ok());
  OrderedShapleyCounts merged;
  for (int part = 2; part >= 0; --part) {
    std::vector<PathSpec> slice;
    for (size_t i = static_cast<size_t>(part); i < game.size(); i += 3) {
      slice.push_back(game[i]);
    }
    JourneyBuilder builder = Build(slice);
    const Result<OrderedShapleyCounts> counts =
        CountOrderedShapleyPaths(builder.dataset, builder.journeys);
    ASSERT_TRUE(counts.ok());
    merged.Merge(*counts);
  }
  const Result<OrderedShapleyResult> result = SolveOrderedShapley(merged);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->channels, expected->channels);
  ASSERT_EQ(result->max_position, expected->max_position);
  for (size_t c = 0; c < result->channels.size(); ++c) {
    for (size_t p = 0; p < result->by_position[c].size(); ++p) {
      EXPECT_NEAR(result->by_position[c][p].revenue, expected->by_position[c][p].revenue,
                  Tolerance(expected->by_position[c][p].revenue));
    }
  }
  // The collapsed sets are CountShapleySets()'s: same exact Shapley values.
  const Result<ShapleyResult> from_sets = SolveShapley(CollapseToSets(merged));
  const Result<ShapleyResult> direct = ShapleyAttribution(whole.dataset, whole.journeys);
  ASSERT_TRUE(from_sets.ok());
  ASSERT_TRUE(direct.ok());
  ASSERT_EQ(from_sets->channels, direct->channels);
  for (size_t c = 0; c < direct->credit.size(); ++c) {
    EXPECT_NEAR(from_sets->credit[c].revenue, direct->credit[c].revenue,
                Tolerance(direct->credit[c].revenue));
  }
}

TEST(OrderedShapleyTest, NoTouchAndBadInput) {
  JourneyBuilder builder = Build({{{}, true, 7, 2}});
  const Result<OrderedShapleyResult> none =
      OrderedShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(none.ok());
  ASSERT_EQ(none->channels, (std::vector<std::string>{"(none)"}));
  ASSERT_EQ(none->max_position, 1);
  EXPECT_NEAR(none->by_position[0][0].revenue, 14.0, 1e-12);
  EXPECT_NEAR(none->credit[0].conversions, 2.0, 1e-12);
  EXPECT_NEAR(none->total.conversions, 2.0, 1e-12);

  JourneyBuilder nothing = Build({{{"A"}, false, 0, 1}});
  const Result<OrderedShapleyResult> empty =
      OrderedShapleyAttribution(nothing.dataset, nothing.journeys);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->channels.empty());
  EXPECT_EQ(empty->max_position, 0);

  ShapleyOptions bad;
  bad.max_ordered_positions = 0;
  EXPECT_EQ(OrderedShapleyAttribution(builder.dataset, builder.journeys, bad).status().code(),
            StatusCode::kInvalidArgument);
  OrderedShapleyCounts counts;
  counts.channels = {"A"};
  counts.by_path[{0, 1}] = Credit{1, 1, 1};
  EXPECT_EQ(SolveOrderedShapley(counts).status().code(), StatusCode::kInvalidArgument);
  Journeys broken = builder.journeys;
  broken.offsets.push_back(5);
  EXPECT_EQ(CountOrderedShapleyPaths(builder.dataset, broken).status().code(),
            StatusCode::kInvalidArgument);
}

// ---- Sampled Shapley -------------------------------------------------------------

TEST(SampledShapleyTest, FallbackSumsExactlyToTheTotal) {
  std::mt19937_64 rng(4);
  ShapleyCounts counts = RandomCounts(&rng, 30, 150);
  counts.empty = Credit{3, 30, 15};
  const Result<ShapleyResult> result = SolveShapley(counts);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->method, "sampled");
  EXPECT_EQ(result->note,
            "30 channels is more than the exact Shapley limit of 20 (the cost grows as "
            "2^n); estimated from 2000 sampled permutations (seed 1), standard errors "
            "given; the simplified Shapley model is exact for this game at any size");
  ASSERT_EQ(result->channels.size(), 31U);
  ASSERT_EQ(result->standard_error.size(), 31U);
  EXPECT_EQ(result->channels.back(), "(none)");
  EXPECT_EQ(result->standard_error.back(), 0.0);
  EXPECT_EQ(result->credit.back().revenue, 30.0);
  const Credit sum = Sum(result->credit);
  EXPECT_NEAR(sum.conversions, result->total.conversions, 1e-12 * sum.conversions);
  EXPECT_NEAR(sum.revenue, result->total.revenue, 1e-12 * sum.revenue);
  EXPECT_NEAR(sum.gross_profit, result->total.gross_profit, 1e-12 * sum.gross_profit);
  for (size_t c = 0; c + 1 < result->channels.size(); ++c) {
    EXPECT_GT(result->standard_error[c], 0.0) << result->channels[c];
  }
}

TEST(SampledShapleyTest, WithinFourStandardErrorsOfExact) {
  std::mt19937_64 rng(12);
  const ShapleyCounts counts = RandomCounts(&rng, 12, 80);
  ShapleyOptions options;
  options.max_exact_channels = 8;
  const Result<ShapleyResult> sampled = SolveShapley(counts, options);
  const Result<ShapleyResult> exact = SolveShapley(counts);
  ASSERT_TRUE(sampled.ok()) << sampled.status().message();
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(sampled->method, "sampled");
  EXPECT_NE(sampled->note.find("12 channels is more than the exact Shapley limit of 8"),
            std::string::npos);
  ASSERT_EQ(sampled->channels, exact->channels);
  for (size_t c = 0; c < exact->credit.size(); ++c) {
    const double error = sampled->credit[c].conversions - exact->credit[c].conversions;
    EXPECT_LE(std::fabs(error), 4 * sampled->standard_error[c] + 1e-12)
        << exact->channels[c] << " exact " << exact->credit[c].conversions << " sampled "
        << sampled->credit[c].conversions << " se " << sampled->standard_error[c];
  }
  // The standard error is honest: the spread of 40 independent estimates of 200
  // permutations matches their reported standard errors.
  size_t widest = 0;
  for (size_t c = 1; c < exact->credit.size(); ++c) {
    if (sampled->standard_error[c] > sampled->standard_error[widest]) widest = c;
  }
  options.permutations = 200;
  double sum = 0, sum_of_squares = 0, reported = 0;
  constexpr int kRuns = 40;
  for (int run = 0; run < kRuns; ++run) {
    options.seed = 1000 + static_cast<uint64_t>(run);
    const Result<ShapleyResult> estimate = SolveShapleySampled(counts, options);
    ASSERT_TRUE(estimate.ok());
    const double value = estimate->credit[widest].conversions;
    sum += value;
    sum_of_squares += value * value;
    reported += estimate->standard_error[widest];
  }
  const double spread =
      std::sqrt((sum_of_squares - sum * sum / kRuns) / static_cast<double>(kRuns - 1));
  const double ratio = spread / (reported / kRuns);
  EXPECT_GT(ratio, 0.6) << spread;
  EXPECT_LT(ratio, 1.5) << spread;
}

TEST(SampledShapleyTest, DeterministicForASeedAtAnyThreadCount) {
  std::mt19937_64 rng(6);
  const ShapleyCounts counts = RandomCounts(&rng, 25, 100);
  ShapleyOptions options;
  options.permutations = 1000;  // not a multiple of the block size
  options.seed = 77;
  const Result<ShapleyResult> first = SolveShapleySampled(counts, options);
  ASSERT_TRUE(first.ok());
  for (int threads : {1, 2, 3, 0}) {
    options.threads = threads;
    const Result<ShapleyResult> again = SolveShapleySampled(counts, options);
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(again->channels, first->channels);
    for (size_t c = 0; c < first->credit.size(); ++c) {
      EXPECT_EQ(again->credit[c].conversions, first->credit[c].conversions) << threads;
      EXPECT_EQ(again->credit[c].revenue, first->credit[c].revenue) << threads;
      EXPECT_EQ(again->standard_error[c], first->standard_error[c]) << threads;
    }
  }
  options.seed = 78;
  const Result<ShapleyResult> other = SolveShapleySampled(counts, options);
  ASSERT_TRUE(other.ok());
  int differing = 0;
  for (size_t c = 0; c < first->credit.size(); ++c) {
    differing += other->credit[c].conversions != first->credit[c].conversions ? 1 : 0;
  }
  EXPECT_GT(differing, 0);
}

TEST(SampledShapleyTest, ErrorsAndNoteWithinTheLimit) {
  std::mt19937_64 rng(9);
  const ShapleyCounts counts = RandomCounts(&rng, 10, 30);
  ShapleyOptions options;
  options.max_exact_channels = 5;
  options.sampling_fallback = false;
  const Result<ShapleyResult> refused = SolveShapley(counts, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("10 channels is more than the exact Shapley "
                                            "limit of 5"),
            std::string::npos)
      << refused.status().message();

  ShapleyOptions bad;
  bad.permutations = 1;
  EXPECT_EQ(SolveShapleySampled(counts, bad).status().code(), StatusCode::kInvalidArgument);
  bad = ShapleyOptions{};
  bad.threads = -1;
  EXPECT_EQ(SolveShapleySampled(counts, bad).status().code(), StatusCode::kInvalidArgument);
  ShapleyCounts broken = counts;
  broken.by_set[{3, 99}] = Credit{1, 1, 1};
  EXPECT_EQ(SolveShapleySampled(broken).status().code(), StatusCode::kInvalidArgument);

  // Asked for directly within the limit: the note has no limit clause.
  const Result<ShapleyResult> direct = SolveShapleySampled(counts);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(direct->note.rfind("estimated from 2000 sampled permutations (seed 1)", 0), 0U)
      << direct->note;
  EXPECT_EQ(SolveShapleySampled(ShapleyCounts{}).status().code(), StatusCode::kOk);
}

// ---- Axioms ----------------------------------------------------------------------

// A random game plus two mirrored players s1, s2 (every set with one has a twin with
// the other, of equal value) and a null player zz (only in zero-value sets).
ShapleyCounts AxiomGame(std::mt19937_64* rng, int channels) {
  ShapleyCounts counts = RandomCounts(rng, channels, 6 * channels);
  const auto s1 = static_cast<int32_t>(counts.channels.size());
  counts.channels.insert(counts.channels.end(), {"s1", "s2", "zz"});
  const int32_t s2 = s1 + 1;
  const int32_t zz = s1 + 2;
  std::vector<std::pair<std::vector<int32_t>, Credit>> added;
  int index = 0;
  for (const auto& [set, value] : counts.by_set) {
    const Credit half{value.conversions / 2, value.revenue / 2, value.gross_profit / 2};
    std::vector<int32_t> with = set;
    switch (index++ % 3) {
      case 0:  // twins: set + s1 and set + s2
        with.push_back(s1);
        added.emplace_back(with, half);
        with.back() = s2;
        added.emplace_back(with, half);
        break;
      case 1:  // both
        with.insert(with.end(), {s1, s2});
        added.emplace_back(with, half);
        break;
      default:  // the null player, worth nothing
        with.push_back(zz);
        added.emplace_back(with, Credit{});
    }
  }
  added.emplace_back(std::vector<int32_t>{s1}, Credit{2, 2, 2});
  added.emplace_back(std::vector<int32_t>{s2}, Credit{2, 2, 2});
  added.emplace_back(std::vector<int32_t>{zz}, Credit{});
  for (const auto& [set, value] : added) {
    Credit& credit = counts.by_set[set];  // ids appended last: still sorted
    credit.conversions += value.conversions;
    credit.revenue += value.revenue;
    credit.gross_profit += value.gross_profit;
  }
  return counts;
}

TEST(ShapleyAxiomsTest, ExactSimplifiedAndSampled) {
  std::mt19937_64 rng(33);
  for (int channels : {2, 5, 9}) {
    const ShapleyCounts counts = AxiomGame(&rng, channels);
    for (std::string_view method : {"exact", "simplified", "sampled"}) {
      SCOPED_TRACE(std::to_string(channels) + " channels, " + std::string(method));
      const Result<ShapleyResult> result = method == "exact"        ? SolveShapley(counts)
                                           : method == "simplified" ? SolveShapleySimplified(counts)
                                                                    : SolveShapleySampled(counts);
      ASSERT_TRUE(result.ok()) << result.status().message();
      EXPECT_EQ(result->method, method);
      // Efficiency.
      const Credit sum = Sum(result->credit);
      EXPECT_NEAR(sum.conversions, result->total.conversions,
                  Tolerance(result->total.conversions));
      EXPECT_NEAR(sum.revenue, result->total.revenue, Tolerance(result->total.revenue));
      // Null player.
      EXPECT_NEAR(CreditOf(*result, "zz").conversions, 0.0, 1e-9);
      EXPECT_NEAR(CreditOf(*result, "zz").revenue, 0.0, 1e-9);
      // Symmetry: exact for the exact solvers, within the noise when sampled.
      const double gap = CreditOf(*result, "s1").revenue - CreditOf(*result, "s2").revenue;
      if (method == "sampled") {
        const double se1 = result->standard_error[static_cast<size_t>(result->FindChannel("s1"))];
        const double se2 = result->standard_error[static_cast<size_t>(result->FindChannel("s2"))];
        // standard_error is in conversions; revenue is 3 x conversions in this game
        // except the {s1}, {s2} sets, so compare conversions.
        const double conversion_gap =
            CreditOf(*result, "s1").conversions - CreditOf(*result, "s2").conversions;
        EXPECT_LE(std::fabs(conversion_gap), 4 * std::hypot(se1, se2) + 1e-12);
      } else {
        EXPECT_NEAR(gap, 0.0, Tolerance(CreditOf(*result, "s1").revenue));
      }
    }
  }
}

}  // namespace
}  // namespace mroi
