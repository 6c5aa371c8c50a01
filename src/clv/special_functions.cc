// Special functions of the customer models: digamma without exceptions, log Beta
// and the Gauss hypergeometric series.

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/special_functions/digamma.hpp>

#include "clv/clv_internal.h"

namespace mroi::internal {
namespace {

using NoThrowPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

// Terms allowed in one hypergeometric series: z = 0.9999 needs about 4e5.
constexpr int64_t kMaxSeriesTerms = 2'000'000;
constexpr double kSeriesTolerance = 1e-17;

}  // namespace

double Digamma(double x) {
  if (!(x > 0) || !std::isfinite(x)) return std::numeric_limits<double>::quiet_NaN();
  return boost::math::digamma(x, NoThrowPolicy());
}

double LogBeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

double Hyp2F1(double a, double b, double c, double z) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(z >= 0 && z < 1) || !std::isfinite(a + b + c)) return nan;
  double term = 1.0, sum = 1.0;
  for (int64_t n = 0; n < kMaxSeriesTerms; ++n) {
    const double dn = static_cast<double>(n);
    if (c + dn == 0) return nan;
    const double ratio = (a + dn) * (b + dn) / ((c + dn) * (dn + 1)) * z;
    term *= ratio;
    sum += term;
    if (!std::isfinite(sum)) return nan;
    // Once the terms shrink, the tail is bounded by a geometric series whose ratio
    // is the larger of the current ratio and its limit z.
    const double bound = std::max(std::fabs(ratio), z);
    if (bound < 1 && std::fabs(term) <= kSeriesTolerance * (1 - bound) * std::fabs(sum)) {
      return sum;
    }
    if (term == 0) return sum;
  }
  return nan;
}

}  // namespace mroi::internal
