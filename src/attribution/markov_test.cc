// Tests of the exact Markov-chain attribution: the DP6 published example, hand
// solved chains, a slow value-iteration reference over string states (orders 1..4),
// conservation of credit and merging of partitions.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
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

// One path as analysts write it: channels oldest first, converting or not.
struct PathSpec {
  std::vector<std::string> channels;
  bool converting = false;
  double revenue = 0;
};

void AddPath(JourneyBuilder* builder, const PathSpec& path, int32_t person) {
  std::vector<TouchSpec> touches;
  UnixSeconds time = 1000;
  for (const std::string& channel : path.channels) {
    touches.push_back(TouchSpec{time, channel, ""});
    time += 60;
  }
  if (path.converting) {
    builder->Convert(person, touches, time, path.revenue, path.revenue / 2);
  } else {
    builder->Browse(person, touches);
  }
}

JourneyBuilder Build(const std::vector<PathSpec>& paths) {
  JourneyBuilder builder;
  int32_t person = 0;
  for (const PathSpec& path : paths) AddPath(&builder, path, person++);
  return builder;
}

MarkovOptions Order(int order, bool collapse) {
  MarkovOptions options;
  options.order = order;
  options.collapse_repeats = collapse;
  return options;
}

double Effect(const MarkovResult& result, std::string_view channel) {
  const int32_t index = result.FindChannel(channel);
  EXPECT_GE(index, 0) << channel;
  return index < 0 ? -1 : result.removal_effects[static_cast<size_t>(index)];
}

Credit CreditOf(const MarkovResult& result, std::string_view channel) {
  const int32_t index = result.FindChannel(channel);
  EXPECT_GE(index, 0) << channel;
  return index < 0 ? Credit{} : result.credit[static_cast<size_t>(index)];
}

double Probability(const TransitionMatrix& matrix, std::string_view from,
                   std::string_view to) {
  const auto f = std::find(matrix.states.begin(), matrix.states.end(), from);
  const auto t = std::find(matrix.states.begin(), matrix.states.end(), to);
  EXPECT_NE(f, matrix.states.end()) << from;
  EXPECT_NE(t, matrix.states.end()) << to;
  if (f == matrix.states.end() || t == matrix.states.end()) return -1;
  return matrix.At(static_cast<size_t>(f - matrix.states.begin()),
                   static_cast<size_t>(t - matrix.states.begin()));
}

// ---------------------------------------------------------------------------------
// DP6 published example
// ---------------------------------------------------------------------------------

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Read DP6's test_dataset.csv into paths with DP6's semantics: each session is a
// touch (source_medium); a session with is_conversion = 1 is the last touch of a
// converting journey; touches more than 30 days before the conversion drop out;
// touches after a user's last conversion form a non-converting journey. Every user
// has one pseudo id, so user_id stitching changes nothing here.
std::vector<PathSpec> ReadDp6(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header
  struct Row {
    std::string user;
    int64_t time = 0;
    bool conversion = false;
    std::string channel;
  };
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, ',')) fields.push_back(field);
    if (fields.size() != 6) continue;
    const std::string& t = fields[2];  // YYYY-MM-DD HH:MM:SS
    const int64_t days = DaysFromCivil(
        std::stoi(t.substr(0, 4)), std::stoi(t.substr(5, 2)), std::stoi(t.substr(8, 2)));
    const int64_t seconds = days * 86400 + std::stoi(t.substr(11, 2)) * 3600 +
                            std::stoi(t.substr(14, 2)) * 60 + std::stoi(t.substr(17, 2));
    rows.push_back(Row{fields[0], seconds, fields[4] == "1", fields[5]});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.user != b.user ? a.user < b.user : a.time < b.time;
  });
  std::vector<PathSpec> paths;
  std::vector<const Row*> pending;
  auto flush_browse = [&]() {
    if (pending.empty()) return;
    PathSpec path;
    for (const Row* row : pending) path.channels.push_back(row->channel);
    paths.push_back(path);
    pending.clear();
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && rows[i].user != rows[i - 1].user) flush_browse();
    pending.push_back(&rows[i]);
    if (rows[i].conversion) {
      PathSpec path;
      path.converting = true;
      path.revenue = 1;
      for (const Row* row : pending) {
        if (rows[i].time - row->time <= 30 * 86400) path.channels.push_back(row->channel);
      }
      paths.push_back(path);
      pending.clear();
    }
  }
  flush_browse();
  return paths;
}

