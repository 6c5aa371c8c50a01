// Distribution helpers of the experiment layer, all from Boost.Math.
#include <algorithm>
#include <cmath>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "experiment/boost_policy_internal.h"
#include "experiment/stats_internal.h"

namespace mroi::internal {

namespace {
using Normal = boost::math::normal_distribution<double, NoThrowPolicy>;
using Student = boost::math::students_t_distribution<double, NoThrowPolicy>;
}  // namespace

double NormalQuantile(double probability) {
  return boost::math::quantile(Normal(), probability);
}

double NormalTwoSidedP(double z) {
  if (!std::isfinite(z)) return std::isnan(z) ? 1.0 : 0.0;
  const double tail = boost::math::cdf(boost::math::complement(Normal(), std::fabs(z)));
  return std::min(1.0, 2.0 * tail);
}

double NormalCdf(double z) { return boost::math::cdf(Normal(), z); }

double StudentQuantile(double df, double probability) {
  return boost::math::quantile(Student(df), probability);
}

double StudentTwoSidedP(double df, double t) {
  if (!std::isfinite(t)) return std::isnan(t) ? 1.0 : 0.0;
  const double tail =
      boost::math::cdf(boost::math::complement(Student(df), std::fabs(t)));
  return std::min(1.0, 2.0 * tail);
}

}  // namespace mroi::internal
