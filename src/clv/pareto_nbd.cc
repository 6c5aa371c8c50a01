// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): likelihood, gradient and
// predictions. Parameters (r, alpha, s, beta): purchase rate lambda ~ Gamma(r,
// alpha), dropout rate mu ~ Gamma(s, beta).
//
// Likelihood (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and
// Related Expressions", eq. 19-22), written as
//   L = G(r+x) alpha^r beta^s / G(r) * [ (alpha+T)^-(r+x) (beta+T)^-s
//                                        + s (K(t_x) - K(T)) ],
//   K(t) = integral from t to infinity of (alpha+u)^-(r+x) (beta+u)^-(s+1) du.
// With alpha >= beta, K(t) = (alpha+t)^-m / m * 2F1(m, s+1; m+1; z),
// m = r+s+x, z = (alpha-beta)/(alpha+t); with alpha < beta the roles swap:
// (beta+t)^-m / m * 2F1(m, r+x; m+1; (beta-alpha)/(beta+t)). Either way 0 <= z < 1
// and every series term is positive, so the series (with c = a + 1 its terms are
// (b)_n / (n! (m+n)) z^n) is summed without cancellation; its derivatives with
// respect to m, b and z come from the same pass. Near z = 1 (the no-dropout edge,
// beta >> alpha + t, or the mirror alpha >> beta + t) the series needs ~40 / (1 - z)
// terms, so above z = 0.9 K(t) is integrated instead: Gauss-Legendre panels in
// log(small + u), a few hundred nodes whatever the parameters.

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>

#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "clv/clv_internal.h"

namespace mroi::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kMaxTerms = 2'000'000;
constexpr double kTolerance = 1e-17;
constexpr double kRescale = 1e250;
// Series terms plus quadrature nodes evaluated so far (see ParetoNbdWorkCount()).
std::atomic<int64_t> work_counter{0};

// log K(t) and its gradient with respect to (r, alpha, s, beta).
struct LogK {
  double value = kNaN;
  std::array<double, 4> gradient{};
};

// Sum S = sum_n (b)_n / (n! (m+n)) z^n with dS/dm, dS/db and dS/dz, all scaled by
// e^-log_scale. Returns false when the series does not converge.
struct Series {
  double sum = 0, d_m = 0, d_b = 0, d_z = 0, log_scale = 0;
};

bool SumSeries(double m, double b, double z, Series& out) {
  double power_term = 1.0 / m;  // (b)_n / (n! (m+n)) z^n
  double harmonic = 0;  // psi(b+n) - psi(b)
  out = Series{};
  out.d_z = z == 0 ? b / (m + 1) : 0.0;
  for (int64_t n = 0; n < kMaxTerms; ++n) {
    const double dn = static_cast<double>(n);
    out.sum += power_term;
    out.d_m -= power_term / (m + dn);
    out.d_b += power_term * harmonic;
    if (z > 0) out.d_z += dn * power_term / z;
    const double ratio = z * (b + dn) / (dn + 1) * (m + dn) / (m + dn + 1);
    const double next = power_term * ratio;
    if (out.sum > kRescale) {
      out.sum /= kRescale;
      out.d_m /= kRescale;
      out.d_b /= kRescale;
      out.d_z /= kRescale;
      power_term = next / kRescale;
      out.log_scale += std::log(kRescale);
    } else {
      power_term = next;
    }
    harmonic += 1.0 / (b + dn);
    const double bound = std::max(ratio, z);
    if (z == 0 || (bound < 1 && power_term * (1 + dn + harmonic) <=
                                    kTolerance * (1 - bound) * (1 - bound) * out.sum)) {
      work_counter += n + 1;
      return std::isfinite(out.sum) && out.sum > 0;
    }
  }
  work_counter += kMaxTerms;
  return false;
}

// Above this series argument K(t) is integrated numerically: the series needs about
// 40 / (1 - z) terms, millions near the no-dropout boundary (beta >> alpha + t).
constexpr double kSeriesMaxArgument = 0.9;
constexpr int kQuadratureMaxPanels = 4000;
constexpr double kQuadratureTolerance = 1e-17;

