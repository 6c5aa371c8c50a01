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

// Shapley attribution (SPEC.md "Attribution", issue 5). The game: channels are the
// players and v(S) = value of the converting journeys whose channel set is a subset
// of S. Four solvers over mergeable counts:
//  - SolveShapley: exact, subset-sum transform over bitmasks (n <= 20 by default),
//    falling back to SolveShapleySampled above the limit;
//  - SolveShapleySimplified: the closed form of Zhao et al. 2018 (arXiv 1804.05327),
//    exact for this game at any number of channels;
//  - SolveShapleySampled: Monte Carlo over permutations (Castro et al. 2009);
//  - SolveOrderedShapley: the ordered Shapley value of Zhao et al. 2018, credit per
//    channel and touch position.

namespace mroi {

/// Settings of ShapleyAttribution().
struct ShapleyOptions {
  /// Most channels for the exact computation (cost 2^n * n). Default 20; at most
  /// kMaxShapleyChannels.
  int max_exact_channels = 20;
  /// Channel credited with converting journeys that have no touch. Default "(none)".
  std::string none_label = "(none)";
  /// SolveShapley() with more than max_exact_channels channels: true (default)
  /// estimates the values with SolveShapleySampled(); false returns the error.
  bool sampling_fallback = true;
  /// Sampled permutations of SolveShapleySampled(). Default 2000; at least 2.
  int permutations = 2000;
  /// Seed of SolveShapleySampled(); the same seed gives the same values.
  uint64_t seed = 1;
  /// Worker threads of SolveShapleySampled(): 1 (default) runs on the caller's
  /// thread, 0 uses every hardware thread. The values do not depend on it.
  int threads = 1;
  /// SolveOrderedShapley(): touch positions reported; credit of later positions is
  /// pooled into the last one. Default 10; at least 1.
  int max_ordered_positions = 10;
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

  /// Check that every key of `by_set` is sorted distinct ids of `channels`
  /// (kInvalidArgument if not). The solvers call it. Cost O(sum of set sizes).
  Status Validate() const;
};

/// Count the converting journeys by channel set.
/// Errors: kInvalidArgument for journeys whose columns disagree in size or a
/// channel id outside the dataset's strings.
Result<ShapleyCounts> CountShapleySets(const Dataset& dataset, const Journeys& journeys);

/// The result of ShapleyAttribution() and the other Shapley solvers. Thread
/// safety: a plain value.
struct ShapleyResult {
  /// Channels sorted by name, then none_label when some converting journey had no
  /// touch; `credit` is parallel.
  std::vector<std::string> channels;
  std::vector<Credit> credit;
  Credit total;  // every converting journey
  /// How `credit` was computed: "exact", "simplified" or "sampled".
  std::string method = "exact";
  /// Empty, or for "sampled" a sentence for the reader on why and how it was
  /// estimated (channel count, limit, permutations, seed).
  std::string note;
  /// For "sampled": per channel (parallel to `channels`), the standard error of the
  /// credited conversions (0 for none_label, which is not estimated). Else empty.
  std::vector<double> standard_error;

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
///  - converting journeys without touches are credited to none_label;
///  - n > options.max_exact_channels: with options.sampling_fallback (default) the
///    result of SolveShapleySampled() (method "sampled", note and standard errors
///    set); without it, error kInvalidArgument ("N channels is more than the exact
///    Shapley limit of M ...").
/// Errors: kInvalidArgument for max_exact_channels outside 1..kMaxShapleyChannels,
/// counts that fail ShapleyCounts::Validate(), and the errors of
/// SolveShapleySampled() when it runs.
Result<ShapleyResult> SolveShapley(const ShapleyCounts& counts,
                                   const ShapleyOptions& options = {});

/// Simplified Shapley (Zhao et al. 2018, arXiv 1804.05327): for this game (v = sum
/// of the unanimity games of the journeys' sets) the Shapley value has the closed
/// form phi_j = sum over sets T containing j of w(T) / |T|: each converting
/// journey's value is split equally over its distinct channels. It equals
/// SolveShapley() (up to rounding) at any number of channels; method "simplified".
/// Converting journeys without touches go to options.none_label; only none_label
/// is read from `options`.
/// Errors: kInvalidArgument for counts that fail ShapleyCounts::Validate().
/// Cost O(sum of set sizes + n log n).
Result<ShapleyResult> SolveShapleySimplified(const ShapleyCounts& counts,
                                             const ShapleyOptions& options = {});

/// CountShapleySets() then SolveShapleySimplified().
Result<ShapleyResult> ShapleySimplifiedAttribution(const Dataset& dataset,
                                                   const Journeys& journeys,
                                                   const ShapleyOptions& options = {});

/// Monte Carlo Shapley (Castro, Gomez, Tejada 2009) of the same game, at any n.
/// Rules:
///  - options.permutations uniform random orders of the n channels; in one order
///    the marginal contribution of channel i is the total w(T) of the sets T whose
///    LAST member in that order is i (computed directly, O(sum of set sizes) per
///    order, no 2^n table); the estimate is the mean over the orders;
///  - each order splits v(all) exactly, so the estimates sum to the total (up to
///    rounding); unbiased; standard_error[i] = sample standard deviation of i's
///    marginal conversions / sqrt(permutations);
///  - deterministic for options.seed on every platform: std::mt19937_64 per block of
///    64 orders, seeded from (seed, block index), with a rejection-sampled uniform
///    index; the blocks are summed in block order, so options.threads does not
///    change the result;
///  - method "sampled"; note "N channels is more than the exact Shapley limit of M
///    (the cost grows as 2^n); estimated from P sampled permutations (seed S),
///    standard errors given; the simplified Shapley model is exact for this game at
///    any size" (the first clause only when n > max_exact_channels);
///  - converting journeys without touches go to none_label, exactly.
/// Errors: kInvalidArgument for permutations < 2, threads < 0, counts that fail
/// ShapleyCounts::Validate(). Cost O(permutations * (n + sum of set
/// sizes)), memory O(n + sum of set sizes) per thread.
Result<ShapleyResult> SolveShapleySampled(const ShapleyCounts& counts,
                                          const ShapleyOptions& options = {});

/// CountShapleySets() then SolveShapley().
Result<ShapleyResult> ShapleyAttribution(const Dataset& dataset, const Journeys& journeys,
                                         const ShapleyOptions& options = {});

/// Value of converting journeys by their ORDERED channel path (repeats kept), for
/// SolveOrderedShapley(): plain sums, mergeable. Only converting journeys count.
struct OrderedShapleyCounts {
  /// Channel names; the ids in the keys of `by_path` index this list.
  std::vector<std::string> channels;
  /// Channel id of every touch, in time order -> conversions, revenue, gross profit.
  std::map<std::vector<int32_t>, Credit> by_path;
  Credit empty;  // converting journeys with no touch

