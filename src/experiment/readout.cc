// The full read-out of unit-level data: every variant against the control.
#include <cmath>

#include <fmt/format.h>

#include "mroi/experiment_readout.h"

#include "experiment/stats_internal.h"

namespace mroi {

namespace {

// Units of one arm, split by metric.
struct ArmData {
  ProportionArm conversion;
  std::vector<double> revenue;
  std::vector<double> pre;
  double revenue_total = 0;
};

std::vector<ArmData> SplitByVariant(const ExperimentUnits& units) {
  std::vector<ArmData> arms(units.variant_names.size());
  for (int64_t idx = 0; idx < units.num_units(); ++idx) {
    const auto unit = static_cast<size_t>(idx);
    ArmData& arm = arms[static_cast<size_t>(units.variant[unit])];
    ++arm.conversion.users;
    arm.conversion.conversions += units.converted[unit];
    arm.revenue.push_back(units.revenue[unit]);
    arm.revenue_total += units.revenue[unit];
    if (!units.pre.empty()) arm.pre.push_back(units.pre[unit]);
  }
  return arms;
}

Result<MetricReadout> RevenueReadout(const ArmData& control, const ArmData& variant,
                                     const ExperimentUnits& units,
                                     const ReadoutOptions& options,
                                     std::vector<std::string>* notes,
                                     const std::string& name) {
  MetricReadout metric;
  metric.metric = "revenue";
  const MeanArm control_summary = SummariseValues(control.revenue);
  const MeanArm variant_summary = SummariseValues(variant.revenue);
  Result<LiftResult> raw = CompareMeans(control_summary, variant_summary, options.alpha);
  if (!raw.ok()) return raw.status().WithContext(fmt::format("revenue of {}", name));
  metric.test = *raw;
  if (options.cuped && !units.pre.empty()) {
    Result<CupedResult> cuped =
        ApplyCuped(control.revenue, control.pre, variant.revenue, variant.pre);
    if (cuped.ok()) {
      Result<LiftResult> adjusted =
          CompareMeans(cuped->control, cuped->variant, options.alpha);
      if (adjusted.ok()) {
        metric.unadjusted = metric.test;
        metric.test = *adjusted;
        // CUPED keeps the means' difference unbiased but shifts each arm's mean by
        // theta (mean x_arm - mean x); report the lift relative to the raw control mean.
        metric.test.control_value = control_summary.mean;
        metric.test.variant_value = control_summary.mean + adjusted->lift_abs;
        if (control_summary.mean != 0) {
          const double scale = 1 / control_summary.mean;
          metric.test.lift_rel = adjusted->lift_abs * scale;
          metric.test.ci_low = adjusted->lift_abs_ci_low * scale;
          metric.test.ci_high = adjusted->lift_abs_ci_high * scale;
        }
        metric.cuped = *cuped;
      }
    } else {
      notes->push_back(
          fmt::format("CUPED not applied to {}: {}", name, cuped.status().message()));
    }
  }
  return metric;
}

}  // namespace

Result<ExperimentReadout> AnalyzeExperiment(const ExperimentUnits& units,
                                            const ReadoutOptions& options) {
  MROI_RETURN_IF_ERROR(ValidateAlpha(options.alpha));
  if (!internal::InOpenUnit(options.power)) {
    return InvalidArgument(
        fmt::format("--power {} must lie strictly between 0 and 1", options.power));
  }
  const size_t num_variants = units.variant_names.size();
  if (num_variants < 2 || units.control < 0 ||
      static_cast<size_t>(units.control) >= num_variants) {
    return InvalidArgument("an experiment needs a control and at least one variant");
  }
  if (!options.planned_shares.empty() && options.planned_shares.size() != num_variants) {
    return InvalidArgument(fmt::format("{} planned shares for {} variants",
                                       options.planned_shares.size(), num_variants));
  }
  const std::vector<ArmData> arms = SplitByVariant(units);
  ExperimentReadout out;
  out.notes = units.notes;
  const ArmData& control = arms[static_cast<size_t>(units.control)];
  out.control = units.variant_names[static_cast<size_t>(units.control)];
  out.control_users = control.conversion.users;
  out.control_conversions = control.conversion.conversions;
  out.control_revenue = control.revenue_total;

  std::vector<int64_t> users;
  for (const ArmData& arm : arms) users.push_back(arm.conversion.users);
  const std::vector<double> shares = options.planned_shares.empty()
                                         ? std::vector<double>(num_variants, 1.0)
                                         : options.planned_shares;
  MROI_ASSIGN_OR_RETURN(out.srm, CheckSampleRatio(users, shares));

  std::vector<double> family;   // p-values of every variant x metric test
  std::vector<size_t> arm_ids;  // arm of each entry of out.variants
  for (size_t id = 0; id < num_variants; ++id) {
    if (static_cast<int32_t>(id) == units.control) continue;
    const ArmData& arm = arms[id];
    VariantReadout variant;
    variant.name = units.variant_names[id];
    variant.users = arm.conversion.users;
    variant.conversions = arm.conversion.conversions;
    variant.revenue = arm.revenue_total;
    MetricReadout conversion;
    conversion.metric = "conversion";
    Result<LiftResult> test =
        CompareProportions(control.conversion, arm.conversion, options.alpha);
    if (!test.ok()) return test.status().WithContext(variant.name);
    conversion.test = *test;
    Result<BayesResult> bayes =
        CompareBayes(control.conversion, arm.conversion, options.prior);
    if (!bayes.ok()) return bayes.status().WithContext(variant.name);
    conversion.bayes = *bayes;
    variant.metrics.push_back(conversion);
    if (units.has_revenue) {
      MROI_ASSIGN_OR_RETURN(
          MetricReadout revenue,
          RevenueReadout(control, arm, units, options, &out.notes, variant.name));
      variant.metrics.push_back(std::move(revenue));
    }
    for (const MetricReadout& metric : variant.metrics)
      family.push_back(metric.test.p_value);
    out.variants.push_back(std::move(variant));
    arm_ids.push_back(id);
  }
  MROI_ASSIGN_OR_RETURN(const std::vector<double> holm, HolmAdjust(family));
  MROI_ASSIGN_OR_RETURN(const std::vector<double> bh, BenjaminiHochbergAdjust(family));
  out.tests = static_cast<int64_t>(family.size());
  if (out.srm.mismatch) out.verdict = out.srm.warning + "\n";
  size_t family_idx = 0;
  const MeanArm control_revenue = SummariseValues(control.revenue);
  for (VariantReadout& variant : out.variants) {
    const ArmData& arm =
        arms[arm_ids[static_cast<size_t>(&variant - out.variants.data())]];
    for (MetricReadout& metric : variant.metrics) {
      metric.p_holm = holm[family_idx];
      metric.p_bh = bh[family_idx];
      ++family_idx;
      const double judged_p = out.tests > 1 ? metric.p_holm : metric.test.p_value;
      if (metric.metric == "conversion") {
        metric.verdict = ProportionVerdict(metric.test, control.conversion,
                                           arm.conversion, judged_p, options.power);
      } else {
        const MeanArm control_summary =
            metric.cuped ? metric.cuped->control : control_revenue;
        const MeanArm variant_summary =
            metric.cuped ? metric.cuped->variant : SummariseValues(arm.revenue);
        metric.verdict = MeanVerdict(metric.test, control_summary, variant_summary,
                                     judged_p, options.power);
      }
      out.verdict += fmt::format("{} vs {}, {}: {}\n", variant.name, out.control,
                                 metric.metric, metric.verdict);
    }
  }
  if (out.tests > 1) {
    out.verdict += fmt::format(
        "(significance judged on Holm-adjusted p-values over {} tests)\n", out.tests);
  }
  if (!out.verdict.empty() && out.verdict.back() == '\n') out.verdict.pop_back();
  return out;
}

}  // namespace mroi
