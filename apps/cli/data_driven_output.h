#pragma once

#include <string>

#include "mroi/data_driven.h"

// Text and JSON output of the data-driven models of `mroi attribute`
// (--model markov|shapley).
namespace mroi::cli {

/// Human table of a Markov result: the chain's conversion probability and number
/// of states, then per channel the removal effect and the credited conversions,
/// revenue and gross profit, and a total row.
std::string RenderMarkovText(const MarkovResult& result);

/// `{"model":"markov","order","conversion_probability","states","channels":[{"channel",
/// "removal_effect","conversions","revenue","gross_profit"}...],"total":{...}}`.
std::string RenderMarkovJson(const MarkovResult& result);

/// Human table of a Shapley result: per channel the credited conversions, revenue
/// and gross profit, and a total row.
std::string RenderShapleyText(const ShapleyResult& result);

/// `{"model":"shapley","channels":[{"channel","conversions","revenue","gross_profit"}
/// ...],"total":{...}}`.
std::string RenderShapleyJson(const ShapleyResult& result);

}  // namespace mroi::cli
