// Analytic log-likelihood gradients against central finite differences, for every
// model at several parameter points, and likelihood values against closed forms.

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/clv.h"

namespace mroi {
namespace {

// Simulated customers of `model` (whole-day times, weeks) to evaluate on.
CustomerSummaries SimulatedData(ClvModel model, const std::vector<double>& params) {
  const bool discrete = model == ClvModel::kBgBb;
  ModelFit fit = MakeModel(model, params, discrete ? TimeUnit::kPeriods : TimeUnit::kWeeks).value();
  std::vector<double> ages;
  for (int idx = 0; idx < 300; ++idx) ages.push_back(discrete ? 6.0 + idx % 4 : 10.0 + (idx % 30));
  return SimulateCustomers(fit, ages, 7).value();
}

void ExpectGradientMatchesDifferences(ClvModel model, const CustomerSummaries& data,
                                      const std::vector<double>& params) {
  Result<LogLikelihood> at = EvaluateLogLikelihood(model, params, data);
  ASSERT_TRUE(at.ok()) << at.status().ToString();
  ASSERT_EQ(at->gradient.size(), params.size());
  for (size_t idx = 0; idx < params.size(); ++idx) {
    const double step = 1e-6 * params[idx];
    std::vector<double> plus = params, minus = params;
    plus[idx] += step;
    minus[idx] -= step;
    const double difference = (EvaluateLogLikelihood(model, plus, data)->value -
                               EvaluateLogLikelihood(model, minus, data)->value) /
                              (2 * step);
    EXPECT_NEAR(at->gradient[idx], difference, 1e-5 * std::max(1.0, std::fabs(difference)))
        << ClvModelName(model) << " parameter " << ClvParameterNames(model)[idx] << " at point "
        << params[0] << ", " << params[1] << ", " << params[2];
  }
}

TEST(LikelihoodTest, BgNbdGradientMatchesFiniteDifferences) {
  const CustomerSummaries data = SimulatedData(ClvModel::kBgNbd, {0.25, 4.4, 0.8, 2.4});
  for (const std::vector<double>& point : std::vector<std::vector<double>>{
           {0.25, 4.4, 0.8, 2.4}, {1.5, 0.7, 3.0, 0.4}, {0.05, 40.0, 0.2, 9.0}}) {
    ExpectGradientMatchesDifferences(ClvModel::kBgNbd, data, point);
  }
}

TEST(LikelihoodTest, MbgNbdGradientMatchesFiniteDifferences) {
  const CustomerSummaries data = SimulatedData(ClvModel::kMbgNbd, {0.5, 6.2, 0.9, 1.6});
  for (const std::vector<double>& point : std::vector<std::vector<double>>{
           {0.5, 6.2, 0.9, 1.6}, {2.0, 1.0, 0.3, 5.0}}) {
    ExpectGradientMatchesDifferences(ClvModel::kMbgNbd, data, point);
  }
}

TEST(LikelihoodTest, ParetoNbdGradientMatchesFiniteDifferencesOnBothBranches) {
  const CustomerSummaries data = SimulatedData(ClvModel::kParetoNbd, {0.55, 10.6, 0.6, 11.7});
  // alpha < beta, alpha > beta, alpha = beta, and a far ratio (series argument near 1).
  for (const std::vector<double>& point : std::vector<std::vector<double>>{
           {0.55, 10.6, 0.6, 11.7}, {0.8, 20.0, 1.3, 3.0}, {0.4, 5.0, 0.7, 5.0},
           {0.3, 200.0, 0.5, 0.5}, {2.0, 0.3, 4.0, 90.0}}) {
    ExpectGradientMatchesDifferences(ClvModel::kParetoNbd, data, point);
  }
}

TEST(LikelihoodTest, BgBbGradientMatchesFiniteDifferences) {
  const CustomerSummaries data = SimulatedData(ClvModel::kBgBb, {1.2, 0.75, 0.66, 2.8});
  for (const std::vector<double>& point : std::vector<std::vector<double>>{
           {1.2, 0.75, 0.66, 2.8}, {0.3, 4.0, 2.0, 0.5}}) {
    ExpectGradientMatchesDifferences(ClvModel::kBgBb, data, point);
  }
}

TEST(LikelihoodTest, GammaGammaGradientMatchesFiniteDifferences) {
  CustomerSummaries data = SimulatedData(ClvModel::kBgNbd, {0.8, 2.0, 0.5, 3.0});
  ModelFit spend = MakeModel(ClvModel::kGammaGamma, std::vector<double>{6.25, 3.74, 15.44},
                             TimeUnit::kWeeks).value();
  data = SimulateSpend(spend, data, 3).value();
  for (const std::vector<double>& point : std::vector<std::vector<double>>{
           {6.25, 3.74, 15.44}, {1.0, 1.5, 200.0}}) {
    ExpectGradientMatchesDifferences(ClvModel::kGammaGamma, data, point);
  }
}

TEST(LikelihoodTest, BgNbdValueMatchesClosedFormForOneCustomer) {
  // Eq. 6 of Fader, Hardie & Lee (2005) evaluated directly (not in log space).
  const double r = 0.7, alpha = 3.0, a = 1.4, b = 2.2, x = 3, t_x = 5.5, age = 9.0;
  CustomerSummaries data{TimeUnit::kWeeks, 0, {{1, x, t_x, age}}};
  auto beta = [](double u, double v) { return std::tgamma(u) * std::tgamma(v) / std::tgamma(u + v); };
  const double common = std::tgamma(r + x) * std::pow(alpha, r) / std::tgamma(r);
  const double likelihood =
      beta(a, b + x) / beta(a, b) * common / std::pow(alpha + age, r + x) +
      beta(a + 1, b + x - 1) / beta(a, b) * common / std::pow(alpha + t_x, r + x);
  Result<LogLikelihood> value = EvaluateLogLikelihood(ClvModel::kBgNbd, std::vector<double>{r, alpha, a, b}, data);
  ASSERT_TRUE(value.ok());
  EXPECT_NEAR(value->value, std::log(likelihood), 1e-12);
}

TEST(LikelihoodTest, ParetoNbdValueMatchesNumericalIntegral) {
  // L = G(r+x) a^r b^s / G(r) [ (a+T)^-(r+x) (b+T)^-s + s int_{t_x}^T (a+u)^-(r+x) (b+u)^-(s+1) du ],
  // the integral by a fine midpoint rule.
  const double r = 0.6, alpha = 8.0, s = 0.9, beta = 3.0, x = 4, t_x = 12.0, age = 30.0;
  CustomerSummaries data{TimeUnit::kWeeks, 0, {{1, x, t_x, age}}};
  double integral = 0;
  const int steps = 200000;
  const double width = (age - t_x) / steps;
  for (int idx = 0; idx < steps; ++idx) {
    const double u = t_x + (idx + 0.5) * width;
    integral += std::pow(alpha + u, -(r + x)) * std::pow(beta + u, -(s + 1)) * width;
  }
  const double likelihood = std::tgamma(r + x) * std::pow(alpha, r) * std::pow(beta, s) / std::tgamma(r) *
                            (std::pow(alpha + age, -(r + x)) * std::pow(beta + age, -s) + s * integral);
  for (const std::vector<double>& point : std::vector<std::vector<double>>{{r, alpha, s, beta}}) {
    Result<LogLikelihood> value = EvaluateLogLikelihood(ClvModel::kParetoNbd, point, data);
    ASSERT_TRUE(value.ok());
    EXPECT_NEAR(value->value, std::log(likelihood), 1e-9);
  }
}

TEST(LikelihoodTest, BadParametersAreErrors) {
  const CustomerSummaries data{TimeUnit::kWeeks, 0, {{1, 1, 2, 3}}};
  Result<LogLikelihood> negative = EvaluateLogLikelihood(ClvModel::kBgNbd, std::vector<double>{1, -1, 1, 1}, data);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(negative.status().message().find("alpha"), std::string::npos);
  Result<LogLikelihood> short_list = EvaluateLogLikelihood(ClvModel::kGammaGamma, std::vector<double>{1, 2}, data);
  EXPECT_EQ(short_list.status().code(), StatusCode::kInvalidArgument);
  Result<LogLikelihood> not_a_number =
      EvaluateLogLikelihood(ClvModel::kParetoNbd, std::vector<double>{1, NAN, 1, 1}, data);
  EXPECT_EQ(not_a_number.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mroi
