// Verdicts of the A/B tests in plain words, with the "collect ~N more users" advice.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "mroi/experiment_readout.h"

#include "experiment/stats_internal.h"

namespace mroi {

namespace {

constexpr int kMdeSteps = 60;

// "+4.1 %" for a relative lift of 0.041.
std::string Percent(double share) { return fmt::format("{:+.1f} %", 100 * share); }

// "31,234" for 31234.
std::string WithThousands(int64_t value) {
  const std::string digits = fmt::format("{}", value < 0 ? -value : value);
  std::string out;
  if (value < 0) out.push_back('-');
  for (size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) out.push_back(',');
    out.push_back(digits[idx]);
  }
  return out;
}

std::string Level(double alpha) { return fmt::format("{:g} %", 100 * (1 - alpha)); }

std::string PValue(double p_value) {
  return p_value < 1e-4 ? std::string("p < 0.0001") : fmt::format("p = {:.2g}", p_value);
}

// "significant: variant beats control by +4.1 % (95 % CI +1.0 % to +7.2 %, p = 0.01)"
// with the interval of the relative lift, or of the absolute one in `abs_unit`.
std::string SignificantVerdict(const LiftResult& test, double p_value) {
  const bool up = test.lift_abs > 0;
  std::string size;
  if (std::isfinite(test.lift_rel)) {
    size =
        fmt::format("{} ({} CI {} to {}, {})", Percent(test.lift_rel), Level(test.alpha),
                    Percent(test.ci_low), Percent(test.ci_high), PValue(p_value));
  } else {
    size = fmt::format("{:+.4g} ({} CI {:+.4g} to {:+.4g}, {})", test.lift_abs,
                       Level(test.alpha), test.lift_abs_ci_low, test.lift_abs_ci_high,
                       PValue(p_value));
  }
  return fmt::format("significant: variant {} control by {}",
                     up ? "beats" : "is worse than", size);
}

// Smallest relative lift the test detects with `power` at `users_total` users, by
// bisection on the power curve; 0 when none in (0, 1/baseline - 1) is detectable.
double DetectableRelativeLift(double baseline, int64_t users_total, double alpha,
                              double power) {
  double low = 0;
  double high = std::min(1 / baseline - 1, 100.0) * (1 - 1e-9);
  PowerOptions options{baseline, high, true, alpha, power, 0.5};
  Result<double> top = ProportionPower(options, users_total);
  if (!top.ok() || *top < power) return 0;
  for (int step = 0; step < kMdeSteps; ++step) {
    options.mde = 0.5 * (low + high);
    Result<double> reached = ProportionPower(options, users_total);
    if (reached.ok() && *reached >= power) {
      high = options.mde;
    } else {
      low = options.mde;
    }
  }
  return high;
}

std::string MoreUsers(int64_t needed_per_arm, int64_t have_per_arm, double lift_rel,
                      double power, double p_value) {
  const int64_t more = needed_per_arm - have_per_arm;
  if (more <= 0) {
    return fmt::format(
        "not significant ({}): the observed {} is within the noise; keep collecting",
        PValue(p_value), Percent(lift_rel));
  }
  return fmt::format(
      "not significant ({}): collect ~{} more users per arm to detect {} "
      "({:g} % power)",
      PValue(p_value), WithThousands(more), Percent(lift_rel), 100 * power);
}

}  // namespace

std::string ProportionVerdict(const LiftResult& test, const ProportionArm& control,
                              const ProportionArm& variant, double p_value,
                              double power) {
  if (p_value < test.alpha) return SignificantVerdict(test, p_value);
  const double baseline = test.control_value;
  const int64_t have = std::min(control.users, variant.users);
  if (!internal::InOpenUnit(baseline)) {
    return fmt::format(
        "not significant ({}): the control converts at {:g} %, so no lift can be "
        "measured yet; collect more users",
        PValue(p_value), 100 * baseline);
  }
  if (std::isfinite(test.lift_rel) && test.lift_rel != 0) {
    PowerOptions options{baseline, std::fabs(test.lift_rel), true, test.alpha, power,
                         0.5};
    Result<SampleSize> needed = ProportionSampleSize(options);
    if (needed.ok()) {
      return MoreUsers(needed->users_control, have, test.lift_rel, power, p_value);
    }
  }
  const double detectable =
      DetectableRelativeLift(baseline, control.users + variant.users, test.alpha, power);
  return fmt::format(
      "not significant ({}): no difference seen; at {} users per arm the test "
      "detects lifts of about ±{:.1f} % or more ({:g} % power)",
      PValue(p_value), WithThousands(have), 100 * detectable, 100 * power);
}

std::string MeanVerdict(const LiftResult& test, const MeanArm& control,
                        const MeanArm& variant, double p_value, double power) {
  if (p_value < test.alpha) return SignificantVerdict(test, p_value);
  const int64_t have = std::min(control.n, variant.n);
  const double sd = std::sqrt(0.5 * (control.sd * control.sd + variant.sd * variant.sd));
  if (test.lift_abs != 0 && std::isfinite(test.lift_rel)) {
    Result<SampleSize> needed = MeanSampleSize(sd, test.lift_abs, test.alpha, power, 0.5);
    if (needed.ok())
      return MoreUsers(needed->users_control, have, test.lift_rel, power, p_value);
  }
  // Detectable difference at this size: (z_a + z_b) sd sqrt(2 / n).
  const double z_sum =
      internal::NormalQuantile(1 - test.alpha / 2) + internal::NormalQuantile(power);
  const double detectable =
      z_sum * sd * std::sqrt(2.0 / static_cast<double>(std::max<int64_t>(have, 1)));
  return fmt::format(
      "not significant ({}): at {} users per arm the test detects differences "
      "of about ±{:.4g} or more ({:g} % power)",
      PValue(p_value), WithThousands(have), detectable, 100 * power);
}

std::string BayesVerdict(const BayesResult& bayes) {
  constexpr double kShip = 0.95;
  const std::string odds = fmt::format(
      "variant has a {:.1f} % chance to beat control; shipping it risks an expected loss "
      "of "
      "{:.3f} pp of conversion rate (keeping control risks {:.3f} pp)",
      100 * bayes.chance_to_beat, 100 * bayes.expected_loss,
      100 * bayes.expected_loss_control);
  if (bayes.chance_to_beat >= kShip) return "ship the variant: " + odds;
  if (bayes.chance_to_beat <= 1 - kShip) return "keep the control: " + odds;
  return "no clear winner yet: " + odds;
}

std::string SequentialVerdict(const SequentialResult& result, double alpha) {
  if (result.looks.empty()) return "no looks";
  const SequentialPoint& last = result.looks.back();
  const std::string interval =
      fmt::format("{:g} % confidence sequence of the lift {:+.3f} to {:+.3f} pp",
                  100 * (1 - alpha), 100 * last.cs_low, 100 * last.cs_high);
  if (result.stop) {
    const SequentialPoint& at = result.looks[static_cast<size_t>(result.stopped_at_look)];
    return fmt::format(
        "stop: the variant {} control (always-valid p = {:.2g} < {:g} at look "
        "{}); {}",
        at.lift_abs > 0 ? "beats" : "is worse than", at.always_valid_p, alpha,
        result.stopped_at_look + 1, interval);
  }
  std::string peeking;
  if (last.fixed_p_value < alpha) {
    peeking = fmt::format(" (the fixed-horizon p of {:.2g} is not valid when you peek)",
                          last.fixed_p_value);
  }
  return fmt::format("keep running: always-valid p = {:.2g}{}; {}", last.always_valid_p,
                     peeking, interval);
}

}  // namespace mroi
