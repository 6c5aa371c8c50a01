#pragma once

#include <string>
#include <vector>

#include "mroi/data_driven.h"

// Text and JSON output of the data-driven models of `mroi attribute`
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

/// `{"model":"markov","order","conversion_probability","states","channels":[{"channel",
/// "removal_effect","conversions","revenue","gross_profit"}...],"total":{...}}`.
/// With `intervals`, each channel also has "ci_low", "ci_high" (conversions),
/// "revenue_ci_low", "revenue_ci_high", "conversions_se", "revenue_se". Order 1 adds
/// "transition_matrix":{"states":[...],"probability":[[row]...]}.
std::string RenderMarkovJson(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals = nullptr);

/// Human table of a Shapley result (`model` is "shapley" or "shapley_simplified"):
/// per channel the credited conversions, revenue and gross profit (and the standard
/// error of sampled values), and a total row; `intervals` as for RenderMarkovText().
std::string RenderShapleyText(const ShapleyResult& result, const std::string& model,
                              const std::vector<ChannelInterval>* intervals = nullptr);

/// `{"model","method":"exact|simplified|sampled","note"?,"channels":[{"channel",
/// "conversions","revenue","gross_profit","standard_error"?}...],"total":{...}}`;
/// `intervals` as for RenderMarkovJson().
std::string RenderShapleyJson(const ShapleyResult& result, const std::string& model,
                              const std::vector<ChannelInterval>* intervals = nullptr);

/// Human table of the ordered Shapley values: conversions per channel and touch
/// position (the last position pools the later ones), the channel total, and the
/// interval columns of the totals.
std::string RenderOrderedShapleyText(const OrderedShapleyResult& result,
                                     const std::vector<ChannelInterval>* intervals = nullptr);

/// `{"model":"shapley_ordered","max_position","channels":[{"channel","conversions",
/// "revenue","gross_profit","by_position":[{"position","conversions","revenue",
/// "gross_profit"}...]}...],"total"}`; `intervals` (of the channel totals) as for
/// RenderMarkovJson().
std::string RenderOrderedShapleyJson(const OrderedShapleyResult& result,
                                     const std::vector<ChannelInterval>* intervals = nullptr);

}  // namespace mroi::cli
