#pragma once

// A/B test read-outs from unit-level data: a CSV of units (unit, variant, converted,
// revenue, pre-period covariate) or the persons of the workspace data whose touchpoints
// carry a variant tag; every variant against the control on conversion and revenue per
// user, with SRM, CUPED, Bayesian chance to beat, Holm and Benjamini-Hochberg
// corrections, and a verdict in plain words. Thread safety: all functions are pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/experiment.h"
#include "mroi/identity.h"
#include "mroi/result.h"

namespace mroi {

/// The units of one experiment, column-wise (one entry per unit).
struct ExperimentUnits {
  std::vector<std::string> variant_names;  // index = variant id
  int32_t control = 0;                     // variant id of the control
  std::vector<int32_t> variant;            // per unit
  std::vector<uint8_t> converted;          // per unit, 0 or 1
  std::vector<double> revenue;             // per unit, >= 0 (all 0 when there is none)
  std::vector<double> pre;                 // per unit pre-period covariate; empty = none
  bool has_revenue = false;
  std::string pre_name;                   // column the covariate came from
  std::string source;                     // file name or "workspace data"
  int64_t rows = 0;                       // rows (or tagged touchpoints) read
  int64_t merged_rows = 0;                // rows folded into a unit seen before
  int64_t units_in_several_variants = 0;  // units seen in two variants: left out
  std::vector<std::string> notes;         // how columns and the control were chosen

  int64_t num_units() const { return static_cast<int64_t>(variant.size()); }
};

/// Columns of a units CSV; empty = found by name (case-insensitive):
/// unit (unit, unit_id, user_id, user, anonymous_id, id; optional: one row = one unit),
/// variant (variant, group, arm, bucket, treatment; required),
/// converted (converted, conversion, conversions, purchased),
/// revenue (revenue, amount, value),
/// pre-period covariate (pre, pre_revenue, pre_period, covariate, or any "pre_*").
/// One of converted / revenue is required; without converted, converted = revenue > 0.
struct UnitsCsvOptions {
  std::string unit_column;
  std::string variant_column;
  std::string converted_column;
  std::string revenue_column;
  std::string pre_column;
  /// Name of the control variant. Default: one named control/ctrl/baseline/original/a
  /// (any case), else the first variant in the file.
  std::string control;
};

/// Read a units CSV (.csv or .csv.gz). Rows of one unit are merged (converted = any,
/// revenue summed, pre from the first row); a unit in several variants is left out
/// and counted. Empty revenue/pre fields count as 0.
/// Errors: no file (NotFound), missing columns, a converted value that is not 0/1,
/// true/false, yes/no or a non-negative count, negative or non-numeric revenue,
/// fewer than 2 variants, an unknown --control (all InvalidArgument with file:line).
Result<ExperimentUnits> ReadUnitsCsv(const std::string& path,
                                     const UnitsCsvOptions& options);

/// As ReadUnitsCsv, over CSV text in memory (`source` names it in messages).
Result<ExperimentUnits> ParseUnitsCsv(std::string_view text,
                                      const UnitsCsvOptions& options,
                                      const std::string& source = "input");

/// How units are read off the tagged touchpoints of the workspace data.
struct TaggedUnitsOptions {
  /// Touchpoint field holding the variant: utm_content (default), utm_campaign,
  /// utm_term, utm_source, utm_medium or landing_page.
  std::string field = "utm_content";
  /// Tags that are variants of this experiment; empty = every non-empty tag.
  std::vector<std::string> variants;
  /// Name of the control; default as UnitsCsvOptions::control (else the first tag
  /// in sorted order).
  std::string control;
};

/// One unit per person (IdentityResult) whose touchpoints carry a variant tag; the
/// first tagged touch is the exposure. converted = a conversion of the person at or
/// after the exposure; revenue = the revenue of those conversions; pre = the revenue
/// of the person's conversions before the exposure (the CUPED covariate). Persons
/// tagged with two variants are left out and counted. REQUIRES: identity computed on
/// `dataset`. Errors: unknown field, fewer than 2 variants found, unknown control.
Result<ExperimentUnits> UnitsFromTouchpoints(const Dataset& dataset,
                                             const IdentityResult& identity,
                                             const TaggedUnitsOptions& options);

/// Options of a read-out.
struct ReadoutOptions {
  double alpha = 0.05;                 // two-sided, per test before correction
  double power = 0.8;                  // for the "collect ~N more users" advice
  std::vector<double> planned_shares;  // per variant id; empty = equal split
  BetaPrior prior;                     // for chance to beat / expected loss
  bool cuped = true;                   // adjust revenue by the covariate when present
};

/// One metric of one variant against the control.
struct MetricReadout {
  std::string metric;  // "conversion" or "revenue"
  LiftResult test;     // z-test (conversion) or Welch t (revenue, CUPED-adjusted
                       // when `cuped` is set)
  std::optional<LiftResult> unadjusted;  // revenue before CUPED, when CUPED was applied
  std::optional<CupedResult> cuped;
  std::optional<BayesResult> bayes;  // conversion only
  double p_holm = 1;                 // Holm-adjusted over every variant x metric test
  double p_bh = 1;                   // Benjamini-Hochberg-adjusted over the same family
  std::string verdict;
};

/// One variant against the control.
struct VariantReadout {
  std::string name;
  int64_t users = 0;
  int64_t conversions = 0;
  double revenue = 0;
  std::vector<MetricReadout> metrics;
};

/// The whole read-out.
struct ExperimentReadout {
  std::string control;
  int64_t control_users = 0;
  int64_t control_conversions = 0;
  double control_revenue = 0;
  std::vector<VariantReadout> variants;  // every variant but the control, in id order
  SrmResult srm;
  int64_t tests = 0;  // size of the correction family
  std::vector<std::string> notes;
  std::string verdict;  // SRM warning (if any) then one line per variant
};

/// Analyse every variant against the control. Significance in the verdicts uses the
/// Holm-adjusted p when the family holds more than one test. Cost: O(units) plus a
/// Bayesian read-out (a few ms) per variant.
/// Errors: bad alpha/power, planned shares of the wrong length, an arm with no units,
/// fewer than 2 units in an arm for the revenue test.
Result<ExperimentReadout> AnalyzeExperiment(const ExperimentUnits& units,
                                            const ReadoutOptions& options);

/// Verdict of a two-proportion test in plain words, judged on `p_value` (the raw or
/// adjusted p): "significant: variant beats control by +4.1 % (95 % CI ...)" or
/// "not significant (p = 0.78): collect ~N more users per arm to detect +2.0 %".
std::string ProportionVerdict(const LiftResult& test, const ProportionArm& control,
                              const ProportionArm& variant, double p_value, double power);

/// Verdict of a test of means (revenue per user) in plain words; as ProportionVerdict.
std::string MeanVerdict(const LiftResult& test, const MeanArm& control,
                        const MeanArm& variant, double p_value, double power);

/// Verdict of a Bayesian read-out: chance to beat and expected loss in plain words.
std::string BayesVerdict(const BayesResult& bayes);

/// Verdict of sequential monitoring at the last look.
std::string SequentialVerdict(const SequentialResult& result, double alpha);

}  // namespace mroi
