// Fitting: parameters of simulated data recovered within their 95 % intervals,
// clear errors for bad input and for a fit that does not converge.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/clv.h"

namespace mroi {
namespace {

// Ages of a cohort that joined over 26 weeks and was observed up to week 52, in
// whole days (so customers aggregate as real data do).
std::vector<double> CohortAges(int customers) {
  std::vector<double> ages;
  for (int idx = 0; idx < customers; ++idx) ages.push_back(26.0 + static_cast<double>(idx % 183) / 7.0);
  return ages;
}

// Round recency to whole days, as a transaction log would give it.
CustomerSummaries RoundToDays(CustomerSummaries data) {
  for (CustomerSummary& c : data.customers) c.recency = std::floor(c.recency * 7) / 7;
  return data;
}

void ExpectRecovered(const ModelFit& fit, const std::vector<double>& truth) {
  ASSERT_EQ(fit.parameters.size(), truth.size());
  EXPECT_TRUE(fit.converged);
  for (size_t idx = 0; idx < truth.size(); ++idx) {
    const ParameterEstimate& estimate = fit.parameters[idx];
    EXPECT_LE(estimate.lower, truth[idx]) << ClvModelName(fit.model) << " " << estimate.name << " "
                                          << estimate.value << " se " << estimate.std_error;
    EXPECT_GE(estimate.upper, truth[idx]) << ClvModelName(fit.model) << " " << estimate.name << " "
                                          << estimate.value << " se " << estimate.std_error;
    EXPECT_NEAR(estimate.std_error, 0.0, 0.5 * truth[idx]) << estimate.name << " is poorly identified";
  }
}

void FitSimulated(ClvModel model, const std::vector<double>& truth, int customers, uint64_t seed) {
  ModelFit generator = MakeModel(model, truth, TimeUnit::kWeeks).value();
  Result<CustomerSummaries> data = SimulateCustomers(generator, CohortAges(customers), seed);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  Result<ModelFit> fit = FitModel(model, RoundToDays(*data), FitOptions{});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_EQ(fit->num_customers, customers);
  EXPECT_LT(fit->num_distinct_rows, customers);  // the days aggregate
  ExpectRecovered(*fit, truth);
}

TEST(FitTest, BgNbdRecoversSimulatedParameters) {
  FitSimulated(ClvModel::kBgNbd, {0.25, 4.4, 0.8, 2.4}, 20000, 11);
}

TEST(FitTest, MbgNbdRecoversSimulatedParameters) {
  FitSimulated(ClvModel::kMbgNbd, {0.5, 6.2, 0.9, 1.6}, 20000, 12);
}

TEST(FitTest, ParetoNbdRecoversSimulatedParameters) {
  FitSimulated(ClvModel::kParetoNbd, {0.55, 10.6, 0.6, 11.7}, 20000, 13);
}

TEST(FitTest, BgBbRecoversSimulatedParameters) {
  const std::vector<double> truth = {1.2, 0.75, 0.66, 2.8};
  ModelFit generator = MakeModel(ClvModel::kBgBb, truth, TimeUnit::kPeriods).value();
  Result<CustomerSummaries> data = SimulateCustomers(generator, std::vector<double>(11104, 6.0), 14);
  ASSERT_TRUE(data.ok());
  Result<ModelFit> fit = FitModel(ClvModel::kBgBb, *data, FitOptions{});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_EQ(fit->num_distinct_rows, 22);  // all (x, t_x) patterns of 6 periods
  ExpectRecovered(*fit, truth);
}

TEST(FitTest, GammaGammaRecoversSimulatedParameters) {
  const std::vector<double> truth = {6.25, 3.74, 15.44};
  ModelFit counts = MakeModel(ClvModel::kBgNbd, std::vector<double>{0.8, 2.0, 0.5, 3.0}, TimeUnit::kWeeks).value();
  ModelFit spend = MakeModel(ClvModel::kGammaGamma, truth, TimeUnit::kWeeks).value();
  CustomerSummaries data = SimulateCustomers(counts, CohortAges(8000), 15).value();
  data = SimulateSpend(spend, data, 16).value();
  Result<ModelFit> fit = FitModel(ClvModel::kGammaGamma, data, FitOptions{});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  ExpectRecovered(*fit, truth);
}

TEST(FitTest, FitsAreDeterministicAndStartsAgree) {
  ModelFit generator = MakeModel(ClvModel::kBgNbd, std::vector<double>{0.25, 4.4, 0.8, 2.4}, TimeUnit::kWeeks).value();
  CustomerSummaries data = SimulateCustomers(generator, CohortAges(3000), 21).value();
  FitOptions options;
  options.num_starts = 5;
  Result<ModelFit> first = FitModel(ClvModel::kBgNbd, data, options);
  Result<ModelFit> second = FitModel(ClvModel::kBgNbd, data, options);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->values(), second->values());
  EXPECT_GE(first->starts_at_best, 2);
}

TEST(FitTest, NonConvergenceIsAClearError) {
  ModelFit generator = MakeModel(ClvModel::kBgNbd, std::vector<double>{0.25, 4.4, 0.8, 2.4}, TimeUnit::kWeeks).value();
  CustomerSummaries data = SimulateCustomers(generator, CohortAges(2000), 22).value();
  FitOptions options;
  options.max_evaluations = 2;
  Result<ModelFit> fit = FitModel(ClvModel::kBgNbd, data, options);
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(fit.status().message().find("did not converge"), std::string::npos) << fit.status().message();
  options.fail_on_non_convergence = false;
  Result<ModelFit> lenient = FitModel(ClvModel::kBgNbd, data, options);
  ASSERT_TRUE(lenient.ok());
  EXPECT_FALSE(lenient->converged);
}

TEST(FitTest, NoRepeatPurchasesDoesNotConverge) {
  // Nobody ever buys again: the likelihood keeps rising towards r -> 0, no optimum.
  CustomerSummaries data;
  for (int idx = 0; idx < 500; ++idx) data.customers.push_back({idx, 0, 0, 10.0 + idx % 20});
  Result<ModelFit> fit = FitModel(ClvModel::kBgNbd, data, FitOptions{});
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kFailedPrecondition);
}

