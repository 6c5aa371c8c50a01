// The invariants of WeeklySeries.
#include <fmt/format.h>

#include <cmath>

#include "mroi/mmm_data.h"

namespace mroi {

namespace {

Status CheckValues(const std::vector<double>& values, size_t periods, const std::string& what,
                   bool non_negative) {
  if (values.size() != periods) {
    return InvalidArgument(fmt::format("{} has {} values for {} periods", what, values.size(),
                                       periods));
  }
  for (size_t t = 0; t < values.size(); ++t) {
    if (!std::isfinite(values[t]) || (non_negative && values[t] < 0)) {
      return InvalidArgument(fmt::format("{} at period {} is {}: values must be finite{}", what,
                                         t + 1, values[t], non_negative ? " and >= 0" : ""));
    }
  }
  return Status::OK();
}

}  // namespace

Status CheckWeeklySeries(const WeeklySeries& series) {
  const size_t n = series.periods.size();
  if (n < 2) return InvalidArgument("the series needs at least 2 periods");
  const int32_t step = series.periods[1] - series.periods[0];
  if (step <= 0) return InvalidArgument("periods must be in ascending order");
  for (size_t t = 2; t < n; ++t) {
    if (series.periods[t] - series.periods[t - 1] != step) {
      return InvalidArgument(fmt::format(
          "periods must be equally spaced: {} follows {} ({} days, not {})",
          FormatDate(series.periods[t]), FormatDate(series.periods[t - 1]),
          series.periods[t] - series.periods[t - 1], step));
    }
  }
  MROI_RETURN_IF_ERROR(CheckValues(series.outcome, n, "outcome", false));
  if (!(series.outcome_value > 0) || !std::isfinite(series.outcome_value)) {
    return InvalidArgument("outcome_value must be a positive number");
  }
  if (series.channels.empty()) return InvalidArgument("the series has no spend channel");
  if (series.spend.size() != series.channels.size()) {
    return InvalidArgument("spend must have one series per channel");
  }
  if (!series.tiers.empty() && series.tiers.size() != series.channels.size()) {
    return InvalidArgument("tiers must be empty or one per channel");
  }
  for (size_t c = 0; c < series.channels.size(); ++c) {
    MROI_RETURN_IF_ERROR(
        CheckValues(series.spend[c], n, "spend of '" + series.channels[c] + "'", true));
  }
  if (series.controls.size() != series.control_names.size()) {
    return InvalidArgument("controls must have one series per control name");
  }
  for (size_t c = 0; c < series.controls.size(); ++c) {
    MROI_RETURN_IF_ERROR(
        CheckValues(series.controls[c], n, "control '" + series.control_names[c] + "'", false));
  }
  return Status::OK();
}

}  // namespace mroi
