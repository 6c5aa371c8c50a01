// The JSON of `mroi clv fit|predict|check --json` and `mroi churn --json`.
#include <cmath>

#include <nlohmann/json.hpp>

#include "mroi/api_clv.h"
#include "mroi/time.h"

namespace mroi::api {

namespace {

using Json = nlohmann::ordered_json;

constexpr int64_t kSecondsPerDay = 86'400;

// A finite number (an integer when it is one), or JSON null.
Json Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  if (std::floor(value) == value && std::fabs(value) < 1e15)
    return static_cast<int64_t>(value);
  return value;
}

Json InputJson(const ClvInput& input) {
  Json out = {{"path", input.source},
              {"kind", input.log ? "transactions" : "summary"},
              {"customers", input.summaries.customers.size()}};
  if (input.log) {
    const TransactionLog& log = *input.log;
    out["layout"] = TransactionLayoutName(log.layout);
    out["rows_read"] = log.rows_read;
    out["rows_without_customer"] = log.rows_without_customer;
    out["rows_skipped"] = log.rows_skipped;
    out["transactions"] = log.transactions;
    out["returns"] = log.netting.returns;
    out["returned_amount_netted"] = Number(log.netting.returned_amount_netted);
    out["returned_amount_unmatched"] = Number(log.netting.returned_amount_unmatched);
    out["purchases_cancelled"] = log.netting.purchases_cancelled;
    out["calibration_end"] =
        FormatDate(static_cast<UnixDays>(*input.calibration_end_day));
  }
  out["holdout_duration"] = Number(input.summaries.holdout_duration);
  out["notes"] = input.notes;
  return out;
}

// params, std_errors and ci ([lower, upper]) of a fit, in the papers' names.
void AddParameterJson(const ModelFit& fit, Json* out) {
  Json params = Json::object(), errors = Json::object(), intervals = Json::object();
  for (const ParameterEstimate& parameter : fit.parameters) {
    params[parameter.name] = Number(parameter.value);
    errors[parameter.name] = Number(parameter.std_error);
    intervals[parameter.name] = {Number(parameter.lower), Number(parameter.upper)};
  }
  (*out)["params"] = params;
  (*out)["std_errors"] = errors;
  (*out)["ci"] = intervals;
  (*out)["confidence_level"] = fit.confidence_level;
}

Json CustomerJson(const ClvInput& input, size_t idx,
                  const CustomerPrediction& prediction) {
  const CustomerSummary& customer = input.summaries.customers[idx];
  Json row = {{"customer_id", input.names[idx]},
              {"frequency", Number(customer.frequency)},
              {"recency", Number(customer.recency)},
              {"T", Number(customer.age)},
              {"monetary_value", Number(customer.monetary_value)}};
  auto add = [&](const char* name, const PredictionInterval& interval) {
    row[name] = Number(interval.estimate);
    row[std::string(name) + "_low"] = Number(interval.lower);
    row[std::string(name) + "_high"] = Number(interval.upper);
  };
  add("p_alive", prediction.probability_alive);
  add("expected_purchases", prediction.expected_purchases);
  add("expected_spend", prediction.expected_spend);
  add("clv", prediction.clv);
  if (input.calibration_end_day) row["last_purchase"] = LastPurchaseDate(input, customer);
  return row;
}

Json RiskJson(const ClvInput& input, size_t rank, const ChurnRisk& risk) {
  const CustomerSummary& customer = input.summaries.customers[risk.customer_index];
  Json row = {{"rank", rank + 1},
              {"customer_id", input.names[risk.customer_index]},
              {"p_alive", Number(risk.probability_alive)},
              {"value_at_risk", Number(risk.value_at_risk)},
              {"clv_if_alive", Number(risk.clv_if_alive)},
              {"expected_clv", Number(risk.clv)},
              {"purchases_at_risk", Number(risk.purchases_at_risk)},
              {"frequency", Number(customer.frequency)},
              {"recency", Number(customer.recency)},
              {"T", Number(customer.age)},
              {"monetary", Number(customer.monetary_value)}};
  if (input.calibration_end_day) row["last_purchase"] = LastPurchaseDate(input, customer);
  return row;
}

const char* ClvHorizonUnit(TimeUnit unit) {
  return unit == TimeUnit::kPeriods ? "periods" : "months";
}

// Parse, load the history's customers and run: the shared part of the Params calls.
template <typename Run>
Result<std::string> OnHistory(const Params& params, ClvCommand command,
                              const PipelineResult& history,
                              const std::string& history_name, Run run) {
  MROI_ASSIGN_OR_RETURN(ClvRequest request, ParseClvRequest(params, command));
  MROI_RETURN_IF_ERROR(CheckClvRequest(request));
  ClvSource source;
  source.history = &history;
  source.history_name = history_name;
  MROI_ASSIGN_OR_RETURN(ClvInput input, LoadClvInput(request, source));
  return run(request, &input);
}

}  // namespace

