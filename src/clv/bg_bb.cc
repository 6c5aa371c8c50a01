// BG/BB (Fader, Hardie & Shang 2010, "Customer-Base Analysis in a Discrete-Time
// Noncontractual Setting"): likelihood, gradient and predictions. Parameters
// (alpha, beta, gamma, delta): purchase probability p ~ Beta(alpha, beta) per
// opportunity, dropout probability theta ~ Beta(gamma, delta) at the start of each.
// Data: x purchases in n opportunities, the last in opportunity t_x.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "clv/clv_internal.h"

namespace mroi::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One term B(alpha + x, beta + u)/B(alpha, beta) * B(gamma + g, delta + v)/B(gamma, delta)
// in log form with its gradient.
struct Term {
  double log_value;
  std::array<double, 4> gradient;
};

struct Constants {
  double log_beta_ab, log_beta_gd;
  double dab_alpha, dab_beta, dgd_gamma, dgd_delta;  // gradient of log B(alpha,beta), log B(gamma,delta)
};

Constants MakeConstants(std::span<const double> p, bool want_gradient) {
  const double alpha = p[0], beta = p[1], gamma = p[2], delta = p[3];
  Constants c{LogBeta(alpha, beta), LogBeta(gamma, delta), 0, 0, 0, 0};
  if (want_gradient) {
    const double psi_ab = Digamma(alpha + beta), psi_gd = Digamma(gamma + delta);
    c.dab_alpha = Digamma(alpha) - psi_ab;
    c.dab_beta = Digamma(beta) - psi_ab;
    c.dgd_gamma = Digamma(gamma) - psi_gd;
    c.dgd_delta = Digamma(delta) - psi_gd;
  }
  return c;
}

Term MakeTerm(std::span<const double> p, const Constants& c, double x, double u, double g, double v,
              bool want_gradient) {
  const double alpha = p[0], beta = p[1], gamma = p[2], delta = p[3];
  Term term{LogBeta(alpha + x, beta + u) - c.log_beta_ab + LogBeta(gamma + g, delta + v) - c.log_beta_gd,
            {}};
  if (want_gradient) {
    const double psi_purchase = Digamma(alpha + beta + x + u);
    const double psi_dropout = Digamma(gamma + delta + g + v);
    term.gradient = {Digamma(alpha + x) - psi_purchase - c.dab_alpha,
                     Digamma(beta + u) - psi_purchase - c.dab_beta,
                     Digamma(gamma + g) - psi_dropout - c.dgd_gamma,
                     Digamma(delta + v) - psi_dropout - c.dgd_delta};
  }
  return term;
}

// Log-likelihood of one customer (eq. 5) and its gradient.
double CustomerLogLikelihood(std::span<const double> p, const Constants& c, double x, double t_x,
                             double n, bool want_gradient, std::array<double, 4>& gradient) {
  std::vector<Term> terms;
  terms.push_back(MakeTerm(p, c, x, n - x, 0, n, want_gradient));
  for (double i = 0; i <= n - t_x - 1; ++i) {
    terms.push_back(MakeTerm(p, c, x, t_x - x + i, 1, t_x + i, want_gradient));
  }
  double top = -std::numeric_limits<double>::infinity();
  for (const Term& term : terms) top = std::max(top, term.log_value);
  double sum = 0;
  gradient = {};
  for (const Term& term : terms) {
    const double share = std::exp(term.log_value - top);
    sum += share;
    for (size_t idx = 0; idx < 4; ++idx) gradient[idx] += share * term.gradient[idx];
  }
  for (double& value : gradient) value /= sum;
  return top + std::log(sum);
}

}  // namespace

double BgBbLogLikelihood(std::span<const double> params, const AggregatedRows& rows,
                         std::span<double> gradient) {
  const bool want_gradient = !gradient.empty();
  const Constants constants = MakeConstants(params, want_gradient);
  double total = 0;
  std::array<double, 4> grad{}, row_gradient{};
  for (size_t row = 0; row < rows.size(); ++row) {
    const double weight = rows.weight[row];
    total += weight * CustomerLogLikelihood(params, constants, rows.frequency[row], rows.recency[row],
                                            rows.age[row], want_gradient, row_gradient);
    if (want_gradient) {
      for (size_t idx = 0; idx < 4; ++idx) grad[idx] += weight * row_gradient[idx];
    }
  }
  if (want_gradient) std::copy(grad.begin(), grad.end(), gradient.begin());
  return std::isfinite(total) ? total : kNaN;
}

double BgBbProbabilityAlive(std::span<const double> p, double x, double t_x, double n) {
  // Eq. 11: P(alive in opportunity n + 1 | x, t_x, n).
  const Constants c = MakeConstants(p, false);
  std::array<double, 4> unused{};
  const double log_likelihood = CustomerLogLikelihood(p, c, x, t_x, n, false, unused);
  return std::exp(MakeTerm(p, c, x, n - x, 0, n + 1, false).log_value - log_likelihood);
}

double BgBbConditionalExpected(std::span<const double> p, double x, double t_x, double n,
                               double horizon) {
  // Eq. 13: E[X(n, n + n*) | x, t_x, n].
  const double alpha = p[0], beta = p[1], gamma = p[2], delta = p[3];
  if (gamma == 1) return kNaN;  // removable singularity of the closed form
  const Constants c = MakeConstants(p, false);
  std::array<double, 4> unused{};
  const double log_likelihood = CustomerLogLikelihood(p, c, x, t_x, n, false, unused);
  const double lead = std::exp(LogBeta(alpha + x + 1, beta + n - x) - c.log_beta_ab - log_likelihood);
  const double ratio_now = std::exp(std::lgamma(1 + delta + n) - std::lgamma(gamma + delta + n));
  const double ratio_later =
      std::exp(std::lgamma(1 + delta + n + horizon) - std::lgamma(gamma + delta + n + horizon));
  return lead * delta / (gamma - 1) * std::exp(std::lgamma(gamma + delta) - std::lgamma(1 + delta)) *
         (ratio_now - ratio_later);
}

double BgBbExpected(std::span<const double> p, double n) {
  // Eq. 7: E[X(n)] of a new customer.
  const double alpha = p[0], beta = p[1], gamma = p[2], delta = p[3];
  if (gamma == 1) return kNaN;
  const double log_ratio = std::lgamma(gamma + delta) - std::lgamma(gamma + delta + n) +
                           std::lgamma(1 + delta + n) - std::lgamma(1 + delta);
  return alpha / (alpha + beta) * delta / (gamma - 1) * -std::expm1(log_ratio);
}

double BgBbProbabilityOfCount(std::span<const double> p, double n, int64_t count) {
  // Eq. 8: P(X(n) = x).
  const double x = static_cast<double>(count);
  if (x > n) return 0.0;
  const Constants c = MakeConstants(p, false);
  auto log_choose = [](double top, double bottom) {
    return std::lgamma(top + 1) - std::lgamma(bottom + 1) - std::lgamma(top - bottom + 1);
  };
  double probability = std::exp(log_choose(n, x) + MakeTerm(p, c, x, n - x, 0, n, false).log_value);
  for (double i = x; i <= n - 1; ++i) {
    probability += std::exp(log_choose(i, x) + MakeTerm(p, c, x, i - x, 1, i, false).log_value);
  }
  return probability;
}

}  // namespace mroi::internal
