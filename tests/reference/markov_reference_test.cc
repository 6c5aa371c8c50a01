// SolveMarkov() against two slow, obviously-right references on random small chains.
// The references build their own chain from the paths, with states as tuples of
// channel NAMES (nothing of markov.cc is reused), and compute P(conversion) from
// start:
//  - by dense matrix powers: P^(2^m) by repeated squaring until the mass the start
//    row still holds on transient states is < 1e-15; the (start, conversion) entry
//    of P^t is the probability of being absorbed in conversion within t steps;
//  - by explicit path enumeration (tiny chains): every walk from start, its
//    probability the product of its transition probabilities, summed over the
//    walks that end in conversion.
// Removing channel c sends every transition into a state whose tuple holds c to
// null; removal effect = 1 - P_without_c / P (Anderl et al., "Mapping the customer
// journey", IJRM 2016, section 3.3).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/data_driven.h"

namespace mroi {
namespace {

using State = std::vector<std::string>;

constexpr double kTolerance = 1e-9;
constexpr double kTransientMassLimit = 1e-15;

// The chain of the reference: dense row-stochastic matrix over named states.
struct DenseChain {
  std::vector<State> states;   // index 0 = start, 1 = conversion, 2 = null, then tuples
  std::vector<double> matrix;  // row-major, states.size()^2
  size_t size() const { return states.size(); }
  double& At(size_t from, size_t to) { return matrix[from * states.size() + to]; }
};

constexpr size_t kStart = 0;
constexpr size_t kConversion = 1;
constexpr size_t kNull = 2;

bool Holds(const State& state, const std::string& channel) {
  return std::find(state.begin(), state.end(), channel) != state.end();
}

// Build the order-k chain of `paths` with `removed` ("" = none) removed.
DenseChain BuildChain(const AggregatedPaths& paths, int order, bool collapse,
                      const std::string& removed) {
  const State start{"<start>"};
  const State conversion{"<conversion>"};
  const State null{"<null>"};
  std::map<State, std::map<State, double>> counts;
  for (const AggregatedPath& row : paths.paths) {
    const double journeys = static_cast<double>(row.conversions + row.nulls);
    if (journeys == 0) continue;
    std::vector<std::string> path;
    for (const std::string& channel : row.channels) {
      if (collapse && !path.empty() && path.back() == channel) continue;
      path.push_back(channel);
    }
    State from = start;
    for (size_t touch = 0; touch < path.size(); ++touch) {
      const size_t first = touch + 1 > static_cast<size_t>(order)
                               ? touch + 1 - static_cast<size_t>(order)
                               : 0;
      State to(path.begin() + static_cast<std::ptrdiff_t>(first),
               path.begin() + static_cast<std::ptrdiff_t>(touch + 1));
      counts[from][to] += journeys;
      from = to;
    }
    if (row.conversions > 0)
      counts[from][conversion] += static_cast<double>(row.conversions);
    if (row.nulls > 0) counts[from][null] += static_cast<double>(row.nulls);
  }
  DenseChain chain;
  chain.states = {start, conversion, null};
  for (const auto& [from, row] : counts) {
    if (from != start) chain.states.push_back(from);
    for (const auto& [to, count] : row) chain.states.push_back(to);
  }
  std::sort(chain.states.begin() + 3, chain.states.end());
  chain.states.erase(std::unique(chain.states.begin() + 3, chain.states.end()),
                     chain.states.end());
  chain.states.erase(std::remove_if(chain.states.begin() + 3, chain.states.end(),
                                    [&](const State& s) {
                                      return s == start || s == conversion || s == null;
                                    }),
                     chain.states.end());
  auto index = [&](const State& state) {
    return static_cast<size_t>(
        std::find(chain.states.begin(), chain.states.end(), state) -
        chain.states.begin());
  };
  chain.matrix.assign(chain.size() * chain.size(), 0.0);
  chain.At(kConversion, kConversion) = 1;
  chain.At(kNull, kNull) = 1;
  for (const auto& [from, row] : counts) {
    double total = 0;
    for (const auto& [to, count] : row) total += count;
    for (const auto& [to, count] : row) {
      const bool into_removed = !removed.empty() && Holds(to, removed);
      chain.At(index(from), into_removed ? kNull : index(to)) += count / total;
    }
  }
  return chain;
}

// P(conversion from start) by repeated squaring of the transition matrix.
double ByMatrixPowers(DenseChain chain) {
  const size_t n = chain.size();
  std::vector<double> square(n * n);
  for (int squaring = 0; squaring < 64; ++squaring) {
    double transient = 0;
    for (size_t state = 3; state < n; ++state) transient += chain.At(kStart, state);
    if (squaring > 0 && transient < kTransientMassLimit) break;
    std::fill(square.begin(), square.end(), 0.0);
    for (size_t row = 0; row < n; ++row) {
      for (size_t middle = 0; middle < n; ++middle) {
        const double left = chain.matrix[row * n + middle];
        if (left == 0) continue;
        for (size_t column = 0; column < n; ++column) {
          square[row * n + column] += left * chain.matrix[middle * n + column];
        }
      }
    }
    chain.matrix.swap(square);
  }
  double transient = 0;
  for (size_t state = 3; state < n; ++state) transient += chain.At(kStart, state);
  EXPECT_LT(transient, kTransientMassLimit);
  return chain.At(kStart, kConversion);
}

// P(conversion from start) as the sum over walks from start; walks whose
// probability falls below `prune` are cut and their mass added to *pruned. Returns
// false when more than `max_walks` walks would be needed.
struct Enumeration {
  double converted = 0;
  double pruned = 0;
  int64_t walks = 0;
};

bool Enumerate(DenseChain& chain, size_t state, double probability, double prune,
               int64_t max_walks, Enumeration* out) {
  if (++out->walks > max_walks) return false;
  if (state == kConversion) {
    out->converted += probability;
    return true;
  }
  if (state == kNull) return true;
  if (probability < prune) {
    out->pruned += probability;
    return true;
  }
  for (size_t next = 0; next < chain.size(); ++next) {
    const double step = chain.At(state, next);
    if (step > 0 && !Enumerate(chain, next, probability * step, prune, max_walks, out)) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> ChannelsOf(const AggregatedPaths& paths) {
  std::vector<std::string> channels;
  for (const AggregatedPath& row : paths.paths) {
    if (row.conversions + row.nulls == 0) continue;
    for (const std::string& channel : row.channels) channels.push_back(channel);
  }
  std::sort(channels.begin(), channels.end());
  channels.erase(std::unique(channels.begin(), channels.end()), channels.end());
  return channels;
}

// Random paths over `channels` channels named "ch0".."chN", lengths 1..max_length.
AggregatedPaths RandomPaths(std::mt19937_64* rng, int rows, int channels,
                            int max_length) {
  std::uniform_int_distribution<int> channel(0, channels - 1);
  std::uniform_int_distribution<int> length(1, max_length);
  std::uniform_int_distribution<int64_t> count(0, 4);
  AggregatedPaths paths;
  for (int row_index = 0; row_index < rows; ++row_index) {
    AggregatedPath row;
    const int touches = length(*rng);
    for (int touch = 0; touch < touches; ++touch) {
      row.channels.push_back("ch" + std::to_string(channel(*rng)));
    }
    row.conversions = count(*rng);
    row.nulls = count(*rng);
    if (row.conversions + row.nulls == 0) row.nulls = 1;
    row.conversion_value = 10.0 * static_cast<double>(row.conversions);
    row.line = row_index + 2;
    paths.paths.push_back(row);
  }
  return paths;
}

MarkovResult Solve(const AggregatedPaths& paths, int order, bool collapse, bool iterative,
                   bool through_journeys) {
  MarkovOptions options;
  options.order = order;
  options.collapse_repeats = collapse;
  if (iterative) options.lu_max_states = 0;
  Result<MarkovResult> result = [&]() -> Result<MarkovResult> {
    if (through_journeys) {
      MROI_ASSIGN_OR_RETURN(PathJourneys expanded, ExpandAggregatedPaths(paths));
      return MarkovAttribution(expanded.dataset, expanded.journeys, options);
    }
    MROI_ASSIGN_OR_RETURN(MarkovCounts counts, CountMarkovPaths(paths, options));
    return SolveMarkov(counts, options);
  }();
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? *result : MarkovResult{};
}

TEST(MarkovReferenceTest, MatrixPowersOnRandomChains) {
  std::mt19937_64 rng(0x5487655);
  int chains = 0;
  for (int trial = 0; trial < 240; ++trial) {
    const int channels = 2 + trial % 4;  // 2..5
    const int order = 1 + (trial / 4) % 3;
    const bool collapse = (trial / 12) % 2 == 0;
    const AggregatedPaths paths = RandomPaths(&rng, 12, channels, 5);
    const MarkovResult result =
        Solve(paths, order, collapse, trial % 3 == 0, trial % 5 == 0);
    const double p = ByMatrixPowers(BuildChain(paths, order, collapse, ""));
    EXPECT_NEAR(result.conversion_probability, p, kTolerance) << "trial " << trial;
    const std::vector<std::string> names = ChannelsOf(paths);
    ASSERT_EQ(result.channels, names) << "trial " << trial;
    for (size_t channel = 0; channel < names.size(); ++channel) {
      const double without =
          ByMatrixPowers(BuildChain(paths, order, collapse, names[channel]));
      const double effect = p > 0 ? 1 - without / p : 0;
      EXPECT_NEAR(result.removal_effects[channel], effect, kTolerance)
          << "trial " << trial << " order " << order << " channel " << names[channel];
    }
    ++chains;
  }
  EXPECT_GE(chains, 200);
}

TEST(MarkovReferenceTest, PathEnumerationOnTinyChains) {
  std::mt19937_64 rng(0x1234567);
  constexpr double kPrune = 1e-16;
  constexpr int64_t kMaxWalks = 2000000;
  int enumerated = 0;
  for (int trial = 0; trial < 240; ++trial) {
    const int channels = 2 + trial % 2;  // 2..3
    const int order = 1 + (trial / 2) % 3;
    const bool collapse = (trial / 6) % 2 == 0;
    const AggregatedPaths paths = RandomPaths(&rng, 4, channels, 3);
    const MarkovResult result = Solve(paths, order, collapse, false, trial % 2 == 0);
    const std::vector<std::string> names = ChannelsOf(paths);
    std::vector<std::string> removals{""};
    removals.insert(removals.end(), names.begin(), names.end());
    std::vector<double> probability;
    bool complete = true;
    for (const std::string& removed : removals) {
      DenseChain chain = BuildChain(paths, order, collapse, removed);
      Enumeration walks;
      complete = Enumerate(chain, kStart, 1.0, kPrune, kMaxWalks, &walks);
      if (!complete) break;
      ASSERT_LT(walks.pruned, 1e-11) << "trial " << trial;
      probability.push_back(walks.converted);
    }
    if (!complete) continue;  // too many walks (a likely cycle): matrix powers cover it
    ++enumerated;
    EXPECT_NEAR(result.conversion_probability, probability[0], kTolerance)
        << "trial " << trial;
    ASSERT_EQ(result.channels, names);
    for (size_t channel = 0; channel < names.size(); ++channel) {
      const double effect =
          probability[0] > 0 ? 1 - probability[channel + 1] / probability[0] : 0;
      EXPECT_NEAR(result.removal_effects[channel], effect, kTolerance)
          << "trial " << trial << " channel " << names[channel];
    }
  }
  EXPECT_GE(enumerated, 200);
}

// Both references on one chain solved by hand: paths "A > B" (1 conversion), "B"
// (1 null), "B > A" (1 conversion), order 1. Cycles A <-> B make the walk sum
// infinite, so the enumeration runs only with B removed.
TEST(MarkovReferenceTest, ReferencesAgreeWithHandSolvedCycle) {
  AggregatedPaths paths;
  paths.paths.push_back(AggregatedPath{{"A", "B"}, 1, 0, 0, 2});
  paths.paths.push_back(AggregatedPath{{"B"}, 0, 0, 1, 3});
  paths.paths.push_back(AggregatedPath{{"B", "A"}, 1, 0, 0, 4});
  // Counts: start->A 1, start->B 2, A->B 1, A->conv 1, B->null 1, B->A 1,
  // B->conv 1. x_A = 1/2 + 1/2 x_B, x_B = 1/3 + 1/3 x_A -> x_A = 4/5, x_B = 3/5;
  // P = 1/3 x_A + 2/3 x_B = 2/3. Without A: x_B = 1/3, P = 2/9 -> 2/3;
  // without B: x_A = 1/2, P = 1/6 -> 3/4.
  const double p = ByMatrixPowers(BuildChain(paths, 1, true, ""));
  EXPECT_NEAR(p, 2.0 / 3, 1e-12);
  EXPECT_NEAR(ByMatrixPowers(BuildChain(paths, 1, true, "A")), 2.0 / 9, 1e-12);
  EXPECT_NEAR(ByMatrixPowers(BuildChain(paths, 1, true, "B")), 1.0 / 6, 1e-12);
  DenseChain without_b = BuildChain(paths, 1, true, "B");
  Enumeration walks;
  ASSERT_TRUE(Enumerate(without_b, kStart, 1.0, 1e-16, 1000, &walks));
  EXPECT_NEAR(walks.converted, 1.0 / 6, 1e-15);
  const MarkovResult result = Solve(paths, 1, true, false, false);
  EXPECT_NEAR(result.conversion_probability, 2.0 / 3, 1e-12);
  ASSERT_EQ(result.channels, (std::vector<std::string>{"A", "B"}));
  EXPECT_NEAR(result.removal_effects[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(result.removal_effects[1], 3.0 / 4, 1e-12);
}

}  // namespace
}  // namespace mroi
