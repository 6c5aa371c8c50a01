#pragma once

#include <string>
#include <vector>

#include "mroi/data_driven.h"
#include "mroi/report.h"

// Text output of the data-driven models (JSON: mroi/report.h) of `mroi attribute`
// (--model markov|shapley|shapley_simplified|shapley_ordered).
namespace mroi::cli {

/// Human table of a Markov result: the chain's conversion probability and number
/// of states, then per channel the removal effect and the credited conversions,
/// revenue and gross profit, and a total row. With `intervals` (bootstrap, one per
/// channel in the same order; may be null) two more columns: the conversions and
/// revenue intervals. With `show_transitions` (order 1), the transition matrix
/// follows.
std::string RenderMarkovText(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals = nullptr,
                             bool show_transitions = false);


/// Human table of a Shapley result (`model` is "shapley" or "shapley_simplified"):
/// per channel the credited conversions, revenue and gross profit (and the standard
/// error of sampled values), and a total row; `intervals` as for RenderMarkovText().
std::string RenderShapleyText(const ShapleyResult& result, const std::string& model,
                              const std::vector<ChannelInterval>* intervals = nullptr);


/// Human table of the ordered Shapley values: conversions per channel and touch
/// position (the last position pools the later ones), the channel total, and the
/// interval columns of the totals.
std::string RenderOrderedShapleyText(const OrderedShapleyResult& result,
                                     const std::vector<ChannelInterval>* intervals = nullptr);


}  // namespace mroi::cli
