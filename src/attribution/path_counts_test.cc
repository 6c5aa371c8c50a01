// Tests of counting straight from aggregated paths: CountMarkovPaths() and
// CountShapleyPaths() equal the expansion into journeys followed by
// CountMarkovTransitions() / CountShapleySets(), by hand, merged, and on bad input.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "mroi/data_driven.h"

namespace mroi {
namespace {

constexpr double kRelative = 1e-12;

AggregatedPaths MustParse(const std::string& text) {
  auto parsed = ParseAggregatedPaths(text, "paths.csv");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? *parsed : AggregatedPaths{};
}

MarkovOptions Order(int order, bool collapse) {
  MarkovOptions options;
  options.order = order;
  options.collapse_repeats = collapse;
  return options;
}

// A random paths file: `rows` rows over `channels` channels with spaces in their
// names, forced repeats ("X > X"), duplicate paths on separate rows, zero-count rows,
// fractional values.
std::string RandomFile(uint64_t seed, int rows, int channels, int max_length) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> channel(0, channels - 1);
  std::uniform_int_distribution<int> length(1, max_length);
  std::uniform_int_distribution<int> count(0, 6);
  std::uniform_int_distribution<int> cents(0, 99999);
  std::string text = "path,total_conversions,total_conversion_value,total_null\n";
  std::string previous;
  for (int row = 0; row < rows; ++row) {
    std::string path;
    if (row % 7 == 3 && !previous.empty()) {
      path = previous;  // the same path again
    } else {
      const int touches = length(rng);
      for (int touch = 0; touch < touches; ++touch) {
        const std::string name = fmt::format("Channel {}", channel(rng));
        const int copies = touch % 3 == 1 ? 2 : 1;  // repeats
        for (int copy = 0; copy < copies; ++copy)
          path += (path.empty() ? "" : " > ") + name;
      }
    }
    previous = path;
    const int conversions = count(rng);
    const double value = conversions > 0 ? cents(rng) / 100.0 : 0;
    text += fmt::format("{},{},{},{}\n", path, conversions, value, count(rng));
  }
  return text;
}

std::vector<std::string> Files() {
  std::vector<std::string> files;
  files.push_back(
      "path,total_conversions,total_conversion_value,total_null\n"
      "A > B,2,100,1\nB,1,30,0\nA,0,0,1\nA > A > B > B > A,3,7.5,2\nA > B,1,1,0\n");
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    files.push_back(RandomFile(seed, 60 + 40 * static_cast<int>(seed),
                               2 + static_cast<int>(seed), 6));
  }
  return files;
}

void ExpectNearRelative(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, kRelative * std::max(1.0, std::abs(expected))) << what;
}

TEST(PathCountsTest, MarkovCountsEqualExpansion) {
  const std::vector<std::string> files = Files();
  for (size_t file = 0; file < files.size(); ++file) {
    const AggregatedPaths paths = MustParse(files[file]);
    Result<PathJourneys> expanded = ExpandAggregatedPaths(paths);
    ASSERT_TRUE(expanded.ok());
    for (int order = 1; order <= kMaxMarkovOrder; ++order) {
      for (bool collapse : {true, false}) {
        const std::string where =
            fmt::format("file {} order {} collapse {}", file, order, collapse);
        const MarkovOptions options = Order(order, collapse);
        Result<MarkovCounts> direct = CountMarkovPaths(paths, options);
        Result<MarkovCounts> reference =
            CountMarkovTransitions(expanded->dataset, expanded->journeys, options);
        ASSERT_TRUE(direct.ok()) << direct.status().message();
        ASSERT_TRUE(reference.ok());
        EXPECT_EQ(direct->order, order);
        EXPECT_EQ(direct->collapse_repeats, collapse);
        EXPECT_EQ(direct->channels, reference->channels) << where;
        EXPECT_EQ(direct->transitions, reference->transitions) << where;
        EXPECT_EQ(direct->journeys, reference->journeys) << where;
        EXPECT_EQ(direct->converting_journeys, reference->converting_journeys) << where;
        EXPECT_EQ(direct->total.conversions, reference->total.conversions) << where;
        ExpectNearRelative(direct->total.revenue, reference->total.revenue, where);
        ExpectNearRelative(direct->total.gross_profit, reference->total.gross_profit,
                           where);
        EXPECT_EQ(direct->empty.conversions, 0) << where;

        const Result<MarkovResult> solved = SolveMarkov(*direct, options);
        const Result<MarkovResult> solved_reference = SolveMarkov(*reference, options);
        ASSERT_TRUE(solved.ok() && solved_reference.ok()) << where;
        EXPECT_EQ(solved->channels, solved_reference->channels);
        EXPECT_NEAR(solved->conversion_probability,
                    solved_reference->conversion_probability, kRelative);
        ASSERT_EQ(solved->removal_effects.size(),
                  solved_reference->removal_effects.size());
        for (size_t channel = 0; channel < solved->channels.size(); ++channel) {
          EXPECT_NEAR(solved->removal_effects[channel],
                      solved_reference->removal_effects[channel], kRelative)
              << where;
          ExpectNearRelative(solved->credit[channel].conversions,
                             solved_reference->credit[channel].conversions, where);
          ExpectNearRelative(solved->credit[channel].revenue,
                             solved_reference->credit[channel].revenue, where);
        }
      }
    }
  }
}

