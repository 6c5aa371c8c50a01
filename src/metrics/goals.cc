// EvaluateGoals(): SMART goals against actuals, paced linearly or by the history's
// seasonal shape, with a projection and an alert when off track.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "metrics/metrics_internal.h"
#include "mroi/metrics.h"
#include "mroi/pipeline.h"

namespace mroi {
namespace {

constexpr std::array<std::string_view, 8> kAdditiveMetrics = {
    "revenue", "gross_profit", "leads", "conversions", "new_customers",
    "spend", "sessions", "unique_visitors"};
constexpr std::array<std::string_view, 7> kRatioMetrics = {"roas", "cac", "croi", "broi",
                                                            "cpl",  "cpa", "aov"};

bool IsRatioMetric(std::string_view metric) {
  return std::find(kRatioMetrics.begin(), kRatioMetrics.end(), metric) != kRatioMetrics.end();
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t at = 0; at < a.size(); ++at) {
    if (std::tolower(static_cast<unsigned char>(a[at])) !=
        std::tolower(static_cast<unsigned char>(b[at]))) {
      return false;
    }
  }
  return true;
}

// The additive sums a goal metric is computed from.
struct Figures {
  double revenue = 0;
  double gross_profit = 0;
  double leads = 0;
  double conversions = 0;
  double new_customers = 0;
  double spend = 0;
  double sessions = 0;
  double unique_visitors = 0;
  double total_cost = 0;
  double sales_cost = 0;

  void Add(const MetricsRow& row) {
    revenue += row.revenue;
    gross_profit += row.gross_profit;
    leads += static_cast<double>(row.leads);
    conversions += static_cast<double>(row.conversions);
    new_customers += static_cast<double>(row.new_customers);
    spend += row.spend;
    sessions += static_cast<double>(row.sessions);
    unique_visitors += static_cast<double>(row.unique_visitors);
    total_cost += row.total_cost;
    sales_cost += row.sales_cost;
  }
};

Ratio MetricOf(const Figures& figures, std::string_view metric, CacCosts cac_costs) {
  if (metric == "revenue") return figures.revenue;
  if (metric == "gross_profit") return figures.gross_profit;
  if (metric == "leads") return figures.leads;
  if (metric == "conversions") return figures.conversions;
  if (metric == "new_customers") return figures.new_customers;
  if (metric == "spend") return figures.spend;
  if (metric == "sessions") return figures.sessions;
  if (metric == "unique_visitors") return figures.unique_visitors;
  if (metric == "roas") return SafeDivide(figures.revenue, figures.spend);
  if (metric == "croi") return Roi(figures.spend, figures.revenue);
  if (metric == "broi") return Roi(figures.total_cost, figures.gross_profit);
  if (metric == "cpl") return SafeDivide(figures.spend, figures.leads);
  if (metric == "cpa") return SafeDivide(figures.spend, figures.conversions);
  if (metric == "aov") return SafeDivide(figures.revenue, figures.conversions);
  if (metric == "cac") {
    double cost = figures.total_cost;
    if (cac_costs == CacCosts::kDirectAndSales) cost = figures.spend + figures.sales_cost;
    if (cac_costs == CacCosts::kDirectOnly) cost = figures.spend;
    return SafeDivide(cost, figures.new_customers);
  }
  return std::nullopt;
}

// A goal's scope: "all", "channel:<group>" or "campaign:<name>".
struct Scope {
  enum class Kind : uint8_t { kAll, kChannel, kCampaign } kind = Kind::kAll;
  std::string name;
};

Result<Scope> ParseScope(std::string_view text) {
  Scope scope;
  if (text.empty() || text == "all") return scope;
  const size_t colon = text.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view kind = text.substr(0, colon);
    scope.name = std::string(text.substr(colon + 1));
    if (kind == "channel") {
      scope.kind = Scope::Kind::kChannel;
      return scope;
    }
    if (kind == "campaign") {
      scope.kind = Scope::Kind::kCampaign;
      return scope;
    }
  }
  return InvalidArgument(fmt::format(
      "unknown goal scope '{}': expected all, channel:<name> or campaign:<name>", text));
}

// Evaluates goal metrics over arbitrary periods.
class GoalCalculator {
 public:
  GoalCalculator(const Dataset& dataset, const IdentityResult& identity,
                 const Journeys& journeys, const MetricsOptions& options)
      : dataset_(dataset), identity_(identity), journeys_(journeys), options_(options) {}

