// mroi plan mmm: the marketing-mix model — per-channel adstock and Hill saturation fitted
// on weekly spend and outcome, with ROI, marginal ROI, the decomposition and response
// curves with bootstrap intervals; --save writes the curves for `mroi plan optimize`.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>

#include "mroi/metrics.h"
#include "mroi/mmm.h"
#include "mroi/plan_tiers.h"
#include "plan_commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

struct MmmFlags {
  RunFlags run;  // --data DIR (weekly series from the cleaned data), --json, --quiet
  std::string weekly;
  WeeklyColumns columns;
  std::string adstock = "geometric";
  bool no_trend = false;
  int harmonics = 2;
  int cv_folds = 8;
  int evaluations = 0;
  int bootstrap = 100;
  uint64_t seed = 1;
  int threads = 0;
  std::vector<std::string> tiers;  // CHANNEL=TIER
  std::string save;
  std::string decomposition_out;
  std::string curves_out;
  int curve_points = 41;
};

nlohmann::ordered_json Finite(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

void AddEstimate(nlohmann::ordered_json* out, const std::string& name, const MmmEstimate& e) {
  (*out)[name] = Finite(e.estimate);
  (*out)[name + "_ci_low"] = Finite(e.low);
  (*out)[name + "_ci_high"] = Finite(e.high);
}

Result<WeeklySeries> LoadSeries(const MmmFlags& flags) {
  const bool has_run_input = HasRunInputs(flags.run);
  if (!flags.weekly.empty() && has_run_input) {
    return InvalidArgument("give either --weekly FILE or --data DIR, not both");
  }
  if (!flags.weekly.empty()) return LoadWeeklyCsv(flags.weekly, flags.columns);
  if (!has_run_input) {
    return InvalidArgument(
        "no input: give --weekly FILE (a weekly table: date, outcome, spend per channel) or "
        "--data DIR (weekly spend and revenue from the cleaned exports)");
  }
  Progress progress(!flags.run.json && !flags.run.quiet);
  MROI_ASSIGN_OR_RETURN(PipelineResult result, RunFromFlags(flags.run, &progress));
  progress.Finish();
  return WeeklySeriesFromDataset(result.dataset);
}

Status ApplyTiers(const std::vector<std::string>& assignments, WeeklySeries* series) {
  series->tiers.resize(series->channels.size());
  for (const std::string& assignment : assignments) {
    const size_t eq = assignment.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument(fmt::format("--tier '{}': write CHANNEL=TIER, e.g. tv=core",
                                         assignment));
    }
    const std::string channel = assignment.substr(0, eq);
    MROI_ASSIGN_OR_RETURN(Tier tier, TierFromName(assignment.substr(eq + 1)));
    auto it = std::find(series->channels.begin(), series->channels.end(), channel);
    if (it == series->channels.end()) {
      return InvalidArgument(fmt::format("--tier: no channel '{}' in the data (channels: {})",
                                         channel, fmt::join(series->channels, ", ")));
    }
    series->tiers[static_cast<size_t>(it - series->channels.begin())] = TierName(tier);
  }
  return Status::OK();
}

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.good()) return IOError(fmt::format("cannot write '{}'", path));
  return Status::OK();
}

std::string DecompositionCsv(const MmmDecomposition& d) {
  std::string csv = "period,actual,fitted";
  for (const MmmComponent& c : d.components) csv += fmt::format(",\"{}\"", c.name);
  csv += "\n";
  for (size_t t = 0; t < d.periods.size(); ++t) {
    csv += fmt::format("{},{:.10g},{:.10g}", FormatDate(d.periods[t]), d.actual[t], d.fitted[t]);
    for (const MmmComponent& c : d.components) csv += fmt::format(",{:.10g}", c.values[t]);
    csv += "\n";
  }
  return csv;
}