TEST(FitTest, BadInputIsAnErrorNotACrash) {
  const FitOptions options;
  CustomerSummaries empty;
  EXPECT_EQ(FitModel(ClvModel::kBgNbd, empty, options).status().code(), StatusCode::kInvalidArgument);

  CustomerSummaries negative{TimeUnit::kWeeks, 0, {{1, -1, 0, 5}}};
  Result<ModelFit> fit = FitModel(ClvModel::kParetoNbd, negative, options);
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(fit.status().message().find("negative"), std::string::npos) << fit.status().message();

  CustomerSummaries late{TimeUnit::kWeeks, 0, {{7, 2, 12, 10}}};
  fit = FitModel(ClvModel::kMbgNbd, late, options);
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(fit.status().message().find("recency 12 is greater than T 10"), std::string::npos)
      << fit.status().message();

  CustomerSummaries weeks{TimeUnit::kWeeks, 0, {{1, 1, 2, 3}}};
  EXPECT_EQ(FitModel(ClvModel::kBgBb, weeks, options).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FitModel(ClvModel::kGammaGamma, weeks, options).status().code(), StatusCode::kInvalidArgument);

  FitOptions no_starts;
  no_starts.num_starts = 0;
  EXPECT_EQ(FitModel(ClvModel::kBgNbd, weeks, no_starts).status().code(), StatusCode::kInvalidArgument);
  FitOptions bad_level;
  bad_level.confidence_level = 1.5;
  EXPECT_EQ(FitModel(ClvModel::kBgNbd, weeks, bad_level).status().code(), StatusCode::kInvalidArgument);
}

TEST(FitTest, ParseNames) {
  EXPECT_EQ(ParseClvModel("BG/NBD").value(), ClvModel::kBgNbd);
  EXPECT_EQ(ParseClvModel("pareto_nbd").value(), ClvModel::kParetoNbd);
  EXPECT_EQ(ParseClvModel("gamma-gamma").value(), ClvModel::kGammaGamma);
  EXPECT_EQ(ParseClvModel("weibull").status().code(), StatusCode::kInvalidArgument);
  for (ClvModel model : {ClvModel::kBgNbd, ClvModel::kParetoNbd, ClvModel::kMbgNbd, ClvModel::kBgBb,
                         ClvModel::kGammaGamma}) {
    EXPECT_EQ(ParseClvModel(ClvModelName(model)).value(), model);
  }
  EXPECT_EQ(ClvParameterNames(ClvModel::kParetoNbd),
            (std::vector<std::string_view>{"r", "alpha", "s", "beta"}));
}

}  // namespace
}  // namespace mroi
