// Steady-state response curves and their JSON form.
#include "mroi/response_curve.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace mroi {

namespace {

constexpr std::string_view kSchema = "mroi.response_model/1";

nlohmann::ordered_json ParamsJson(const ResponseParams& params) {
  return {{"coefficient", params.coefficient},
          {"hill_alpha", params.hill_alpha},
          {"half_saturation", params.half_saturation},
          {"carryover", params.carryover}};
}

Status CheckParams(const ResponseParams& params, const std::string& where) {
  const bool ok = std::isfinite(params.coefficient) && params.coefficient >= 0 &&
                  std::isfinite(params.hill_alpha) && params.hill_alpha > 0 &&
                  std::isfinite(params.half_saturation) && params.half_saturation > 0 &&
                  std::isfinite(params.carryover) && params.carryover > 0;
  if (ok) return Status::OK();
  return InvalidArgument(fmt::format(
      "{}: coefficient must be >= 0 and hill_alpha, half_saturation, carryover > 0 "
      "(finite)",
      where));
}

Result<ResponseParams> ParamsFromJson(const nlohmann::json& json, const std::string& where) {
  if (!json.is_object()) return InvalidArgument(where + ": expected an object");
  ResponseParams params;
  for (auto [name, field] :
       {std::pair{"coefficient", &params.coefficient}, std::pair{"hill_alpha", &params.hill_alpha},
        std::pair{"half_saturation", &params.half_saturation},
        std::pair{"carryover", &params.carryover}}) {
    auto it = json.find(name);
    if (it == json.end() || !it->is_number()) {
      return InvalidArgument(fmt::format("{}: missing number '{}'", where, name));
    }
    *field = it->get<double>();
  }
  MROI_RETURN_IF_ERROR(CheckParams(params, where));
  return params;
}

double NumberOr(const nlohmann::json& json, const char* name, double fallback) {
  auto it = json.find(name);
  return it != json.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string StringOr(const nlohmann::json& json, const char* name, std::string fallback) {
  auto it = json.find(name);
  return it != json.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

double SteadyStateResponse(const ResponseParams& params, double spend_per_period) {
  if (!(spend_per_period > 0)) return 0;
  const double x = params.carryover * spend_per_period;
  // x^a / (x^a + k^a) = 1 / (1 + (k/x)^a), stable for large and small x.
  const double ratio = std::pow(params.half_saturation / x, params.hill_alpha);
  return params.coefficient / (1 + ratio);
}

double MarginalResponse(const ResponseParams& params, double spend_per_period) {
  if (spend_per_period < 0) return 0;
  const double a = params.hill_alpha;
  const double m = params.carryover;
  if (spend_per_period == 0) {
    // The derivative at 0 is 0 for a > 1, coefficient*m/k for a == 1, unbounded for a < 1.
    if (a > 1) return 0;
    if (a == 1) return params.coefficient * m / params.half_saturation;
    return HUGE_VAL;
  }
  // h(x) = 1 / (1 + r), r = (k/x)^a;  dh/dx = a r / (x (1 + r)^2);  dx/ds = m.
  const double x = m * spend_per_period;
  const double r = std::pow(params.half_saturation / x, a);
  return params.coefficient * a * r / (x * (1 + r) * (1 + r)) * m;
}

std::string ResponseModelToJson(const ResponseModel& model) {
  nlohmann::ordered_json curves = nlohmann::ordered_json::array();
  for (const ResponseCurve& curve : model.curves) {
    nlohmann::ordered_json draws = nlohmann::ordered_json::array();
    for (const ResponseParams& draw : curve.draws) draws.push_back(ParamsJson(draw));
    nlohmann::ordered_json item = {{"channel", curve.channel}};
    if (!curve.tier.empty()) item["tier"] = curve.tier;
    item["params"] = ParamsJson(curve.point);
    item["mean_spend"] = curve.mean_spend;
    item["min_spend"] = curve.min_spend;
    item["max_spend"] = curve.max_spend;
    item["draws"] = std::move(draws);
    curves.push_back(std::move(item));
  }
  nlohmann::ordered_json out = {{"schema", kSchema},
                                {"outcome", model.outcome},
                                {"period", model.period},
                                {"outcome_value", model.outcome_value},
                                {"gross_margin", model.gross_margin},
                                {"base_per_period", model.base_per_period},
                                {"curves", std::move(curves)}};
  // max_digits10 so that every double reads back bit-identical.
  return out.dump(2);
}

Result<ResponseModel> ResponseModelFromJson(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return InvalidArgument("response model: not valid JSON");
  // `mroi plan mmm --json` nests the model under "response_model".
  if (json.is_object() && json.contains("response_model")) json = json["response_model"];
  if (!json.is_object()) return InvalidArgument("response model: expected a JSON object");
  auto curves = json.find("curves");
  if (curves == json.end() || !curves->is_array() || curves->empty()) {
    return InvalidArgument("response model: missing a non-empty 'curves' array");
  }
  ResponseModel model;
  model.outcome = StringOr(json, "outcome", model.outcome);
  model.period = StringOr(json, "period", model.period);
  model.outcome_value = NumberOr(json, "outcome_value", model.outcome_value);
  model.gross_margin = NumberOr(json, "gross_margin", model.gross_margin);
  model.base_per_period = NumberOr(json, "base_per_period", model.base_per_period);
  if (!(model.outcome_value > 0) || !std::isfinite(model.outcome_value)) {
    return InvalidArgument("response model: outcome_value must be a positive number");
  }
  if (!(model.gross_margin > 0 && model.gross_margin <= 1)) {
    return InvalidArgument("response model: gross_margin must be in (0, 1]");
  }
  for (size_t i = 0; i < curves->size(); ++i) {
    const nlohmann::json& item = (*curves)[i];
    const std::string where = fmt::format("response model: curves[{}]", i);
    if (!item.is_object() || !item.contains("channel") || !item["channel"].is_string() ||
        item["channel"].get<std::string>().empty()) {
      return InvalidArgument(where + ": missing 'channel' name");
    }
    ResponseCurve curve;
    curve.channel = item["channel"].get<std::string>();
    curve.tier = StringOr(item, "tier", "");
    if (!item.contains("params")) return InvalidArgument(where + ": missing 'params'");
    MROI_ASSIGN_OR_RETURN(curve.point, ParamsFromJson(item["params"], where + ".params"));
    curve.mean_spend = NumberOr(item, "mean_spend", 0);
    curve.min_spend = NumberOr(item, "min_spend", 0);
    curve.max_spend = NumberOr(item, "max_spend", 0);
    if (!(curve.mean_spend >= 0 && curve.min_spend >= 0 && curve.max_spend >= curve.min_spend) ||
        !std::isfinite(curve.max_spend)) {
      return InvalidArgument(where + ": spends must be >= 0 with min_spend <= max_spend");
    }
    if (auto draws = item.find("draws"); draws != item.end() && draws->is_array()) {
      for (size_t d = 0; d < draws->size(); ++d) {
        MROI_ASSIGN_OR_RETURN(ResponseParams draw,
                              ParamsFromJson((*draws)[d], fmt::format("{}.draws[{}]", where, d)));
        curve.draws.push_back(draw);
      }
    }
    for (const ResponseCurve& seen : model.curves) {
      if (seen.channel == curve.channel) {
        return InvalidArgument(fmt::format("{}: channel '{}' appears twice", where, curve.channel));
      }
    }
    model.curves.push_back(std::move(curve));
  }
  return model;
}

Result<ResponseModel> LoadResponseModel(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IOError(fmt::format("cannot read response model '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  Result<ResponseModel> model = ResponseModelFromJson(text.str());
  if (!model.ok()) {
    return Status(model.status().code(), fmt::format("{}: {}", path, model.status().message()));
  }
  return model;
}

}  // namespace mroi