Result<std::string> CurvesCsv(const ResponseModel& model, int points) {
  std::string csv = "channel,spend_per_period,response,low,high\n";
  for (const ResponseCurve& curve : model.curves) {
    MROI_ASSIGN_OR_RETURN(std::vector<ResponsePoint> grid, ResponseCurvePoints(curve, points));
    for (const ResponsePoint& p : grid) {
      csv += fmt::format("\"{}\",{:.10g},{:.10g},{:.10g},{:.10g}\n", curve.channel, p.spend,
                         p.response, p.low, p.high);
    }
  }
  return csv;
}

nlohmann::ordered_json FitJson(const WeeklySeries& series, const MmmFit& fit) {
  nlohmann::ordered_json channels = nlohmann::ordered_json::array();
  for (const MmmChannelFit& c : fit.channels) {
    nlohmann::ordered_json item = {{"channel", c.channel}, {"tier", c.tier}};
    if (fit.adstock == AdstockKind::kGeometric) {
      item["theta"] = c.theta;
    } else {
      item["weibull_shape"] = c.weibull_shape;
      item["weibull_scale"] = c.weibull_scale;
    }
    item["carryover"] = c.carryover;
    item["hill_alpha"] = c.hill_alpha;
    item["hill_gamma"] = c.hill_gamma;
    item["half_saturation"] = c.half_saturation;
    item["coefficient"] = c.coefficient;
    item["total_spend"] = c.total_spend;
    item["mean_spend"] = c.mean_spend;
    item["spend_share"] = Finite(c.spend_share);
    AddEstimate(&item, "contribution", c.contribution);
    AddEstimate(&item, "contribution_share", c.contribution_share);
    AddEstimate(&item, "roi", c.roi);
    AddEstimate(&item, "marginal_roi", c.marginal_roi);
    channels.push_back(std::move(item));
  }
  nlohmann::ordered_json parts = nlohmann::ordered_json::array();
  double fitted_total = 0;
  for (double v : fit.decomposition.fitted) fitted_total += v;
  for (const MmmComponent& component : fit.decomposition.components) {
    double total = 0;
    for (double v : component.values) total += v;
    parts.push_back({{"name", component.name},
                     {"kind", component.kind},
                     {"total", total},
                     {"share", Finite(fitted_total != 0 ? total / fitted_total : NAN)}});
  }
  nlohmann::ordered_json out = {
      {"periods", series.periods.size()},
      {"first_period", FormatDate(series.periods.front())},
      {"last_period", FormatDate(series.periods.back())},
      {"outcome", series.outcome_name},
      {"outcome_value", series.outcome_value},
      {"adstock", AdstockKindName(fit.adstock)},
      {"quality",
       {{"r_squared", Finite(fit.quality.r_squared)},
        {"nrmse", Finite(fit.quality.nrmse)},
        {"mape", Finite(fit.quality.mape)},
        {"cv_nrmse", Finite(fit.quality.cv_nrmse)}}},
      {"lambda", fit.lambda},
      {"channels", std::move(channels)},
      {"decomposition", std::move(parts)},
      {"notes", fit.notes},
      {"bootstrap_replicates", fit.bootstrap_replicates},
      {"evaluations", fit.evaluations},
      {"seconds", fit.seconds}};
  out["response_model"] = nlohmann::ordered_json::parse(ResponseModelToJson(fit.response_model));
  return out;
}

std::string Money(double value) {
  if (!std::isfinite(value)) return "n/a";
  return Thousands(std::llround(value));
}

std::string Interval(const MmmEstimate& e, int bootstrap) {
  if (bootstrap == 0) return fmt::format("{:.2f}", e.estimate);
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", e.estimate, e.low, e.high);
}

