// SimulateMmm(): a weekly history with known adstock, Hill, coefficients, base,
// trend, seasonality, controls and noise, for tests and the bench.
#include <array>
#include <cmath>
#include <numbers>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mmm/transform_internal.h"
#include "mroi/mmm.h"

namespace mroi {
namespace {

constexpr std::array<const char*, 10> kChannelNames = {
    "search", "social", "tv", "display", "video", "radio", "ooh", "print", "email", "affiliate"};
constexpr int kMaxChannels = 20;
constexpr double kWeeksPerYear = 365.25 / 7;
// Spend per period is log-uniform in this range (mean over the history).
constexpr double kMinMeanSpend = 5'000, kMaxMeanSpend = 50'000;
// Log-normal spread of the spend of an "on" week.
constexpr double kSpendSpread = 0.35;
// Mean length (weeks) of a pause between flights.
constexpr double kPauseWeeks = 4;
// Effect of one standard deviation of a control, as a share of the base.
constexpr double kControlEffect = 0.04;
constexpr double kControlPersistence = 0.8;

}  // namespace

Result<MmmSimulation> SimulateMmm(const MmmSimulationOptions& options) {
  if (options.periods < 26 || options.periods > 5000) {
    return InvalidArgument("simulated periods must be in [26, 5000]");
  }
  if (options.channels < 1 || options.channels > kMaxChannels) {
    return InvalidArgument(fmt::format("simulated channels must be in [1, {}]", kMaxChannels));
  }
  if (!(options.noise >= 0) || !(options.media_share > 0 && options.media_share < 1) ||
      !(options.seasonality >= 0) || !std::isfinite(options.trend) || options.controls < 0 ||
      options.controls > 10) {
    return InvalidArgument(
        "simulation options: noise >= 0, media_share in (0, 1), seasonality >= 0, "
        "controls in [0, 10] required");
  }
  const auto n = static_cast<size_t>(options.periods);
  std::mt19937_64 engine(options.seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  auto between = [&](double low, double high) { return low + (high - low) * uniform(engine); };

  MmmSimulation out;
  WeeklySeries& series = out.series;
  series.outcome_name = "revenue";
  for (size_t t = 0; t < n; ++t) series.periods.push_back(options.start + static_cast<UnixDays>(7 * t));

  const auto channels = static_cast<size_t>(options.channels);
  out.contributions.assign(channels, std::vector<double>(n, 0.0));
  std::vector<double> media(n, 0.0);
  for (size_t channel_idx = 0; channel_idx < channels; ++channel_idx) {
    MmmTrueChannel truth;
    truth.name = channel_idx < kChannelNames.size()
                     ? kChannelNames[channel_idx]
                     : fmt::format("channel_{}", channel_idx + 1);
    const double mean_spend = std::exp(between(std::log(kMinMeanSpend), std::log(kMaxMeanSpend)));
    // Every channel runs in flights (on/off), which is what identifies its response.
    const double on_share = between(0.5, 0.9);
    std::vector<double> spend(n, 0.0);
    bool on = uniform(engine) < on_share;
    for (size_t t = 0; t < n; ++t) {
      // Pauses last kPauseWeeks on average; flights so that `on_share` of weeks are on.
      const double switch_probability =
          on ? (1 - on_share) / (kPauseWeeks * on_share) : 1.0 / kPauseWeeks;
      if (uniform(engine) < switch_probability) on = !on;
      if (on) {
        spend[t] = mean_spend / on_share *
                   std::exp(kSpendSpread * normal(engine) - kSpendSpread * kSpendSpread / 2);
      }
    }
    truth.theta = between(0.1, 0.7);
    truth.hill_alpha = between(1.0, 2.5);
    truth.hill_gamma = between(0.3, 0.7);
    truth.roi = between(0.8, 3.0);
    const std::vector<double> adstocked = internal::GeometricAdstock(spend, truth.theta);
    truth.half_saturation = internal::HillInflexion(adstocked, truth.hill_gamma);
    truth.total_spend = std::accumulate(spend.begin(), spend.end(), 0.0);
    std::vector<double> hill(n);
    double hill_total = 0;
    for (size_t t = 0; t < n; ++t) {
      hill[t] = internal::Hill(adstocked[t], truth.hill_alpha, truth.half_saturation);
      hill_total += hill[t];
    }
    truth.coefficient = hill_total > 0 ? truth.roi * truth.total_spend / hill_total : 0;
    for (size_t t = 0; t < n; ++t) {
      out.contributions[channel_idx][t] = truth.coefficient * hill[t];
      media[t] += out.contributions[channel_idx][t];
    }
    truth.contribution = truth.coefficient * hill_total;
    truth.roi = truth.total_spend > 0 ? truth.contribution / truth.total_spend : 0;
    series.channels.push_back(truth.name);
    series.spend.push_back(std::move(spend));
    series.tiers.push_back(channel_idx * 10 < channels * 6    ? "core"
                           : channel_idx * 10 < channels * 9 ? "emerging"
                                                              : "experimental");
    out.truth.push_back(std::move(truth));
  }

  // Base level so that media is `media_share` of the mean outcome.
  const double media_mean = std::accumulate(media.begin(), media.end(), 0.0) / static_cast<double>(n);
  const double outcome_mean = media_mean / options.media_share;
  const double base = outcome_mean - media_mean;
  for (int control_idx = 0; control_idx < options.controls; ++control_idx) {
    std::vector<double> control(n);
    double level = normal(engine);
    for (size_t t = 0; t < n; ++t) {
      level = kControlPersistence * level +
              std::sqrt(1 - kControlPersistence * kControlPersistence) * normal(engine);
      control[t] = level;
    }
    series.control_names.push_back(fmt::format("control_{}", control_idx + 1));
    series.controls.push_back(std::move(control));
    out.control_effects.push_back((control_idx % 2 == 0 ? -1 : 1) * kControlEffect * base);
  }
  const double noise_sd = options.noise * outcome_mean;
  for (size_t t = 0; t < n; ++t) {
    const double time = static_cast<double>(t);
    const double angle = 2 * std::numbers::pi * time / kWeeksPerYear;
    double value = base * (1 + options.trend * (time / static_cast<double>(n - 1) - 0.5));
    value += options.seasonality * base * (std::sin(angle) + 0.5 * std::cos(2 * angle));
    for (size_t control_idx = 0; control_idx < series.controls.size(); ++control_idx) {
      value += out.control_effects[control_idx] * series.controls[control_idx][t];
    }
    value += media[t] + noise_sd * normal(engine);
    series.outcome.push_back(value);
  }
  return out;
}

}  // namespace mroi