  Result<Ratio> Value(std::string_view metric, const Scope& scope, const Period& period) {
    if (period.days() <= 0) return Ratio(IsRatioMetric(metric) ? Ratio() : Ratio(0.0));
    MetricsOptions options = options_;
    options.period = period;
    options.campaigns = scope.kind == Scope::Kind::kCampaign;
    MROI_ASSIGN_OR_RETURN(MetricsReport report,
                          ComputeMetrics(dataset_, identity_, journeys_, options));
    Figures figures;
    switch (scope.kind) {
      case Scope::Kind::kAll:
        figures.Add(report.totals);
        break;
      case Scope::Kind::kChannel:
        for (const MetricsRow& row : report.channels) {
          if (EqualsIgnoringCase(row.channel, scope.name)) figures.Add(row);
        }
        break;
      case Scope::Kind::kCampaign:
        for (const MetricsRow& row : report.campaigns) {
          if (EqualsIgnoringCase(row.campaign, scope.name)) figures.Add(row);
        }
        break;
    }
    return MetricOf(figures, metric, options_.cac_costs);
  }

 private:
  const Dataset& dataset_;
  const IdentityResult& identity_;
  const Journeys& journeys_;
  const MetricsOptions& options_;
};

// The mean share of the total that earlier windows reached after `elapsed` days: the
// same window 1-3 years back, else the 1-3 preceding windows of equal length, among
// those inside the data with a positive total. nullopt when none qualifies.
Result<std::optional<double>> SeasonalShare(GoalCalculator* calculator,
                                            std::string_view metric, const Scope& scope,
                                            const Period& window, int32_t elapsed,
                                            const Period& data) {
  const auto mean_share = [&](const std::vector<Period>& candidates)
      -> Result<std::optional<double>> {
    double sum = 0;
    int count = 0;
    for (const Period& candidate : candidates) {
      if (candidate.start < data.start || candidate.end > data.end) continue;
      MROI_ASSIGN_OR_RETURN(Ratio whole, calculator->Value(metric, scope, candidate));
      if (!whole || *whole <= 0) continue;
      MROI_ASSIGN_OR_RETURN(
          Ratio part,
          calculator->Value(metric, scope, Period{candidate.start, candidate.start + elapsed}));
      if (!part) continue;
      sum += std::clamp(*part / *whole, 0.0, 1.0);
      ++count;
    }
    if (count == 0) return std::optional<double>();
    return std::optional<double>(sum / count);
  };
  std::vector<Period> years;
  for (int32_t back = 1; back <= 3; ++back) {
    years.push_back(Period{internal::AddMonths(window.start, -12 * back),
                           internal::AddMonths(window.start, -12 * back) + window.days()});
  }
  MROI_ASSIGN_OR_RETURN(std::optional<double> share, mean_share(years));
  if (share) return share;
  std::vector<Period> preceding;
  for (int32_t back = 1; back <= 3; ++back) {
    preceding.push_back(Period{window.start - back * window.days(),
                               window.end - back * window.days()});
  }
  return mean_share(preceding);
}

std::string Number(double value, bool ratio) {
  if (ratio) return fmt::format("{:.2f}", value);
  if (std::fabs(value - std::round(value)) < 1e-9 || std::fabs(value) >= 1000) {
    // Thousands separators by hand (no locale).
    const std::string digits = fmt::format("{:.0f}", std::fabs(value));
    std::string grouped;
    for (size_t at = 0; at < digits.size(); ++at) {
      if (at > 0 && (digits.size() - at) % 3 == 0) grouped += ',';
      grouped += digits[at];
    }
    return (value < 0 ? "-" : "") + grouped;
  }
  return fmt::format("{:.2f}", value);
}

}  // namespace

bool IsGoalMetric(std::string_view metric) {
  return IsRatioMetric(metric) ||
         std::find(kAdditiveMetrics.begin(), kAdditiveMetrics.end(), metric) !=
             kAdditiveMetrics.end();
}

std::string_view PaceMethodName(PaceMethod method) {
  return method == PaceMethod::kLinear ? "linear" : "seasonal";
}

