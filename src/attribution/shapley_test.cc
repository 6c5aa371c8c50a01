// Tests of exact Shapley attribution: hand examples, the axioms (efficiency,
// symmetry, null player) on random games, the channel limit and merging.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
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

Credit CreditOf(const ShapleyResult& result, std::string_view channel) {
  const int32_t index = result.FindChannel(channel);
  EXPECT_GE(index, 0) << channel;
  return index < 0 ? Credit{} : result.credit[static_cast<size_t>(index)];
}

TEST(ShapleyTest, TwoChannelsByHand) {
  // {A}: 10 conversions, {B}: 5, {A,B}: 15 -> v(A) = 10, v(B) = 5, v(AB) = 30.
  // phi_A = v(A)/2 + (v(AB) - v(B))/2 = 5 + 12.5 = 17.5; phi_B = 2.5 + 10 = 12.5.
  // Revenue 2 per conversion -> 35 and 25. Order and repeats inside a path and
  // non-converting journeys do not matter.
  JourneyBuilder builder = Build({{{"A"}, true, 2, 10},
                                  {{"B", "B"}, true, 2, 5},
                                  {{"B", "A", "B"}, true, 2, 15},
                                  {{"A", "C"}, false, 0, 7}});
  const Result<ShapleyResult> result =
      ShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->channels, (std::vector<std::string>{"A", "B"}));  // C: no conversion
  EXPECT_NEAR(CreditOf(*result, "A").conversions, 17.5, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").conversions, 12.5, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "A").revenue, 35.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").gross_profit, 12.5, 1e-12);
  EXPECT_NEAR(result->total.conversions, 30.0, 1e-12);
}

TEST(ShapleyTest, ThreeChannelsByHand) {
  // {A}: 6, {A,B}: 6, {A,B,C}: 3. v(A)=6, v(B)=v(C)=v(BC)=0, v(AB)=12, v(AC)=6,
  // v(ABC)=15. Weights for n = 3: |S| = 0 -> 1/3, 1 -> 1/6, 2 -> 1/3.
  // phi_C = 1/3*0 + 1/6*(6-6) + 1/6*(0-0) + 1/3*(15-12) = 1.
  // phi_B = 1/3*0 + 1/6*(12-6) + 1/6*(0-0) + 1/3*(15-6) = 1 + 3 = 4.
  // phi_A = 15 - 4 - 1 = 10.
  JourneyBuilder builder = Build(
      {{{"A"}, true, 1, 6}, {{"A", "B"}, true, 1, 6}, {{"C", "B", "A"}, true, 1, 3}});
  const Result<ShapleyResult> result =
      ShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NEAR(CreditOf(*result, "A").conversions, 10.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").conversions, 4.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "C").conversions, 1.0, 1e-12);
}

TEST(ShapleyTest, SymmetricChannelsGetEqualCredit) {
  // {A}: 3, {B}: 3, {A,B}: 4 -> v(A) = v(B) = 3, v(AB) = 10 -> 5 each.
  JourneyBuilder builder =
      Build({{{"A"}, true, 1, 3}, {{"B"}, true, 1, 3}, {{"A", "B"}, true, 1, 4}});
  const Result<ShapleyResult> result =
      ShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(result.ok());
  EXPECT_NEAR(CreditOf(*result, "A").conversions, 5.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").conversions, 5.0, 1e-12);
}

TEST(ShapleyTest, EmptyJourneyGoesToNone) {
  JourneyBuilder builder = Build({{{"A"}, true, 4, 1}, {{}, true, 9, 2}});
  const Result<ShapleyResult> result =
      ShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->channels.back(), "(none)");
  EXPECT_NEAR(CreditOf(*result, "(none)").revenue, 18.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "A").revenue, 4.0, 1e-12);
  EXPECT_NEAR(result->total.conversions, 3.0, 1e-12);
}

TEST(ShapleyTest, NoChannels) {
  JourneyBuilder builder = Build({{{"A"}, false, 0, 1}});
  const Result<ShapleyResult> result =
      ShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->channels.empty());
  EXPECT_EQ(result->total.conversions, 0.0);
}

std::vector<PathSpec> RandomGame(std::mt19937_64* rng, int channels, int paths) {
  std::uniform_int_distribution<int> channel(0, channels - 1);
  std::uniform_int_distribution<int> length(1, 5);
  std::uniform_int_distribution<int> revenue(1, 50);
  std::uniform_int_distribution<int> copies(1, 3);
  std::vector<PathSpec> game;
  for (int i = 0; i < paths; ++i) {
    PathSpec path;
    const int n = length(*rng);
    for (int t = 0; t < n; ++t)
      path.channels.push_back("c" + std::to_string(channel(*rng)));
    path.revenue = revenue(*rng);
    path.copies = copies(*rng);
    game.push_back(path);
  }
  return game;
}

