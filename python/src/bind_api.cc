// The api layer's request → JSON analyses for mroi.clv, mroi.plan and mroi.abtest:
// each takes the CLI's flags as (name, value) pairs, so values and errors are read by
// the same code as `mroi clv fit`, `mroi plan reverse` and `mroi abtest ...`.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <string>

#include "bindings.h"
#include "core_parts.h"
#include "mroi/api_abtest.h"
#include "mroi/api_clv.h"
#include "mroi/api_funnel.h"

namespace py = pybind11;

namespace mroi::python {
namespace {

Result<api::ClvCommand> ClvCommandNamed(const std::string& name) {
  if (name == "fit") return api::ClvCommand::kFit;
  if (name == "predict") return api::ClvCommand::kPredict;
  if (name == "check") return api::ClvCommand::kCheck;
  if (name == "churn") return api::ClvCommand::kChurn;
  return InvalidArgument(
      fmt::format("unknown customer-model command '{}': use fit, predict, check or churn", name));
}

Result<api::AbtestKind> AbtestKindNamed(const std::string& name) {
  if (name == "proportions") return api::AbtestKind::kProportions;
  if (name == "means") return api::AbtestKind::kMeans;
  if (name == "bayes") return api::AbtestKind::kBayes;
  if (name == "power") return api::AbtestKind::kPower;
  return InvalidArgument(
      fmt::format("unknown test '{}': use proportions, means, bayes or power", name));
}

// `mroi clv <command> --json` in the CLI's order: the request, its check, the customers,
// the run. Input flags (summary, transactions, data, the three column names) go to the
// source; the others to the request.
Result<std::string> ClvJson(const std::string& command_name, const FlagList& flags,
                            const PipelineResult* history, const std::string& history_name) {
  MROI_ASSIGN_OR_RETURN(api::ClvCommand command, ClvCommandNamed(command_name));
  api::ClvSource source;
  FlagList request_flags;
  for (const auto& [name, value] : flags) {
    if (name == "summary") {
      source.summary_path = value;
    } else if (name == "transactions") {
      source.transactions_path = value;
    } else if (name == "data") {
      source.data_dir = value;
    } else if (name == "customer-column") {
      source.read_options.customer_column = value;
    } else if (name == "date-column") {
      source.read_options.date_column = value;
    } else if (name == "amount-column") {
      source.read_options.amount_column = value;
    } else {
      request_flags.emplace_back(name, value);
    }
  }
  source.history = history;
  source.history_name = history_name;
  MROI_ASSIGN_OR_RETURN(api::ClvRequest request,
                        api::ParseClvRequest(ParamsFrom(request_flags), command));
  MROI_RETURN_IF_ERROR(api::CheckClvRequest(request));
  MROI_ASSIGN_OR_RETURN(api::ClvInput input, api::LoadClvInput(request, source));
  switch (command) {
    case api::ClvCommand::kFit: {
      MROI_ASSIGN_OR_RETURN(api::ClvFitResult result, api::RunClvFit(request, input));
      return api::ClvFitJson(result, input);
    }
    case api::ClvCommand::kPredict: {
      MROI_ASSIGN_OR_RETURN(api::ClvPredictResult result, api::RunClvPredict(request, &input));
      return api::ClvPredictJson(result, input);
    }
    case api::ClvCommand::kCheck: {
      MROI_ASSIGN_OR_RETURN(api::ClvCheckResult result, api::RunClvCheck(request, input));
      return api::ClvCheckJson(result, input);
    }
    case api::ClvCommand::kChurn: {
      MROI_ASSIGN_OR_RETURN(api::ChurnResult result, api::RunChurn(request, &input));
      return api::ChurnJson(result, request, input);
    }
  }
  return Internal("unhandled customer-model command");
}

// Run `compute` without the GIL, then return its value or raise its error.
template <typename Compute>
std::string JsonWithoutGil(Compute compute) {
  Result<std::string> json = [&] {
    py::gil_scoped_release release;
    return compute();
  }();
  return Unwrap(std::move(json));
}

}  // namespace

void RegisterApi(py::module_& m) {
  m.def(
      "clv_json",
      [](const std::string& command, const FlagList& flags, const PipelineResult* history,
         const std::string& history_name) {
        return JsonWithoutGil([&] { return ClvJson(command, flags, history, history_name); });
      },
      py::arg("command"), py::arg("flags"), py::arg("history") = nullptr,
      py::arg("history_name") = "",
      "The JSON of `mroi clv fit|predict|check --json` / `mroi churn --json` with `flags` "
      "[(name, value)]; `history` (a PipelineRun) replaces --summary/--transactions/--data.");

  m.def(
      "plan_reverse_json",
      [](const FlagList& flags, const PipelineResult* history) {
        return JsonWithoutGil([&]() -> Result<std::string> {
          api::Params params = ParamsFrom(flags);
          MROI_ASSIGN_OR_RETURN(api::FunnelRequest request,
                                api::ParseFunnelRequest(params, api::FunnelCommand::kReverse));
          MROI_RETURN_IF_ERROR(api::CheckFunnelRequest(request, history != nullptr));
          MROI_ASSIGN_OR_RETURN(api::ReversePlan plan, api::PlanReverse(request, history));
          return api::ReversePlanJson(plan);
        });
      },
      py::arg("flags"), py::arg("history") = nullptr,
      "The JSON of `mroi plan reverse --json` with `flags` [(name, value)], on the "
      "measured history `history` (a PipelineRun) when given.");

  m.def(
      "abtest_json",
      [](const std::string& kind_name, const FlagList& flags) {
        api::AbtestKind kind = Unwrap(AbtestKindNamed(kind_name));
        return JsonWithoutGil([&] { return api::AbtestJson(ParamsFrom(flags), kind); });
      },
      py::arg("kind"), py::arg("flags"),
      "The JSON of `mroi abtest proportions|means|bayes|power --json` with `flags` "
      "[(name, value)].");
}

}  // namespace mroi::python
