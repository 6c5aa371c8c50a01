#pragma once

// The input of the marketing-mix model: equally spaced periods (weeks) with an outcome,
// the spend of each channel and control variables. Read from a weekly table (Robyn's
// and Meridian's layouts included) or built from the spend and conversions of a run.

#include <string>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/result.h"
#include "mroi/time.h"

namespace mroi {

/// Weekly (or other equally spaced) series for the marketing-mix model.
/// Invariants (CheckWeeklySeries): periods ascending and equally spaced; every series
/// has one value per period; values finite; spend >= 0.
struct WeeklySeries {
  /// First day of each period.
  std::vector<UnixDays> periods;
  /// Outcome per period, in outcome units (revenue, conversions, ...).
  std::vector<double> outcome;
  std::string outcome_name = "revenue";
  /// Currency per outcome unit (1 for revenue; revenue per conversion for conversions).
  double outcome_value = 1;
  /// Channel names and spend per channel per period: spend[channel][period].
  std::vector<std::string> channels;
  std::vector<std::vector<double>> spend;
  /// Channel tier ("core", "emerging", "experimental" or ""), parallel to channels.
  std::vector<std::string> tiers;
  /// Control variables (competitor activity, events, price, ...): controls[c][period].
  /// A categorical column becomes one 0/1 control per level ("events=event1").
  std::vector<std::string> control_names;
  std::vector<std::vector<double>> controls;
};

/// Check the invariants above. Errors: kInvalidArgument naming the series at fault.
Status CheckWeeklySeries(const WeeklySeries& series);

/// Which columns of a weekly table hold what. Empty lists mean "detect".
struct WeeklyColumns {
  /// Date column (detected: DATE, date, time, week).
  std::string date;
  /// Outcome column (detected: revenue, conversions, sales, kpi).
  std::string outcome;
  /// Column of currency per outcome unit per row (Meridian's revenue_per_conversion);
  /// when set (or detected) outcome_value is its outcome-weighted mean.
  std::string value_per_outcome;
  /// Spend columns (detected: *_S, *_spend, *_cost); the channel is the name without
  /// the suffix.
  std::vector<std::string> spend;
  /// Control columns (detected: *_control, *_B, competitor*, events, holiday*, price*,
  /// newsletter, Promo, Organic*). Non-numeric columns are one-hot encoded.
  std::vector<std::string> controls;
  /// Geo column (detected: geo): rows of one date are summed over geos.
  std::string geo;
};

/// Read a weekly table (CSV, header row). Rows of the same date are summed (geo-level
/// data becomes national; value_per_outcome is outcome-weighted). "na"/"NA"/empty in a
/// numeric column is 0 for spend and controls and an error for the outcome.
/// Errors: kIOError, kInvalidArgument naming the file, line and column.
Result<WeeklySeries> LoadWeeklyCsv(const std::string& path, const WeeklyColumns& columns);

/// Weekly series from a cleaned dataset: spend per channel per ISO week (Monday) from
/// the spend rows, outcome = revenue of the orders per week plus won deals by close
/// date, the channel's tier = the one most of its spend rows carry. The span runs from
/// the first to the last week with spend; weeks without data inside it are zeros.
/// Errors: kInvalidArgument when the dataset has no spend or no conversions.
Result<WeeklySeries> WeeklySeriesFromDataset(const Dataset& dataset);

}  // namespace mroi