TEST(ShapleyTest, AxiomsOnRandomGames) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 6; ++trial) {
    const int channels = 3 + 2 * trial;  // 3 .. 13
    std::vector<PathSpec> game = RandomGame(&rng, channels, 60);
    // A null player: only in non-converting journeys.
    game.push_back(PathSpec{{"zz_null", "c0"}, false, 0, 3});
    // Two symmetric players: always together.
    game.push_back(PathSpec{{"s1", "s2"}, true, 10, 2});
    game.push_back(PathSpec{{"s2", "c1", "s1"}, true, 20, 1});
    JourneyBuilder builder = Build(game);
    const Result<ShapleyResult> result =
        ShapleyAttribution(builder.dataset, builder.journeys);
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_EQ(result->FindChannel("zz_null"), -1);
    // Efficiency: credit sums to v(all).
    Credit sum;
    for (const Credit& credit : result->credit) {
      sum.conversions += credit.conversions;
      sum.revenue += credit.revenue;
    }
    EXPECT_NEAR(sum.conversions, result->total.conversions, 1e-9);
    EXPECT_NEAR(sum.revenue, result->total.revenue, 1e-9 * result->total.revenue);
    // Symmetry.
    EXPECT_NEAR(CreditOf(*result, "s1").revenue, CreditOf(*result, "s2").revenue, 1e-9);
    // Independent closed form: v is a sum of unanimity games on the journeys' sets,
    // so phi_i = sum over journeys containing i of value / |set| (Harsanyi dividends).
    std::map<std::string, double> expected;
    for (const PathSpec& path : game) {
      if (!path.converting) continue;
      std::vector<std::string> set = path.channels;
      std::sort(set.begin(), set.end());
      set.erase(std::unique(set.begin(), set.end()), set.end());
      for (const std::string& channel : set) {
        expected[channel] += path.copies * path.revenue / static_cast<double>(set.size());
      }
    }
    ASSERT_EQ(expected.size(), result->channels.size());
    for (const auto& [channel, value] : expected) {
      EXPECT_NEAR(CreditOf(*result, channel).revenue, value, 1e-9 * (1 + value))
          << channel;
    }
  }
}

TEST(ShapleyTest, TooManyChannelsIsAClearError) {
  std::vector<PathSpec> game;
  for (int c = 0; c < 21; ++c)
    game.push_back(PathSpec{{"ch" + std::to_string(c)}, true, 1, 1});
  JourneyBuilder builder = Build(game);
  ShapleyOptions exact_only;
  exact_only.sampling_fallback = false;
  const Result<ShapleyResult> result =
      ShapleyAttribution(builder.dataset, builder.journeys, exact_only);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("21 channels is more than the exact Shapley "
                                           "limit of 20"),
            std::string::npos)
      << result.status().message();
  ShapleyOptions bad;
  bad.max_exact_channels = 0;
  EXPECT_EQ(ShapleyAttribution(builder.dataset, builder.journeys, bad).status().code(),
            StatusCode::kInvalidArgument);
  // 20 channels is within the limit (2^20 coalitions).
  game.pop_back();
  JourneyBuilder twenty = Build(game);
  const Result<ShapleyResult> ok = ShapleyAttribution(twenty.dataset, twenty.journeys);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_NEAR(CreditOf(*ok, "ch7").conversions, 1.0, 1e-9);
  EXPECT_EQ(ok->method, "exact");
  EXPECT_TRUE(ok->note.empty());
  EXPECT_TRUE(ok->standard_error.empty());
  // By default the 21 channels are sampled instead (each its own set: exact).
  const Result<ShapleyResult> sampled =
      ShapleyAttribution(builder.dataset, builder.journeys);
  ASSERT_TRUE(sampled.ok()) << sampled.status().message();
  EXPECT_EQ(sampled->method, "sampled");
  EXPECT_NE(sampled->note.find("21 channels is more than the exact Shapley limit of 20"),
            std::string::npos)
      << sampled->note;
  EXPECT_NEAR(CreditOf(*sampled, "ch20").conversions, 1.0, 1e-12);
}

TEST(ShapleyTest, MalformedCountsAreRejected) {
  ShapleyCounts counts;
  counts.channels = {"A", "B"};
  counts.by_set[{0, 2}] = Credit{1, 1, 1};  // id 2 is no channel
  EXPECT_EQ(SolveShapley(counts).status().code(), StatusCode::kInvalidArgument);
  counts.by_set.clear();
  counts.by_set[{1, 0}] = Credit{1, 1, 1};  // not sorted
  EXPECT_EQ(SolveShapley(counts).status().code(), StatusCode::kInvalidArgument);
  counts.by_set.clear();
  counts.by_set[{1, 1}] = Credit{1, 1, 1};  // repeated
  EXPECT_EQ(SolveShapley(counts).status().code(), StatusCode::kInvalidArgument);
}

TEST(ShapleyTest, BadJourneysAreRejected) {
  JourneyBuilder builder = Build({{{"A"}, true, 1, 1}});
  Journeys broken = builder.journeys;
  broken.offsets.push_back(5);
  EXPECT_EQ(ShapleyAttribution(builder.dataset, broken).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ShapleyTest, PartitionsMerge) {
  std::mt19937_64 rng(5);
  const std::vector<PathSpec> game = RandomGame(&rng, 9, 200);
  JourneyBuilder whole = Build(game);
  const Result<ShapleyResult> expected =
      ShapleyAttribution(whole.dataset, whole.journeys);
  ASSERT_TRUE(expected.ok());
  ShapleyCounts merged;
  for (int part = 3; part >= 0; --part) {
    std::vector<PathSpec> slice;
    for (size_t i = static_cast<size_t>(part); i < game.size(); i += 4) {
      slice.push_back(game[i]);
    }
    JourneyBuilder builder = Build(slice);
    const Result<ShapleyCounts> counts =
        CountShapleySets(builder.dataset, builder.journeys);
    ASSERT_TRUE(counts.ok());
    merged.Merge(*counts);
  }
  const Result<ShapleyResult> result = SolveShapley(merged);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->channels, expected->channels);
  for (size_t c = 0; c < result->credit.size(); ++c) {
    // Integer revenues: every sum is exact, so the results are identical.
    EXPECT_EQ(result->credit[c].conversions, expected->credit[c].conversions);
    EXPECT_EQ(result->credit[c].revenue, expected->credit[c].revenue);
  }
}

}  // namespace
}  // namespace mroi
