// Beta-binomial A/B read-out: chance to beat control, expected loss and credible
// intervals of the lift, by 1-D quadrature over the posteriors (no sampling).
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <fmt/format.h>

#include "mroi/experiment.h"

#include "experiment/boost_policy_internal.h"
#include "experiment/stats_internal.h"

namespace mroi {

namespace {

using BetaDist = boost::math::beta_distribution<double, internal::NoThrowPolicy>;

// Posterior mass left outside [Quantile(kTail), Quantile(1 - kTail)] of each posterior.
constexpr double kTail = 1e-13;
constexpr double kQuadratureTolerance = 1e-9;
constexpr unsigned kQuadratureDepth = 10;
constexpr int kBisectionSteps = 50;
constexpr double kMaxExactShape = 1e7;

// A posterior Beta(a, b) with the ends and median of its bulk.
struct Posterior {
  BetaDist dist;
  double low;
  double median;
  double high;
  double mean;
};

Posterior MakePosterior(double a, double b) {
  BetaDist dist(a, b);
  return Posterior{dist, boost::math::quantile(dist, kTail), boost::math::median(dist),
                   boost::math::quantile(dist, 1 - kTail), a / (a + b)};
}

// Integrate `integrand` over [low, high], split at the `breaks` inside it so that
// steps of a narrow CDF inside the range are not missed by the adaptive rule.
double Integrate(const std::function<double(double)>& integrand, double low, double high,
                 std::vector<double> breaks) {
  breaks.push_back(low);
  breaks.push_back(high);
  std::vector<double> points;
  for (double point : breaks) {
    if (std::isfinite(point) && point >= low && point <= high) points.push_back(point);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  double total = 0;
  for (size_t idx = 0; idx + 1 < points.size(); ++idx) {
    total += boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
        integrand, points[idx], points[idx + 1], kQuadratureDepth, kQuadratureTolerance);
  }
  return total;
}

// P(pv > pc) = integral of f_v(y) F_c(y) dy.
double ChanceToBeat(const Posterior& control, const Posterior& variant) {
  auto integrand = [&](double y) {
    return boost::math::pdf(variant.dist, y) * boost::math::cdf(control.dist, y);
  };
  return Integrate(integrand, variant.low, variant.high,
                   {control.low, control.median, control.high, variant.median});
}

// E[max(pc - pv, 0)] = integral of f_v(y) [m_c Q(y; a_c + 1, b_c) - y Q(y; a_c, b_c)] dy,
// Q the upper tail, because x f_c(x) = m_c f_{Beta(a_c + 1, b_c)}(x).
double ExpectedLoss(const Posterior& control, const Posterior& variant) {
  const BetaDist shifted(control.dist.alpha() + 1, control.dist.beta());
  auto integrand = [&](double y) {
    const double above = boost::math::cdf(boost::math::complement(control.dist, y));
    const double above_shifted = boost::math::cdf(boost::math::complement(shifted, y));
    return boost::math::pdf(variant.dist, y) *
           std::max(0.0, control.mean * above_shifted - y * above);
  };
  return Integrate(integrand, variant.low, variant.high,
                   {control.low, control.median, control.high, variant.median});
}

// P(pv <= scale * pc + shift) = integral of f_c(x) F_v(scale x + shift) dx.
double LiftCdf(const Posterior& control, const Posterior& variant, double scale,
               double shift) {
  auto integrand = [&](double x) {
    const double bound = scale * x + shift;
    double below = 0;
    if (bound >= 1) {
      below = 1;
    } else if (bound > 0) {
      below = boost::math::cdf(variant.dist, bound);
    }
    return boost::math::pdf(control.dist, x) * below;
  };
  std::vector<double> breaks = {control.median};
  for (double y : {variant.low, variant.median, variant.high})
    breaks.push_back((y - shift) / scale);
  return Integrate(integrand, control.low, control.high, breaks);
}

// The value v in [low, high] where the increasing `cdf` crosses `target`, by bisection.
double SolveIncreasing(const std::function<double(double)>& cdf, double target,
                       double low, double high) {
  for (int step = 0; step < kBisectionSteps; ++step) {
    const double middle = 0.5 * (low + high);
    if (cdf(middle) < target) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return 0.5 * (low + high);
}

double LogBeta(double a, double b) {
  return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

}  // namespace

Result<double> BetaProbabilityGreaterExact(double a_x, double b_x, double a_y,
                                           double b_y) {
  for (double shape : {a_x, b_x, a_y, b_y}) {
    if (!std::isfinite(shape) || shape <= 0) {
      return InvalidArgument(fmt::format("beta parameter {} must be > 0", shape));
    }
  }
  if (a_x != std::floor(a_x) || a_x > kMaxExactShape) {
    return InvalidArgument(
        fmt::format("the exact sum needs an integer alpha of at most 1e7, got {}", a_x));
  }
  // Miller (2015): P(X > Y) = sum_{i=0}^{a_x-1} B(a_y+i, b_y+b_x) /
  //                           ((b_x+i) B(1+i, b_x) B(a_y, b_y)).
  const double log_norm = LogBeta(a_y, b_y);
  double total = 0;
  const auto terms = static_cast<int64_t>(a_x);
  for (int64_t idx = 0; idx < terms; ++idx) {
    const double i = static_cast<double>(idx);
    total += std::exp(LogBeta(a_y + i, b_y + b_x) - std::log(b_x + i) -
                      LogBeta(1 + i, b_x) - log_norm);
  }
  return std::clamp(total, 0.0, 1.0);
}

Result<BayesResult> CompareBayes(const ProportionArm& control,
                                 const ProportionArm& variant, const BetaPrior& prior,
                                 double credible_mass) {
  MROI_RETURN_IF_ERROR(ValidateArm(control, "control"));
  MROI_RETURN_IF_ERROR(ValidateArm(variant, "variant"));
  if (!std::isfinite(prior.alpha) || !std::isfinite(prior.beta) || prior.alpha <= 0 ||
      prior.beta <= 0) {
    return InvalidArgument(fmt::format(
        "the Beta prior ({}, {}) needs both parameters > 0", prior.alpha, prior.beta));
  }
  if (!internal::InOpenUnit(credible_mass)) {
    return InvalidArgument(
        fmt::format("credible mass {} must lie strictly between 0 and 1", credible_mass));
  }
  const auto failures = [](const ProportionArm& arm) {
    return static_cast<double>(arm.users - arm.conversions);
  };
  const Posterior post_c =
      MakePosterior(prior.alpha + static_cast<double>(control.conversions),
                    prior.beta + failures(control));
  const Posterior post_v =
      MakePosterior(prior.alpha + static_cast<double>(variant.conversions),
                    prior.beta + failures(variant));
  BayesResult out;
  out.credible_mass = credible_mass;
  out.control_mean = post_c.mean;
  out.variant_mean = post_v.mean;
  out.chance_to_beat = std::clamp(ChanceToBeat(post_c, post_v), 0.0, 1.0);
  out.expected_loss = ExpectedLoss(post_c, post_v);
  // E[max(pv - pc, 0)] = E[pv - pc] + E[max(pc - pv, 0)].
  out.expected_loss_control =
      std::max(0.0, post_v.mean - post_c.mean + out.expected_loss);
  const double a_c = post_c.dist.alpha();
  const double b_c = post_c.dist.beta();
  // E[1 / pc] = (a + b - 1) / (a - 1) for a > 1.
  out.lift_rel_mean = a_c > 1 ? post_v.mean * (a_c + b_c - 1) / (a_c - 1) - 1
                              : std::numeric_limits<double>::infinity();

  const double tail = (1 - credible_mass) / 2;
  // Relative lift r: P(pv <= (1 + r) pc), solved on u = log(1 + r).
  auto rel_cdf = [&](double log_ratio) {
    return LiftCdf(post_c, post_v, std::exp(log_ratio), 0.0);
  };
  const double log_low = std::log(post_v.low) - std::log(post_c.high);
  const double log_high = std::log(post_v.high) - std::log(post_c.low);
  out.ci_low = std::expm1(SolveIncreasing(rel_cdf, tail, log_low, log_high));
  out.ci_high = std::expm1(SolveIncreasing(rel_cdf, 1 - tail, log_low, log_high));
  auto abs_cdf = [&](double shift) { return LiftCdf(post_c, post_v, 1.0, shift); };
  const double abs_low = post_v.low - post_c.high;
  const double abs_high = post_v.high - post_c.low;
  out.lift_abs_ci_low = SolveIncreasing(abs_cdf, tail, abs_low, abs_high);
  out.lift_abs_ci_high = SolveIncreasing(abs_cdf, 1 - tail, abs_low, abs_high);
  return out;
}

}  // namespace mroi
