// Model names, parameter checks, the likelihood dispatch and EvaluateLogLikelihood().

#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "clv/clv_internal.h"
#include "clv/fit_internal.h"
#include "mroi/clv_models.h"

namespace mroi {

std::string_view ClvModelName(ClvModel model) {
  switch (model) {
    case ClvModel::kBgNbd: return "bg_nbd";
    case ClvModel::kParetoNbd: return "pareto_nbd";
    case ClvModel::kMbgNbd: return "mbg_nbd";
    case ClvModel::kBgBb: return "bg_bb";
    case ClvModel::kGammaGamma: return "gamma_gamma";
  }
  return "unknown";
}

Result<ClvModel> ParseClvModel(std::string_view text) {
  std::string name;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (name == "bgnbd") return ClvModel::kBgNbd;
  if (name == "paretonbd") return ClvModel::kParetoNbd;
  if (name == "mbgnbd") return ClvModel::kMbgNbd;
  if (name == "bgbb") return ClvModel::kBgBb;
  if (name == "gammagamma") return ClvModel::kGammaGamma;
  return InvalidArgument(fmt::format(
      "unknown customer model '{}': use bg_nbd, pareto_nbd, mbg_nbd, bg_bb or gamma_gamma", text));
}

std::vector<std::string_view> ClvParameterNames(ClvModel model) {
  switch (model) {
    case ClvModel::kBgNbd:
    case ClvModel::kMbgNbd: return {"r", "alpha", "a", "b"};
    case ClvModel::kParetoNbd: return {"r", "alpha", "s", "beta"};
    case ClvModel::kBgBb: return {"alpha", "beta", "gamma", "delta"};
    case ClvModel::kGammaGamma: return {"p", "q", "v"};
  }
  return {};
}

bool IsTransactionModel(ClvModel model) { return model != ClvModel::kGammaGamma; }

std::vector<double> ModelFit::values() const {
  std::vector<double> out;
  for (const ParameterEstimate& estimate : parameters) out.push_back(estimate.value);
  return out;
}

double ModelFit::value(std::string_view name) const {
  for (const ParameterEstimate& estimate : parameters) {
    if (estimate.name == name) return estimate.value;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

Result<ModelFit> MakeModel(ClvModel model, std::span<const double> parameters, TimeUnit time_unit) {
  MROI_RETURN_IF_ERROR(internal::CheckParameters(model, parameters));
  ModelFit fit;
  fit.model = model;
  fit.time_unit = time_unit;
  const std::vector<std::string_view> names = ClvParameterNames(model);
  for (size_t idx = 0; idx < names.size(); ++idx) {
    fit.parameters.push_back({std::string(names[idx]), parameters[idx], 0, parameters[idx],
                              parameters[idx]});
  }
  fit.log_covariance.assign(names.size() * names.size(), 0.0);
  fit.converged = true;
  return fit;
}

Result<LogLikelihood> EvaluateLogLikelihood(ClvModel model, std::span<const double> parameters,
                                            const CustomerSummaries& data) {
  MROI_RETURN_IF_ERROR(internal::CheckParameters(model, parameters));
  MROI_ASSIGN_OR_RETURN(internal::AggregatedRows rows, internal::PrepareRows(model, data));
  LogLikelihood out;
  out.gradient.assign(parameters.size(), 0.0);
  out.value = internal::ModelLogLikelihood(model, parameters, rows, out.gradient);
  if (!std::isfinite(out.value)) {
    return OutOfRange(fmt::format("{} log-likelihood is not finite at these parameters",
                                  ClvModelName(model)));
  }
  return out;
}

namespace internal {

Status CheckParameters(ClvModel model, std::span<const double> parameters) {
  const std::vector<std::string_view> names = ClvParameterNames(model);
  if (parameters.size() != names.size()) {
    return InvalidArgument(fmt::format("{} takes {} parameters, got {}", ClvModelName(model),
                                       names.size(), parameters.size()));
  }
  for (size_t idx = 0; idx < names.size(); ++idx) {
    if (!std::isfinite(parameters[idx]) || parameters[idx] <= 0) {
      return InvalidArgument(fmt::format("{} parameter {} = {} must be finite and > 0",
                                         ClvModelName(model), names[idx], parameters[idx]));
    }
  }
  return Status::OK();
}

Result<AggregatedRows> PrepareRows(ClvModel model, const CustomerSummaries& data) {
  MROI_RETURN_IF_ERROR(ValidateCustomerSummaries(data));
  if (model == ClvModel::kBgBb && data.time_unit != TimeUnit::kPeriods) {
    return InvalidArgument(fmt::format(
        "BG/BB models discrete purchase opportunities: the data must be in periods, not {}",
        TimeUnitName(data.time_unit)));
  }
  if (model == ClvModel::kGammaGamma) {
    AggregatedRows rows = AggregateSpendRows(data);
    if (rows.total_weight < 2) {
      return InvalidArgument(
          "Gamma-Gamma needs at least 2 customers with a repeat purchase and a positive "
          "monetary value");
    }
    return rows;
  }
  return AggregateTransactionRows(data);
}

double ModelLogLikelihood(ClvModel model, std::span<const double> params, const AggregatedRows& rows,
                          std::span<double> gradient) {
  switch (model) {
    case ClvModel::kBgNbd: return BgNbdFamilyLogLikelihood(params, rows, gradient, false);
    case ClvModel::kMbgNbd: return BgNbdFamilyLogLikelihood(params, rows, gradient, true);
    case ClvModel::kParetoNbd: return ParetoNbdLogLikelihood(params, rows, gradient);
    case ClvModel::kBgBb: return BgBbLogLikelihood(params, rows, gradient);
    case ClvModel::kGammaGamma: return GammaGammaLogLikelihood(params, rows, gradient);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace internal
}  // namespace mroi
