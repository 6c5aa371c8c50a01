// BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way") and
// MBG/NBD (Batislam, Denizel & Filiztekin 2007): likelihood, gradient, predictions.
// Parameters (r, alpha, a, b): purchase rate lambda ~ Gamma(r, alpha), dropout
// probability p ~ Beta(a, b). BG/NBD drops out only after repeat purchases, MBG/NBD
// also right after the first purchase; `shift` is 0 for BG/NBD and 1 for MBG/NBD.

#include <algorithm>
#include <cmath>
#include <limits>

#include "clv/clv_internal.h"

namespace mroi::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// log(a / (b + x + shift - 1)) + (r + x) log((alpha + T) / (alpha + t_x)): the log
// odds of "dropped out after the last purchase" against "still alive" (eq. 13).
double LogDeadOdds(std::span<const double> p, double shift, double x, double t_x, double age) {
  const double r = p[0], alpha = p[1], a = p[2], b = p[3];
  if (x + shift <= 0) return -std::numeric_limits<double>::infinity();
  return std::log(a) - std::log(b + x + shift - 1) +
         (r + x) * (std::log(alpha + age) - std::log(alpha + t_x));
}

}  // namespace

double BgNbdFamilyLogLikelihood(std::span<const double> params, const AggregatedRows& rows,
                                std::span<double> gradient, bool modified) {
  const double r = params[0], alpha = params[1], a = params[2], b = params[3];
  const double shift = modified ? 1.0 : 0.0;
  const bool want_gradient = !gradient.empty();
  const double log_alpha = std::log(alpha);
  const double digamma_r = Digamma(r), digamma_ab = Digamma(a + b), digamma_b = Digamma(b);
  const double lgamma_r = std::lgamma(r), lgamma_ab = std::lgamma(a + b), lgamma_b = std::lgamma(b);
  double total = 0, grad_r = 0, grad_alpha = 0, grad_a = 0, grad_b = 0;
  // Terms that depend on the frequency only (eq. 6: A1 + A2 in log form).
  double current_x = -1, log_const = 0, log_dead_const = 0;
  double dconst_r = 0, dconst_a = 0, dconst_b = 0, ddead_b = 0;
  bool has_dead_term = false;
  for (size_t row = 0; row < rows.size(); ++row) {
    const double x = rows.frequency[row];
    if (x != current_x) {
      current_x = x;
      const double bx = b + x + shift, abx = a + b + x + shift;
      log_const = std::lgamma(r + x) - lgamma_r + r * log_alpha + lgamma_ab + std::lgamma(bx) -
                  lgamma_b - std::lgamma(abx);
      has_dead_term = x + shift > 0;
      log_dead_const = has_dead_term ? std::log(a) - std::log(bx - 1) : 0.0;
      if (want_gradient) {
        dconst_r = Digamma(r + x) - digamma_r + log_alpha;
        const double digamma_abx = Digamma(abx);
        dconst_a = digamma_ab - digamma_abx;
        dconst_b = digamma_ab + Digamma(bx) - digamma_b - digamma_abx;
        ddead_b = has_dead_term ? -1.0 / (bx - 1) : 0.0;
      }
    }
    const double weight = rows.weight[row];
    const double log_alpha_age = std::log(alpha + rows.age[row]);
    const double alive_term = -(r + x) * log_alpha_age;
    if (!has_dead_term) {
      total += weight * (log_const + alive_term);
      if (want_gradient) {
        grad_r += weight * (dconst_r - log_alpha_age);
        grad_alpha += weight * (r / alpha - (r + x) / (alpha + rows.age[row]));
        grad_a += weight * dconst_a;
        grad_b += weight * dconst_b;
      }
      continue;
    }
    const double log_alpha_recency = std::log(alpha + rows.recency[row]);
    const double dead_term = log_dead_const - (r + x) * log_alpha_recency;
    const double top = std::max(alive_term, dead_term);
    const double alive_share = std::exp(alive_term - top), dead_share = std::exp(dead_term - top);
    const double sum = alive_share + dead_share;
    total += weight * (log_const + top + std::log(sum));
    if (want_gradient) {
      const double w_alive = alive_share / sum, w_dead = dead_share / sum;
      grad_r += weight * (dconst_r - w_alive * log_alpha_age - w_dead * log_alpha_recency);
      grad_alpha += weight * (r / alpha - (r + x) * (w_alive / (alpha + rows.age[row]) +
                                                     w_dead / (alpha + rows.recency[row])));
      grad_a += weight * (dconst_a + w_dead / a);
      grad_b += weight * (dconst_b + w_dead * ddead_b);
    }
  }
  if (want_gradient) {
    gradient[0] = grad_r;
    gradient[1] = grad_alpha;
    gradient[2] = grad_a;
    gradient[3] = grad_b;
  }
  return std::isfinite(total) ? total : kNaN;
}

