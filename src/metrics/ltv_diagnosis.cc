// DiagnoseLtvCac(): why LTV:CAC is below 3:1 (SPEC.md "Metrics"): CAC rose (in which
// channels) and/or LTV fell (churn up, AOV down, purchase frequency down), from the
// current period against its comparison period.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "mroi/ltv.h"
#include "mroi/pipeline.h"

#include "metrics/ltv_internal.h"

namespace mroi {
namespace {

Status CheckOptions(const LtvDiagnosisOptions& options) {
  for (double threshold :
       {options.cac_rise, options.aov_fall, options.frequency_fall, options.churn_rise}) {
    if (!std::isfinite(threshold) || threshold < 0) {
      return InvalidArgument("diagnosis thresholds must be numbers >= 0");
    }
  }
  if (options.max_channels < 0) return InvalidArgument("max_channels must be >= 0");
  return Status::OK();
}

const MetricsRow* FindRow(const std::vector<MetricsRow>& rows,
                          const std::string& channel) {
  for (const MetricsRow& row : rows) {
    if (row.channel == channel) return &row;
  }
  return nullptr;
}

const LtvRow* FindRow(const std::vector<LtvRow>& rows, const std::string& channel) {
  for (const LtvRow& row : rows) {
    if (row.channel == channel) return &row;
  }
  return nullptr;
}

bool HasActivity(const MetricsRow* row) {
  return row != nullptr &&
         (row->spend > 0 || row->conversions > 0 || row->total_cost > 0);
}

// The relative rise of CAC, else of CPA when CAC is n/a in either period.
Ratio CostRise(const Change& cac, const Change& cpa) {
  return cac.percent ? cac.percent : cpa.percent;
}

bool Rose(Ratio percent, double threshold) { return percent && *percent > threshold; }
bool Fell(Ratio percent, double threshold) { return percent && *percent < -threshold; }

std::string Money(Ratio value) { return value ? fmt::format("{:.2f}", *value) : "n/a"; }
std::string Percent(Ratio value) {
  return value ? fmt::format("{:+.1f} %", *value * 100.0) : "n/a";
}
std::string Points(Ratio value) { return FormatPercent(value); }

// "CAC 80.00 -> 160.00, +100.0 %" for one channel.
std::string DescribeCost(const ChannelCostChange& change) {
  if (change.cac.percent) {
    return fmt::format("{} (CAC {} -> {}, {})", change.channel,
                       Money(change.cac.previous), Money(change.cac.current),
                       Percent(change.cac.percent));
  }
  return fmt::format("{} (CPA {} -> {}, {})", change.channel, Money(change.cpa.previous),
                     Money(change.cpa.current), Percent(change.cpa.percent));
}

std::string DescribeReasons(const ChannelLtvDiagnosis& channel) {
  std::vector<std::string> parts;
  for (const std::string& reason : channel.reasons) {
    if (reason == "cac_rose") {
      const Change& change = channel.cac.percent ? channel.cac : channel.cpa;
      parts.push_back(fmt::format("{} rose {}", channel.cac.percent ? "CAC" : "CPA",
                                  Percent(change.percent)));
    } else if (reason == "aov_down") {
      parts.push_back(fmt::format("AOV {}", Percent(channel.aov.percent)));
    } else if (reason == "no_previous_data") {
      parts.push_back("new, nothing to compare");
    } else {
      parts.push_back(
          fmt::format("CAC {} too high for its LTV", Money(channel.cac.current)));
    }
  }
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

std::string ChannelsBelowSentence(const LtvDiagnosis& diagnosis) {
  if (diagnosis.channels.empty()) return "";
  std::string list;
  for (const ChannelLtvDiagnosis& channel : diagnosis.channels) {
    if (!list.empty()) list += ", ";
    list +=
        fmt::format("{} {} ({})", channel.channel,
                    internal::FormatLtvCac(channel.ltv_cac), DescribeReasons(channel));
  }
  return fmt::format(" Channels below 3:1: {}.", list);
}

std::string Summarise(const LtvDiagnosis& diagnosis, const LtvReport& current) {
  const std::string period = FormatPeriod(diagnosis.current_period);
  const std::string previous = FormatPeriod(diagnosis.previous_period);
  if (diagnosis.health == LtvHealth::kNotEnoughData) {
    const std::string why =
        current.totals.new_customers == 0
            ? "no customer was acquired in it"
            : "no acquisition cost (spend or indirect cost) was recorded";
    return fmt::format("LTV:CAC cannot be judged for {}: {}.", period, why);
  }
  const std::string ratio = internal::FormatLtvCac(diagnosis.ltv_cac.current);
  const std::string basis =
      fmt::format("{} LTV {} over CAC {}", diagnosis.ltv_basis,
                  Money(diagnosis.ltv.current), Money(diagnosis.cac.current));
  if (diagnosis.health == LtvHealth::kHealthy) {
    return fmt::format(
        "LTV:CAC is {} in {} ({}), at or above the 3:1 benchmark overall and in every "
        "channel with a ratio; no diagnosis needed.",
        ratio, period, basis);
  }
  if (diagnosis.health == LtvHealth::kChannelsBelow) {
    return fmt::format("LTV:CAC is {} overall in {} ({}), at or above 3:1.{}", ratio,
                       period, basis, ChannelsBelowSentence(diagnosis));
  }
  std::string text = fmt::format("LTV:CAC is {} in {} ({}), below the 3:1 benchmark",
                                 ratio, period, basis);
  if (!diagnosis.has_previous) {
    return text + fmt::format(
                      "; {} holds no spend or conversion to compare with, so the trend "
                      "cannot tell whether CAC rose or LTV fell.{}",
                      previous, ChannelsBelowSentence(diagnosis));
  }
  text += fmt::format(" ({} in {}).", internal::FormatLtvCac(diagnosis.ltv_cac.previous),
                      previous);
  if (diagnosis.cac_rose) {
    text += fmt::format(" CAC rose: {} -> {} ({}) overall", Money(diagnosis.cac.previous),
                        Money(diagnosis.cac.current), Percent(diagnosis.cac.percent));
    if (!diagnosis.cac_rises.empty()) {
      std::string list;
      for (const ChannelCostChange& change : diagnosis.cac_rises) {
        list += (list.empty() ? "" : ", ") + DescribeCost(change);
      }
      text += "; most in " + list;
    }
    text += ".";
  }
  if (diagnosis.ltv_fell) {
    std::vector<std::string> causes;
    if (diagnosis.churn_up) {
      causes.push_back(fmt::format("churn rose from {} to {}",
                                   Points(diagnosis.churn_rate.previous),
                                   Points(diagnosis.churn_rate.current)));
    }
    if (diagnosis.aov_down) {
      causes.push_back(
          fmt::format("AOV fell {} ({} -> {})", Percent(diagnosis.aov.percent),
                      Money(diagnosis.aov.previous), Money(diagnosis.aov.current)));
    }
    if (diagnosis.frequency_down) {
      causes.push_back(fmt::format("purchase frequency fell {} ({:.2f} -> {:.2f})",
                                   Percent(diagnosis.purchase_frequency.percent),
                                   diagnosis.purchase_frequency.previous.value_or(0),
                                   diagnosis.purchase_frequency.current.value_or(0)));
    }
    std::string list;
    for (const std::string& cause : causes) list += (list.empty() ? "" : "; ") + cause;
    text += " LTV fell: " + list + ".";
  }
  if (!diagnosis.cac_rose && !diagnosis.ltv_fell) {
    text +=
        " Neither CAC nor the drivers of LTV (churn, AOV, purchase frequency) moved "
        "beyond "
        "the thresholds: acquisition was already too expensive for the value these "
        "customers bring.";
  }
  return text + ChannelsBelowSentence(diagnosis);
}

}  // namespace

Result<LtvDiagnosis> DiagnoseLtvCac(
    const Dataset& dataset, const IdentityResult& identity, const Journeys& journeys,
    const CustomerValues& values, const MetricsOptions& metrics_options, CompareMode mode,
    const LtvDiagnosisOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOptions(options));
  if (!metrics_options.period) {
    return InvalidArgument(
        "the LTV:CAC diagnosis needs a period (e.g. --period 2025-03)");
  }
  LtvDiagnosis diagnosis;
  diagnosis.mode = mode;
  diagnosis.current_period = *metrics_options.period;
  diagnosis.previous_period = ComparisonPeriod(diagnosis.current_period, mode);
  MetricsOptions current_options = metrics_options;
  current_options.campaigns = false;
  MetricsOptions previous_options = current_options;
  previous_options.period = diagnosis.previous_period;
  MROI_ASSIGN_OR_RETURN(MetricsReport current,
                        ComputeMetrics(dataset, identity, journeys, current_options));
  MROI_ASSIGN_OR_RETURN(MetricsReport previous,
                        ComputeMetrics(dataset, identity, journeys, previous_options));
  const LtvReport current_ltv = LtvByChannel(values, current);
  const LtvReport previous_ltv = LtvByChannel(values, previous);
  const bool predicted = current_ltv.ltv_basis == "predicted";
  diagnosis.ltv_basis = current_ltv.ltv_basis;

