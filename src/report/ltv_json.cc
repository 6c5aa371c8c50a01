// The LTV fields of report.json and `mroi metrics --json` (docs/report-json.md,
// "LTV by acquisition channel").
#include <nlohmann/json.hpp>

#include "report/json_internal.h"

namespace mroi::internal {

namespace {

Json LtvRowJson(const LtvRow& row) {
  Json out = {{"channel", row.channel}};
  if (!row.campaign.empty()) out["campaign"] = row.campaign;
  out["new_customers"] = row.new_customers;
  out["revenue"] = Number(row.revenue);
  out["gross_profit"] = Number(row.gross_profit);
  out["aov"] = Number(row.aov);
  out["historical_ltv"] = Number(row.historical_ltv);
  out["predicted_future_value"] = Number(row.predicted_future_value);
  out["predicted_ltv"] = Number(row.predicted_ltv);
  out["predicted_ltv_low"] = Number(row.predicted_ltv_low);
  out["predicted_ltv_high"] = Number(row.predicted_ltv_high);
  out["cac"] = Number(row.cac);
  out["ltv_cac"] = Number(row.ltv_cac);
  out["historical_ltv_cac"] = Number(row.historical_ltv_cac);
  out["meets_benchmark"] = row.meets_benchmark;
  out["cac_payback_months"] = Number(row.cac_payback_months);
  return out;
}

Json RowsJson(const std::vector<LtvRow>& rows) {
  Json out = Json::array();
  for (const LtvRow& row : rows) out.push_back(LtvRowJson(row));
  return out;
}

Json ParametersJson(const std::vector<ParameterEstimate>& parameters) {
  if (parameters.empty()) return nullptr;
  Json out = Json::object();
  for (const ParameterEstimate& parameter : parameters) {
    out[parameter.name] = {{"value", Number(parameter.value)},
                           {"std_error", Number(parameter.std_error)},
                           {"lower", Number(parameter.lower)},
                           {"upper", Number(parameter.upper)}};
  }
  return out;
}

Json ModelJson(const LtvReport& ltv) {
  const CustomerModelSummary& model = ltv.model;
  return {{"period", PeriodJson(ltv.period)},
          {"basis", ltv.ltv_basis},
          {"benchmark", kLtvCacBenchmark},
          {"fitted", model.fitted},
          {"note", model.note},
          {"transaction_model", "bg_nbd"},
          {"spend_model", "gamma_gamma"},
          {"amount", "gross_profit"},
          {"time_unit", std::string(TimeUnitName(model.time_unit))},
          {"horizon_months", model.horizon_months},
          {"monthly_discount_rate", Number(model.monthly_discount_rate)},
          {"confidence_level", Number(model.confidence_level)},
          {"customers", model.customers},
          {"repeat_customers", model.repeat_customers},
          {"bg_nbd", ParametersJson(model.transaction_parameters)},
          {"gamma_gamma", ParametersJson(model.spend_parameters)}};
}

Json CostChangeJson(const ChannelCostChange& change) {
  return {{"channel", change.channel},
          {"cac", ChangeJson(change.cac)},
          {"cpa", ChangeJson(change.cpa)},
          {"ltv_cac", Number(change.ltv_cac)}};
}

Json ChannelDiagnosisJson(const LtvDiagnosis& diagnosis) {
  Json out = Json::array();
  for (const ChannelLtvDiagnosis& channel : diagnosis.channels) {
    out.push_back({{"channel", channel.channel},
                   {"ltv_cac", Number(channel.ltv_cac)},
                   {"previous_ltv_cac", Number(channel.previous_ltv_cac)},
                   {"cac_rose", channel.cac_rose},
                   {"aov_down", channel.aov_down},
                   {"cac", ChangeJson(channel.cac)},
                   {"cpa", ChangeJson(channel.cpa)},
                   {"aov", ChangeJson(channel.aov)},
                   {"reasons", channel.reasons}});
  }
  return out;
}

Json DiagnosisJson(const LtvDiagnosis& diagnosis) {
  Json rises = Json::array();
  for (const ChannelCostChange& change : diagnosis.cac_rises) {
    rises.push_back(CostChangeJson(change));
  }
  return {{"status", std::string(LtvHealthName(diagnosis.health))},
          {"benchmark", kLtvCacBenchmark},
          {"mode", std::string(CompareModeName(diagnosis.mode))},
          {"current_period", PeriodJson(diagnosis.current_period)},
          {"previous_period", PeriodJson(diagnosis.previous_period)},
          {"ltv_basis", diagnosis.ltv_basis},
          {"ltv_cac", ChangeJson(diagnosis.ltv_cac)},
          {"ltv", ChangeJson(diagnosis.ltv)},
          {"cac", ChangeJson(diagnosis.cac)},
          {"has_previous", diagnosis.has_previous},
          {"cac_rose", diagnosis.cac_rose},
          {"cac_rises", rises},
          {"ltv_fell", diagnosis.ltv_fell},
          {"churn_up", diagnosis.churn_up},
          {"aov_down", diagnosis.aov_down},
          {"frequency_down", diagnosis.frequency_down},
          {"churn_rate", ChangeJson(diagnosis.churn_rate)},
          {"aov", ChangeJson(diagnosis.aov)},
          {"purchase_frequency", ChangeJson(diagnosis.purchase_frequency)},
          {"channels", ChannelDiagnosisJson(diagnosis)},
          {"summary", diagnosis.summary}};
}

}  // namespace

Json ChangeJson(const Change& change) {
  return {{"current", Number(change.current)},
          {"previous", Number(change.previous)},
          {"absolute", Number(change.absolute)},
          {"percent", Number(change.percent)}};
}

void AddLtvJson(const LtvReport* ltv, const LtvDiagnosis* diagnosis, Json* out) {
  (*out)["ltv_model"] = ltv != nullptr ? ModelJson(*ltv) : Json(nullptr);
  (*out)["ltv_totals"] = ltv != nullptr ? LtvRowJson(ltv->totals) : Json(nullptr);
  (*out)["ltv_by_channel"] = ltv != nullptr ? RowsJson(ltv->channels) : Json(nullptr);
  (*out)["ltv_by_campaign"] = ltv != nullptr ? RowsJson(ltv->campaigns) : Json(nullptr);
  (*out)["ltv_diagnosis"] =
      diagnosis != nullptr ? DiagnosisJson(*diagnosis) : Json(nullptr);
}

}  // namespace mroi::internal
