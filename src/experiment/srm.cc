// Sample-ratio mismatch: chi-square goodness of fit of users per arm to the plan.
#include <cmath>
#include <numeric>

#include <boost/math/distributions/chi_squared.hpp>
#include <fmt/format.h>

#include "mroi/experiment.h"

#include "experiment/boost_policy_internal.h"

namespace mroi {

Result<SrmResult> CheckSampleRatio(const std::vector<int64_t>& users,
                                   const std::vector<double>& planned_shares,
                                   double threshold) {
  if (users.size() < 2)
    return InvalidArgument("a sample-ratio check needs at least 2 arms");
  if (users.size() != planned_shares.size()) {
    return InvalidArgument(fmt::format("{} arms but {} planned shares", users.size(),
                                       planned_shares.size()));
  }
  double share_sum = 0;
  for (double share : planned_shares) {
    if (!std::isfinite(share) || share <= 0) {
      return InvalidArgument(fmt::format("planned share {} must be > 0", share));
    }
    share_sum += share;
  }
  int64_t total = 0;
  for (int64_t count : users) {
    if (count < 0) return InvalidArgument(fmt::format("negative user count {}", count));
    total += count;
  }
  if (total == 0) return InvalidArgument("no users in any arm");
  SrmResult out;
  for (size_t arm = 0; arm < users.size(); ++arm) {
    const double expected = static_cast<double>(total) * planned_shares[arm] / share_sum;
    const double gap = static_cast<double>(users[arm]) - expected;
    out.chi_square += gap * gap / expected;
  }
  out.df = static_cast<double>(users.size() - 1);
  const boost::math::chi_squared_distribution<double, internal::NoThrowPolicy> chi(
      out.df);
  out.p_value = boost::math::cdf(boost::math::complement(chi, out.chi_square));
  out.mismatch = out.p_value < threshold;
  if (out.mismatch) {
    std::string observed;
    for (size_t arm = 0; arm < users.size(); ++arm) {
      observed += fmt::format(
          "{}{:.2f} %", arm == 0 ? "" : " / ",
          100.0 * static_cast<double>(users[arm]) / static_cast<double>(total));
    }
    std::string planned;
    for (size_t arm = 0; arm < users.size(); ++arm) {
      planned += fmt::format("{}{:.2f} %", arm == 0 ? "" : " / ",
                             100.0 * planned_shares[arm] / share_sum);
    }
    out.warning = fmt::format(
        "SAMPLE RATIO MISMATCH: users split {} against a planned {} (chi-square {:.1f}, "
        "p = "
        "{:.2g}). The assignment or the logging is broken; do not trust any lift until "
        "the "
        "cause is found.",
        observed, planned, out.chi_square, out.p_value);
  }
  return out;
}

}  // namespace mroi