// K(t) = integral over p from P to infinity of p^-e_small (p+d)^-e_big dp with
// p = small + u, P = small + t, d = big - small > 0, as log K and the moments
// -<log p>, -e_small <1/p>, -<log(p+d)>, -e_big <1/(p+d)> (the derivatives of log K
// with respect to e_small, small, e_big and big). The variable q = log(p / P) turns
// the integrand into a log-concave, unimodal function of q with one knee near
// q = log(d / P) (complex singularities at distance pi from the real axis), which
// 16-point Gauss-Legendre panels integrate to round-off; panels widen away from the
// knee and the integration stops once the log-concave tail bound is negligible.
// Cost: a few hundred integrand evaluations. Returns false when it does not converge.
bool IntegrateK(double e_small, double e_big, double small_t, double d, double& log_k,
                std::array<double, 4>& moments) {
  using Rule = boost::math::quadrature::gauss<double, 16>;
  const double log_p0 = std::log(small_t);
  const double knee = std::log(d / small_t);
  auto slope = [&](double q) {  // d log h / dq with h = p^(1 - e_small) (p + d)^-e_big
    const double share = 1 / (1 + d * std::exp(-q) / small_t);  // p / (p + d)
    return (1 - e_small) - e_big * share;
  };
  auto log_h = [&](double q) {
    const double log_p = log_p0 + q;
    const double log_p_d = log_p + std::log1p(d / std::exp(log_p));
    return (1 - e_small) * log_p - e_big * log_p_d;
  };
  const double reference = std::max(log_h(0.0), log_h(std::max(knee, 0.0)));
  double sum = 0, sum_log_p = 0, sum_inv_p = 0, sum_log_p_d = 0, sum_inv_p_d = 0;
  double start = 0;
  int64_t points = 0;
  for (int panel = 0; panel < kQuadratureMaxPanels; ++panel) {
    double width = std::max(3.0, 0.5 * std::fabs(start - knee));
    while (width * std::max(std::fabs(slope(start)), std::fabs(slope(start + width))) > 8) {
      width /= 2;
    }
    const double half = width / 2, centre = start + half;
    for (size_t node = 0; node < Rule::abscissa().size(); ++node) {
      for (double sign : {-1.0, 1.0}) {
        const double q = centre + sign * half * Rule::abscissa()[node];
        const double log_p = log_p0 + q;
        const double p = std::exp(log_p);
        const double log_p_d = log_p + std::log1p(d / p);
        const double value =
            half * Rule::weights()[node] * std::exp((1 - e_small) * log_p - e_big * log_p_d - reference);
        sum += value;
        sum_log_p += value * log_p;
        sum_inv_p += value / p;
        sum_log_p_d += value * log_p_d;
        sum_inv_p_d += value / (p + d);
        ++points;
      }
    }
    start += width;
    const double end_slope = slope(start);
    if (end_slope < 0 && std::exp(log_h(start) - reference) / -end_slope <= kQuadratureTolerance * sum) {
      work_counter += points;
      if (!(sum > 0) || !std::isfinite(sum)) return false;
      log_k = std::log(sum) + reference;
      moments = {-sum_log_p / sum, -e_small * sum_inv_p / sum, -sum_log_p_d / sum,
                 -e_big * sum_inv_p_d / sum};
      return true;
    }
  }
  work_counter += points;
  return false;
}

