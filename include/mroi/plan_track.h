#pragma once

// The plan-vs-actual tracker (SPEC "Budget planning"): during the plan's period, how far
// each channel's spend and revenue are along, at what pace, where a linear run rate
// ends, and alerts when spend overshoots the budget or revenue falls short of target.
//
// Days are calendar days (UnixDays); the plan's start and end and the as-of day are all
// inclusive. elapsed = (as_of - start + 1) / (end - start + 1), clamped to [0, 1].
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/result.h"
#include "mroi/time.h"

namespace mroi {

struct MetricsReport;  // mroi/metrics.h

/// One line of a plan: a channel's budget and (optional) revenue target for the period.
struct PlanLine {
  std::string channel;
  double budget = 0;
  std::optional<double> target;
};

/// A plan file: lines, and the period when the file gives it (start/end columns).
struct PlanFile {
  std::vector<PlanLine> lines;
  std::optional<UnixDays> start;  // inclusive
  std::optional<UnixDays> end;    // inclusive
};

/// Parse a plan CSV with a header: channel, budget, optional target, optional start and
/// end (YYYY-MM-DD; the same on every row that gives them). Column names are
/// case-insensitive; blank lines are skipped. Errors (kInvalidArgument, naming `source`
/// and the line): missing column, bad or negative number, bad date, duplicate channel,
/// rows disagreeing on the period, no rows.
Result<PlanFile> ParsePlanCsv(std::string_view text, std::string_view source);
/// Read and parse a plan file. Errors: kIOError, or as ParsePlanCsv.
Result<PlanFile> LoadPlanCsv(const std::string& path);

/// One row of an actuals CSV (date, channel, spend, revenue).
struct DailyActual {
  UnixDays day = 0;
  std::string channel;
  double spend = 0;
  double revenue = 0;
};
/// Parse an actuals CSV with the header date,channel,spend[,revenue] (any order).
/// Errors (kInvalidArgument, with the line): missing column, bad date or number.
Result<std::vector<DailyActual>> ParseActualsCsv(std::string_view text, std::string_view source);
/// Read and parse an actuals file. Errors: kIOError, or as ParseActualsCsv.
Result<std::vector<DailyActual>> LoadActualsCsv(const std::string& path);

/// Spend and revenue of one channel to date.
struct ChannelActual {
  std::string channel;
  double spend = 0;
  double revenue = 0;
};
/// Sum `rows` over the days [first, last] per channel (first-seen order).
std::vector<ChannelActual> SumActuals(const std::vector<DailyActual>& rows, UnixDays first,
                                      UnixDays last);
/// Per-channel spend and (last-touch) revenue of a metrics report (its channel rows).
std::vector<ChannelActual> ActualsFromMetrics(const MetricsReport& report);

/// How to track.
struct TrackOptions {
  UnixDays start = 0;  // inclusive
  UnixDays end = 0;    // inclusive
  UnixDays as_of = 0;  // last day counted, inclusive
  /// Alert when projected spend > budget x (1 + tolerance) or projected revenue <
  /// target x (1 - tolerance). Default 0.1.
  double tolerance = 0.1;
};

/// Where one channel (or the total) stands.
struct ChannelTrack {
  std::string channel;             // "total" for the total
  bool planned = true;             // false: spend seen on a channel not in the plan
  double budget = 0;
  std::optional<double> target;
  double spend_to_date = 0;
  double revenue_to_date = 0;
  /// spend_to_date / (budget x elapsed); nullopt when budget or elapsed is 0.
  std::optional<double> pace;
  double projected_spend = 0;      // spend_to_date / elapsed (linear run rate)
  double projected_revenue = 0;
  std::optional<double> projected_spend_share;    // projected_spend / budget
  std::optional<double> projected_revenue_share;  // projected_revenue / target
  std::vector<std::string> alerts;
  std::string text;                // one line in plain words
};

/// The whole read-out.
struct TrackReport {
  UnixDays start = 0;
  UnixDays end = 0;
  UnixDays as_of = 0;
  int days_elapsed = 0;
  int days_total = 0;
  double elapsed = 0;
  double tolerance = 0.1;
  /// Plan order, then unplanned channels with spend (channels without spend and
  /// outside the plan, such as organic search, are left out, also from the total).
  std::vector<ChannelTrack> channels;
  ChannelTrack total;
  std::vector<std::string> alerts;     // every channel's and the total's alerts
};

/// Track `plan` against `actuals` (already summed over [start, as_of]; channel names
/// match case-insensitively). Errors (kInvalidArgument): end before start, as-of before
/// the start, tolerance not in [0, 1), an empty plan.
Result<TrackReport> TrackPlan(const PlanFile& plan, const std::vector<ChannelActual>& actuals,
                              const TrackOptions& options);

}  // namespace mroi
