// The read-out of a units table (`abtest file|data`): every variant against the control
// on conversion and revenue, with SRM, CUPED and corrections, and its JSON.
#include <fmt/format.h>

#include "mroi/api_abtest.h"

#include "abtest_internal.h"

namespace mroi::api {

namespace {

using Json = nlohmann::ordered_json;
using internal::AbtestNumber;

Json MetricJson(const MetricReadout& metric) {
  Json out = {{"metric", metric.metric}};
  out["control_value"] = AbtestNumber(metric.test.control_value);
  out["variant_value"] = AbtestNumber(metric.test.variant_value);
  internal::AddLiftJson(metric.test, metric.metric != "conversion", &out);
  out["p_holm"] = AbtestNumber(metric.p_holm);
  out["p_bh"] = AbtestNumber(metric.p_bh);
  if (metric.bayes) internal::AddBayesJson(*metric.bayes, &out);
  if (metric.cuped) {
    out["cuped"] = {
        {"theta", AbtestNumber(metric.cuped->theta)},
        {"correlation", AbtestNumber(metric.cuped->correlation)},
        {"variance_reduction", AbtestNumber(metric.cuped->variance_reduction)},
        {"unadjusted_lift_abs", AbtestNumber(metric.unadjusted->lift_abs)},
        {"unadjusted_p_value", AbtestNumber(metric.unadjusted->p_value)}};
  } else {
    out["cuped"] = nullptr;
  }
  out["verdict"] = metric.verdict;
  return out;
}

}  // namespace

Result<ReadoutRequest> ParseReadoutRequest(const Params& params) {
  MROI_RETURN_IF_ERROR(params.CheckNames(
      {"alpha", "power", "split", "control", "no-cuped", "experiment-field", "variants"},
      "abtest data"));
  ReadoutRequest request;
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "alpha", &request.alpha));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "power", &request.power));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "split", &request.split));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "control", &request.control));
  MROI_ASSIGN_OR_RETURN(request.no_cuped, params.Switch("no-cuped"));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "experiment-field", &request.field));
  for (const std::string& text : params.All("variants")) {
    for (std::string_view part : internal::SplitText(text, ',')) {
      if (!part.empty()) request.variants.emplace_back(part);
    }
  }
  return request;
}

Result<ReadoutOptions> MakeReadoutOptions(const ReadoutRequest& request,
                                          const ExperimentUnits& units) {
  ReadoutOptions options;
  options.alpha = request.alpha;
  options.power = request.power;
  options.cuped = !request.no_cuped;
  if (request.split.empty()) return options;
  options.planned_shares.assign(units.variant_names.size(), -1.0);
  for (std::string_view part : internal::SplitText(request.split, ',')) {
    const size_t equals = part.find('=');
    if (equals == std::string_view::npos) {
      return InvalidArgument(
          fmt::format("--split '{}': write name=share pairs", request.split));
    }
    const std::string name(part.substr(0, equals));
    MROI_ASSIGN_OR_RETURN(const double share,
                          ParseAbtestReal(part.substr(equals + 1), "--split share"));
    if (!(share > 0)) {
      return InvalidArgument(fmt::format("--split share of {} must be > 0", name));
    }
    bool found = false;
    for (size_t variant_idx = 0; variant_idx < units.variant_names.size();
         ++variant_idx) {
      if (units.variant_names[variant_idx] == name) {
        options.planned_shares[variant_idx] = share;
        found = true;
      }
    }
    if (!found)
      return InvalidArgument(fmt::format("--split names '{}', not a variant", name));
  }
  for (size_t variant_idx = 0; variant_idx < units.variant_names.size(); ++variant_idx) {
    if (options.planned_shares[variant_idx] < 0) {
      return InvalidArgument(fmt::format("--split gives no share for variant '{}'",
                                         units.variant_names[variant_idx]));
    }
  }
  return options;
}

std::string ReadoutJson(const ExperimentUnits& units, const ExperimentReadout& readout,
                        const ReadoutOptions& options) {
  Json variants = Json::array();
  for (const VariantReadout& variant : readout.variants) {
    Json metrics = Json::array();
    for (const MetricReadout& metric : variant.metrics)
      metrics.push_back(MetricJson(metric));
    variants.push_back({{"name", variant.name},
                        {"users", variant.users},
                        {"conversions", variant.conversions},
                        {"revenue", AbtestNumber(variant.revenue)},
                        {"metrics", metrics}});
  }
  Json out = {{"test", "readout"},
              {"source", units.source},
              {"units", units.num_units()},
              {"rows", units.rows},
              {"merged_rows", units.merged_rows},
              {"units_in_several_variants", units.units_in_several_variants},
              {"covariate", units.pre.empty() ? Json(nullptr) : Json(units.pre_name)},
              {"alpha", options.alpha},
              {"control",
               {{"name", readout.control},
                {"users", readout.control_users},
                {"conversions", readout.control_conversions},
                {"revenue", AbtestNumber(readout.control_revenue)}}},
              {"variants", variants},
              {"tests", readout.tests}};
  internal::AddSrmJson(readout.srm, &out);
  out["notes"] = units.notes;
  out["verdict"] = readout.verdict;
  return out.dump(2);
}

Result<std::string> AbtestDataJson(const Params& params, const PipelineResult& history) {
  MROI_ASSIGN_OR_RETURN(ReadoutRequest request, ParseReadoutRequest(params));
  TaggedUnitsOptions tagged;
  tagged.field = request.field;
  tagged.variants = request.variants;
  tagged.control = request.control;
  MROI_ASSIGN_OR_RETURN(ExperimentUnits units,
                        UnitsFromTouchpoints(history.dataset, history.identity, tagged));
  MROI_ASSIGN_OR_RETURN(ReadoutOptions options, MakeReadoutOptions(request, units));
  MROI_ASSIGN_OR_RETURN(ExperimentReadout readout, AnalyzeExperiment(units, options));
  return ReadoutJson(units, readout, options);
}

}  // namespace mroi::api