  const auto basis_ltv = [&](const LtvRow& row) {
    return predicted ? row.predicted_ltv : row.historical_ltv;
  };
  diagnosis.ltv_cac =
      CompareValues(current_ltv.totals.ltv_cac, previous_ltv.totals.ltv_cac);
  diagnosis.ltv =
      CompareValues(basis_ltv(current_ltv.totals), basis_ltv(previous_ltv.totals));
  diagnosis.cac = CompareValues(current.totals.cac, previous.totals.cac);
  diagnosis.has_previous = HasActivity(&previous.totals);

  // Cost side: channels whose CAC (CPA) rose most.
  std::vector<std::string> names;
  for (const MetricsRow& row : current.channels) names.push_back(row.channel);
  std::vector<ChannelCostChange> rises;
  for (const std::string& name : names) {
    const MetricsRow* now = FindRow(current.channels, name);
    const MetricsRow* before = FindRow(previous.channels, name);
    if (before == nullptr) continue;
    ChannelCostChange change;
    change.channel = name;
    change.cac = CompareValues(now->cac, before->cac);
    change.cpa = CompareValues(now->cpa, before->cpa);
    if (const LtvRow* ltv = FindRow(current_ltv.channels, name))
      change.ltv_cac = ltv->ltv_cac;
    if (Rose(CostRise(change.cac, change.cpa), options.cac_rise)) rises.push_back(change);
  }
  std::stable_sort(rises.begin(), rises.end(),
                   [](const ChannelCostChange& a, const ChannelCostChange& b) {
                     return *CostRise(a.cac, a.cpa) > *CostRise(b.cac, b.cpa);
                   });
  if (rises.size() > static_cast<size_t>(options.max_channels)) {
    rises.resize(static_cast<size_t>(options.max_channels));
  }
  diagnosis.cac_rises = std::move(rises);
  diagnosis.cac_rose =
      Rose(diagnosis.cac.percent, options.cac_rise) || !diagnosis.cac_rises.empty();

