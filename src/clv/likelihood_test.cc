// Analytic log-likelihood gradients against central finite differences, for every
// model at several parameter points, and likelihood values against closed forms.

#include <cmath>
#include <vector>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <gtest/gtest.h>

#include "mroi/clv.h"

namespace mroi::internal {
// Defined in pareto_nbd.cc: series terms plus quadrature nodes spent so far.
int64_t ParetoNbdWorkCount();
}  // namespace mroi::internal

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

// Pareto/NBD log-likelihood of one customer with the integral over (t_x, T) by
// adaptive Gauss-Kronrod quadrature (independent of the library's 2F1 evaluation).
double ParetoNbdReferenceLogLikelihood(const std::vector<double>& p, double x, double t_x, double age) {
  const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
  auto integrand = [&](double u) {
    return std::exp(-(r + x) * std::log(alpha + u) - (s + 1) * std::log(beta + u));
  };
  const double integral =
      boost::math::quadrature::gauss_kronrod<double, 61>::integrate(integrand, t_x, age, 12, 1e-12);
  const double log_const = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + s * std::log(beta);
  return log_const + std::log(std::pow(alpha + age, -(r + x)) * std::pow(beta + age, -s) + s * integral);
}

// Points near the no-dropout edge where the Online Retail fit walks (s -> 0, beta ->
// infinity) and the mirror image (alpha >> beta): the 2F1 argument is within 1e-4 of 1,
// where summing the series took millions of terms.
const std::vector<std::vector<double>> kNearEdgePoints = {
    {0.831, 10.01, 2.8e-6, 8.9e5}, {0.831, 10.01, 1e-3, 3.0e5}, {0.5, 2.0, 4.0, 1e6},
    {2.0, 4e5, 0.7, 3.0}, {0.3, 5e4, 1.5, 0.2}};
const std::vector<CustomerSummary> kNearEdgeCustomers = {
    {1, 0, 0, 53.0}, {2, 1, 10.0, 53.0}, {3, 6, 30.5, 40.0}, {4, 60, 52.0, 53.0}, {5, 2, 0.5, 1.0}};

TEST(LikelihoodTest, ParetoNbdNearNoDropoutEdgeMatchesNumericalIntegral) {
  for (const std::vector<double>& point : kNearEdgePoints) {
    for (const CustomerSummary& customer : kNearEdgeCustomers) {
      const CustomerSummaries one{TimeUnit::kWeeks, 0, {customer}};
      Result<LogLikelihood> value = EvaluateLogLikelihood(ClvModel::kParetoNbd, point, one);
      ASSERT_TRUE(value.ok()) << value.status().ToString();
      const double reference =
          ParetoNbdReferenceLogLikelihood(point, customer.frequency, customer.recency, customer.age);
      EXPECT_NEAR(value->value, reference, 1e-10 * std::max(1.0, std::fabs(reference)))
          << "point " << point[0] << ", " << point[1] << ", " << point[2] << ", " << point[3]
          << " customer " << customer.customer_id;
    }
  }
}

TEST(LikelihoodTest, ParetoNbdNearNoDropoutEdgeGradientMatchesFiniteDifferences) {
  // Points with 1 - z down to ~1e-5 whose derivatives stay large enough for central
  // differences (at s ~ 1e-6 d LL / d s is below the round-off of LL itself), with a
  // relative step of 1e-4 (truncation error ~1e-8 relative).
  const CustomerSummaries data{TimeUnit::kWeeks, 0, kNearEdgeCustomers};
  for (const std::vector<double>& point : std::vector<std::vector<double>>{
           {0.831, 10.01, 0.05, 2.0e4}, {0.5, 2.0, 4.0, 1e6}, {2.0, 4e5, 0.7, 3.0}, {0.3, 5e4, 1.5, 0.2}}) {
    Result<LogLikelihood> at = EvaluateLogLikelihood(ClvModel::kParetoNbd, point, data);
    ASSERT_TRUE(at.ok()) << at.status().ToString();
    for (size_t idx = 0; idx < point.size(); ++idx) {
      const double step = 1e-4 * point[idx];
      std::vector<double> plus = point, minus = point;
      plus[idx] += step;
      minus[idx] -= step;
      const double difference = (EvaluateLogLikelihood(ClvModel::kParetoNbd, plus, data)->value -
                                 EvaluateLogLikelihood(ClvModel::kParetoNbd, minus, data)->value) /
                                (2 * step);
      EXPECT_NEAR(at->gradient[idx], difference, 1e-6 * std::fabs(difference) + 1e-9 / point[idx])
          << "parameter " << idx << " at point " << point[0] << ", " << point[1] << ", " << point[2]
          << ", " << point[3];
    }
  }
}

TEST(LikelihoodTest, ParetoNbdNearNoDropoutEdgeCostIsBounded) {
  // Each customer needs two K(t) values; each must take at most a few thousand series
  // terms or quadrature nodes (the series alone needed ~40 / (1 - z) ~ 1e6-1e7 here).
  const CustomerSummaries data{TimeUnit::kWeeks, 0, kNearEdgeCustomers};
  for (const std::vector<double>& point : kNearEdgePoints) {
    const int64_t before = internal::ParetoNbdWorkCount();
    ASSERT_TRUE(EvaluateLogLikelihood(ClvModel::kParetoNbd, point, data).ok());
    const int64_t work = internal::ParetoNbdWorkCount() - before;
    EXPECT_GT(work, 0);
    EXPECT_LE(work, static_cast<int64_t>(2 * kNearEdgeCustomers.size()) * 3000)
        << "point " << point[0] << ", " << point[1] << ", " << point[2] << ", " << point[3];
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