TEST(PathCountsTest, ShapleyCountsEqualExpansion) {
  for (const std::string& file : Files()) {
    const AggregatedPaths paths = MustParse(file);
    Result<PathJourneys> expanded = ExpandAggregatedPaths(paths);
    ASSERT_TRUE(expanded.ok());
    Result<ShapleyCounts> direct = CountShapleyPaths(paths);
    Result<ShapleyCounts> reference =
        CountShapleySets(expanded->dataset, expanded->journeys);
    ASSERT_TRUE(direct.ok()) << direct.status().message();
    ASSERT_TRUE(reference.ok());
    EXPECT_EQ(direct->channels, reference->channels);
    ASSERT_EQ(direct->by_set.size(), reference->by_set.size());
    for (const auto& [set, credit] : reference->by_set) {
      const auto found = direct->by_set.find(set);
      ASSERT_NE(found, direct->by_set.end());
      EXPECT_EQ(found->second.conversions, credit.conversions);
      ExpectNearRelative(found->second.revenue, credit.revenue, "revenue");
      ExpectNearRelative(found->second.gross_profit, credit.gross_profit, "gross profit");
    }
    const Result<ShapleyResult> solved = SolveShapley(*direct);
    const Result<ShapleyResult> solved_reference = SolveShapley(*reference);
    ASSERT_TRUE(solved.ok() && solved_reference.ok());
    ASSERT_EQ(solved->channels, solved_reference->channels);
    for (size_t channel = 0; channel < solved->channels.size(); ++channel) {
      ExpectNearRelative(solved->credit[channel].conversions,
                         solved_reference->credit[channel].conversions, "conversions");
      ExpectNearRelative(solved->credit[channel].revenue,
                         solved_reference->credit[channel].revenue, "revenue");
    }
  }
}

TEST(PathCountsTest, MarkovByHand) {
  // "A > B" 2 conversions 1 null, "B" 1 conversion, "A" 1 null, "A > A" 1 null.
  const AggregatedPaths paths = MustParse(
      "path,total_conversions,total_conversion_value,total_null\n"
      "A > B,2,100,1\nB,1,30,0\nA,0,0,1\nA > A,0,0,1\n");
  Result<MarkovCounts> counts = CountMarkovPaths(paths, Order(1, true));
  ASSERT_TRUE(counts.ok());
  using Key = MarkovCounts::StateKey;
  const Key start = MarkovCounts::kStartState;
  const Key a = 1;  // local id 0 + 1
  const Key b = 2;
  const std::map<std::pair<Key, Key>, int64_t> expected{
      {{start, a}, 5},  // 3 + 1 + 1
      {{start, b}, 1},
      {{a, b}, 3},
      {{a, MarkovCounts::kNullState}, 2},
      {{b, MarkovCounts::kConversionState}, 3},
      {{b, MarkovCounts::kNullState}, 1}};
  EXPECT_EQ(counts->transitions, expected);
  EXPECT_EQ(counts->channels, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(counts->journeys, 6);
  EXPECT_EQ(counts->converting_journeys, 3);
  EXPECT_EQ(counts->total.conversions, 3);
  EXPECT_EQ(counts->total.revenue, 130);
  EXPECT_EQ(counts->total.gross_profit, 130);
  // Without collapsing, "A > A" adds the self-loop A -> A once.
  Result<MarkovCounts> kept = CountMarkovPaths(paths, Order(1, false));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->transitions.at({a, a}), 1);
  // Order 2: "A > B" goes start -> (A) -> (A, B).
  Result<MarkovCounts> second = CountMarkovPaths(paths, Order(2, true));
  ASSERT_TRUE(second.ok());
  const Key ab = a | (b << 16);
  EXPECT_EQ(second->transitions.at({a, ab}), 3);
  EXPECT_EQ(second->transitions.at({ab, MarkovCounts::kConversionState}), 2);
}

