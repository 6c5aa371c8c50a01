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
  const double p = params[0], q = params[1], v = params[2];
  const bool want_gradient = !gradient.empty();
  const double lgamma_q = std::lgamma(q), digamma_q = Digamma(q), log_v = std::log(v);
  double total = 0, grad_p = 0, grad_q = 0, grad_v = 0;
  for (size_t row = 0; row < rows.size(); ++row) {
    const double x = rows.frequency[row], m = rows.monetary[row], weight = rows.weight[row];
    const double px = p * x;
    const double log_m = std::log(m), log_x = std::log(x), log_vxm = std::log(v + x * m);
    total += weight * (std::lgamma(px + q) - std::lgamma(px) - lgamma_q + q * log_v +
                       (px - 1) * log_m + px * log_x - (px + q) * log_vxm);
    if (want_gradient) {
      const double digamma_pxq = Digamma(px + q);
      grad_p += weight * x * (digamma_pxq - Digamma(px) + log_m + log_x - log_vxm);
      grad_q += weight * (digamma_pxq - digamma_q + log_v - log_vxm);
      grad_v += weight * (q / v - (px + q) / (v + x * m));
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
