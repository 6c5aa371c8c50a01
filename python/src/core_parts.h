#pragma once

// The pieces of RegisterCore (bind_core.cc), each in its own file, and the one
// conversion of Python keyword flags into an api::Params.
#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mroi/api_params.h"
#include "mroi/dataset.h"
#include "mroi/result.h"

namespace mroi::python {

/// A request as Python sends it: (flag name without "--", value text) pairs, in order.
using FlagList = std::vector<std::pair<std::string, std::string>>;

/// The Params of `flags` (a name given twice holds two values, as on the CLI).
api::Params ParamsFrom(const FlagList& flags);

/// The input kind called `name` ("touchpoints", ...). Error kInvalidArgument naming the
/// kinds (bind_run.cc).
Result<InputKind> KindNamed(std::string_view name);

/// run_pipeline and the PipelineRun class: the cleaned records, quarantine, changes and
/// clean summary of one pipeline pass (bind_run.cc).
void RegisterRun(pybind11::module_& m);
/// Rule-based and data-driven attribution on a run or on aggregated paths
/// (bind_attribution.cc).
void RegisterAttribution(pybind11::module_& m);
/// The api layer's request → JSON analyses: clv, plan reverse, abtest (bind_api.cc).
void RegisterApi(pybind11::module_& m);

}  // namespace mroi::python