TEST(MarkovTest, Dp6PublishedExample) {
  const std::string file =
      std::string(MROI_SOURCE_DIR) + "/../shared/data/dp6_mam/test_dataset.csv";
  if (!std::ifstream(file).good()) GTEST_SKIP() << "no " << file;
  const std::vector<PathSpec> paths = ReadDp6(file);
  // A: direct > google_ads > direct (conv; seo of 2021 is outside 30 days),
  // B: seo > direct (null), C: direct > crm > direct (conv),
  // D: seo > direct > direct (conv), direct > direct > seo > direct (conv).
  ASSERT_EQ(paths.size(), 5U);
  JourneyBuilder builder = Build(paths);
  // DP6 keeps repeated channels (direct > direct): direct -> conversion = 4/10.
  const Result<MarkovResult> result =
      MarkovAttribution(builder.dataset, builder.journeys, Order(1, false));
  ASSERT_TRUE(result.ok()) << result.status().message();
  // By hand: x_direct = 0.4 + 0.2 x_direct + 0.3 x_direct (google_ads, crm, seo all
  // return to direct) -> 0.8 = P(conv). Without seo: start->seo (0.4) and
  // direct->seo go to null: x = 0.4 / 0.6, P = 0.6 * 2/3 = 0.4 -> 0.5. Without crm
  // (or google_ads): x = 2/3 = P -> 1 - (2/3)/0.8 = 1/6.
  EXPECT_NEAR(result->conversion_probability, 0.8, 1e-12);
  EXPECT_NEAR(Effect(*result, "crm"), 1.0 / 6, 1e-12);
  EXPECT_NEAR(Effect(*result, "google_ads"), 1.0 / 6, 1e-12);
  EXPECT_NEAR(Effect(*result, "seo"), 0.5, 1e-12);
  EXPECT_NEAR(Effect(*result, "direct"), 1.0, 1e-12);
  const TransitionMatrix& matrix = result->transition_matrix;
  EXPECT_NEAR(Probability(matrix, "(start)", "direct"), 0.6, 1e-12);
  EXPECT_NEAR(Probability(matrix, "(start)", "seo"), 0.4, 1e-12);
  EXPECT_NEAR(Probability(matrix, "direct", "(conversion)"), 0.4, 1e-12);
  // Credit: 4 conversions shared 1/6 : 1/6 : 1/2 : 1 (sum 11/6) -> direct 24/11.
  EXPECT_NEAR(CreditOf(*result, "direct").conversions, 24.0 / 11, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "seo").conversions, 12.0 / 11, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "crm").conversions, 4.0 / 11, 1e-12);
  EXPECT_NEAR(result->total.conversions, 4, 1e-12);
}

// ---------------------------------------------------------------------------------
// Hand-solved chains
// ---------------------------------------------------------------------------------

TEST(MarkovTest, OneConvertingOneNot) {
  // start -> A -> conv, start -> B -> null: P = 1/2; without A: 0 -> 1; without B:
  // still 1/2 -> 0. All credit to A.
  JourneyBuilder builder = Build({{{"A"}, true, 100}, {{"B"}, false, 0}});
  const Result<MarkovResult> result =
      MarkovAttribution(builder.dataset, builder.journeys, Order(1, true));
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NEAR(result->conversion_probability, 0.5, 1e-12);
  EXPECT_NEAR(Effect(*result, "A"), 1.0, 1e-12);
  EXPECT_NEAR(Effect(*result, "B"), 0.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "A").conversions, 1.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "A").revenue, 100.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "A").gross_profit, 50.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").conversions, 0.0, 1e-12);
}

