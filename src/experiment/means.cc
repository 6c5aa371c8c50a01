// Welch's t-test of two means with Welch-Satterthwaite degrees of freedom.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "mroi/experiment.h"

#include "experiment/stats_internal.h"

namespace mroi {

namespace {

Status ValidateMeanArm(const MeanArm& arm, const char* name) {
  if (arm.n < 2) {
    return InvalidArgument(
        fmt::format("{} has {} users: a t-test needs at least 2", name, arm.n));
  }
  if (!std::isfinite(arm.mean))
    return InvalidArgument(fmt::format("{} mean is not finite", name));
  if (!std::isfinite(arm.sd) || arm.sd < 0) {
    return InvalidArgument(
        fmt::format("{} standard deviation {} must be finite and >= 0", name, arm.sd));
  }
  return Status::OK();
}

}  // namespace

MeanArm SummariseValues(const std::vector<double>& values) {
  MeanArm out;
  out.n = static_cast<int64_t>(values.size());
  if (values.empty()) return out;
  // Welford's one-pass update (Knuth TAOCP vol. 2, 4.2.2) for a stable variance.
  double mean = 0;
  double sum_sq = 0;
  double count = 0;
  for (double value : values) {
    count += 1;
    const double delta = value - mean;
    mean += delta / count;
    sum_sq += delta * (value - mean);
  }
  out.mean = mean;
  out.sd = values.size() > 1 ? std::sqrt(sum_sq / (count - 1)) : 0.0;
  return out;
}

Result<LiftResult> CompareMeans(const MeanArm& control, const MeanArm& variant,
                                double alpha) {
  MROI_RETURN_IF_ERROR(ValidateMeanArm(control, "control"));
  MROI_RETURN_IF_ERROR(ValidateMeanArm(variant, "variant"));
  MROI_RETURN_IF_ERROR(ValidateAlpha(alpha));
  const double var_mean_c = control.sd * control.sd / static_cast<double>(control.n);
  const double var_mean_v = variant.sd * variant.sd / static_cast<double>(variant.n);
  const double var_diff = var_mean_c + var_mean_v;
  if (var_diff <= 0) {
    return InvalidArgument("both arms have standard deviation 0: nothing to test");
  }
  LiftResult out;
  out.alpha = alpha;
  out.control_value = control.mean;
  out.variant_value = variant.mean;
  out.lift_abs = variant.mean - control.mean;
  const double se = std::sqrt(var_diff);
  out.statistic = out.lift_abs / se;
  // Welch (1947), Satterthwaite (1946).
  out.df = var_diff * var_diff /
           (var_mean_c * var_mean_c / static_cast<double>(control.n - 1) +
            var_mean_v * var_mean_v / static_cast<double>(variant.n - 1));
  out.p_value = internal::StudentTwoSidedP(out.df, out.statistic);
  const double t_crit = internal::StudentQuantile(out.df, 1 - alpha / 2);
  out.lift_abs_ci_low = out.lift_abs - t_crit * se;
  out.lift_abs_ci_high = out.lift_abs + t_crit * se;
  if (control.mean != 0) {
    const double mean_c = control.mean;
    out.lift_rel = variant.mean / mean_c - 1;
    const double se_rel =
        std::sqrt(var_mean_v / (mean_c * mean_c) +
                  variant.mean * variant.mean * var_mean_c / std::pow(mean_c, 4));
    out.ci_low = out.lift_rel - t_crit * se_rel;
    out.ci_high = out.lift_rel + t_crit * se_rel;
  } else {
    out.lift_rel = out.ci_low = out.ci_high = std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

}  // namespace mroi
