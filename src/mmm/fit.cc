// FitMmm(): checks, the hyperparameter search, the full fit, the moving-block residual
// bootstrap (Kunsch, "The jackknife and the bootstrap for general stationary
// observations", Ann. Statist. 1989) and the outputs.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "mmm/model_internal.h"
#include "mmm/stats_internal.h"
#include "mroi/mmm.h"

namespace mroi {
namespace {

using internal::FullFit;
using internal::Problem;

constexpr int kAutoEvaluationsBase = 1500;
constexpr int kAutoEvaluationsPerDimension = 120;
constexpr int kAutoBootstrapBase = 60;
constexpr int kAutoBootstrapPerDimension = 6;
// First step of the bootstrap's local refit (unit cube).
constexpr double kBootstrapStep = 0.05;
// Share of the progress bar taken by the search when the bootstrap runs.
constexpr double kSearchProgressShare = 0.5;

Status CheckOptions(const MmmOptions& options) {
  if (options.weibull_window < 1) return InvalidArgument("weibull_window must be >= 1");
  if (options.fourier_harmonics < 0 || options.fourier_harmonics > 10) {
    return InvalidArgument("fourier_harmonics must be in [0, 10]");
  }
  if (options.cv_folds < 1 || options.cv_folds > 20) return InvalidArgument("cv_folds must be in [1, 20]");
  if (!(options.cv_holdout_fraction > 0 && options.cv_holdout_fraction <= 0.5)) {
    return InvalidArgument("cv_holdout_fraction must be in (0, 0.5]");
  }
  if (options.max_evaluations < 0) return InvalidArgument("max_evaluations must be >= 0");
  if (options.bootstrap < 0) return InvalidArgument("bootstrap must be >= 0");
  if (options.bootstrap_block < 1) return InvalidArgument("bootstrap_block must be >= 1");
  if (options.bootstrap_evaluations < 0) return InvalidArgument("bootstrap_evaluations must be >= 0");
  if (!(options.interval_level > 0 && options.interval_level < 1)) {
    return InvalidArgument("interval_level must be in (0, 1)");
  }
  if (options.threads < 0) return InvalidArgument("threads must be >= 0");
  return Status::OK();
}

// Seed of bootstrap replicate `replicate` (SplitMix64 of the pair).
uint64_t ReplicateSeed(uint64_t seed, int replicate) {
  uint64_t z = seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(replicate) + 1;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Residuals resampled in blocks of `block` consecutive periods (moving blocks).
Eigen::VectorXd BlockResample(const Eigen::VectorXd& residuals, int block, uint64_t seed) {
  const Eigen::Index n = residuals.size();
  const Eigen::Index length = std::min<Eigen::Index>(block, n);
  std::mt19937_64 engine(seed);
  std::uniform_int_distribution<Eigen::Index> start_of(0, n - length);
  Eigen::VectorXd out(n);
  Eigen::Index filled = 0;
  while (filled < n) {
    const Eigen::Index start = start_of(engine);
    for (Eigen::Index offset = 0; offset < length && filled < n; ++offset) {
      out(filled++) = residuals(start + offset);
    }
  }
  return out;
}

// What one fit (point or bootstrap) says about each active channel.
struct ChannelNumbers {
  std::vector<double> contribution;
  std::vector<ResponseParams> params;
};

ChannelNumbers Numbers(const FullFit& fit, const Problem& problem,
                       const std::vector<internal::ChannelHyper>& hyper) {
  ChannelNumbers numbers;
  for (size_t media = 0; media < problem.active_channels().size(); ++media) {
    double total = 0;
    for (double value : fit.hill[media]) total += value;
    numbers.contribution.push_back(fit.media_coefficients[media] * total);
    numbers.params.push_back(ResponseParams{.coefficient = fit.media_coefficients[media],
                                            .hill_alpha = hyper[media].alpha,
                                            .half_saturation = fit.half_saturation[media],
                                            .carryover = fit.carryover[media]});
  }
  return numbers;
}

std::string PeriodName(const WeeklySeries& series) {
  const int days = series.periods[1] - series.periods[0];
  if (days == 7) return "week";
  if (days == 1) return "day";
  return fmt::format("{} days", days);
}

MmmEstimate Interval(double estimate, std::vector<double> draws, double level) {
  MmmEstimate out{estimate, estimate, estimate};
  if (draws.empty()) return out;
  out.low = internal::Quantile(draws, (1 - level) / 2);
  out.high = internal::Quantile(std::move(draws), (1 + level) / 2);
  return out;
}

}  // namespace

const char* AdstockKindName(AdstockKind kind) {
  switch (kind) {
    case AdstockKind::kGeometric: return "geometric";
    case AdstockKind::kWeibullCdf: return "weibull_cdf";
    case AdstockKind::kWeibullPdf: return "weibull_pdf";
  }
  return "geometric";
}

Result<AdstockKind> ParseAdstockKind(const std::string& name) {
  for (AdstockKind kind :
       {AdstockKind::kGeometric, AdstockKind::kWeibullCdf, AdstockKind::kWeibullPdf}) {
    if (name == AdstockKindName(kind)) return kind;
  }
  return InvalidArgument(fmt::format(
      "unknown adstock '{}': expected geometric, weibull_cdf or weibull_pdf", name));
}

Result<MmmFit> FitMmm(const WeeklySeries& series, const MmmOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  MROI_RETURN_IF_ERROR(CheckOptions(options));
  MROI_RETURN_IF_ERROR(CheckWeeklySeries(series));
  if (series.channels.empty()) return InvalidArgument("the series has no spend channels");
  if (series.periods.size() < 2) return InvalidArgument("the series needs at least 2 periods");
  if (!(series.outcome_value > 0) || !std::isfinite(series.outcome_value)) {
    return InvalidArgument("outcome_value must be a positive number");
  }
  MmmFit out;
  out.adstock = options.adstock;
  MROI_ASSIGN_OR_RETURN(Problem problem, Problem::Make(series, options, out.notes));
  const size_t n = series.periods.size();
  const Eigen::VectorXd outcome =
      Eigen::Map<const Eigen::VectorXd>(series.outcome.data(), static_cast<Eigen::Index>(n));
  const int dimension = problem.dimension();
  const int search_budget = options.max_evaluations > 0
                                ? options.max_evaluations
                                : kAutoEvaluationsBase + kAutoEvaluationsPerDimension * dimension;
  const int boot_budget = options.bootstrap_evaluations > 0
                              ? options.bootstrap_evaluations
                              : kAutoBootstrapBase + kAutoBootstrapPerDimension * dimension;
  const double search_share = options.bootstrap > 0 ? kSearchProgressShare : 1.0;

  // 1. Search.
  const internal::UnitObjective objective = [&](const std::vector<double>& unit) {
    return problem.CvNrmse(unit, outcome);
  };
  const internal::SearchResult best = internal::GlobalSearch(
      objective, dimension, search_budget, options.seed, [&](int64_t used) {
        if (options.progress) {
          options.progress(search_share * std::min(1.0, static_cast<double>(used) / search_budget));
        }
      });
  std::atomic<int64_t> evaluations = best.evaluations;
  const internal::Hyper hyper = problem.Decode(best.unit);
  const FullFit fit = problem.Fit(best.unit, outcome);
  const ChannelNumbers point = Numbers(fit, problem, hyper.channels);

  // 2. Bootstrap: refit on fitted + block-resampled residuals, locally from the optimum.
  Eigen::VectorXd fitted = Eigen::Map<const Eigen::VectorXd>(fit.fitted.data(), static_cast<Eigen::Index>(n));
  const Eigen::VectorXd residuals = outcome - fitted;
  std::vector<ChannelNumbers> replicates(static_cast<size_t>(options.bootstrap));
  if (options.bootstrap > 0) {
    std::atomic<int> next = 0, done = 0;
    auto work = [&](bool report) {
      for (int replicate = next++; replicate < options.bootstrap; replicate = next++) {
        const Eigen::VectorXd resampled =
            fitted + BlockResample(residuals, options.bootstrap_block,
                                   ReplicateSeed(options.seed, replicate));
        const internal::UnitObjective boot_objective = [&](const std::vector<double>& unit) {
          return problem.CvNrmse(unit, resampled);
        };
        const internal::SearchResult refit =
            internal::LocalSearch(boot_objective, best.unit, boot_budget, kBootstrapStep);
        evaluations += refit.evaluations;
        replicates[static_cast<size_t>(replicate)] = Numbers(
            problem.Fit(refit.unit, resampled), problem, problem.Decode(refit.unit).channels);
        const int finished = ++done;
        if (report && options.progress) {
          options.progress(search_share + (1 - search_share) * finished / options.bootstrap);
        }
      }
    };
    int threads = options.threads > 0 ? options.threads
                                      : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::clamp(threads, 1, options.bootstrap);
    std::vector<std::thread> workers;
    for (int worker = 1; worker < threads; ++worker) workers.emplace_back(work, false);
    work(true);
    for (std::thread& worker : workers) worker.join();
  }
  out.bootstrap_replicates = options.bootstrap;

  // 3. Outputs per channel.
  double all_spend = 0;
  for (const auto& spend : series.spend) {
    for (double value : spend) all_spend += value;
  }
  const double point_media_total = std::accumulate(point.contribution.begin(), point.contribution.end(), 0.0);
  std::vector<double> replicate_media_total;
  for (const ChannelNumbers& replicate : replicates) {
    replicate_media_total.push_back(
        std::accumulate(replicate.contribution.begin(), replicate.contribution.end(), 0.0));
  }
  const auto& active = problem.active_channels();
  out.response_model.outcome = series.outcome_name;
  out.response_model.period = PeriodName(series);
  out.response_model.outcome_value = series.outcome_value;
  for (size_t channel_idx = 0; channel_idx < series.channels.size(); ++channel_idx) {
    MmmChannelFit channel;
    channel.channel = series.channels[channel_idx];
    channel.tier = channel_idx < series.tiers.size() ? series.tiers[channel_idx] : "";
    const auto& spend = series.spend[channel_idx];
    channel.total_spend = std::accumulate(spend.begin(), spend.end(), 0.0);
    channel.mean_spend = channel.total_spend / static_cast<double>(n);
    channel.min_spend = *std::min_element(spend.begin(), spend.end());
    channel.max_spend = *std::max_element(spend.begin(), spend.end());
    channel.spend_share = all_spend > 0 ? channel.total_spend / all_spend : 0;
    ResponseCurve curve;
    curve.channel = channel.channel;
    curve.tier = channel.tier;
    curve.mean_spend = channel.mean_spend;
    curve.min_spend = channel.min_spend;
    curve.max_spend = channel.max_spend;
    const auto found = std::find(active.begin(), active.end(), channel_idx);
    if (found == active.end()) {
      channel.adstock_weights = {1.0};
      curve.point = ResponseParams{};
      out.response_model.curves.push_back(std::move(curve));
      out.channels.push_back(std::move(channel));
      continue;
    }
    const auto media = static_cast<size_t>(found - active.begin());
    const internal::ChannelHyper& channel_hyper = hyper.channels[media];
    channel.theta = channel_hyper.theta;
    channel.weibull_shape = channel_hyper.shape;
    channel.weibull_scale = channel_hyper.scale;
    channel.adstock_weights = fit.weights[media];
    channel.carryover = fit.carryover[media];
    channel.hill_alpha = channel_hyper.alpha;
    channel.hill_gamma = channel_hyper.gamma;
    channel.half_saturation = fit.half_saturation[media];
    channel.coefficient = fit.media_coefficients[media];
    curve.point = point.params[media];

    const double value = series.outcome_value;
    auto roi_of = [&](double contribution) {
      return channel.total_spend > 0 ? contribution * value / channel.total_spend : 0.0;
    };
    auto share_of = [](double contribution, double total) {
      return total > 0 ? contribution / total : 0.0;
    };
    std::vector<double> contributions, shares, rois, marginal_rois;
    for (size_t replicate = 0; replicate < replicates.size(); ++replicate) {
      const ChannelNumbers& numbers = replicates[replicate];
      contributions.push_back(numbers.contribution[media]);
      shares.push_back(share_of(numbers.contribution[media], replicate_media_total[replicate]));
      rois.push_back(roi_of(numbers.contribution[media]));
      marginal_rois.push_back(MarginalResponse(numbers.params[media], channel.mean_spend) * value);
      curve.draws.push_back(numbers.params[media]);
    }
    const double level = options.interval_level;
    channel.contribution = Interval(point.contribution[media], contributions, level);
    channel.contribution_share =
        Interval(share_of(point.contribution[media], point_media_total), shares, level);
    channel.roi = Interval(roi_of(point.contribution[media]), rois, level);
    channel.marginal_roi =
        Interval(MarginalResponse(point.params[media], channel.mean_spend) * value, marginal_rois, level);
    if (channel.coefficient <= 0) {
      out.notes.push_back(
          fmt::format("channel {}: coefficient at 0, no measurable effect", channel.channel));
    }
    out.response_model.curves.push_back(std::move(curve));
    out.channels.push_back(std::move(channel));
  }

  // 4. Decomposition and fit quality.
  MmmDecomposition& decomposition = out.decomposition;
  decomposition.periods = series.periods;
  decomposition.actual = series.outcome;
  decomposition.fitted = fit.fitted;
  decomposition.components.push_back({"base", "base", std::vector<double>(n, fit.intercept)});
  const Eigen::MatrixXd& fixed = problem.fixed_columns();
  for (Eigen::Index col = 0; col < fixed.cols(); ++col) {
    const std::string& kind = problem.fixed_kinds()[static_cast<size_t>(col)];
    const std::string name = kind == "control" ? problem.fixed_names()[static_cast<size_t>(col)] : kind;
    auto existing = std::find_if(decomposition.components.begin(), decomposition.components.end(),
                                 [&](const MmmComponent& component) { return component.name == name; });
    if (existing == decomposition.components.end()) {
      decomposition.components.push_back({name, kind, std::vector<double>(n, 0.0)});
      existing = decomposition.components.end() - 1;
    }
    for (size_t t = 0; t < n; ++t) {
      existing->values[t] += fit.fixed_coefficients(col) * fixed(static_cast<Eigen::Index>(t), col);
    }
  }
  std::vector<double> media_sum(n, 0.0);
  for (size_t channel_idx = 0; channel_idx < series.channels.size(); ++channel_idx) {
    MmmComponent component{series.channels[channel_idx], "media", std::vector<double>(n, 0.0)};
    const auto found = std::find(active.begin(), active.end(), channel_idx);
    if (found != active.end()) {
      const auto media = static_cast<size_t>(found - active.begin());
      for (size_t t = 0; t < n; ++t) {
        component.values[t] = fit.media_coefficients[media] * fit.hill[media][t];
        media_sum[t] += component.values[t];
      }
    }
    decomposition.components.push_back(std::move(component));
  }
  double base_total = 0;
  for (size_t t = 0; t < n; ++t) base_total += fit.fitted[t] - media_sum[t];
  out.response_model.base_per_period = base_total / static_cast<double>(n);

  out.quality = internal::Quality(series.outcome, fit.fitted);
  out.quality.cv_nrmse = best.value;
  out.lambda = hyper.lambda;
  out.evaluations = evaluations;
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (options.progress) options.progress(1.0);
  return out;
}

}  // namespace mroi
