// Hyperparameter search over the unit cube: seeded random screening, NLopt BOBYQA
// (Powell, "The BOBYQA algorithm for bound constrained optimization without
// derivatives", 2009) from the best starts, then a polish.
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include <nlopt.hpp>

#include "mmm/model_internal.h"

namespace mroi::internal {
namespace {

// Share of the budget spent on random screening, and its cap per dimension.
constexpr double kScreenShare = 0.3;
constexpr int kScreenPerDimension = 25;
// Local runs from this many distinct screened starts.
constexpr int kStarts = 3;
// Two starts closer than this (max-norm in the unit cube) count as the same.
constexpr double kDistinctStarts = 0.1;
constexpr double kStartStep = 0.1;
constexpr double kPolishStep = 0.02;
constexpr double kPolishShare = 0.2;

struct Tracker {
  const UnitObjective* objective;
  std::vector<double> best;
  double best_value = std::numeric_limits<double>::infinity();
  int64_t evaluations = 0;
};

double Callback(unsigned n, const double* x, double* /*gradient*/, void* data) {
  auto* tracker = static_cast<Tracker*>(data);
  std::vector<double> point(x, x + n);
  double value = (*tracker->objective)(point);
  ++tracker->evaluations;
  if (!std::isfinite(value)) value = std::numeric_limits<double>::max();
  if (value < tracker->best_value) {
    tracker->best_value = value;
    tracker->best = std::move(point);
  }
  return value;
}

}  // namespace

SearchResult LocalSearch(const UnitObjective& objective, const std::vector<double>& start,
                         int budget, double initial_step) {
  const auto dimension = static_cast<unsigned>(start.size());
  Tracker tracker{&objective, start, std::numeric_limits<double>::infinity(), 0};
  std::vector<double> point = start;
  for (double& value : point) value = std::clamp(value, 0.0, 1.0);
  // BOBYQA needs 2d + 2 evaluations to start; below that only evaluate the start.
  if (budget < static_cast<int>(2 * dimension + 3)) {
    Callback(dimension, point.data(), nullptr, &tracker);
    return {tracker.best, tracker.best_value, tracker.evaluations};
  }
  nlopt::opt optimiser(nlopt::LN_BOBYQA, dimension);
  optimiser.set_lower_bounds(std::vector<double>(dimension, 0.0));
  optimiser.set_upper_bounds(std::vector<double>(dimension, 1.0));
  optimiser.set_min_objective(Callback, &tracker);
  optimiser.set_maxeval(budget);
  optimiser.set_xtol_abs(1e-4);
  optimiser.set_ftol_rel(1e-7);
  std::vector<double> step(dimension);
  for (unsigned idx = 0; idx < dimension; ++idx) {
    // The step must fit inside the bounds on at least one side.
    step[idx] = std::min(initial_step, std::max(point[idx], 1.0 - point[idx]));
  }
  optimiser.set_initial_step(step);
  double value = 0;
  try {
    optimiser.optimize(point, value);
  } catch (const std::exception&) {
    // NLopt reports round-off limits by exception; the tracker holds the best point.
  }
  return {tracker.best, tracker.best_value, tracker.evaluations};
}

SearchResult GlobalSearch(const UnitObjective& objective, int dimension, int budget,
                          uint64_t seed, const std::function<void(int64_t)>& progress) {
  const auto dims = static_cast<size_t>(dimension);
  const int screen = std::max(
      1, std::min(static_cast<int>(kScreenShare * budget), kScreenPerDimension * dimension + 50));
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<std::pair<double, std::vector<double>>> screened;
  int64_t evaluations = 0;
  for (int draw = 0; draw < screen; ++draw) {
    std::vector<double> point(dims, 0.5);
    if (draw > 0) {
      for (double& value : point) value = uniform(engine);
    }
    double value = objective(point);
    if (!std::isfinite(value)) value = std::numeric_limits<double>::max();
    screened.emplace_back(value, std::move(point));
    ++evaluations;
  }
  if (progress) progress(evaluations);
  std::stable_sort(screened.begin(), screened.end(),
                   [](const auto& lhs, const auto& rhs) { return lhs.first < rhs.first; });
  std::vector<std::vector<double>> starts;
  for (const auto& [value, point] : screened) {
    const bool distinct = std::all_of(starts.begin(), starts.end(), [&](const auto& start) {
      double distance = 0;
      for (size_t idx = 0; idx < dims; ++idx) distance = std::max(distance, std::fabs(start[idx] - point[idx]));
      return distance > kDistinctStarts;
    });
    if (distinct) starts.push_back(point);
    if (static_cast<int>(starts.size()) == kStarts) break;
  }
  const int remaining = std::max(0, budget - screen);
  const int polish_budget = static_cast<int>(kPolishShare * remaining);
  const int per_start = (remaining - polish_budget) / static_cast<int>(starts.size());
  SearchResult best{screened.front().second, screened.front().first, 0};
  for (const auto& start : starts) {
    SearchResult run = LocalSearch(objective, start, per_start, kStartStep);
    evaluations += run.evaluations;
    if (run.value < best.value) best = std::move(run);
    if (progress) progress(evaluations);
  }
  SearchResult polished = LocalSearch(objective, best.unit, polish_budget, kPolishStep);
  evaluations += polished.evaluations;
  if (polished.value < best.value) best = std::move(polished);
  best.evaluations = evaluations;
  if (progress) progress(evaluations);
  return best;
}

}  // namespace mroi::internal