TEST(MarkovTest, TwoChannelsByHand) {
  // Paths: A > B (conv), A (null), B (conv).
  // start->A 2/3, start->B 1/3, A->B 1/2, A->null 1/2, B->conv 1.
  // x_B = 1, x_A = 1/2, P = 2/3 * 1/2 + 1/3 = 2/3.
  // Without A: only start->B counts: P = 1/3 -> effect 1 - (1/3)/(2/3) = 1/2.
  // Without B: P = 0 -> effect 1. Two conversions shared 1/2 : 1 -> A 2/3, B 4/3.
  JourneyBuilder builder =
      Build({{{"A", "B"}, true, 30}, {{"A"}, false, 0}, {{"B"}, true, 60}});
  const Result<MarkovResult> result =
      MarkovAttribution(builder.dataset, builder.journeys, Order(1, true));
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NEAR(result->conversion_probability, 2.0 / 3, 1e-12);
  EXPECT_NEAR(Effect(*result, "A"), 0.5, 1e-12);
  EXPECT_NEAR(Effect(*result, "B"), 1.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "A").conversions, 2.0 / 3, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "B").conversions, 4.0 / 3, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "A").revenue, 30.0, 1e-12);  // 90 * 1/3
  EXPECT_NEAR(Probability(result->transition_matrix, "A", "(null)"), 0.5, 1e-12);
  EXPECT_EQ(result->states, 3);  // start, A, B
}

TEST(MarkovTest, CollapseRepeatsOption) {
  // A > A > B (conv). Collapsed: start->A->B->conv, no A->A. Kept: A->A 1/2.
  JourneyBuilder builder = Build({{{"A", "A", "B"}, true, 1}});
  const Result<MarkovResult> collapsed =
      MarkovAttribution(builder.dataset, builder.journeys, Order(1, true));
  const Result<MarkovResult> kept =
      MarkovAttribution(builder.dataset, builder.journeys, Order(1, false));
  ASSERT_TRUE(collapsed.ok() && kept.ok());
  EXPECT_EQ(Probability(collapsed->transition_matrix, "A", "A"), 0.0);
  EXPECT_NEAR(Probability(collapsed->transition_matrix, "A", "B"), 1.0, 1e-12);
  EXPECT_NEAR(Probability(kept->transition_matrix, "A", "A"), 0.5, 1e-12);
  EXPECT_NEAR(Probability(kept->transition_matrix, "A", "B"), 0.5, 1e-12);
  EXPECT_NEAR(kept->conversion_probability, 1.0, 1e-12);
}

TEST(MarkovTest, SecondOrderStates) {
  // A > B (conv), B > A (null). Order 2 states: (A), (A,B), (B), (B,A): P = 1/2 and
  // removing either channel cuts the only converting path -> both effects 1.
  // Order 1 has a loop A <-> B instead, still P = 1/2 (x_B = 2/3, x_A = 1/3).
  JourneyBuilder builder = Build({{{"A", "B"}, true, 1}, {{"B", "A"}, false, 0}});
  const Result<MarkovResult> second =
      MarkovAttribution(builder.dataset, builder.journeys, Order(2, true));
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->states, 5);
  EXPECT_NEAR(second->conversion_probability, 0.5, 1e-12);
  EXPECT_NEAR(Effect(*second, "A"), 1.0, 1e-12);
  EXPECT_NEAR(Effect(*second, "B"), 1.0, 1e-12);
  EXPECT_TRUE(second->transition_matrix.states.empty());
  const Result<MarkovResult> first =
      MarkovAttribution(builder.dataset, builder.journeys, Order(1, true));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->states, 3);
  EXPECT_NEAR(first->conversion_probability, 0.5, 1e-12);
  // Order 1 without A: start->B 1/2, B->conv 1/2, B->A null: P = 1/4 -> 1/2.
  EXPECT_NEAR(Effect(*first, "A"), 0.5, 1e-12);
}

TEST(MarkovTest, EmptyConvertingJourneyGoesToNone) {
  JourneyBuilder builder = Build({{{"A"}, true, 10}, {{}, true, 5}, {{"B"}, false, 0}});
  const Result<MarkovResult> result =
      MarkovAttribution(builder.dataset, builder.journeys, Order(1, true));
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->channels.back(), "(none)");
  EXPECT_NEAR(CreditOf(*result, "(none)").revenue, 5.0, 1e-12);
  EXPECT_NEAR(CreditOf(*result, "A").revenue, 10.0, 1e-12);
  EXPECT_NEAR(result->total.conversions, 2.0, 1e-12);
  EXPECT_NEAR(result->total.revenue, 15.0, 1e-12);
}