double BgNbdFamilyProbabilityAlive(std::span<const double> p, bool modified, double x, double t_x,
                                   double age) {
  const double log_odds = LogDeadOdds(p, modified ? 1.0 : 0.0, x, t_x, age);
  // 1 / (1 + e^l), stable for large |l|.
  return log_odds > 0 ? std::exp(-log_odds) / (1 + std::exp(-log_odds)) : 1 / (1 + std::exp(log_odds));
}

double BgNbdFamilyConditionalExpected(std::span<const double> p, bool modified, double x, double t_x,
                                      double age, double horizon) {
  // Eq. 10 (BG/NBD); MBG/NBD shifts b + x by one (Batislam et al. 2007, eq. 9).
  const double r = p[0], alpha = p[1], a = p[2], b = p[3];
  const double shift = modified ? 1.0 : 0.0;
  if (horizon == 0) return 0.0;
  if (a == 1) return kNaN;  // removable singularity of the closed form
  const double z = horizon / (alpha + age + horizon);
  const double hyp = Hyp2F1(r + x, b + x + shift, a + b + x + shift - 1, z);
  if (!std::isfinite(hyp)) return kNaN;
  const double decay = std::exp((r + x) * (std::log(alpha + age) - std::log(alpha + age + horizon)));
  const double numerator = (a + b + x + shift - 1) / (a - 1) * (1 - decay * hyp);
  return numerator * BgNbdFamilyProbabilityAlive(p, modified, x, t_x, age);
}

double BgNbdFamilyProbabilityOfCount(std::span<const double> p, bool modified, double t,
                                     int64_t count) {
  // Eq. 8 of Fader, Hardie & Lee (2005); MBG/NBD: the dropout chance also at time 0.
  const double r = p[0], alpha = p[1], a = p[2], b = p[3];
  const double shift = modified ? 1.0 : 0.0;
  const double x = static_cast<double>(count);
  const double log_beta_ab = LogBeta(a, b);
  const double log_a_share = std::log(alpha / (alpha + t));  // alpha / (alpha + t)
  const double log_t_share = t > 0 ? std::log(t / (alpha + t)) : -std::numeric_limits<double>::infinity();
  auto log_nbd = [&](double j) {
    if (j == 0) return r * log_a_share;
    return std::lgamma(r + j) - std::lgamma(r) - std::lgamma(j + 1) + r * log_a_share + j * log_t_share;
  };
  double probability = std::exp(LogBeta(a, b + x + shift) - log_beta_ab + log_nbd(x));
  if (x + shift > 0) {
    double cumulative = 0;  // P(NBD count < x)
    for (int64_t j = 0; j < count; ++j) cumulative += std::exp(log_nbd(static_cast<double>(j)));
    probability += std::exp(LogBeta(a + 1, b + x + shift - 1) - log_beta_ab) *
                   std::max(0.0, 1 - cumulative);
  }
  return probability;
}

}  // namespace mroi::internal
