// Sample size and power of two-proportion and two-mean tests (normal approximation).
#include <cmath>

#include <fmt/format.h>

#include "mroi/experiment.h"

#include "experiment/stats_internal.h"

namespace mroi {

namespace {

Status ValidatePowerOptions(const PowerOptions& options, bool need_power) {
  if (!internal::InOpenUnit(options.baseline)) {
    return InvalidArgument(fmt::format(
        "--baseline {} must be a rate strictly between 0 and 1", options.baseline));
  }
  if (!std::isfinite(options.mde) || options.mde <= 0) {
    return InvalidArgument(fmt::format("--mde {} must be > 0", options.mde));
  }
  MROI_RETURN_IF_ERROR(ValidateAlpha(options.alpha));
  if (need_power && !internal::InOpenUnit(options.power)) {
    return InvalidArgument(
        fmt::format("--power {} must lie strictly between 0 and 1", options.power));
  }
  if (!internal::InOpenUnit(options.allocation)) {
    return InvalidArgument(
        fmt::format("--allocation {} (share of users in the variant) must lie strictly "
                    "between 0 and 1",
                    options.allocation));
  }
  return Status::OK();
}

// The variant rate implied by the options, or an error when it leaves (0, 1).
Result<double> VariantRate(const PowerOptions& options) {
  const double rate = options.relative ? options.baseline * (1 + options.mde)
                                       : options.baseline + options.mde;
  if (!internal::InOpenUnit(rate)) {
    return InvalidArgument(fmt::format(
        "baseline {} with mde {}{} gives a variant rate of {}, outside (0, 1)",
        options.baseline, options.mde, options.relative ? " (relative)" : "", rate));
  }
  return rate;
}

struct Spread {
  double null_sd;  // sqrt(pbar qbar (1/w_c + 1/w_v)): sd of sqrt(N) * diff under H0
  double alternative_sd;  // sqrt(p_c q_c / w_c + p_v q_v / w_v): the same under H1
};

Spread SpreadOf(double rate_c, double rate_v, double allocation) {
  const double share_c = 1 - allocation;
  const double share_v = allocation;
  const double pooled = share_c * rate_c + share_v * rate_v;
  return Spread{
      std::sqrt(pooled * (1 - pooled) * (1 / share_c + 1 / share_v)),
      std::sqrt(rate_c * (1 - rate_c) / share_c + rate_v * (1 - rate_v) / share_v)};
}

SampleSize SplitTotal(double total, double allocation) {
  SampleSize out;
  out.users_control = static_cast<int64_t>(std::ceil(total * (1 - allocation) - 1e-9));
  out.users_variant = static_cast<int64_t>(std::ceil(total * allocation - 1e-9));
  out.users_total = out.users_control + out.users_variant;
  return out;
}

}  // namespace

Result<SampleSize> ProportionSampleSize(const PowerOptions& options) {
  MROI_RETURN_IF_ERROR(ValidatePowerOptions(options, true));
  MROI_ASSIGN_OR_RETURN(const double rate_v, VariantRate(options));
  const Spread spread = SpreadOf(options.baseline, rate_v, options.allocation);
  const double z_alpha = internal::NormalQuantile(1 - options.alpha / 2);
  const double z_beta = internal::NormalQuantile(options.power);
  const double delta = rate_v - options.baseline;
  const double root = z_alpha * spread.null_sd + z_beta * spread.alternative_sd;
  SampleSize out = SplitTotal(root * root / (delta * delta), options.allocation);
  out.baseline = options.baseline;
  out.variant_rate = rate_v;
  return out;
}

Result<double> ProportionPower(const PowerOptions& options, int64_t users_total) {
  MROI_RETURN_IF_ERROR(ValidatePowerOptions(options, false));
  if (users_total < 2) {
    return InvalidArgument(
        fmt::format("{} users: need at least 2 to split", users_total));
  }
  MROI_ASSIGN_OR_RETURN(const double rate_v, VariantRate(options));
  const Spread spread = SpreadOf(options.baseline, rate_v, options.allocation);
  const double z_alpha = internal::NormalQuantile(1 - options.alpha / 2);
  const double delta = std::fabs(rate_v - options.baseline);
  // Inverts the sample-size formula: z_beta = (delta sqrt(N) - z_alpha sd0) / sd1.
  const double z_beta =
      (delta * std::sqrt(static_cast<double>(users_total)) - z_alpha * spread.null_sd) /
      spread.alternative_sd;
  return internal::NormalCdf(z_beta);
}

Result<SampleSize> MeanSampleSize(double sd, double delta, double alpha, double power,
                                  double allocation) {
  if (!std::isfinite(sd) || sd <= 0) {
    return InvalidArgument(fmt::format("standard deviation {} must be > 0", sd));
  }
  if (!std::isfinite(delta) || delta == 0) {
    return InvalidArgument(
        fmt::format("difference to detect {} must be non-zero", delta));
  }
  MROI_RETURN_IF_ERROR(ValidateAlpha(alpha));
  if (!internal::InOpenUnit(power)) {
    return InvalidArgument(
        fmt::format("--power {} must lie strictly between 0 and 1", power));
  }
  if (!internal::InOpenUnit(allocation)) {
    return InvalidArgument(
        fmt::format("--allocation {} must lie strictly between 0 and 1", allocation));
  }
  const double z_sum =
      internal::NormalQuantile(1 - alpha / 2) + internal::NormalQuantile(power);
  const double total =
      z_sum * z_sum * sd * sd * (1 / (1 - allocation) + 1 / allocation) / (delta * delta);
  return SplitTotal(total, allocation);
}

}  // namespace mroi
