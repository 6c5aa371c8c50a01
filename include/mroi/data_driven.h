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

// Data-driven attribution (SPEC.md "Attribution", issue 5): exact Markov-chain
// removal effects of order 1..4 and exact Shapley values. Both are computed from
// mergeable count structs (MarkovCounts, ShapleyCounts): the counts of partitions
// of the journeys can be built separately, merged with Merge(), and solved once,
// giving the same answer as the whole. Nothing is simulated: results are
// deterministic to the last bit for the same counts.

namespace mroi {

// ---------------------------------------------------------------------------------
// Markov chains
// ---------------------------------------------------------------------------------

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
  /// larger ones (orders 3-4, whose LU fills in badly: 17k states took 3 s per
  /// solve) by BiCGSTAB with a diagonal preconditioner, accepted only when the
  /// residual ||(I-Q)x - r|| <= 1e-12 max(1, ||r||), else by the LU. Default 500.
  int64_t lu_max_states = 500;
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
///    c to null (Q's columns of those states are dropped) and re-solves; removal
///    effect = 1 - P_without_c / P, clamped to [0, 1];
///  - credit: the total of journeys with touches is shared among the channels in
///    proportion to their removal effects (normalised by their sum, so the credit
///    sums to the total); converting journeys without touches go to none_label.
///    When no removal effect is positive (no conversion in the chain) the channels
///    get 0.
/// Order and collapse_repeats come from `counts`; `options` gives none_label and
/// lu_max_states.
/// Cost: one solve per channel + 1, on (number of states) unknowns.
/// Error kInternal when a solve fails (cannot happen for counts built by
/// CountMarkovTransitions / Merge: every state reaches an absorbing state).
Result<MarkovResult> SolveMarkov(const MarkovCounts& counts,
                                 const MarkovOptions& options = {});

/// CountMarkovTransitions() then SolveMarkov(). Channel names come from
/// dataset.strings via Journeys::touch_channel.
Result<MarkovResult> MarkovAttribution(const Dataset& dataset, const Journeys& journeys,
                                       const MarkovOptions& options);

// ---------------------------------------------------------------------------------
// Shapley values
// ---------------------------------------------------------------------------------

/// Settings of ShapleyAttribution().
struct ShapleyOptions {
  /// Most channels for the exact computation (cost 2^n * n). Default 20; at most
  /// kMaxShapleyChannels.
  int max_exact_channels = 20;
  /// Channel credited with converting journeys that have no touch. Default "(none)".
  std::string none_label = "(none)";
};

/// Hard upper bound of ShapleyOptions::max_exact_channels (memory: 24 * 2^n bytes).
inline constexpr int kMaxShapleyChannels = 26;

/// Value of converting journeys by their channel SET (order and repeats ignored):
/// plain sums, mergeable. Only converting journeys count; channels seen only in
/// non-converting journeys are null players (Shapley value 0) and are left out.
struct ShapleyCounts {
  /// Channel names; the ids in the keys of `by_set` index this list.
  std::vector<std::string> channels;
  /// Sorted distinct channel ids -> 1 conversion, revenue, gross profit summed.
  std::map<std::vector<int32_t>, Credit> by_set;
  Credit empty;  // converting journeys with no touch

  /// Add `other` into this (channels matched by name).
  void Merge(const ShapleyCounts& other);
};

/// Count the converting journeys by channel set.
/// Errors: kInvalidArgument for journeys whose columns disagree in size or a
/// channel id outside the dataset's strings.
Result<ShapleyCounts> CountShapleySets(const Dataset& dataset, const Journeys& journeys);

/// The result of ShapleyAttribution(). Thread safety: a plain value.
struct ShapleyResult {
  /// Channels sorted by name, then none_label when some converting journey had no
  /// touch; `credit` is parallel.
  std::vector<std::string> channels;
  std::vector<Credit> credit;
  Credit total;  // every converting journey

  /// Return the channel's index in `channels`, or -1.
  int32_t FindChannel(std::string_view name) const;
};

/// Exact Shapley values of the game v(S) = value (conversions, revenue, gross
/// profit, each its own game) of the converting journeys whose channel set is a
/// subset of S, over the n channels of converting journeys.
/// Rules:
///  - w(T) = value of journeys whose set is exactly T; v = zeta (subset-sum)
///    transform of w over bitmasks, O(2^n n);
///  - phi_i = sum over S not containing i of |S|! (n-|S|-1)! / n! (v(S+i) - v(S)),
///    O(2^n n); efficiency: sum phi_i = v(all) = total of journeys with touches;
///  - converting journeys without touches are credited to none_label.
/// Error kInvalidArgument when n > options.max_exact_channels ("N channels is more
/// than the exact Shapley limit of M ...") or max_exact_channels is outside
/// 1..kMaxShapleyChannels.
Result<ShapleyResult> SolveShapley(const ShapleyCounts& counts,
                                   const ShapleyOptions& options = {});

/// CountShapleySets() then SolveShapley().
Result<ShapleyResult> ShapleyAttribution(const Dataset& dataset, const Journeys& journeys,
                                         const ShapleyOptions& options = {});

}  // namespace mroi

