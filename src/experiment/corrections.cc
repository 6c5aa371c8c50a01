// Multiple-testing corrections: Holm step-down and Benjamini-Hochberg step-up.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "mroi/experiment.h"

namespace mroi {

namespace {

Status ValidatePValues(const std::vector<double>& p_values) {
  for (double p : p_values) {
    if (!(p >= 0 && p <= 1))
      return InvalidArgument(fmt::format("p-value {} is not in [0, 1]", p));
  }
  return Status::OK();
}

// Indices of `p_values` sorted by increasing p (stable).
std::vector<size_t> OrderByP(const std::vector<double>& p_values) {
  std::vector<size_t> order(p_values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return p_values[a] < p_values[b]; });
  return order;
}

}  // namespace

Result<std::vector<double>> HolmAdjust(const std::vector<double>& p_values) {
  MROI_RETURN_IF_ERROR(ValidatePValues(p_values));
  const size_t count = p_values.size();
  const std::vector<size_t> order = OrderByP(p_values);
  std::vector<double> adjusted(count);
  double running_max = 0;
  // Holm (1979): p_(i) * (m - i + 1), made non-decreasing, capped at 1.
  for (size_t rank = 0; rank < count; ++rank) {
    const double scaled = static_cast<double>(count - rank) * p_values[order[rank]];
    running_max = std::max(running_max, std::min(1.0, scaled));
    adjusted[order[rank]] = running_max;
  }
  return adjusted;
}

Result<std::vector<double>> BenjaminiHochbergAdjust(const std::vector<double>& p_values) {
  MROI_RETURN_IF_ERROR(ValidatePValues(p_values));
  const size_t count = p_values.size();
  const std::vector<size_t> order = OrderByP(p_values);
  std::vector<double> adjusted(count);
  double running_min = 1;
  // Benjamini & Hochberg (1995): p_(i) * m / i, made non-increasing from the top.
  for (size_t rank = count; rank-- > 0;) {
    const double scaled = p_values[order[rank]] * static_cast<double>(count) /
                          static_cast<double>(rank + 1);
    running_min = std::min(running_min, scaled);
    adjusted[order[rank]] = running_min;
  }
  return adjusted;
}

}  // namespace mroi
