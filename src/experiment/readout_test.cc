// Units CSV, workspace-data units and the full read-out.
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "mroi/experiment_readout.h"

namespace mroi {
namespace {

constexpr char kSmallCsv[] =
    "user_id,group,converted,revenue,pre_revenue\n"
    "u1,B,1,20,5\n"
    "u2,control,0,0,0\n"
    "u3,B,0,,1\n"
    "u4,control,yes,10,2\n"
    "u4,control,0,5,9\n"  // second row of u4: merged (revenue summed)
    "u5,control,1,7,3\n"
    "u5,B,0,0,3\n"  // u5 in two variants: left out
    "u6,B,true,30,4\n";

TEST(UnitsCsvTest, ReadsMergesAndFindsTheControl) {
  Result<ExperimentUnits> units = ParseUnitsCsv(kSmallCsv, {});
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  ASSERT_EQ(units->variant_names.size(), 2u);
  EXPECT_EQ(units->variant_names[static_cast<size_t>(units->control)], "control");
  EXPECT_EQ(units->num_units(), 5);  // u1 u2 u3 u4 u6
  EXPECT_EQ(units->merged_rows, 2);
  EXPECT_EQ(units->units_in_several_variants, 1);
  EXPECT_EQ(units->pre_name, "pre_revenue");
  double control_revenue = 0;
  int control_conversions = 0;
  for (int64_t idx = 0; idx < units->num_units(); ++idx) {
    if (units->variant[static_cast<size_t>(idx)] != units->control) continue;
    control_revenue += units->revenue[static_cast<size_t>(idx)];
    control_conversions += units->converted[static_cast<size_t>(idx)];
  }
  EXPECT_EQ(control_revenue, 15);  // u4: 10 + 5
  EXPECT_EQ(control_conversions, 1);
}

TEST(UnitsCsvTest, BadRowsAreClearErrors) {
  auto error = [](const char* text, const UnitsCsvOptions& options = {}) {
    Result<ExperimentUnits> units = ParseUnitsCsv(text, options, "t.csv");
    EXPECT_FALSE(units.ok()) << text;
    return units.ok() ? std::string() : units.status().message();
  };
  EXPECT_NE(error("unit,variant,converted,revenue\na,A,1,-5\nb,B,0,0\n")
                .find("t.csv:2: revenue"),
            std::string::npos);
  EXPECT_NE(
      error("unit,variant,converted\na,A,maybe\nb,B,0\n").find("t.csv:2: converted"),
      std::string::npos);
  EXPECT_NE(error("unit,variant,converted\na,A,-1\nb,B,0\n").find("converted"),
            std::string::npos);
  EXPECT_NE(error("unit,converted\na,1\n").find("no variant column"), std::string::npos);
  EXPECT_NE(error("unit,variant,converted\na,A,1\nb,A,0\n").find("1 variant"),
            std::string::npos);
  UnitsCsvOptions control;
  control.control = "Z";
  EXPECT_NE(error("unit,variant,converted\na,A,1\nb,B,0\n", control).find("control 'Z'"),
            std::string::npos);
  EXPECT_NE(error("").find("empty"), std::string::npos);
}

// Simulated 3-arm test: B lifts conversion from 10 % to 13 %, C does nothing.
ExperimentUnits SimulatedUnits(uint64_t seed, int per_arm) {
  std::mt19937_64 rng(seed);
  std::string csv = "unit,variant,converted,revenue,pre\n";
  const double rates[] = {0.10, 0.13, 0.10};
  const char* names[] = {"control", "B", "C"};
  std::normal_distribution<double> pre(50, 10);
  std::normal_distribution<double> noise(0, 5);
  int unit = 0;
  for (int arm = 0; arm < 3; ++arm) {
    std::bernoulli_distribution converts(rates[arm]);
    for (int idx = 0; idx < per_arm; ++idx) {
      const double x = pre(rng);
      const bool converted = converts(rng);
      const double revenue = std::max(0.0, 0.5 * x + noise(rng)) + (converted ? 20 : 0);
      csv += fmt::format("u{},{},{},{:.2f},{:.2f}\n", unit++, names[arm],
                         converted ? 1 : 0, revenue, x);
    }
  }
  Result<ExperimentUnits> units = ParseUnitsCsv(csv, {});
  EXPECT_TRUE(units.ok()) << units.status().ToString();
  return units.ok() ? *units : ExperimentUnits{};
}

TEST(ReadoutTest, AllVariantsAgainstControlWithCorrections) {
  const ExperimentUnits units = SimulatedUnits(11, 4000);
  Result<ExperimentReadout> readout = AnalyzeExperiment(units, {});
  ASSERT_TRUE(readout.ok()) << readout.status().ToString();
  EXPECT_EQ(readout->control, "control");
  ASSERT_EQ(readout->variants.size(), 2u);
  EXPECT_EQ(readout->tests, 4);
  EXPECT_FALSE(readout->srm.mismatch);
  const VariantReadout& b = readout->variants[0];
  EXPECT_EQ(b.name, "B");
  ASSERT_EQ(b.metrics.size(), 2u);
  const MetricReadout& conversion = b.metrics[0];
  EXPECT_EQ(conversion.metric, "conversion");
  EXPECT_LT(conversion.p_holm, 0.05);
  EXPECT_GE(conversion.p_holm, conversion.test.p_value);
  EXPECT_GE(conversion.p_holm, conversion.p_bh);
  ASSERT_TRUE(conversion.bayes.has_value());
  EXPECT_GT(conversion.bayes->chance_to_beat, 0.99);
  EXPECT_NE(conversion.verdict.find("significant: variant beats control"),
            std::string::npos);
  const MetricReadout& revenue = b.metrics[1];
  ASSERT_TRUE(revenue.cuped.has_value());
  ASSERT_TRUE(revenue.unadjusted.has_value());
  EXPECT_GT(revenue.cuped->variance_reduction, 0.1);
  // CUPED narrows the interval of the revenue lift.
  EXPECT_LT(revenue.test.lift_abs_ci_high - revenue.test.lift_abs_ci_low,
            revenue.unadjusted->lift_abs_ci_high - revenue.unadjusted->lift_abs_ci_low);
  const VariantReadout& c = readout->variants[1];
  EXPECT_NE(c.metrics[0].verdict.find("not significant"), std::string::npos);
  EXPECT_NE(readout->verdict.find("Holm-adjusted"), std::string::npos);
}

TEST(ReadoutTest, SampleRatioMismatchIsLoud) {
  // 52/48 of 100k units, equal conversion.
  std::string csv = "variant,converted\n";
  for (int idx = 0; idx < 52000; ++idx) csv += idx % 10 == 0 ? "A,1\n" : "A,0\n";
  for (int idx = 0; idx < 48000; ++idx) csv += idx % 10 == 0 ? "B,1\n" : "B,0\n";
  Result<ExperimentUnits> units = ParseUnitsCsv(csv, {});
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  Result<ExperimentReadout> readout = AnalyzeExperiment(*units, {});
  ASSERT_TRUE(readout.ok());
  EXPECT_TRUE(readout->srm.mismatch);
  EXPECT_LT(readout->srm.p_value, 1e-30);
  EXPECT_EQ(readout->verdict.rfind("SAMPLE RATIO MISMATCH", 0), 0u);
}

TEST(ReadoutTest, VerdictSaysHowManyMoreUsers) {
  // 49/100 vs 51/100: +4.1 % relative needs ~ 9,600 users per arm at 80 % power.
  Result<LiftResult> test = CompareProportions({100, 49}, {100, 51});
  ASSERT_TRUE(test.ok());
  const std::string verdict =
      ProportionVerdict(*test, {100, 49}, {100, 51}, test->p_value, 0.8);
  EXPECT_EQ(verdict.rfind("not significant (p = 0.78): collect ~", 0), 0u) << verdict;
  EXPECT_NE(verdict.find("more users per arm to detect +4.1 %"), std::string::npos)
      << verdict;
  Result<SampleSize> needed =
      ProportionSampleSize({0.49, 0.02 / 0.49, true, 0.05, 0.8, 0.5});
  ASSERT_TRUE(needed.ok());
  // scipy (python3): (norm.ppf(.975) sqrt(2 * .25) + norm.ppf(.8) sqrt(.49*.51 +
  // .51*.49))^2 / .02^2 = 9809.92 -> 9,810 per arm, 100 there: "~9,710 more".
  EXPECT_EQ(needed->users_control, 9810);
  EXPECT_NE(verdict.find("~9,710 more"), std::string::npos) << verdict;
}

TEST(TaggedUnitsTest, PersonsConvertedAfterExposure) {
  Dataset dataset;
  dataset.strings.Intern("");
  const StringId tag_a = dataset.strings.Intern("hero_a");
  const StringId tag_b = dataset.strings.Intern("hero_b");
  auto touch = [&](UnixSeconds time, StringId tag) {
    Touchpoint point;
    point.timestamp = time;
    point.utm_content = tag;
    dataset.touchpoints.push_back(point);
  };
  auto order = [&](UnixSeconds time, double revenue) {
    Conversion conversion;
    conversion.timestamp = time;
    conversion.revenue = revenue;
    dataset.conversions.push_back(conversion);
  };
  IdentityResult identity;
  identity.persons = 5;
  // person 0: A at t=100, buys at 200 (converted, 50). person 1: A, bought only before.
  // person 2: B, buys 30 after. person 3: B. person 4: sees A and B (left out).
  touch(100, tag_a);
  identity.touchpoint_person.push_back(0);
  touch(100, tag_a);
  identity.touchpoint_person.push_back(1);
  touch(100, tag_b);
  identity.touchpoint_person.push_back(2);
  touch(100, tag_b);
  identity.touchpoint_person.push_back(3);
  touch(100, tag_a);
  identity.touchpoint_person.push_back(4);
  touch(150, tag_b);
  identity.touchpoint_person.push_back(4);
  touch(150, kEmptyString);
  identity.touchpoint_person.push_back(3);
  order(200, 50);
  identity.conversion_person.push_back(0);
  order(50, 70);
  identity.conversion_person.push_back(1);
  order(300, 30);
  identity.conversion_person.push_back(2);
  order(300, 99);
  identity.conversion_person.push_back(4);
  TaggedUnitsOptions options;
  options.control = "hero_a";
  Result<ExperimentUnits> units = UnitsFromTouchpoints(dataset, identity, options);
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  ASSERT_EQ(units->num_units(), 4);
  EXPECT_EQ(units->units_in_several_variants, 1);
  EXPECT_EQ(units->variant_names[static_cast<size_t>(units->control)], "hero_a");
  // Units in person order 0..3.
  EXPECT_EQ(units->converted, (std::vector<uint8_t>{1, 0, 1, 0}));
  EXPECT_EQ(units->revenue, (std::vector<double>{50, 0, 30, 0}));
  EXPECT_EQ(units->pre, (std::vector<double>{0, 70, 0, 0}));
  options.field = "referrer_host";
  EXPECT_FALSE(UnitsFromTouchpoints(dataset, identity, options).ok());
}

}  // namespace
}  // namespace mroi