// ---------------------------------------------------------------------------------
// Aggregated paths (the ChannelAttribution input format)
// ---------------------------------------------------------------------------------

namespace mroi {

/// One row of an aggregated-paths file: a path and how often it ended in a
/// conversion or not.
struct AggregatedPath {
  std::vector<std::string> channels;  // oldest first
  int64_t conversions = 0;            // total_conversions
  double conversion_value = 0;        // total_conversion_value (0 when absent)
  int64_t nulls = 0;                  // total_null (0 when absent)
  int64_t line = 0;                   // 1-based line in the file
};

/// The rows of an aggregated-paths file.
struct AggregatedPaths {
  std::vector<AggregatedPath> paths;
};

/// Parse aggregated paths as exported by ChannelAttribution and similar tools: a
/// CSV (double quotes allowed) with a header naming the columns `path` (channels
/// joined by ">", spaces around it optional), `total_conversions`, and optionally
/// `total_conversion_value` and `total_null`; other columns are ignored.
/// `source` names the input in errors. Errors (kInvalidArgument, "source:line:
/// ..."): missing column, empty path or channel, a count that is not a
/// non-negative integer (fractional counts are refused), a non-finite value.
Result<AggregatedPaths> ParseAggregatedPaths(std::string_view text, std::string_view source);

/// Read the file `path` and parse it with ParseAggregatedPaths(). kNotFound /
/// kIOError when it cannot be read.
Result<AggregatedPaths> ReadAggregatedPaths(const std::string& path);

/// Journeys built from aggregated paths, with the Dataset and IdentityResult they
/// index, so that every attribution model runs on them unchanged.
struct PathJourneys {
  Dataset dataset;
  IdentityResult identity;
  Journeys journeys;
};

/// Expand aggregated paths into journeys: per row, one converting journey per
/// conversion (revenue and gross profit = total_conversion_value /
/// total_conversions) and one non-converting journey per null, each journey its
/// own person. Touch i of a path is at time 60 i seconds (so time_decay sees
/// touches one minute apart); a converting journey ends one minute after its last
/// touch. There are no leads (w_shaped falls back to u_shaped).
/// Error kInvalidArgument when the rows hold more than 2^31 journeys or touches.
Result<PathJourneys> ExpandAggregatedPaths(const AggregatedPaths& paths);

}  // namespace mroi

// ---------------------------------------------------------------------------------
// Bootstrap confidence intervals of the data-driven credit (issue 5)
// ---------------------------------------------------------------------------------

namespace mroi {

/// Settings of BootstrapMarkov() / BootstrapShapley().
struct BootstrapOptions {
  /// Number of bootstrap replicates B (>= 1). Default 200.
  int replicates = 200;
  /// Seed of the resampling; replicate r draws from a generator seeded by (seed, r),
  /// so the result does not depend on the number of threads. Default 1.
  uint64_t seed = 1;
  /// Coverage of the two-sided percentile interval, in (0, 1). Default 0.95
  /// (the 2.5 % and 97.5 % percentiles).
  double level = 0.95;
  /// Worker threads; 0 = std::thread::hardware_concurrency(). Never more than B.
  int threads = 0;
};

/// Percentile interval of one channel's credit over the bootstrap replicates.
struct ChannelInterval {
  std::string channel;
  double conversions_low = 0;
  double conversions_high = 0;
  double revenue_low = 0;
  double revenue_high = 0;
  double conversions_se = 0;  // standard deviation of the replicates (B - 1 divisor)
  double revenue_se = 0;
};

/// Bootstrap the Markov credit: B times, draw as many PERSONS as there are (with
/// replacement; journeys grouped by Journeys::person, each person -1 journey its
/// own unit), copy the drawn persons' journeys (a person drawn twice counts twice)
/// and run MarkovAttribution(). A channel absent from a replicate counts 0 there.
/// Percentiles interpolate linearly between order statistics (position
/// p (B - 1)). The random integers come from std::mt19937_64 with a rejection
/// mapping, so results are identical on every platform and thread count.
/// Returns one interval per channel of the point estimate, in its order.
/// Errors: kInvalidArgument for B < 1, level outside (0, 1), threads < 0; any
/// error of the model (the first replicate's, in replicate order).
Result<std::vector<ChannelInterval>> BootstrapMarkov(const Dataset& dataset,
                                                     const Journeys& journeys,
                                                     const MarkovOptions& options,
                                                     const BootstrapOptions& bootstrap);

/// As BootstrapMarkov(), with ShapleyAttribution() as the model.
Result<std::vector<ChannelInterval>> BootstrapShapley(const Dataset& dataset,
                                                      const Journeys& journeys,
                                                      const ShapleyOptions& options,
                                                      const BootstrapOptions& bootstrap);

/// Resample `journeys` by person as one bootstrap replicate does, with the
/// generator seeded by (seed, replicate). Exposed for tests.
Journeys ResampleJourneysByPerson(const Journeys& journeys, uint64_t seed, int replicate);

}  // namespace mroi