LogK ComputeLogK(double r, double alpha, double s, double beta, double x, double t) {
  LogK out;
  const double m = r + s + x;
  const bool alpha_larger = alpha >= beta;
  const double big = alpha_larger ? alpha : beta, small = alpha_larger ? beta : alpha;
  const double b = alpha_larger ? s + 1 : r + x;
  const double z = (big - small) / (big + t);
  if (z > kSeriesMaxArgument) {
    // Exponents of (small + u) and (big + u) in the integrand of K.
    const double e_small = alpha_larger ? s + 1 : r + x, e_big = alpha_larger ? r + x : s + 1;
    std::array<double, 4> moments{};  // d log K / d (e_small, small, e_big, big)
    if (!IntegrateK(e_small, e_big, small + t, big - small, out.value, moments)) {
      out.value = kNaN;
      return out;
    }
    if (alpha_larger) {
      out.gradient = {moments[2], moments[3], moments[0], moments[1]};
    } else {
      out.gradient = {moments[0], moments[1], moments[2], moments[3]};
    }
    return out;
  }
  Series series;
  if (!SumSeries(m, b, z, series)) return out;
  const double log_big_t = std::log(big + t);
  out.value = -m * log_big_t + std::log(series.sum) + series.log_scale;
  const double dm = -log_big_t + series.d_m / series.sum;  // d log K / d m
  const double db = series.d_b / series.sum;
  const double dz = series.d_z / series.sum;
  const double dz_dbig = (small + t) / ((big + t) * (big + t));
  const double dz_dsmall = -1 / (big + t);
  const double dbig = -m / (big + t) + dz * dz_dbig;
  const double dsmall = dz * dz_dsmall;
  if (alpha_larger) {  // b = s + 1
    out.gradient = {dm, dbig, dm + db, dsmall};
  } else {  // b = r + x
    out.gradient = {dm + db, dsmall, dm, dbig};
  }
  return out;
}

// log of the bracket [ ... ] of the likelihood, its gradient and log of the alive
// part (for P(alive)).
struct Bracket {
  double log_value = kNaN;
  double log_alive = kNaN;
  std::array<double, 4> gradient{};
};

Bracket ComputeBracket(std::span<const double> p, double x, double t_x, double age) {
  const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
  Bracket out;
  const double log_alpha_age = std::log(alpha + age), log_beta_age = std::log(beta + age);
  const double log_alive = -(r + x) * log_alpha_age - s * log_beta_age;
  const std::array<double, 4> alive_gradient = {-log_alpha_age, -(r + x) / (alpha + age),
                                                -log_beta_age, -s / (beta + age)};
  out.log_alive = log_alive;
  if (t_x >= age) {  // the integral over (t_x, T) is empty
    out.log_value = log_alive;
    out.gradient = alive_gradient;
    return out;
  }
  const LogK k_recency = ComputeLogK(r, alpha, s, beta, x, t_x);
  const LogK k_age = ComputeLogK(r, alpha, s, beta, x, age);
  if (!std::isfinite(k_recency.value) || !std::isfinite(k_age.value)) return out;
  const double log_s = std::log(s);
  const double top = std::max(log_alive, log_s + k_recency.value);
  const double alive_share = std::exp(log_alive - top);
  const double recency_share = std::exp(log_s + k_recency.value - top);
  const double age_share = std::exp(log_s + k_age.value - top);
  const double sum = alive_share + recency_share - age_share;
  if (!(sum > 0)) return out;
  out.log_value = top + std::log(sum);
  for (size_t idx = 0; idx < 4; ++idx) {
    const double d_log_s = idx == 2 ? 1 / s : 0.0;
    out.gradient[idx] = (alive_share * alive_gradient[idx] +
                         recency_share * (d_log_s + k_recency.gradient[idx]) -
                         age_share * (d_log_s + k_age.gradient[idx])) /
                        sum;
  }
  return out;
}

}  // namespace

// Total series terms and quadrature nodes spent on K(t) since the program started
// (for tests that bound the cost of one evaluation). Thread-safe; O(1).
int64_t ParetoNbdWorkCount() { return work_counter.load(); }

