// CUPED: variance reduction with a pre-period covariate (Deng et al. 2013).
#include <cmath>

#include <fmt/format.h>

#include "mroi/experiment.h"

namespace mroi {

namespace {

struct Moments {
  double count = 0;
  double mean_x = 0;
  double mean_y = 0;
};

Moments PooledMeans(const std::vector<double>& ys_a, const std::vector<double>& xs_a,
                    const std::vector<double>& ys_b, const std::vector<double>& xs_b) {
  Moments out;
  double sum_x = 0;
  double sum_y = 0;
  for (size_t idx = 0; idx < ys_a.size(); ++idx) {
    sum_x += xs_a[idx];
    sum_y += ys_a[idx];
  }
  for (size_t idx = 0; idx < ys_b.size(); ++idx) {
    sum_x += xs_b[idx];
    sum_y += ys_b[idx];
  }
  out.count = static_cast<double>(ys_a.size() + ys_b.size());
  out.mean_x = sum_x / out.count;
  out.mean_y = sum_y / out.count;
  return out;
}

}  // namespace

Result<CupedResult> ApplyCuped(const std::vector<double>& control_y,
                               const std::vector<double>& control_x,
                               const std::vector<double>& variant_y,
                               const std::vector<double>& variant_x) {
  if (control_y.size() != control_x.size() || variant_y.size() != variant_x.size()) {
    return InvalidArgument("CUPED needs one pre-period value per unit");
  }
  if (control_y.size() < 2 || variant_y.size() < 2) {
    return InvalidArgument("CUPED needs at least 2 units in each arm");
  }
  for (const std::vector<double>* values :
       {&control_y, &control_x, &variant_y, &variant_x}) {
    for (double value : *values) {
      if (!std::isfinite(value))
        return InvalidArgument("CUPED input holds a non-finite value");
    }
  }
  // theta from the pooled covariance: treatment does not change x (it is pre-period),
  // so pooling keeps the adjusted difference unbiased (Deng et al. 2013, section 3.3).
  const Moments moments = PooledMeans(control_y, control_x, variant_y, variant_x);
  double cov_xy = 0;
  double var_x = 0;
  double var_y = 0;
  auto accumulate = [&](const std::vector<double>& ys, const std::vector<double>& xs) {
    for (size_t idx = 0; idx < ys.size(); ++idx) {
      const double dx = xs[idx] - moments.mean_x;
      const double dy = ys[idx] - moments.mean_y;
      cov_xy += dx * dy;
      var_x += dx * dx;
      var_y += dy * dy;
    }
  };
  accumulate(control_y, control_x);
  accumulate(variant_y, variant_x);
  if (var_x <= 0)
    return InvalidArgument("the pre-period covariate is constant: CUPED cannot use it");
  CupedResult out;
  out.theta = cov_xy / var_x;
  out.correlation = var_y > 0 ? cov_xy / std::sqrt(var_x * var_y) : 0.0;
  auto adjust = [&](const std::vector<double>& ys, const std::vector<double>& xs) {
    std::vector<double> adjusted(ys.size());
    for (size_t idx = 0; idx < ys.size(); ++idx) {
      adjusted[idx] = ys[idx] - out.theta * (xs[idx] - moments.mean_x);
    }
    return adjusted;
  };
  out.control = SummariseValues(adjust(control_y, control_x));
  out.variant = SummariseValues(adjust(variant_y, variant_x));
  // Pooled residual variance over pooled variance: 1 - rho^2 (Deng et al., eq. 4).
  out.variance_reduction = var_y > 0 ? out.correlation * out.correlation : 0.0;
  return out;
}

}  // namespace mroi
