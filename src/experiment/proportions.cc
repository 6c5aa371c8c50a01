// Two-proportion z-test with absolute and relative (delta-method) lift intervals.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "mroi/experiment.h"

#include "experiment/stats_internal.h"

namespace mroi {

Status ValidateArm(const ProportionArm& arm, const std::string& name) {
  if (arm.users <= 0) {
    return InvalidArgument(
        fmt::format("{} has {} users: need at least one", name, arm.users));
  }
  if (arm.conversions < 0) {
    return InvalidArgument(
        fmt::format("{} has {} conversions: cannot be negative", name, arm.conversions));
  }
  if (arm.conversions > arm.users) {
    return InvalidArgument(fmt::format("{} has more conversions ({}) than users ({})",
                                       name, arm.conversions, arm.users));
  }
  return Status::OK();
}

Status ValidateAlpha(double alpha) {
  if (!internal::InOpenUnit(alpha)) {
    return InvalidArgument(
        fmt::format("--alpha {} must lie strictly between 0 and 1", alpha));
  }
  return Status::OK();
}

Result<LiftResult> CompareProportions(const ProportionArm& control,
                                      const ProportionArm& variant, double alpha) {
  MROI_RETURN_IF_ERROR(ValidateArm(control, "control"));
  MROI_RETURN_IF_ERROR(ValidateArm(variant, "variant"));
  MROI_RETURN_IF_ERROR(ValidateAlpha(alpha));
  const double users_c = static_cast<double>(control.users);
  const double users_v = static_cast<double>(variant.users);
  const double rate_c = static_cast<double>(control.conversions) / users_c;
  const double rate_v = static_cast<double>(variant.conversions) / users_v;
  const double z_crit = internal::NormalQuantile(1 - alpha / 2);

  LiftResult out;
  out.alpha = alpha;
  out.control_value = rate_c;
  out.variant_value = rate_v;
  out.lift_abs = rate_v - rate_c;

  // The test: pooled rate under H0 (p_c = p_v).
  const double pooled = static_cast<double>(control.conversions + variant.conversions) /
                        (users_c + users_v);
  const double se_pooled = std::sqrt(pooled * (1 - pooled) * (1 / users_c + 1 / users_v));
  out.statistic = se_pooled > 0 ? out.lift_abs / se_pooled : 0.0;
  out.p_value = se_pooled > 0 ? internal::NormalTwoSidedP(out.statistic) : 1.0;

  // The interval: unpooled (Wald) variances of the two rates.
  const double var_c = rate_c * (1 - rate_c) / users_c;
  const double var_v = rate_v * (1 - rate_v) / users_v;
  const double se_abs = std::sqrt(var_c + var_v);
  out.lift_abs_ci_low = out.lift_abs - z_crit * se_abs;
  out.lift_abs_ci_high = out.lift_abs + z_crit * se_abs;

  if (rate_c > 0) {
    out.lift_rel = rate_v / rate_c - 1;
    // Delta method for g(pc, pv) = pv / pc: dg/dpv = 1/pc, dg/dpc = -pv/pc^2.
    const double se_rel = std::sqrt(var_v / (rate_c * rate_c) +
                                    rate_v * rate_v * var_c / std::pow(rate_c, 4));
    out.ci_low = out.lift_rel - z_crit * se_rel;
    out.ci_high = out.lift_rel + z_crit * se_rel;
  } else {
    out.lift_rel = out.ci_low = out.ci_high = std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

}  // namespace mroi
