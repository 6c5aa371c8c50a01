// Markov-chain attribution of order 1..4: merging transition counts (counted in
// path_counts.cc) and the exact absorbing-chain solution (Eigen's sparse LU for
// small chains, BiCGSTAB with a checked residual for large ones), once for the
// full chain and once per removed channel on the states without that channel.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <fmt/format.h>

#include "mroi/data_driven.h"

namespace mroi {

namespace {

using StateKey = MarkovCounts::StateKey;
constexpr int kSlotBits = 16;
constexpr uint64_t kSlotMask = (uint64_t{1} << kSlotBits) - 1;

bool IsTuple(StateKey key) {
  return key != MarkovCounts::kStartState && key != MarkovCounts::kConversionState &&
         key != MarkovCounts::kNullState;
}


// Apply `map` (old local id -> new local id) to every slot of a tuple key.
StateKey RemapKey(StateKey key, const std::vector<int32_t>& map) {
  if (!IsTuple(key)) return key;
  StateKey out = 0;
  for (int slot = 0; slot < kMaxMarkovOrder; ++slot) {
    const uint64_t value = (key >> (slot * kSlotBits)) & kSlotMask;
    if (value == 0) break;
    const auto id = static_cast<uint64_t>(map[static_cast<size_t>(value - 1)]);
    out |= (id + 1) << (slot * kSlotBits);
  }
  return out;
}

bool ContainsChannel(StateKey key, int32_t channel) {
  if (!IsTuple(key)) return false;
  const auto wanted = static_cast<uint64_t>(channel) + 1;
  for (int slot = 0; slot < kMaxMarkovOrder; ++slot) {
    const uint64_t value = (key >> (slot * kSlotBits)) & kSlotMask;
    if (value == 0) return false;
    if (value == wanted) return true;
  }
  return false;
}

// The chain in canonical form: channels sorted by name, states sorted by key.
struct Chain {
  std::vector<std::string> channels;
  std::vector<StateKey> states;  // transient: start (index 0) and tuples
  std::vector<double> out_total;
  // (from index, to index or -1 = conversion / -2 = null, count, count / out_total
  // of `from`), sorted by (from, to).
  struct Edge {
    int64_t from;
    int64_t to;
    int64_t count;
    double probability;
  };
  std::vector<Edge> edges;
};

constexpr int64_t kToConversion = -1;
constexpr int64_t kToNull = -2;

Chain Canonical(const MarkovCounts& counts) {
  Chain chain;
  std::vector<int32_t> order(counts.channels.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return counts.channels[static_cast<size_t>(a)] <
           counts.channels[static_cast<size_t>(b)];
  });
  std::vector<int32_t> rank(order.size());
  for (size_t position = 0; position < order.size(); ++position) {
    chain.channels.push_back(counts.channels[static_cast<size_t>(order[position])]);
    rank[static_cast<size_t>(order[position])] = static_cast<int32_t>(position);
  }
  // Renaming the channels is a bijection on keys, so the renamed transitions stay
  // distinct: a sort puts them in canonical order.
  struct Renamed {
    StateKey from;
    StateKey to;
    int64_t count;
  };
  std::vector<Renamed> renamed;
  renamed.reserve(counts.transitions.size());
  std::vector<StateKey> states{MarkovCounts::kStartState};
  for (const auto& [pair, count] : counts.transitions) {
    const Renamed transition{RemapKey(pair.first, rank), RemapKey(pair.second, rank),
                             count};
    renamed.push_back(transition);
    if (IsTuple(transition.from)) states.push_back(transition.from);
    if (IsTuple(transition.to)) states.push_back(transition.to);
  }
  std::sort(renamed.begin(), renamed.end(), [](const Renamed& a, const Renamed& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  std::sort(states.begin(), states.end());
  states.erase(std::unique(states.begin(), states.end()), states.end());
  chain.states = std::move(states);
  auto index_of = [&chain](StateKey key) -> int64_t {
    if (key == MarkovCounts::kConversionState) return kToConversion;
    if (key == MarkovCounts::kNullState) return kToNull;
    return std::lower_bound(chain.states.begin(), chain.states.end(), key) -
           chain.states.begin();
  };
  chain.out_total.assign(chain.states.size(), 0.0);
  chain.edges.reserve(renamed.size());
  for (const Renamed& transition : renamed) {
    const Chain::Edge edge{index_of(transition.from), index_of(transition.to),
                           transition.count, 0.0};
    if (edge.from < 0) continue;  // cannot happen: absorbing states have no exits
    chain.out_total[static_cast<size_t>(edge.from)] += static_cast<double>(edge.count);
    chain.edges.push_back(edge);
  }
  for (Chain::Edge& edge : chain.edges) {
    edge.probability =
        static_cast<double>(edge.count) / chain.out_total[static_cast<size_t>(edge.from)];
  }
  return chain;
}

// P(conversion from start) with the transitions into states containing `removed`
// (-1: none) sent to null. Those states can then never be entered, so the system
// is solved on the others only (start contains no channel and always stays).
Result<double> ConversionProbability(const Chain& chain, int32_t removed,
                                     int64_t lu_max_states) {
  std::vector<Eigen::Index> index(chain.states.size());
  Eigen::Index n = 0;
  for (size_t state = 0; state < chain.states.size(); ++state) {
    const bool gone = removed >= 0 && ContainsChannel(chain.states[state], removed);
    index[state] = gone ? -1 : n++;
  }
  std::vector<Eigen::Triplet<double>> triplets;
  triplets.reserve(chain.edges.size() + static_cast<size_t>(n));
  for (Eigen::Index state = 0; state < n; ++state) {
    triplets.emplace_back(state, state, 1.0);
  }
  Eigen::VectorXd r = Eigen::VectorXd::Zero(n);
  for (const Chain::Edge& edge : chain.edges) {
    const Eigen::Index from = index[static_cast<size_t>(edge.from)];
    if (from < 0) continue;  // a removed state: unreachable
    if (edge.to == kToConversion) {
      r[from] += edge.probability;
    } else if (edge.to >= 0) {
      const Eigen::Index to = index[static_cast<size_t>(edge.to)];
      if (to >= 0) triplets.emplace_back(from, to, -edge.probability);  // else to null
    }
  }
  Eigen::SparseMatrix<double> matrix(n, n);
  matrix.setFromTriplets(triplets.begin(), triplets.end());
  matrix.makeCompressed();
  if (n > lu_max_states) {
    // Large chains (orders 3-4 reach ~C^k states whose LU fills in badly): BiCGSTAB
    // with a diagonal preconditioner, accepted when the residual is at most 1e-12
    // relative; otherwise fall through to the LU.
    Eigen::BiCGSTAB<Eigen::SparseMatrix<double>> iterative;
    iterative.setTolerance(1e-14);
    iterative.setMaxIterations(std::max<Eigen::Index>(1000, n));
    iterative.compute(matrix);
    if (iterative.info() == Eigen::Success) {
      const Eigen::VectorXd x = iterative.solve(r);
      const double residual = (matrix * x - r).norm();
      if (residual <= 1e-12 * std::max(1.0, r.norm())) return std::clamp(x[0], 0.0, 1.0);
    }
  }
  Eigen::SparseLU<Eigen::SparseMatrix<double>> solver;
  solver.compute(matrix);
  if (solver.info() != Eigen::Success) {
    return Internal(fmt::format("Markov chain: sparse LU of {} states failed: {}", n,
                                solver.lastErrorMessage()));
  }
  const Eigen::VectorXd x = solver.solve(r);
  if (solver.info() != Eigen::Success) {
    return Internal("Markov chain: sparse LU solve failed");
  }
  return std::clamp(x[0], 0.0, 1.0);
}

TransitionMatrix OrderOneMatrix(const Chain& chain) {
  TransitionMatrix matrix;
  const size_t channels = chain.channels.size();
  matrix.states.push_back("(start)");
  for (const std::string& name : chain.channels) matrix.states.push_back(name);
  matrix.states.push_back("(conversion)");
  matrix.states.push_back("(null)");
  const size_t size = matrix.states.size();
  matrix.probability.assign(size * size, 0.0);
  // Order-1 tuple key = id + 1, so the matrix index of a tuple is its key.
  auto matrix_index = [&](int64_t state_or_target) -> size_t {
    if (state_or_target == kToConversion) return channels + 1;
    if (state_or_target == kToNull) return channels + 2;
    return static_cast<size_t>(chain.states[static_cast<size_t>(state_or_target)]);
  };
  for (const Chain::Edge& edge : chain.edges) {
    matrix.probability[matrix_index(edge.from) * size + matrix_index(edge.to)] +=
        edge.probability;
  }
  return matrix;
}

}  // namespace

Status MarkovCounts::Merge(const MarkovCounts& other) {
  if (other.order != order || other.collapse_repeats != collapse_repeats) {
    return InvalidArgument(fmt::format(
        "cannot merge Markov counts of order {} (collapse_repeats {}) into order {} "
        "(collapse_repeats {})",
        other.order, other.collapse_repeats, order, collapse_repeats));
  }
  std::unordered_map<std::string, int32_t> mine;
  for (size_t id = 0; id < channels.size(); ++id) {
    mine.emplace(channels[id], static_cast<int32_t>(id));
  }
  std::vector<int32_t> map;
  for (const std::string& name : other.channels) {
    auto [it, inserted] = mine.emplace(name, static_cast<int32_t>(channels.size()));
    if (inserted) channels.push_back(name);
    map.push_back(it->second);
  }
  if (channels.size() > static_cast<size_t>(kMaxChannels)) {
    return InvalidArgument(
        fmt::format("Markov counts hold more than {} channels", kMaxChannels));
  }
  for (const auto& [pair, count] : other.transitions) {
    transitions[{RemapKey(pair.first, map), RemapKey(pair.second, map)}] += count;
  }
  total.conversions += other.total.conversions;
  total.revenue += other.total.revenue;
  total.gross_profit += other.total.gross_profit;
  empty.conversions += other.empty.conversions;
  empty.revenue += other.empty.revenue;
  empty.gross_profit += other.empty.gross_profit;
  journeys += other.journeys;
  converting_journeys += other.converting_journeys;
  return Status();
}

// CountMarkovTransitions() is in path_counts.cc, beside CountMarkovPaths().

Result<MarkovResult> SolveMarkov(const MarkovCounts& counts,
                                 const MarkovOptions& options) {
  if (counts.order < 1 || counts.order > kMaxMarkovOrder) {
    return InvalidArgument(fmt::format("Markov order must be 1..{} (got {})",
                                       kMaxMarkovOrder, counts.order));
  }
  const Chain chain = Canonical(counts);
  MarkovResult result;
  result.order = counts.order;
  result.channels = chain.channels;
  result.states = static_cast<int64_t>(chain.states.size());
  result.total = counts.total;
  result.total.conversions += counts.empty.conversions;
  result.total.revenue += counts.empty.revenue;
  result.total.gross_profit += counts.empty.gross_profit;
  const size_t channels = chain.channels.size();
  result.removal_effects.assign(channels, 0.0);
  result.credit.assign(channels, Credit{});
  if (!chain.edges.empty()) {
    MROI_ASSIGN_OR_RETURN(result.conversion_probability,
                          ConversionProbability(chain, -1, options.lu_max_states));
  }
  double effect_sum = 0;
  if (result.conversion_probability > 0) {
    for (size_t channel = 0; channel < channels; ++channel) {
      MROI_ASSIGN_OR_RETURN(const double without,
                            ConversionProbability(chain, static_cast<int32_t>(channel),
                                                  options.lu_max_states));
      const double effect =
          std::clamp(1.0 - without / result.conversion_probability, 0.0, 1.0);
      result.removal_effects[channel] = effect;
      effect_sum += effect;
    }
  }
  if (effect_sum > 0) {
    for (size_t channel = 0; channel < channels; ++channel) {
      const double share = result.removal_effects[channel] / effect_sum;
      result.credit[channel] =
          Credit{share * counts.total.conversions, share * counts.total.revenue,
                 share * counts.total.gross_profit};
    }
  }
  if (counts.empty.conversions > 0) {
    result.channels.push_back(options.none_label);
    result.removal_effects.push_back(0.0);
    result.credit.push_back(counts.empty);
  }
  if (counts.order == 1) result.transition_matrix = OrderOneMatrix(chain);
  return result;
}

Result<MarkovResult> MarkovAttribution(const Dataset& dataset, const Journeys& journeys,
                                       const MarkovOptions& options) {
  MROI_ASSIGN_OR_RETURN(MarkovCounts counts,
                        CountMarkovTransitions(dataset, journeys, options));
  return SolveMarkov(counts, options);
}

int32_t MarkovResult::FindChannel(std::string_view name) const {
  for (size_t index = 0; index < channels.size(); ++index) {
    if (channels[index] == name) return static_cast<int32_t>(index);
  }
  return -1;
}

}  // namespace mroi
