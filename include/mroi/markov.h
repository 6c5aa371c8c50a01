#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mroi/attribution.h"
#include "mroi/dataset.h"
#include "mroi/journeys.h"
#include "mroi/result.h"
#include "mroi/status.h"

// Exact Markov-chain attribution of order 1..4 (SPEC.md "Attribution", issue 5):
// mergeable transition counts (MarkovCounts) solved as an absorbing chain with
// Eigen's sparse solvers. Nothing is simulated: the result is deterministic to the
// last bit for the same counts.

namespace mroi {

/// Settings of MarkovAttribution().
struct MarkovOptions {
  /// Order k of the chain, 1..4: a state is the tuple of the last k channels.
  int order = 1;
  /// Collapse consecutive repeats of a channel ("A > A > B" -> "A > B") before
  /// building states, as the literature does. Default: true.
  bool collapse_repeats = true;
  /// Channel credited with converting journeys that have no touch. Default "(none)".
  std::string none_label = "(none)";
  /// Chains with at most this many transient states are solved by sparse LU;
  /// larger ones by BiCGSTAB with a diagonal preconditioner, accepted only when
  /// the residual ||(I-Q)x - r|| <= 1e-12 max(1, ||r||), else by the LU. The LU
  /// fills in badly at orders 3-4 (17k states took 3 s per solve), and already at
  /// order 2 (145 states, 12 channels) 14 LU solves took 3 ms against 0.6 ms by
  /// BiCGSTAB. Default 64 (order 1 up to 63 channels).
  int64_t lu_max_states = 64;
};

/// Largest supported chain order.
inline constexpr int kMaxMarkovOrder = 4;

/// Transition counts of a Markov chain of one order: plain sums over journeys, so
/// counts of disjoint partitions merge into the counts of their union.
///
/// Rules (for a journey with touch channels c_1 .. c_n, after collapsing repeats
/// when collapse_repeats is set):
///  - states are `start`, `conversion`, `null` and channel tuples; the state after
///    touch i is (c_{max(1, i-k+1)} .. c_i), i.e. the last k channels, shorter
///    only at the beginning of the path;
///  - transitions: start -> s_1 -> s_2 -> ... -> s_n -> conversion (converting
///    journey) or null (non-converting journey); each counts 1;
///  - journeys with no touch are not part of the chain: converting ones are
///    counted in `empty` (credited to none_label), non-converting ones ignored;
///  - `total` sums 1 conversion, revenue and gross profit (non-finite values count
///    0) of every converting journey with >= 1 touch.
/// Channels are kept by name, so partitions built from different dictionaries
/// still merge correctly.
struct MarkovCounts {
  /// A state key: 0 = start, kConversionState, kNullState, or a tuple of up to 4
  /// local channel ids packed as (id + 1) in 16-bit slots, oldest channel lowest.
  using StateKey = uint64_t;
  static constexpr StateKey kStartState = 0;
  static constexpr StateKey kConversionState = ~uint64_t{0} - 1;
  static constexpr StateKey kNullState = ~uint64_t{0};
  /// Most distinct channels one count struct holds (16-bit slots, 0 = empty).
  static constexpr int32_t kMaxChannels = 65534;

  int order = 1;
  bool collapse_repeats = true;
  /// Channel names; a tuple's ids index this list (first-seen order).
  std::vector<std::string> channels;
  /// (from, to) -> number of transitions.
  std::map<std::pair<StateKey, StateKey>, int64_t> transitions;
  Credit total;                     // converting journeys with >= 1 touch
  Credit empty;                     // converting journeys with no touch
  int64_t journeys = 0;             // journeys in the chain (>= 1 touch)
  int64_t converting_journeys = 0;  // of which converting

  /// Add `other` into this. Error kInvalidArgument when order or collapse_repeats
  /// differ, or when the union has more than kMaxChannels channels.
  Status Merge(const MarkovCounts& other);
};

/// Count the transitions of every journey (converting and non-converting).
/// Errors: kInvalidArgument for an order outside 1..4, journeys whose columns
/// disagree in size, a channel id outside the dataset's strings, or more than
/// MarkovCounts::kMaxChannels channels.
Result<MarkovCounts> CountMarkovTransitions(const Dataset& dataset,
                                            const Journeys& journeys,
                                            const MarkovOptions& options);

/// A dense transition matrix: probability[from * states.size() + to] is the share
/// of `from`'s observed transitions that go to `to`. States: "(start)", the
/// channels in MarkovResult::channels order (without none_label), "(conversion)",
/// "(null)". The rows of (conversion) and (null) are 0 (absorbing states).
struct TransitionMatrix {
  std::vector<std::string> states;
  std::vector<double> probability;  // states.size()^2, row-major
  double At(size_t from, size_t to) const {
    return probability[from * states.size() + to];
  }
};

/// The result of MarkovAttribution() / SolveMarkov(). Thread safety: a plain value.
struct MarkovResult {
  int order = 1;
  /// Channels of the chain sorted by name, then none_label when some converting
  /// journey had no touch. The arrays below are parallel to it.
  std::vector<std::string> channels;
  /// 1 - P(conversion without the channel) / P(conversion); 0 for none_label and
  /// when P(conversion) = 0.
  std::vector<double> removal_effects;
  /// Credit per channel (see SolveMarkov()); sums to `total` to rounding.
  std::vector<Credit> credit;
  /// P(reaching conversion from start) of the full chain.
  double conversion_probability = 0;
  /// Every converting journey: 1 conversion, revenue, gross profit.
  Credit total;
  /// Order 1 only (empty otherwise): the transition probabilities.
  TransitionMatrix transition_matrix;
  /// Number of transient states (start + channel tuples) of the chain.
  int64_t states = 0;

  /// Return the channel's index in `channels`, or -1.
  int32_t FindChannel(std::string_view name) const;
};

/// Solve the chain of `counts` exactly.
/// Rules:
///  - transition probabilities are counts / total count out of the state;
///  - P(conversion from start) solves (I - Q) x = r, where Q holds the
///    transient-to-transient probabilities and r the probability of moving to
///    conversion: with Eigen's SparseLU up to options.lu_max_states states, above
///    with BiCGSTAB (residual checked, LU fallback); no simulation;
///  - removing channel c sends every transition INTO a state whose tuple contains
///    c to null (Q's columns of those states are dropped); those states can no
///    longer be entered, so the system is re-solved on the other states only;
///    removal effect = 1 - P_without_c / P, clamped to [0, 1];
///  - credit: the total of journeys with touches is shared among the channels in
///    proportion to their removal effects (normalised by their sum, so the credit
///    sums to the total); converting journeys without touches go to none_label.
///    When no removal effect is positive (no conversion in the chain) the channels
///    get 0.
/// Order and collapse_repeats come from `counts`; `options` gives none_label and
/// lu_max_states.
/// Cost: one solve per channel + 1, on (number of states) unknowns at most.
/// Error kInternal when a solve fails (cannot happen for counts built by
/// CountMarkovTransitions / Merge: every state reaches an absorbing state).
Result<MarkovResult> SolveMarkov(const MarkovCounts& counts,
                                 const MarkovOptions& options = {});

/// CountMarkovTransitions() then SolveMarkov(). Channel names come from
/// dataset.strings via Journeys::touch_channel.
Result<MarkovResult> MarkovAttribution(const Dataset& dataset, const Journeys& journeys,
                                       const MarkovOptions& options);

}  // namespace mroi
