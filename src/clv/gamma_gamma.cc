// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-value
// Curves for Customer Base Analysis", section 4). Parameters (p, q, v): each spend
// ~ Gamma(p, nu), nu ~ Gamma(q, v); the data are x repeat purchases of mean m_x.

#include <cmath>
#include <limits>

#include "clv/clv_internal.h"

namespace mroi::internal {

double GammaGammaLogLikelihood(std::span<const double> params, const AggregatedRows& rows,
                               std::span<double> gradient) {
  // Density of the mean spend m_x given x (eq. 3 integrated over nu):
  // G(px+q) / (G(px) G(q)) v^q m^(px-1) x^(px) / (v + x m)^(px+q).
  // Only (px+q) log(v + x m) depends on the row beyond x and log m, so consecutive
  // rows of one frequency (the aggregated rows come sorted by frequency) share the
  // lgamma / digamma terms: per row one log of m, one log and one division.
  const double p = params[0], q = params[1], v = params[2];
  const bool want_gradient = !gradient.empty();
  const double lgamma_q = std::lgamma(q), digamma_q = Digamma(q), log_v = std::log(v);
  double total = 0, grad_p = 0, grad_q = 0, grad_v = 0;
  size_t row = 0;
  while (row < rows.size()) {
    const double x = rows.frequency[row];
    // Sums over the run of rows with this frequency.
    double weight = 0, weighted_log_m = 0, weighted_log_vxm = 0, weighted_inverse_vxm = 0;
    for (; row < rows.size() && rows.frequency[row] == x; ++row) {
      const double w = rows.weight[row], m = rows.monetary[row];
      const double vxm = v + x * m;
      weight += w;
      weighted_log_m += w * std::log(m);
      weighted_log_vxm += w * std::log(vxm);
      if (want_gradient) weighted_inverse_vxm += w / vxm;
    }
    const double px = p * x, log_x = std::log(x);
    total += weight * (std::lgamma(px + q) - std::lgamma(px) - lgamma_q + q * log_v +
                       px * log_x) +
             (px - 1) * weighted_log_m - (px + q) * weighted_log_vxm;
    if (want_gradient) {
      const double digamma_pxq = Digamma(px + q);
      grad_p += x * (weight * (digamma_pxq - Digamma(px) + log_x) + weighted_log_m -
                     weighted_log_vxm);
      grad_q += weight * (digamma_pxq - digamma_q + log_v) - weighted_log_vxm;
      grad_v += weight * q / v - (px + q) * weighted_inverse_vxm;
    }
  }
  if (want_gradient) {
    gradient[0] = grad_p;
    gradient[1] = grad_q;
    gradient[2] = grad_v;
  }
  return std::isfinite(total) ? total : std::numeric_limits<double>::quiet_NaN();
}

double GammaGammaConditionalSpend(std::span<const double> params, double x, double monetary) {
  // Eq. 5: E[M | p, q, v, m_x, x] = (p (v + x m_x)) / (p x + q - 1).
  const double p = params[0], q = params[1], v = params[2];
  return p * (v + x * monetary) / (p * x + q - 1);
}

}  // namespace mroi::internal
