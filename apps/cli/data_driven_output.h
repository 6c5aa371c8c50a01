#pragma once

#include <string>
#include <vector>

#include "mroi/data_driven.h"

// Text and JSON output of the data-driven models of `mroi attribute`
// (--model markov|shapley).
namespace mroi::cli {

/// Human table of a Markov result: the chain's conversion probability and number
/// of states, then per channel the removal effect and the credited conversions,
/// revenue and gross profit, and a total row. With `intervals` (bootstrap, one per
/// channel in the same order; may be null) two more columns: the conversions and
/// revenue intervals.
std::string RenderMarkovText(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals = nullptr);

/// `{"model":"markov","order","conversion_probability","states","channels":[{"channel",
/// "removal_effect","conversions","revenue","gross_profit"}...],"total":{...}}`.
/// With `intervals`, each channel also has "conversions_ci":[low,high],
/// "revenue_ci":[low,high], "conversions_se", "revenue_se".
std::string RenderMarkovJson(const MarkovResult& result,
                             const std::vector<ChannelInterval>* intervals = nullptr);

/// Human table of a Shapley result: per channel the credited conversions, revenue
/// and gross profit, and a total row; `intervals` as for RenderMarkovText().
std::string RenderShapleyText(const ShapleyResult& result,
                              const std::vector<ChannelInterval>* intervals = nullptr);

/// `{"model":"shapley","channels":[{"channel","conversions","revenue","gross_profit"}
/// ...],"total":{...}}`; `intervals` as for RenderMarkovJson().
std::string RenderShapleyJson(const ShapleyResult& result,
                              const std::vector<ChannelInterval>* intervals = nullptr);

}  // namespace mroi::cli
