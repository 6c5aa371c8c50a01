// The customer-model request: read from Params and checked before any data is loaded.
#include <limits>

#include <fmt/format.h>

#include "mroi/api_clv.h"

namespace mroi::api {

namespace {

Status ReadInt(const Params& params, std::string_view name, int* field) {
  if (!params.Has(name)) return Status::OK();
  MROI_ASSIGN_OR_RETURN(std::string text, params.Single(name));
  const std::string flag = fmt::format("--{}", name);
  MROI_ASSIGN_OR_RETURN(int64_t value, ParseWholeNumber(text, flag));
  if (value < std::numeric_limits<int>::min() ||
      value > std::numeric_limits<int>::max()) {
    return InvalidArgument(fmt::format("{} {}: out of range", flag, text));
  }
  *field = static_cast<int>(value);
  return Status::OK();
}

Status CheckNames(const Params& params, ClvCommand command) {
  switch (command) {
    case ClvCommand::kFit:
      return params.CheckNames(
          {"model", "time-unit", "calibration-end", "observation-end"}, "clv fit");
    case ClvCommand::kPredict:
      return params.CheckNames(
          {"model", "time-unit", "calibration-end", "observation-end", "horizon",
           "months", "discount-rate", "customer", "top"},
          "clv predict");
    case ClvCommand::kCheck:
      return params.CheckNames(
          {"model", "time-unit", "calibration-end", "observation-end", "buckets"},
          "clv check");
    case ClvCommand::kChurn:
      return params.CheckNames(
          {"model", "time-unit", "calibration-end", "observation-end", "horizon",
           "months", "discount-rate", "top", "threshold"},
          "churn");
  }
  return Status::OK();
}

}  // namespace

Result<ClvRequest> ParseClvRequest(const Params& params, ClvCommand command) {
  MROI_RETURN_IF_ERROR(CheckNames(params, command));
  ClvRequest request;
  request.command = command;
  if (command == ClvCommand::kChurn) request.top = 20;
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "model", &request.model));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "time-unit", &request.time_unit));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "calibration-end", &request.calibration_end));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "observation-end", &request.observation_end));
  if (params.Has("horizon")) {
    double horizon = 0;
    MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "horizon", &horizon));
    // A negative horizon means "the default", as the CLI's -1 always has.
    if (horizon >= 0) request.horizon = horizon;
  }
  MROI_RETURN_IF_ERROR(ReadInt(params, "months", &request.months));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "discount-rate", &request.discount_rate));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "customer", &request.customer));
  MROI_RETURN_IF_ERROR(ReadInt(params, "top", &request.top));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "threshold", &request.threshold));
  MROI_RETURN_IF_ERROR(ReadInt(params, "buckets", &request.buckets));
  return request;
}

Status CheckClvRequest(const ClvRequest& request) {
  MROI_ASSIGN_OR_RETURN(ClvModel model, ParseClvModel(request.model));
  switch (request.command) {
    case ClvCommand::kFit:
      break;
    case ClvCommand::kPredict:
      if (request.top < 0)
        return InvalidArgument("--top must be >= 0 (0: every customer)");
      break;
    case ClvCommand::kCheck:
      if (!IsTransactionModel(model)) {
        return InvalidArgument(
            "clv check compares purchase models: use bg_nbd, pareto_nbd, mbg_nbd or "
            "bg_bb");
      }
      if (request.buckets < 2) return InvalidArgument("--buckets must be at least 2");
      break;
    case ClvCommand::kChurn:
      if (!(request.threshold > 0 && request.threshold <= 1)) {
        return InvalidArgument(
            fmt::format("--threshold {} must be in (0, 1]", request.threshold));
      }
      if (request.top < 0) return InvalidArgument("--top must be >= 0 (0: all at risk)");
      break;
  }
  return Status::OK();
}

}  // namespace mroi::api