TEST(PathCountsTest, RowsWithoutChannelsGoToEmpty) {
  AggregatedPaths paths;
  paths.paths.push_back(AggregatedPath{{}, 2, 40, 3, 2});
  paths.paths.push_back(AggregatedPath{{"A"}, 1, 10, 0, 3});
  Result<MarkovCounts> counts = CountMarkovPaths(paths, Order(1, true));
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->empty.conversions, 2);
  EXPECT_EQ(counts->empty.revenue, 40);
  EXPECT_EQ(counts->journeys, 1);
  EXPECT_EQ(counts->total.conversions, 1);
  Result<PathJourneys> expanded = ExpandAggregatedPaths(paths);
  ASSERT_TRUE(expanded.ok());
  Result<MarkovCounts> reference =
      CountMarkovTransitions(expanded->dataset, expanded->journeys, Order(1, true));
  ASSERT_TRUE(reference.ok());
  EXPECT_EQ(counts->transitions, reference->transitions);
  EXPECT_EQ(counts->journeys, reference->journeys);
  EXPECT_EQ(counts->empty.conversions, reference->empty.conversions);
  EXPECT_NEAR(counts->empty.revenue, reference->empty.revenue, 1e-12);
  Result<ShapleyCounts> sets = CountShapleyPaths(paths);
  ASSERT_TRUE(sets.ok());
  EXPECT_EQ(sets->empty.conversions, 2);
  EXPECT_EQ(sets->empty.revenue, 40);
  EXPECT_EQ(sets->by_set.size(), 1U);
}

TEST(PathCountsTest, PartitionsMergeToTheWhole) {
  const AggregatedPaths paths = MustParse(RandomFile(11, 300, 6, 6));
  for (int order = 1; order <= kMaxMarkovOrder; ++order) {
    const MarkovOptions options = Order(order, order % 2 == 1);
    Result<MarkovCounts> whole = CountMarkovPaths(paths, options);
    ASSERT_TRUE(whole.ok());
    AggregatedPaths first;
    AggregatedPaths second;
    for (size_t row = 0; row < paths.paths.size(); ++row) {
      (row % 3 == 0 ? first : second).paths.push_back(paths.paths[row]);
    }
    Result<MarkovCounts> merged = CountMarkovPaths(second, options);
    Result<MarkovCounts> part = CountMarkovPaths(first, options);
    ASSERT_TRUE(merged.ok() && part.ok());
    ASSERT_TRUE(merged->Merge(*part).ok());
    EXPECT_EQ(merged->journeys, whole->journeys);
    const Result<MarkovResult> a = SolveMarkov(*whole, options);
    const Result<MarkovResult> b = SolveMarkov(*merged, options);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->channels, b->channels);
    EXPECT_EQ(a->conversion_probability, b->conversion_probability);  // bit-identical
    EXPECT_EQ(a->removal_effects, b->removal_effects);
  }
}

TEST(PathCountsTest, BadInput) {
  const AggregatedPaths good = MustParse("path,total_conversions\nA > B,1\n");
  for (int order : {0, 5, -1}) {
    const Result<MarkovCounts> counts = CountMarkovPaths(good, Order(order, true));
    ASSERT_FALSE(counts.ok());
    EXPECT_EQ(counts.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(counts.status().message().find("order"), std::string::npos);
  }
  auto expect_error = [](const AggregatedPaths& paths, const std::string& words) {
    const Result<MarkovCounts> markov = CountMarkovPaths(paths, Order(1, true));
    ASSERT_FALSE(markov.ok()) << words;
    EXPECT_EQ(markov.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(markov.status().message().find(words), std::string::npos)
        << markov.status().message();
    const Result<ShapleyCounts> shapley = CountShapleyPaths(paths);
    ASSERT_FALSE(shapley.ok()) << words;
    EXPECT_NE(shapley.status().message().find(words), std::string::npos)
        << shapley.status().message();
  };
  AggregatedPaths negative = good;
  negative.paths[0].conversions = -1;
  expect_error(negative, "line 2: negative count");
  AggregatedPaths negative_null = good;
  negative_null.paths[0].nulls = -3;
  expect_error(negative_null, "negative count");
  AggregatedPaths not_finite = good;
  not_finite.paths[0].conversion_value = std::nan("");
  expect_error(not_finite, "not finite");
  AggregatedPaths empty_name = good;
  empty_name.paths[0].channels.push_back("");
  expect_error(empty_name, "empty channel");

  // One channel more than a count struct holds.
  AggregatedPaths many;
  AggregatedPath row;
  row.nulls = 1;
  for (int32_t channel = 0; channel <= MarkovCounts::kMaxChannels; ++channel) {
    row.channels.push_back(fmt::format("c{}", channel));
  }
  many.paths.push_back(row);
  const Result<MarkovCounts> too_many = CountMarkovPaths(many, Order(1, true));
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(too_many.status().message().find("channels"), std::string::npos);

  // Journeys beyond int64.
  AggregatedPaths huge;
  huge.paths.push_back(
      AggregatedPath{{"A"}, std::numeric_limits<int64_t>::max(), 0, 1, 2});
  const Result<MarkovCounts> overflow = CountMarkovPaths(huge, Order(1, true));
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.status().message().find("2^63"), std::string::npos);
}

}  // namespace
}  // namespace mroi
