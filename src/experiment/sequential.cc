// Always-valid monitoring of a two-proportion test by the normal-mixture SPRT.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "mroi/experiment.h"

#include "experiment/stats_internal.h"

namespace mroi {

namespace {

// Users per arm before the default mixture sd is read off the control rate.
constexpr int64_t kMixtureBurnIn = 100;
// Default mixture sd as a share of the control rate: effects of ~10 % relative.
constexpr double kDefaultRelativeMixture = 0.1;

// The default tau: a tenth of the control rate at the first look with enough users.
double DefaultMixtureSd(const std::vector<SequentialLook>& looks) {
  for (const SequentialLook& look : looks) {
    if (look.control.users >= kMixtureBurnIn && look.variant.users >= kMixtureBurnIn &&
        look.control.conversions > 0) {
      return kDefaultRelativeMixture * static_cast<double>(look.control.conversions) /
             static_cast<double>(look.control.users);
    }
  }
  const SequentialLook& last = looks.back();
  const double pooled =
      static_cast<double>(last.control.conversions + last.variant.conversions) /
      static_cast<double>(last.control.users + last.variant.users);
  return kDefaultRelativeMixture * std::max(pooled, 0.01);
}

}  // namespace

Result<SequentialResult> MonitorSequential(const std::vector<SequentialLook>& looks,
                                           const SequentialOptions& options) {
  if (looks.empty())
    return InvalidArgument("sequential monitoring needs at least one look");
  MROI_RETURN_IF_ERROR(ValidateAlpha(options.alpha));
  if (!std::isfinite(options.mixture_sd) || options.mixture_sd < 0) {
    return InvalidArgument(fmt::format("--tau {} must be >= 0", options.mixture_sd));
  }
  for (size_t idx = 0; idx < looks.size(); ++idx) {
    const std::string where = fmt::format("look {}", idx + 1);
    MROI_RETURN_IF_ERROR(ValidateArm(looks[idx].control, where + " control"));
    MROI_RETURN_IF_ERROR(ValidateArm(looks[idx].variant, where + " variant"));
    if (idx > 0) {
      const SequentialLook& before = looks[idx - 1];
      if (looks[idx].control.users < before.control.users ||
          looks[idx].variant.users < before.variant.users ||
          looks[idx].control.conversions < before.control.conversions ||
          looks[idx].variant.conversions < before.variant.conversions) {
        return InvalidArgument(
            fmt::format("{} has fewer users or conversions than the look before: looks "
                        "must be cumulative",
                        where));
      }
    }
  }
  SequentialResult out;
  out.mixture_sd = options.mixture_sd > 0 ? options.mixture_sd : DefaultMixtureSd(looks);
  const double tau_sq = out.mixture_sd * out.mixture_sd;
  const double log_inv_alpha = std::log(1 / options.alpha);
  double always_valid_p = 1;
  for (size_t idx = 0; idx < looks.size(); ++idx) {
    const SequentialLook& look = looks[idx];
    const double users_c = static_cast<double>(look.control.users);
    const double users_v = static_cast<double>(look.variant.users);
    const double rate_c = static_cast<double>(look.control.conversions) / users_c;
    const double rate_v = static_cast<double>(look.variant.conversions) / users_v;
    const double variance =
        rate_c * (1 - rate_c) / users_c + rate_v * (1 - rate_v) / users_v;
    SequentialPoint point;
    point.users_control = look.control.users;
    point.users_variant = look.variant.users;
    point.lift_abs = rate_v - rate_c;
    if (variance > 0) {
      point.z = point.lift_abs / std::sqrt(variance);
      point.fixed_p_value = internal::NormalTwoSidedP(point.z);
      // log Lambda = 0.5 log(V / (V + tau^2)) + d^2 tau^2 / (2 V (V + tau^2)).
      const double log_lambda =
          0.5 * std::log(variance / (variance + tau_sq)) +
          point.lift_abs * point.lift_abs * tau_sq / (2 * variance * (variance + tau_sq));
      point.likelihood_ratio = std::exp(log_lambda);
      always_valid_p = std::min(always_valid_p, std::min(1.0, std::exp(-log_lambda)));
      const double half_width =
          std::sqrt(variance * (variance + tau_sq) / tau_sq *
                    (2 * log_inv_alpha + std::log((variance + tau_sq) / variance)));
      point.cs_low = point.lift_abs - half_width;
      point.cs_high = point.lift_abs + half_width;
    } else {
      point.cs_low = -1;
      point.cs_high = 1;
    }
    point.always_valid_p = always_valid_p;
    if (idx > 0) {
      // A confidence sequence may be intersected over time (it stays valid).
      const SequentialPoint& before = out.looks.back();
      point.cs_low = std::max(point.cs_low, before.cs_low);
      point.cs_high = std::min(point.cs_high, before.cs_high);
    }
    if (!out.stop && always_valid_p < options.alpha) {
      out.stop = true;
      out.stopped_at_look = static_cast<int64_t>(idx);
    }
    out.looks.push_back(point);
  }
  return out;
}

}  // namespace mroi