  /// Add `other` into this (channels matched by name).
  void Merge(const OrderedShapleyCounts& other);
};

/// Count the converting journeys by ordered channel path.
/// Errors: as CountShapleySets(). Cost O(touches * log paths).
Result<OrderedShapleyCounts> CountOrderedShapleyPaths(const Dataset& dataset,
                                                      const Journeys& journeys);

/// The sets of `counts` (order and repeats dropped), for the unordered solvers.
/// Channel ids outside `counts.channels` are kept as they are (the solvers reject
/// them). Cost O(total path length * log).
ShapleyCounts CollapseToSets(const OrderedShapleyCounts& counts);

/// The result of SolveOrderedShapley(). Thread safety: a plain value.
struct OrderedShapleyResult {
  /// Channels sorted by name, then none_label when some converting journey had no
  /// touch; `by_position` and `credit` are parallel.
  std::vector<std::string> channels;
  /// Positions reported: min(longest path, max_ordered_positions); 0 when no
  /// converting journey has a touch (1 when only untouched ones convert).
  int max_position = 0;
  /// [channel][position - 1]: credit of the channel's touches at that position
  /// (1 = first touch of the path); the last position also holds every later one.
  std::vector<std::vector<Credit>> by_position;
  /// Summed over positions: equals SolveShapleySimplified()'s credit.
  std::vector<Credit> credit;
  Credit total;  // every converting journey

  /// Return the channel's index in `channels`, or -1.
  int32_t FindChannel(std::string_view name) const;
};

/// Ordered Shapley value (Zhao et al. 2018, arXiv 1804.05327, section "ordered
/// Shapley value"): the simplified Shapley credit, split by touch position.
/// Rules, per converting path with value w and distinct channel set T:
///  - each channel j of T gets w / |T| (the simplified Shapley share);
///  - j's share is split equally over the positions where j occurs: a channel
///    touched k times in the path gets w / (|T| k) at each of those k positions
///    (the paper's 1 / N(j) factor for repeated channels);
///  - position p is the p-th touch of the path (repeats count as touches);
///    positions above options.max_ordered_positions are pooled into that last one;
///  - converting journeys without touches go to options.none_label at position 1.
/// Summed over positions this is SolveShapleySimplified(), hence the exact Shapley
/// value of the set game.
/// Errors: kInvalidArgument for max_ordered_positions < 1 or a channel id outside
/// `counts.channels`. Cost O(total path length + n * positions).
Result<OrderedShapleyResult> SolveOrderedShapley(const OrderedShapleyCounts& counts,
                                                 const ShapleyOptions& options = {});

/// CountOrderedShapleyPaths() then SolveOrderedShapley().
Result<OrderedShapleyResult> OrderedShapleyAttribution(const Dataset& dataset,
                                                       const Journeys& journeys,
                                                       const ShapleyOptions& options = {});

}  // namespace mroi