  // Value side: churn, AOV, purchase frequency.
  diagnosis.churn_rate =
      CompareValues(current.retention.churn_rate, previous.retention.churn_rate);
  diagnosis.aov = CompareValues(current.totals.aov, previous.totals.aov);
  diagnosis.purchase_frequency = CompareValues(current.totals.purchase_frequency,
                                               previous.totals.purchase_frequency);
  diagnosis.churn_up = diagnosis.churn_rate.absolute &&
                       *diagnosis.churn_rate.absolute > options.churn_rise;
  diagnosis.aov_down = Fell(diagnosis.aov.percent, options.aov_fall);
  diagnosis.frequency_down =
      Fell(diagnosis.purchase_frequency.percent, options.frequency_fall);
  diagnosis.ltv_fell =
      diagnosis.churn_up || diagnosis.aov_down || diagnosis.frequency_down;

  // Channels below the benchmark.
  for (const LtvRow& row : current_ltv.channels) {
    if (!row.ltv_cac || *row.ltv_cac >= kLtvCacBenchmark) continue;
    ChannelLtvDiagnosis channel;
    channel.channel = row.channel;
    channel.ltv_cac = row.ltv_cac;
    if (const LtvRow* before = FindRow(previous_ltv.channels, row.channel)) {
      channel.previous_ltv_cac = before->ltv_cac;
    }
    const MetricsRow* now = FindRow(current.channels, row.channel);
    const MetricsRow* before = FindRow(previous.channels, row.channel);
    MetricsRow empty;
    const MetricsRow& now_row = now != nullptr ? *now : empty;
    const MetricsRow& before_row = before != nullptr ? *before : empty;
    channel.cac = CompareValues(now_row.cac, before_row.cac);
    channel.cpa = CompareValues(now_row.cpa, before_row.cpa);
    channel.aov = CompareValues(now_row.aov, before_row.aov);
    channel.cac_rose = Rose(CostRise(channel.cac, channel.cpa), options.cac_rise);
    channel.aov_down = Fell(channel.aov.percent, options.aov_fall);
    if (!HasActivity(before)) {
      channel.reasons.push_back("no_previous_data");
    } else {
      if (channel.cac_rose) channel.reasons.push_back("cac_rose");
      if (channel.aov_down) channel.reasons.push_back("aov_down");
      if (channel.reasons.empty()) channel.reasons.push_back("cac_high");
    }
    diagnosis.channels.push_back(std::move(channel));
  }
  std::stable_sort(diagnosis.channels.begin(), diagnosis.channels.end(),
                   [](const ChannelLtvDiagnosis& a, const ChannelLtvDiagnosis& b) {
                     return *a.ltv_cac < *b.ltv_cac;
                   });

  if (!current_ltv.totals.ltv_cac) {
    diagnosis.health = LtvHealth::kNotEnoughData;
  } else if (*current_ltv.totals.ltv_cac < kLtvCacBenchmark) {
    diagnosis.health = LtvHealth::kBelowBenchmark;
  } else {
    diagnosis.health =
        diagnosis.channels.empty() ? LtvHealth::kHealthy : LtvHealth::kChannelsBelow;
  }
  diagnosis.summary = Summarise(diagnosis, current_ltv);
  return diagnosis;
}

Result<LtvDiagnosis> DiagnoseLtvCac(const PipelineResult& result,
                                    const CustomerValues& values,
                                    const MetricsOptions& metrics_options,
                                    CompareMode mode,
                                    const LtvDiagnosisOptions& options) {
  return DiagnoseLtvCac(result.dataset, result.identity, result.journeys, values,
                        metrics_options, mode, options);
}

}  // namespace mroi