Result<std::vector<GoalStatus>> EvaluateGoals(const Dataset& dataset,
                                              const IdentityResult& identity,
                                              const Journeys& journeys,
                                              const GoalOptions& options) {
  const Period data = DataPeriod(dataset, options.metrics.time_zone);
  const UnixDays as_of = options.as_of.value_or(data.end);
  GoalCalculator calculator(dataset, identity, journeys, options.metrics);
  std::vector<GoalStatus> statuses;
  for (const Goal& goal : dataset.goals) {
    GoalStatus status;
    status.goal = goal;
    status.as_of = as_of;
    status.window = Period{goal.start, goal.end + 1};
    const Result<Scope> scope = ParseScope(goal.scope);
    const bool increase = goal.direction != "decrease";
    if (!IsGoalMetric(goal.metric)) {
      status.valid = false;
      status.alert = fmt::format(
          "unknown goal metric '{}': expected revenue, gross_profit, leads, conversions, "
          "new_customers, spend, sessions, unique_visitors, roas, cac, croi, broi, cpl, "
          "cpa or aov",
          goal.metric);
    } else if (!scope.ok()) {
      status.valid = false;
      status.alert = scope.status().message();
    } else if (goal.direction != "increase" && goal.direction != "decrease") {
      status.valid = false;
      status.alert = fmt::format("unknown goal direction '{}': expected increase or decrease",
                                 goal.direction);
    } else if (status.window.days() <= 0) {
      status.valid = false;
      status.alert = "the goal's end is before its start";
    }
    if (!status.valid) {
      statuses.push_back(std::move(status));
      continue;
    }
    const Period& window = status.window;
    const UnixDays elapsed_end = std::clamp(as_of, window.start, window.end);
    const int32_t elapsed = elapsed_end - window.start;
    status.elapsed_share = static_cast<double>(elapsed) / static_cast<double>(window.days());
    const bool ratio = IsRatioMetric(goal.metric);
    const std::string scope_text = goal.scope.empty() ? "all" : goal.scope;
    if (elapsed == 0) {  // not started: nothing to judge yet
      status.actual = ratio ? Ratio() : Ratio(0.0);
      status.on_track = true;
      statuses.push_back(std::move(status));
      continue;
    }
    MROI_ASSIGN_OR_RETURN(status.actual,
                          calculator.Value(goal.metric, *scope,
                                           Period{window.start, elapsed_end}));
    if (ratio) {
      status.expected_share = 1;
      status.expected_to_date = goal.target;
      status.pace = status.actual ? SafeDivide(*status.actual, goal.target) : std::nullopt;
      status.projected = status.actual;
    } else {
      status.expected_share = status.elapsed_share;
      if (options.seasonal && elapsed < window.days()) {
        MROI_ASSIGN_OR_RETURN(std::optional<double> seasonal,
                              SeasonalShare(&calculator, goal.metric, *scope, window, elapsed,
                                            data));
        if (seasonal && *seasonal > 0) {
          status.expected_share = *seasonal;
          status.pace_method = PaceMethod::kSeasonal;
        }
      }
      status.expected_to_date = goal.target * status.expected_share;
      status.pace = SafeDivide(status.actual.value_or(0), *status.expected_to_date);
      status.projected = SafeDivide(status.actual.value_or(0), status.expected_share);
    }
    status.on_track = status.projected.has_value() &&
                      (increase ? *status.projected >= goal.target
                                : *status.projected <= goal.target);
    if (!status.on_track) {
      const std::string actual =
          status.actual ? Number(*status.actual, ratio) : std::string("n/a");
      const std::string projected =
          status.projected ? Number(*status.projected, ratio) : std::string("n/a");
      if (ratio) {
        status.alert = fmt::format(
            "{} ({}) is off track: {} by {} against a target of {} ({} is better)",
            goal.metric, scope_text, actual, FormatDate(elapsed_end - 1),
            Number(goal.target, true), increase ? "higher" : "lower");
      } else {
        status.alert = fmt::format(
            "{} ({}) is off track: {} by {} against {} expected at this point ({} pace); "
            "projected {} {} the target of {}",
            goal.metric, scope_text, actual, FormatDate(elapsed_end - 1),
            Number(*status.expected_to_date, false), PaceMethodName(status.pace_method),
            projected, increase ? "falls short of" : "exceeds", Number(goal.target, false));
      }
    }
    statuses.push_back(std::move(status));
  }
  return statuses;
}

Result<std::vector<GoalStatus>> EvaluateGoals(const PipelineResult& result,
                                              const GoalOptions& options) {
  return EvaluateGoals(result.dataset, result.identity, result.journeys, options);
}

}  // namespace mroi
