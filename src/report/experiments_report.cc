// The A/B tests found in the data: read-outs for the report and their JSON.
#include "report/experiments_internal.h"

namespace mroi::internal {

std::vector<ExperimentReport> BuildExperimentReports(const PipelineResult& result,
                                                     const std::string& field) {
  std::vector<ExperimentReport> reports;
  for (TaggedExperiment& experiment : FindTaggedExperiments(result.dataset, field)) {
    ExperimentReport report;
    TaggedUnitsOptions units_options;
    units_options.field = experiment.field;
    units_options.variants = experiment.variants;
    units_options.control = experiment.control;
    Result<ExperimentUnits> units =
        UnitsFromTouchpoints(result.dataset, result.identity, units_options);
    if (units.ok()) {
      Result<ExperimentReadout> readout = AnalyzeExperiment(*units, ReadoutOptions());
      if (readout.ok()) {
        report.readout = std::move(*readout);
      } else {
        report.skipped = readout.status().message();
      }
    } else {
      report.skipped = units.status().message();
    }
    report.experiment = std::move(experiment);
    reports.push_back(std::move(report));
  }
  return reports;
}

namespace {

Json MetricJson(const MetricReadout& metric) {
  const LiftResult& test = metric.test;
  Json out = {{"metric", metric.metric},
              {"cuped", metric.cuped.has_value()},
              {"lift_abs", Number(test.lift_abs)},
              {"lift_rel", Number(test.lift_rel)},
              {"ci_low", Number(test.ci_low)},
              {"ci_high", Number(test.ci_high)},
              {"p_value", Number(test.p_value)},
              {"p_holm", Number(metric.p_holm)},
              {"p_bh", Number(metric.p_bh)}};
  out[test.df > 0 ? "t" : "z"] = Number(test.statistic);
  out["chance_to_beat"] = metric.bayes ? Number(metric.bayes->chance_to_beat) : Json(nullptr);
  out["expected_loss"] = metric.bayes ? Number(metric.bayes->expected_loss) : Json(nullptr);
  out["verdict"] = metric.verdict;
  return out;
}

}  // namespace

Json ExperimentsJson(const std::vector<ExperimentReport>& experiments) {
  Json out = Json::array();
  for (const ExperimentReport& report : experiments) {
    Json item = {{"name", report.experiment.name},
                 {"field", report.experiment.field},
                 {"control", report.experiment.control},
                 {"variants", report.experiment.variants}};
    if (!report.readout) {
      item["skipped"] = report.skipped;
      out.push_back(std::move(item));
      continue;
    }
    const ExperimentReadout& readout = *report.readout;
    item["control_users"] = readout.control_users;
    item["control_conversions"] = readout.control_conversions;
    item["control_revenue"] = Number(readout.control_revenue);
    item["srm_p_value"] = Number(readout.srm.p_value);
    item["srm_warning"] = readout.srm.mismatch ? Json(readout.srm.warning) : Json(nullptr);
    Json variants = Json::array();
    for (const VariantReadout& variant : readout.variants) {
      Json metrics = Json::array();
      for (const MetricReadout& metric : variant.metrics) metrics.push_back(MetricJson(metric));
      variants.push_back({{"name", variant.name},
                          {"users", variant.users},
                          {"conversions", variant.conversions},
                          {"revenue", Number(variant.revenue)},
                          {"metrics", std::move(metrics)}});
    }
    item["results"] = std::move(variants);
    item["verdict"] = readout.verdict;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace mroi::internal