TEST(MarkovTest, NoConversionsGivesZeroCredit) {
  JourneyBuilder builder = Build({{{"A", "B"}, false, 0}});
  const Result<MarkovResult> result =
      MarkovAttribution(builder.dataset, builder.journeys, Order(3, true));
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->conversion_probability, 0.0);
  EXPECT_EQ(Effect(*result, "A"), 0.0);
  EXPECT_EQ(CreditOf(*result, "B").conversions, 0.0);
}

TEST(MarkovTest, BadInput) {
  JourneyBuilder builder = Build({{{"A"}, true, 1}});
  for (int order : {0, 5, -1}) {
    const Result<MarkovResult> result =
        MarkovAttribution(builder.dataset, builder.journeys, Order(order, true));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(result.status().message().find("order"), std::string::npos);
  }
  Journeys broken = builder.journeys;
  broken.revenue.clear();
  EXPECT_EQ(MarkovAttribution(builder.dataset, broken, Order(1, true)).status().code(),
            StatusCode::kInvalidArgument);
  Journeys bad_channel = builder.journeys;
  bad_channel.touch_channel[0] = 1 << 20;
  EXPECT_EQ(
      MarkovAttribution(builder.dataset, bad_channel, Order(1, true)).status().code(),
      StatusCode::kInvalidArgument);
  MarkovCounts one;
  one.order = 1;
  MarkovCounts two;
  two.order = 2;
  EXPECT_EQ(one.Merge(two).code(), StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------
// Slow reference: states as strings, value iteration
// ---------------------------------------------------------------------------------

std::vector<std::string> Collapse(const std::vector<std::string>& path, bool collapse) {
  std::vector<std::string> out;
  for (const std::string& channel : path) {
    if (collapse && !out.empty() && out.back() == channel) continue;
    out.push_back(channel);
  }
  return out;
}

// P(conversion) of the order-k chain of `paths` with `removed` ("" = none) removed,
// by iterating x <- r + Q x from 0 until it stops changing.
double ReferenceProbability(const std::vector<PathSpec>& paths, int order, bool collapse,
                            const std::string& removed) {
  using State = std::vector<std::string>;
  std::map<State, std::map<State, double>> counts;
  const State start{"<start>"};
  const State conv{"<conv>"};
  const State null{"<null>"};
  for (const PathSpec& spec : paths) {
    const std::vector<std::string> path = Collapse(spec.channels, collapse);
    if (path.empty()) continue;
    State from = start;
    for (size_t i = 0; i < path.size(); ++i) {
      const size_t first =
          i + 1 >= static_cast<size_t>(order) ? i + 1 - static_cast<size_t>(order) : 0;
      State to(path.begin() + static_cast<std::ptrdiff_t>(first),
               path.begin() + static_cast<std::ptrdiff_t>(i + 1));
      counts[from][to] += 1;
      from = to;
    }
    counts[from][spec.converting ? conv : null] += 1;
  }
  std::map<State, double> x;
  for (int iteration = 0; iteration < 200000; ++iteration) {
    double change = 0;
    for (const auto& [from, row] : counts) {
      double total = 0;
      for (const auto& [to, count] : row) total += count;
      double value = 0;
      for (const auto& [to, count] : row) {
        if (to == conv) {
          value += count / total;
        } else if (to != null && std::find(to.begin(), to.end(), removed) == to.end()) {
          value += count / total * x[to];
        }
      }
      change = std::max(change, std::abs(value - x[from]));
      x[from] = value;
    }
    if (change < 1e-15) break;
  }
  return x[start];
}

std::vector<PathSpec> RandomPaths(std::mt19937_64* rng, int count, int channels,
                                  int max_length) {
  std::uniform_int_distribution<int> channel(0, channels - 1);
  std::uniform_int_distribution<int> length(0, max_length);
  std::uniform_int_distribution<int> revenue(1, 100);
  std::bernoulli_distribution converts(0.4);
  std::vector<PathSpec> paths;
  for (int i = 0; i < count; ++i) {
    PathSpec path;
    const int n = length(*rng);
    for (int t = 0; t < n; ++t) {
      path.channels.push_back(std::string(1, static_cast<char>('A' + channel(*rng))));
    }
    path.converting = converts(*rng);
    if (path.converting) path.revenue = revenue(*rng);
    if (n == 0 && !path.converting) path.channels.push_back("A");
    paths.push_back(path);
  }
  return paths;
}

TEST(MarkovTest, MatchesValueIterationReference) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 8; ++trial) {
    const std::vector<PathSpec> paths = RandomPaths(&rng, 40, 4, 5);
    JourneyBuilder builder = Build(paths);
    for (int order = 1; order <= 4; ++order) {
      for (int variant = 0; variant < 6; ++variant) {
        const bool collapse = variant % 2 == 0;
        MarkovOptions options = Order(order, collapse);
        if (variant / 2 == 1) options.lu_max_states = 0;        // always iterative
        if (variant / 2 == 2) options.lu_max_states = 1 << 20;  // always sparse LU
        const Result<MarkovResult> result =
            MarkovAttribution(builder.dataset, builder.journeys, options);
        ASSERT_TRUE(result.ok()) << result.status().message();
        const double p = ReferenceProbability(paths, order, collapse, "");
        EXPECT_NEAR(result->conversion_probability, p, 1e-9)
            << "trial " << trial << " order " << order;
        for (size_t c = 0; c < result->channels.size(); ++c) {
          const std::string& name = result->channels[c];
          if (name == "(none)") continue;
          const double without = ReferenceProbability(paths, order, collapse, name);
          EXPECT_NEAR(result->removal_effects[c], p > 0 ? 1 - without / p : 0, 1e-9)
              << "trial " << trial << " order " << order << " channel " << name;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------
// Properties: conservation and merging
// ---------------------------------------------------------------------------------

TEST(MarkovTest, CreditSumsToTotalsAndPartitionsMerge) {
  std::mt19937_64 rng(42);
  const std::vector<PathSpec> paths = RandomPaths(&rng, 400, 6, 7);
  JourneyBuilder whole = Build(paths);
  for (int order = 1; order <= 4; ++order) {
    const MarkovOptions options = Order(order, order == 1);
    const Result<MarkovResult> result =
        MarkovAttribution(whole.dataset, whole.journeys, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    Credit sum;
    for (const Credit& credit : result->credit) {
      sum.conversions += credit.conversions;
      sum.revenue += credit.revenue;
      sum.gross_profit += credit.gross_profit;
    }
    EXPECT_NEAR(sum.conversions, result->total.conversions, 1e-9);
    EXPECT_NEAR(sum.revenue, result->total.revenue, 1e-9 * result->total.revenue);
    EXPECT_NEAR(sum.gross_profit, result->total.gross_profit,
                1e-9 * result->total.gross_profit);

    // Four partitions, each with its own dictionary, merged in reverse order.
    std::vector<MarkovCounts> parts;
    for (int part = 0; part < 4; ++part) {
      std::vector<PathSpec> slice;
      for (size_t i = static_cast<size_t>(part); i < paths.size(); i += 4) {
        slice.push_back(paths[i]);
      }
      JourneyBuilder builder = Build(slice);
      Result<MarkovCounts> counts =
          CountMarkovTransitions(builder.dataset, builder.journeys, options);
      ASSERT_TRUE(counts.ok());
      parts.push_back(std::move(counts).value());
    }
    MarkovCounts merged = parts[3];
    for (int part = 2; part >= 0; --part) {
      ASSERT_TRUE(merged.Merge(parts[static_cast<size_t>(part)]).ok());
    }
    const Result<MarkovResult> from_parts = SolveMarkov(merged);
    ASSERT_TRUE(from_parts.ok());
    EXPECT_EQ(from_parts->channels, result->channels);
    EXPECT_EQ(from_parts->removal_effects, result->removal_effects);  // bit-identical
    EXPECT_EQ(from_parts->conversion_probability, result->conversion_probability);
    for (size_t c = 0; c < result->credit.size(); ++c) {
      EXPECT_EQ(from_parts->credit[c].conversions, result->credit[c].conversions);
      EXPECT_NEAR(from_parts->credit[c].revenue, result->credit[c].revenue,
                  1e-9 * result->total.revenue);
    }
  }
}

}  // namespace
}  // namespace mroi
