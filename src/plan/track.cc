// The plan-vs-actual arithmetic: elapsed share, pace, linear projection and alerts.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "mroi/metrics.h"
#include "mroi/plan_allocate.h"
#include "mroi/plan_track.h"

namespace mroi {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Percent(double fraction) { return fmt::format("{:.0f} %", fraction * 100); }

// Pace, projection and alerts of one row whose budget, target and to-date sums are set.
void Evaluate(double elapsed, double tolerance, ChannelTrack* row) {
  if (elapsed > 0) {
    row->projected_spend = row->spend_to_date / elapsed;
    row->projected_revenue = row->revenue_to_date / elapsed;
    if (row->budget > 0) row->pace = row->spend_to_date / (row->budget * elapsed);
  }
  if (row->budget > 0) row->projected_spend_share = row->projected_spend / row->budget;
  if (row->target && *row->target > 0) {
    row->projected_revenue_share = row->projected_revenue / *row->target;
  }
  const std::string name = row->channel == "total" ? "In total" : row->channel;
  if (!row->planned) {
    if (row->spend_to_date > 0) {
      row->alerts.push_back(fmt::format("{} is not in the plan but has spent {} so far",
                                        row->channel, FormatAmount(row->spend_to_date)));
    }
  } else if (row->projected_spend > row->budget * (1 + tolerance) && elapsed > 0) {
    row->alerts.push_back(fmt::format(
        "{} is on course to spend {} against a budget of {} ({} of budget)", name,
        FormatAmount(row->projected_spend), FormatAmount(row->budget),
        row->projected_spend_share ? Percent(*row->projected_spend_share) : "n/a"));
  }
  if (row->target && row->projected_revenue < *row->target * (1 - tolerance) && elapsed > 0) {
    row->alerts.push_back(fmt::format(
        "{} is on course for revenue of {} against a target of {} ({} of target)", name,
        FormatAmount(row->projected_revenue), FormatAmount(*row->target),
        row->projected_revenue_share ? Percent(*row->projected_revenue_share) : "n/a"));
  }
  std::string pace_words = "no budget";
  if (row->pace) {
    pace_words = *row->pace > 1 + tolerance   ? "ahead of pace"
                 : *row->pace < 1 - tolerance ? "behind pace"
                                              : "on pace";
    pace_words = fmt::format("pace {:.2f}, {}", *row->pace, pace_words);
  }
  row->text = fmt::format("{}: spent {} of {} with {} of the period gone ({}); on course for "
                          "{} spend and {} revenue",
                          name, FormatAmount(row->spend_to_date), FormatAmount(row->budget),
                          Percent(elapsed), pace_words, FormatAmount(row->projected_spend),
                          FormatAmount(row->projected_revenue));
  if (row->projected_revenue_share) {
    row->text += fmt::format(" ({} of the {} target)", Percent(*row->projected_revenue_share),
                             FormatAmount(*row->target));
  }
  row->text += row->alerts.empty() ? "." : " — ALERT.";
}

}  // namespace

std::vector<ChannelActual> SumActuals(const std::vector<DailyActual>& rows, UnixDays first,
                                      UnixDays last) {
  std::vector<ChannelActual> sums;
  for (const DailyActual& row : rows) {
    if (row.day < first || row.day > last) continue;
    auto it = std::find_if(sums.begin(), sums.end(), [&](const ChannelActual& seen) {
      return seen.channel == row.channel;
    });
    if (it == sums.end()) {
      sums.push_back({row.channel, 0, 0});
      it = sums.end() - 1;
    }
    it->spend += row.spend;
    it->revenue += row.revenue;
  }
  return sums;
}

std::vector<ChannelActual> ActualsFromMetrics(const MetricsReport& report) {
  std::vector<ChannelActual> actuals;
  for (const MetricsRow& row : report.channels) {
    actuals.push_back({row.channel, row.spend, row.revenue});
  }
  return actuals;
}

Result<TrackReport> TrackPlan(const PlanFile& plan, const std::vector<ChannelActual>& actuals,
                              const TrackOptions& options) {
  if (plan.lines.empty()) return InvalidArgument("the plan has no channels");
  if (options.end < options.start) {
    return InvalidArgument(fmt::format("the plan ends ({}) before it starts ({})",
                                       FormatDate(options.end), FormatDate(options.start)));
  }
  if (options.as_of < options.start) {
    return InvalidArgument(fmt::format("as-of {} is before the plan starts ({})",
                                       FormatDate(options.as_of), FormatDate(options.start)));
  }
  if (!(options.tolerance >= 0 && options.tolerance < 1)) {
    return InvalidArgument(
        fmt::format("tolerance must be in [0, 1), got {}", options.tolerance));
  }
  TrackReport report;
  report.start = options.start;
  report.end = options.end;
  report.as_of = options.as_of;
  report.tolerance = options.tolerance;
  report.days_total = options.end - options.start + 1;
  report.days_elapsed = std::min(options.as_of, options.end) - options.start + 1;
  report.elapsed = static_cast<double>(report.days_elapsed) / report.days_total;
  std::vector<bool> used(actuals.size(), false);
  bool every_target = true;
  double total_target = 0;
  report.total.channel = "total";
  for (const PlanLine& line : plan.lines) {
    ChannelTrack row;
    row.channel = line.channel;
    row.budget = line.budget;
    row.target = line.target;
    for (size_t idx = 0; idx < actuals.size(); ++idx) {
      if (used[idx] || Lower(actuals[idx].channel) != Lower(line.channel)) continue;
      used[idx] = true;
      row.spend_to_date += actuals[idx].spend;
      row.revenue_to_date += actuals[idx].revenue;
    }
    every_target = every_target && line.target.has_value();
    total_target += line.target.value_or(0);
    report.channels.push_back(std::move(row));
  }
  for (size_t idx = 0; idx < actuals.size(); ++idx) {
    if (used[idx] || actuals[idx].spend <= 0) continue;  // organic, direct: no budget
    ChannelTrack row;
    row.channel = actuals[idx].channel;
    row.planned = false;
    row.spend_to_date = actuals[idx].spend;
    row.revenue_to_date = actuals[idx].revenue;
    report.channels.push_back(std::move(row));
  }
  for (ChannelTrack& row : report.channels) {
    report.total.budget += row.budget;
    report.total.spend_to_date += row.spend_to_date;
    report.total.revenue_to_date += row.revenue_to_date;
    Evaluate(report.elapsed, options.tolerance, &row);
    report.alerts.insert(report.alerts.end(), row.alerts.begin(), row.alerts.end());
  }
  if (every_target) report.total.target = total_target;
  Evaluate(report.elapsed, options.tolerance, &report.total);
  report.alerts.insert(report.alerts.end(), report.total.alerts.begin(),
                       report.total.alerts.end());
  return report;
}

}  // namespace mroi