double ParetoNbdLogLikelihood(std::span<const double> params, const AggregatedRows& rows,
                              std::span<double> gradient) {
  const double r = params[0], alpha = params[1], s = params[2], beta = params[3];
  const bool want_gradient = !gradient.empty();
  const double lgamma_r = std::lgamma(r), digamma_r = Digamma(r);
  double total = 0;
  std::array<double, 4> grad{};
  double current_x = -1, log_const = 0, dconst_r = 0;
  for (size_t row = 0; row < rows.size(); ++row) {
    const double x = rows.frequency[row];
    if (x != current_x) {
      current_x = x;
      log_const = std::lgamma(r + x) - lgamma_r + r * std::log(alpha) + s * std::log(beta);
      dconst_r = want_gradient ? Digamma(r + x) - digamma_r + std::log(alpha) : 0.0;
    }
    const Bracket bracket = ComputeBracket(params, x, rows.recency[row], rows.age[row]);
    if (!std::isfinite(bracket.log_value)) return kNaN;
    const double weight = rows.weight[row];
    total += weight * (log_const + bracket.log_value);
    if (want_gradient) {
      grad[0] += weight * (dconst_r + bracket.gradient[0]);
      grad[1] += weight * (r / alpha + bracket.gradient[1]);
      grad[2] += weight * (std::log(beta) + bracket.gradient[2]);
      grad[3] += weight * (s / beta + bracket.gradient[3]);
    }
  }
  if (want_gradient) std::copy(grad.begin(), grad.end(), gradient.begin());
  return std::isfinite(total) ? total : kNaN;
}

double ParetoNbdProbabilityAlive(std::span<const double> p, double x, double t_x, double age) {
  // P(tau > T | data) = alive part of the likelihood / whole (Fader & Hardie note, eq. 23).
  const Bracket bracket = ComputeBracket(p, x, t_x, age);
  if (!std::isfinite(bracket.log_value)) return kNaN;
  return std::min(1.0, std::exp(bracket.log_alive - bracket.log_value));
}

namespace {

// [1 - ((beta+T)/(beta+T+t))^(s-1)] / (s-1), with its limit at s = 1.
double SurvivalIntegralFactor(double s, double beta_age, double horizon) {
  const double log_ratio = std::log1p(horizon / beta_age);
  if (std::fabs(s - 1) < 1e-12) return log_ratio;
  return -std::expm1(-(s - 1) * log_ratio) / (s - 1);
}

}  // namespace

double ParetoNbdConditionalExpected(std::span<const double> p, double x, double t_x, double age,
                                    double horizon) {
  // Schmittlein et al. (1987) eq. 22 / Fader & Hardie note eq. 24.
  const double r = p[0], alpha = p[1], beta = p[3], s = p[2];
  const double alive = ParetoNbdProbabilityAlive(p, x, t_x, age);
  return (r + x) * (beta + age) / (alpha + age) * SurvivalIntegralFactor(s, beta + age, horizon) *
         alive;
}

double ParetoNbdExpected(std::span<const double> p, double t) {
  const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
  return r * beta / alpha * SurvivalIntegralFactor(s, beta, t);
}

double ParetoNbdProbabilityOfCount(std::span<const double> p, double t, int64_t count) {
  // X(t) | tau is NBD with exposure min(tau, t); tau ~ Lomax(s, beta), so
  // P(X(t) = x) = (beta/(beta+t))^s NBD(x; t) + int_0^t f_tau(u) NBD(x; u) du.
  const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
  const double x = static_cast<double>(count);
  const double log_coefficient = std::lgamma(r + x) - std::lgamma(r) - std::lgamma(x + 1);
  auto nbd = [&](double u) {
    if (u <= 0) return count == 0 ? 1.0 : 0.0;
    return std::exp(log_coefficient + r * std::log(alpha / (alpha + u)) +
                    x * std::log(u / (alpha + u)));
  };
  auto integrand = [&](double u) {
    return s / beta * std::exp(-(s + 1) * std::log1p(u / beta)) * nbd(u);
  };
  const double survival = std::exp(-s * std::log1p(t / beta));
  if (t <= 0) return nbd(0.0);
  double integral = kNaN;
  try {
    integral = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(integrand, 0.0, t, 15,
                                                                             1e-12);
  } catch (const std::exception&) {
    return kNaN;  // Boost.Math reports evaluation failures by exception; stop it here
  }
  return survival * nbd(t) + integral;
}

}  // namespace mroi::internal