void PrintHuman(const WeeklySeries& series, const MmmFit& fit, const MmmFlags& flags) {
  fmt::print("Marketing-mix model: {} weeks {} .. {}, outcome '{}'{}, {} adstock\n",
             series.periods.size(), FormatDate(series.periods.front()),
             FormatDate(series.periods.back()), series.outcome_name,
             series.outcome_value != 1 ? fmt::format(" (x {:.6g} per unit)", series.outcome_value)
                                       : "",
             AdstockKindName(fit.adstock));
  fmt::print("Fit: R² {:.3f}, NRMSE {:.3f}, MAPE {:.1f} %, cross-validated NRMSE {:.3f} "
             "({} evaluations, {:.1f} s)\n\n",
             fit.quality.r_squared, fit.quality.nrmse, 100 * fit.quality.mape,
             fit.quality.cv_nrmse, fit.evaluations, fit.seconds);
  TextTable table({"channel", "spend", "spend share", "effect share", "ROI", "marginal ROI",
                   "carryover", "hill alpha"});
  for (const MmmChannelFit& c : fit.channels) {
    table.AddRow({c.channel, Money(c.total_spend), FormatPercent(c.spend_share),
                  FormatPercent(c.contribution_share.estimate), Interval(c.roi, fit.bootstrap_replicates),
                  Interval(c.marginal_roi, fit.bootstrap_replicates),
                  fmt::format("{:.2f}", c.carryover), fmt::format("{:.2f}", c.hill_alpha)});
  }
  fmt::print("{}", table.Render());
  if (fit.bootstrap_replicates > 0) {
    fmt::print("[low, high]: 95 % interval over {} bootstrap refits.\n", fit.bootstrap_replicates);
  }
  fmt::print("ROI = contribution x value / spend; marginal ROI = value of one more unit of "
             "spend per week at the mean spend.\n");
  for (const std::string& note : fit.notes) fmt::print("note: {}\n", note);
  if (!flags.save.empty()) {
    fmt::print("\nResponse curves saved to {} (use: mroi plan optimize --model {} --budget "
               "...)\n",
               flags.save, flags.save);
  }
}

int RunMmm(MmmFlags flags) {
  Result<AdstockKind> adstock = ParseAdstockKind(flags.adstock);
  if (!adstock.ok()) return ReportError(adstock.status());
  Result<WeeklySeries> series = LoadSeries(flags);
  if (!series.ok()) return ReportError(series.status());
  if (Status tiers = ApplyTiers(flags.tiers, &*series); !tiers.ok()) return ReportError(tiers);

  MmmOptions options;
  options.adstock = *adstock;
  options.trend = !flags.no_trend;
  options.fourier_harmonics = flags.harmonics;
  options.cv_folds = flags.cv_folds;
  options.max_evaluations = flags.evaluations;
  options.bootstrap = flags.bootstrap;
  options.seed = flags.seed;
  options.threads = flags.threads;
  auto progress = std::make_shared<Progress>(!flags.run.json && !flags.run.quiet);
  progress->Stage("fit marketing-mix model");
  options.progress = [progress](double done) {
    progress->Bytes(static_cast<int64_t>(done * 1000), 1000);
  };
  Result<MmmFit> fit = FitMmm(*series, options);
  progress->Finish();
  if (!fit.ok()) return ReportError(fit.status());
  if (flags.run.gross_margin >= 0) {
    if (flags.run.gross_margin == 0 || flags.run.gross_margin > 1) {
      return ReportError(InvalidArgument("--gross-margin must be in (0, 1]"));
    }
    fit->response_model.gross_margin = flags.run.gross_margin;
  }
  if (!flags.save.empty()) {
    Status saved = WriteText(flags.save, ResponseModelToJson(fit->response_model) + "\n");
    if (!saved.ok()) return ReportError(saved);
  }
  if (!flags.decomposition_out.empty()) {
    Status saved = WriteText(flags.decomposition_out, DecompositionCsv(fit->decomposition));
    if (!saved.ok()) return ReportError(saved);
  }
  if (!flags.curves_out.empty()) {
    Result<std::string> csv = CurvesCsv(fit->response_model, flags.curve_points);
    if (!csv.ok()) return ReportError(csv.status());
    Status saved = WriteText(flags.curves_out, *csv);
    if (!saved.ok()) return ReportError(saved);
  }
  if (flags.run.json) {
    fmt::print("{}\n", FitJson(*series, *fit).dump(2));
  } else {
    PrintHuman(*series, *fit, flags);
  }
  return 0;
}

}  // namespace