std::string LastPurchaseDate(const ClvInput& input, const CustomerSummary& customer) {
  if (!input.calibration_end_day) return "";
  const double days_back =
      (customer.age - customer.recency) * DaysPerTimeUnit(input.summaries.time_unit);
  return FormatDate(
      static_cast<UnixDays>(*input.calibration_end_day - std::llround(days_back)));
}

std::string ClvFitJson(const ClvFitResult& result, const ClvInput& input) {
  const ModelFit& fit = result.fit;
  Json out = {{"model", ClvModelName(result.model)},
              {"time_unit", std::string(TimeUnitName(fit.time_unit))}};
  AddParameterJson(fit, &out);
  out["loglik"] = Number(fit.log_likelihood);
  out["n_customers"] = Number(fit.num_customers);
  out["converged"] = fit.converged;
  out["n_distinct_rows"] = fit.num_distinct_rows;
  out["starts_at_best"] = fit.starts_at_best;
  out["evaluations"] = fit.num_evaluations;
  out["seconds"] = result.seconds;
  if (!fit.converged) out["diagnosis"] = result.diagnosis;
  out["input"] = InputJson(input);
  return out.dump(2);
}

std::string ClvPredictJson(const ClvPredictResult& result, const ClvInput& input) {
  const TimeUnit unit = input.summaries.time_unit;
  const std::string unit_name(TimeUnitName(unit));
  Json out = {{"model", ClvModelName(result.model)}, {"time_unit", unit_name}};
  AddParameterJson(result.purchases, &out);
  out["loglik"] = Number(result.purchases.log_likelihood);
  out["converged"] = result.purchases.converged;
  out["n_customers"] = input.summaries.customers.size();
  out["spend_model"] = nullptr;
  if (result.spend) {
    Json spend = {{"model", "gamma_gamma"}};
    AddParameterJson(*result.spend, &spend);
    spend["n_customers"] = Number(result.spend->num_customers);
    out["spend_model"] = spend;
  }
  out["horizon"] = Number(result.options.purchase_horizon);
  out["horizon_unit"] = unit_name;
  out["clv_horizon"] = result.options.horizon_months;
  out["clv_horizon_unit"] = ClvHorizonUnit(unit);
  out["discount_rate"] = result.options.monthly_discount_rate;
  out["total_expected_purchases"] = Number(result.total_purchases);
  out["total_clv"] = result.spend ? Number(result.total_clv) : Json(nullptr);
  out["customers_shown"] = result.shown.size();
  Json rows = Json::array();
  for (size_t idx : result.shown)
    rows.push_back(CustomerJson(input, idx, result.predictions[idx]));
  out["customers"] = rows;
  out["input"] = InputJson(input);
  out["seconds_fit"] = result.seconds_fit;
  return out.dump(2);
}