void AddPlanMmmCommand(CLI::App* plan, SubcommandRunners* runners) {
  auto flags = std::make_shared<MmmFlags>();
  CLI::App* command = plan->add_subcommand(
      "mmm",
      "Fit a marketing-mix model: per-channel adstock carry-over and Hill saturation on weekly "
      "spend and outcome (ridge regression with trend, yearly seasonality and controls; "
      "hyperparameters by time-series cross-validation). Prints ROI and marginal ROI per "
      "channel with bootstrap intervals; --save writes the response curves for `mroi plan "
      "optimize`.\n\n"
      "Examples:\n"
      "  mroi plan mmm --weekly ../shared/data/robyn/dt_simulated_weekly.csv --save model.json\n"
      "  mroi plan mmm --weekly ../shared/data/meridian/national_media.csv --json\n"
      "  mroi plan mmm --data mroi-demo/data --bootstrap 0");
  AddRunFlags(command, &flags->run);
  command->add_option("--weekly", flags->weekly,
                      "Weekly table (CSV): a date column, an outcome column, spend columns "
                      "(*_S, *_spend, *_cost) and controls; rows of one date are summed over "
                      "geos");
  command->add_option("--date", flags->columns.date, "Date column (default: detected)");
  command->add_option("--outcome", flags->columns.outcome,
                      "Outcome column (default: revenue, conversions, sales, kpi or y)");
  command->add_option("--value-per-outcome", flags->columns.value_per_outcome,
                      "Column of currency per outcome unit (default: revenue_per_conversion "
                      "when the outcome is not revenue)");
  command->add_option("--spend-columns", flags->columns.spend,
                      "Spend columns of --weekly (default: detected)")
      ->delimiter(',');
  command->add_option("--control", flags->columns.controls,
                      "Control columns (default: *_control, *_B, competitor*, events, "
                      "holiday*, price*, promo*, newsletter, organic*)")
      ->delimiter(',');
  command->add_option("--geo", flags->columns.geo, "Geo column to sum over (default: geo)");
  command->add_option("--tier", flags->tiers,
                      "Tier of a channel for the allocator: CHANNEL=core|emerging|experimental "
                      "(repeatable; --data takes tiers from the spend rows)");
  command->add_option("--adstock", flags->adstock, "geometric (default), weibull_cdf or weibull_pdf");
  command->add_flag("--no-trend", flags->no_trend, "No linear trend term");
  command->add_option("--harmonics", flags->harmonics,
                      "Yearly Fourier harmonics of the seasonality (default 2; 0 = none)")
      ->check(CLI::Range(0, 10));
  command->add_option("--cv-folds", flags->cv_folds,
                      "Rolling-origin cross-validation folds (default 8)")
      ->check(CLI::Range(1, 52));
  command->add_option("--evaluations", flags->evaluations,
                      "Evaluations of the hyperparameter search (default: automatic)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--bootstrap", flags->bootstrap,
                      "Bootstrap refits for the intervals (default 100; 0 = none)")
      ->check(CLI::Range(0, 10000));
  command->add_option("--seed", flags->seed, "Seed of the search and the bootstrap (default 1)");
  command->add_option("--threads", flags->threads, "Threads (default: every core)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--save", flags->save,
                      "Write the response curves (JSON) for `mroi plan optimize --model`");
  command->add_option("--decomposition", flags->decomposition_out,
                      "Write the per-week decomposition (CSV: actual, fitted, each part)");
  command->add_option("--curves", flags->curves_out,
                      "Write response curve points with intervals (CSV)");
  runners->emplace_back(command, [flags] { return RunMmm(*flags); });
}

}  // namespace mroi::cli