std::string ClvCheckJson(const ClvCheckResult& result, const ClvInput& input) {
  const ModelFit& fit = result.fit;
  Json out = {{"model", ClvModelName(result.model)},
              {"time_unit", std::string(TimeUnitName(fit.time_unit))}};
  AddParameterJson(fit, &out);
  out["loglik"] = Number(fit.log_likelihood);
  out["converged"] = fit.converged;
  out["n_customers"] = Number(fit.num_customers);
  Json bars = Json::array();
  for (const FrequencyBucket& bucket : result.histogram) {
    bars.push_back({{"frequency", bucket.frequency},
                    {"actual", Number(bucket.actual)},
                    {"expected", Number(bucket.expected)}});
  }
  out["histogram"] = bars;
  out["holdout"] = nullptr;
  if (result.holdout) {
    const HoldoutComparison& holdout = *result.holdout;
    Json buckets = Json::array();
    for (const HoldoutBucket& bucket : holdout.buckets) {
      buckets.push_back({{"frequency", bucket.frequency},
                         {"customers", Number(bucket.customers)},
                         {"actual_mean", Number(bucket.actual_mean)},
                         {"predicted_mean", Number(bucket.predicted_mean)}});
    }
    out["holdout"] = {{"duration", Number(holdout.holdout_duration)},
                      {"buckets", buckets},
                      {"actual_total", Number(holdout.actual_total)},
                      {"predicted_total", Number(holdout.predicted_total)},
                      {"mean_absolute_error", Number(holdout.mean_absolute_error)}};
  } else {
    out["holdout_note"] = kClvNoHoldoutNote;
  }
  out["input"] = InputJson(input);
  return out.dump(2);
}

std::string ChurnJson(const ChurnResult& result, const ClvRequest& request,
                      const ClvInput& input) {
  const TimeUnit unit = input.summaries.time_unit;
  const std::string unit_name(TimeUnitName(unit));
  const ClvPredictResult& models = result.models;
  Json out = {{"model", ClvModelName(models.model)},
              {"time_unit", unit_name},
              {"spend_model", models.spend ? Json("gamma_gamma") : Json(nullptr)},
              {"threshold", request.threshold},
              {"n_customers", input.summaries.customers.size()},
              {"n_at_risk", result.at_risk.size()},
              {"value_at_risk_total", Number(result.value_at_risk_total)},
              {"purchases_at_risk_total", Number(result.purchases_at_risk_total)},
              {"horizon", Number(models.options.purchase_horizon)},
              {"horizon_unit", unit_name},
              {"clv_horizon", models.options.horizon_months},
              {"clv_horizon_unit", ClvHorizonUnit(unit)},
              {"discount_rate", models.options.monthly_discount_rate},
              {"definition", kChurnDefinition},
              {"customers_shown", result.shown}};
  AddParameterJson(models.purchases, &out);
  Json rows = Json::array();
  for (size_t rank = 0; rank < result.shown; ++rank) {
    rows.push_back(RiskJson(input, rank, result.at_risk[rank]));
  }
  out["customers"] = rows;
  out["input"] = InputJson(input);
  return out.dump(2);
}

Result<std::string> ClvFitJson(const Params& params, const PipelineResult& history,
                               const std::string& history_name) {
  return OnHistory(params, ClvCommand::kFit, history, history_name,
                   [](const ClvRequest& request, ClvInput* input) -> Result<std::string> {
                     MROI_ASSIGN_OR_RETURN(ClvFitResult result,
                                           RunClvFit(request, *input));
                     return ClvFitJson(result, *input);
                   });
}

Result<std::string> ClvPredictJson(const Params& params, const PipelineResult& history,
                                   const std::string& history_name) {
  return OnHistory(params, ClvCommand::kPredict, history, history_name,
                   [](const ClvRequest& request, ClvInput* input) -> Result<std::string> {
                     MROI_ASSIGN_OR_RETURN(ClvPredictResult result,
                                           RunClvPredict(request, input));
                     return ClvPredictJson(result, *input);
                   });
}

Result<std::string> ClvCheckJson(const Params& params, const PipelineResult& history,
                                 const std::string& history_name) {
  return OnHistory(params, ClvCommand::kCheck, history, history_name,
                   [](const ClvRequest& request, ClvInput* input) -> Result<std::string> {
                     MROI_ASSIGN_OR_RETURN(ClvCheckResult result,
                                           RunClvCheck(request, *input));
                     return ClvCheckJson(result, *input);
                   });
}

Result<std::string> ChurnJson(const Params& params, const PipelineResult& history,
                              const std::string& history_name) {
  return OnHistory(params, ClvCommand::kChurn, history, history_name,
                   [](const ClvRequest& request, ClvInput* input) -> Result<std::string> {
                     MROI_ASSIGN_OR_RETURN(ChurnResult result, RunChurn(request, input));
                     return ChurnJson(result, request, *input);
                   });
}

}  // namespace mroi::api
