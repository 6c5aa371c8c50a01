// mroi plan optimize | track: the budget allocator on a response model (with moves in
// words and scenarios side by side; run by mroi::api, shared with the server) and the
// plan-vs-actual tracker.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/api.h"
#include "mroi/metrics.h"
#include "mroi/plan_allocate.h"
#include "mroi/plan_track.h"

#include "plan_commands.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

using Json = nlohmann::ordered_json;

struct OptimizeFlags {
  std::string model_path;
  std::vector<std::string> budgets;
  std::vector<std::string> scenarios;
  std::string target;
  std::string periods = "13";
  std::string objective = "revenue";
  std::string margin;
  std::vector<std::string> bounds;
  std::vector<std::string> locks;
  std::string tiers;
  bool no_tiers = false;
  std::string grid_steps = "2000";
  bool json = false;
};

struct TrackFlags {
  RunFlags run;
  std::string plan_path;
  std::string actuals_path;
  std::string as_of;
  std::string start;
  std::string end;
  std::string period;
  double tolerance = 0.1;
};

// A finite number, or JSON null.
Json Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}
Json Optional(const std::optional<double>& value) {
  return value ? Number(*value) : Json(nullptr);
}

std::string Percent(const std::optional<double>& fraction) {
  return fraction ? fmt::format("{:+.1f} %", *fraction * 100) : "n/a";
}

std::string IntervalText(const DrawInterval& interval) {
  if (!interval.low) return "";
  return fmt::format(" (95 % interval {} to {})", FormatAmount(*interval.low),
                     FormatAmount(*interval.high));
}

// ---- optimize ----

std::string ObjectiveWords(PlanObjective objective) {
  return objective == PlanObjective::kRevenue ? "revenue" : "gross profit";
}

void PrintAllocation(const AllocationResult& result) {
  fmt::print("Budget {} over {} periods, maximising expected {}\n\n",
             FormatAmount(result.budget), result.periods,
             ObjectiveWords(result.objective));
  std::vector<std::string> header = {"channel"};
  if (result.tiers_used) header.push_back("tier");
  for (const char* name :
       {"current", "proposed", "change", "expected", "mROI now", "mROI then"}) {
    header.emplace_back(name);
  }
  TextTable table(header);
  for (const ChannelAllocation& channel : result.channels) {
    std::vector<std::string> row = {channel.channel +
                                    (channel.locked ? " (locked)" : "")};
    if (result.tiers_used) row.push_back(channel.tier);
    row.push_back(FormatAmount(channel.current));
    row.push_back(FormatAmount(channel.proposed));
    row.push_back((channel.change > 0 ? "+" : "") + FormatAmount(channel.change));
    row.push_back(FormatAmount(channel.expected));
    row.push_back(Percent(channel.current_marginal_roi));
    row.push_back(Percent(channel.marginal_roi) + (channel.at_bound ? " (bound)" : ""));
    table.AddRow(std::move(row));
  }
  fmt::print("{}\n", table.Render());
  fmt::print("Expected {}: {}{}\n", ObjectiveWords(result.objective),
             FormatAmount(result.expected), IntervalText(result.expected_interval));
  fmt::print("Current allocation: {}{}; uplift {}; ROI {}\n",
             FormatAmount(result.current_expected), IntervalText(result.current_interval),
             Percent(result.uplift), Percent(result.roi));
  if (!result.moves.empty()) {
    fmt::print("\nMoves (each alone, from the current allocation):\n");
    for (const BudgetMove& move : result.moves) fmt::print("  - {}\n", move.text);
  }
  for (const std::string& note : result.notes) fmt::print("note: {}\n", note);
  // The grid bound (JSON optimality_gap) is a guarantee far above the true distance
  // (brute-force checks land within 1e-4), so the human output leaves it out.
  fmt::print(
      "Method: exact dynamic programme on a spend grid, then a continuous polish.\n");
}

void PrintScenarios(const std::vector<std::string>& names,
                    const std::vector<AllocationResult>& results) {
  std::vector<std::string> header = {""};
  header.insert(header.end(), names.begin(), names.end());
  TextTable table(header);
  auto add = [&](std::string label, auto cell) {
    std::vector<std::string> row = {std::move(label)};
    for (const AllocationResult& result : results) row.push_back(cell(result));
    table.AddRow(std::move(row));
  };
  add("budget", [](const AllocationResult& r) { return FormatAmount(r.budget); });
  add("expected", [](const AllocationResult& r) { return FormatAmount(r.expected); });
  add("95 % low", [](const AllocationResult& r) {
    return r.expected_interval.low ? FormatAmount(*r.expected_interval.low) : "n/a";
  });
  add("95 % high", [](const AllocationResult& r) {
    return r.expected_interval.high ? FormatAmount(*r.expected_interval.high) : "n/a";
  });
  add("ROI", [](const AllocationResult& r) { return Percent(r.roi); });
  add("marginal ROI", [](const AllocationResult& r) { return Percent(r.marginal_roi); });
  add("uplift", [](const AllocationResult& r) { return Percent(r.uplift); });
  for (size_t idx = 0; idx < results[0].channels.size(); ++idx) {
    add(results[0].channels[idx].channel, [idx](const AllocationResult& r) {
      return FormatAmount(r.channels[idx].proposed);
    });
  }
  add("unallocated",
      [](const AllocationResult& r) { return FormatAmount(r.unallocated); });
  fmt::print("Scenarios side by side (expected {} over the plan):\n\n{}\n",
             ObjectiveWords(results[0].objective), table.Render());
}

// The request of the flags given: each flag under its name without "--".
api::Params ParamsOf(const OptimizeFlags& flags) {
  api::Params params;
  for (const std::string& budget : flags.budgets) params.Add("budget", budget);
  for (const std::string& scenario : flags.scenarios) params.Add("scenario", scenario);
  for (const std::string& bound : flags.bounds) params.Add("bound", bound);
  for (const std::string& lock : flags.locks) params.Add("lock", lock);
  const std::pair<const char*, const std::string*> singles[] = {
      {"target", &flags.target},       {"periods", &flags.periods},
      {"objective", &flags.objective}, {"margin", &flags.margin},
      {"tiers", &flags.tiers},         {"grid-steps", &flags.grid_steps}};
  for (const auto& [name, value] : singles) {
    if (!value->empty()) params.Add(name, *value);
  }
  if (flags.no_tiers) params.Add("no-tiers", "true");
  return params;
}

int RunOptimize(const OptimizeFlags& flags) {
  Result<api::OptimizeRequest> request = api::ParseOptimizeRequest(ParamsOf(flags));
  if (!request.ok()) return ReportError(request.status());
  // Check the options before reading the model.
  if (Result<AllocateOptions> base = api::OptimizeOptions(*request); !base.ok()) {
    return ReportError(base.status());
  }
  Result<ResponseModel> model = LoadResponseModel(flags.model_path);
  if (!model.ok()) return ReportError(model.status());
  Result<api::OptimizePlan> plan = api::PlanOptimize(*request, *model);
  if (!plan.ok()) return ReportError(plan.status());
  if (flags.json) {
    fmt::print("{}\n", api::OptimizePlanJson(*plan));
    return 0;
  }
  const AllocationResult& first = plan->results.front();
  if (plan->target) {
    fmt::print("Smallest budget reaching {} expected {}: {}\n\n",
               FormatAmount(*plan->target), ObjectiveWords(first.objective),
               FormatAmount(first.budget));
    PrintAllocation(first);
    return 0;
  }
  if (plan->scenarios.size() == 1) {
    PrintAllocation(first);
    return 0;
  }
  std::vector<std::string> names;
  for (const PlanScenario& scenario : plan->scenarios) names.push_back(scenario.name);
  PrintScenarios(names, plan->results);
  fmt::print("\nFirst scenario in detail:\n");
  PrintAllocation(first);
  return 0;
}

// ---- track ----

Json TrackRowJson(const ChannelTrack& row) {
  return {{"channel", row.channel},
          {"planned", row.planned},
          {"budget", Number(row.budget)},
          {"target", Optional(row.target)},
          {"spend_to_date", Number(row.spend_to_date)},
          {"revenue_to_date", Number(row.revenue_to_date)},
          {"pace", Optional(row.pace)},
          {"projected_spend", Number(row.projected_spend)},
          {"projected_revenue", Number(row.projected_revenue)},
          {"projected_spend_vs_budget", Optional(row.projected_spend_share)},
          {"projected_revenue_vs_target", Optional(row.projected_revenue_share)},
          {"alerts", row.alerts},
          {"text", row.text}};
}

// The period: --period, else --start/--end, else the plan's columns.
Status ResolvePeriod(const TrackFlags& flags, const PlanFile& plan,
                     TrackOptions* options) {
  std::optional<UnixDays> start = plan.start;
  std::optional<UnixDays> end = plan.end;
  if (!flags.period.empty()) {
    MROI_ASSIGN_OR_RETURN(Period period, ParsePeriod(flags.period));
    start = period.start;
    end = period.end - 1;
  }
  if (!flags.start.empty()) {
    MROI_ASSIGN_OR_RETURN(start, ParseDate(flags.start, TimeZone()));
  }
  if (!flags.end.empty()) {
    MROI_ASSIGN_OR_RETURN(end, ParseDate(flags.end, TimeZone()));
  }
  if (!start || !end) {
    return InvalidArgument(
        "the plan's period is unknown: give start,end columns in the plan, --period "
        "2025-Q1, or --start and --end");
  }
  options->start = *start;
  options->end = *end;
  return Status::OK();
}

Result<std::vector<ChannelActual>> ActualsFromData(const TrackFlags& flags,
                                                   TrackOptions* options,
                                                   bool as_of_given) {
  Progress progress(!flags.run.json && !flags.run.quiet);
  MROI_ASSIGN_OR_RETURN(PipelineResult run, RunFromFlags(flags.run, &progress));
  MetricsOptions metrics;
  if (!flags.run.timezone.empty()) {
    MROI_ASSIGN_OR_RETURN(metrics.time_zone, TimeZone::Make(flags.run.timezone));
  }
  const Period data = DataPeriod(run.dataset, metrics.time_zone);
  if (data.days() <= 0) return InvalidArgument("the data holds no dated record");
  if (!as_of_given) options->as_of = data.end - 1;
  const UnixDays last = std::min(options->as_of, options->end);
  if (last < options->start) return std::vector<ChannelActual>{};
  metrics.period = Period{options->start, last + 1};
  metrics.campaigns = false;
  MROI_ASSIGN_OR_RETURN(MetricsReport report, ComputeMetrics(run, metrics));
  return ActualsFromMetrics(report);
}

void PrintTrack(const TrackReport& report) {
  fmt::print("Plan {} to {}, as of {}: {} of {} days ({:.0f} %)\n\n",
             FormatDate(report.start), FormatDate(report.end), FormatDate(report.as_of),
             report.days_elapsed, report.days_total, report.elapsed * 100);
  TextTable table({"channel", "budget", "spent", "pace", "projected spend", "vs budget",
                   "revenue", "projected revenue", "vs target", "alert"});
  auto share = [](const std::optional<double>& value) {
    return value ? fmt::format("{:.0f} %", *value * 100) : "n/a";
  };
  std::vector<const ChannelTrack*> rows;
  for (const ChannelTrack& row : report.channels) rows.push_back(&row);
  rows.push_back(&report.total);
  for (const ChannelTrack* row : rows) {
    table.AddRow(
        {row->channel + (row->planned ? "" : " (unplanned)"), FormatAmount(row->budget),
         FormatAmount(row->spend_to_date),
         row->pace ? fmt::format("{:.2f}", *row->pace) : "n/a",
         FormatAmount(row->projected_spend), share(row->projected_spend_share),
         FormatAmount(row->revenue_to_date), FormatAmount(row->projected_revenue),
         share(row->projected_revenue_share), row->alerts.empty() ? "" : "ALERT"});
  }
  fmt::print("{}\n", table.Render());
  for (const ChannelTrack* row : rows) fmt::print("{}\n", row->text);
  if (!report.alerts.empty()) {
    fmt::print("\nAlerts (tolerance {:.0f} %):\n", report.tolerance * 100);
    for (const std::string& alert : report.alerts) fmt::print("  ! {}\n", alert);
  }
}

int RunTrack(const TrackFlags& flags) {
  if (flags.actuals_path.empty() == !HasRunInputs(flags.run)) {
    return ReportError(InvalidArgument(
        "give exactly one of --data DIR, --workspace DIR and --actuals FILE"));
  }
  Result<PlanFile> plan = LoadPlanCsv(flags.plan_path);
  if (!plan.ok()) return ReportError(plan.status());
  TrackOptions options;
  options.tolerance = flags.tolerance;
  if (Status status = ResolvePeriod(flags, *plan, &options); !status.ok()) {
    return ReportError(status);
  }
  const bool as_of_given = !flags.as_of.empty();
  if (as_of_given) {
    Result<UnixDays> as_of = ParseDate(flags.as_of, TimeZone());
    if (!as_of.ok()) return ReportError(as_of.status());
    options.as_of = *as_of;
  }
  std::vector<ChannelActual> actuals;
  if (!flags.actuals_path.empty()) {
    Result<std::vector<DailyActual>> rows = LoadActualsCsv(flags.actuals_path);
    if (!rows.ok()) return ReportError(rows.status());
    if (!as_of_given) {
      if (rows->empty())
        return ReportError(InvalidArgument("the actuals file has no rows"));
      options.as_of =
          std::max_element(rows->begin(), rows->end(), [](const auto& a, const auto& b) {
            return a.day < b.day;
          })->day;
    }
    actuals = SumActuals(*rows, options.start, std::min(options.as_of, options.end));
  } else {
    Result<std::vector<ChannelActual>> from_data =
        ActualsFromData(flags, &options, as_of_given);
    if (!from_data.ok()) return ReportError(from_data.status());
    actuals = std::move(from_data).value();
  }
  Result<TrackReport> report = TrackPlan(*plan, actuals, options);
  if (!report.ok()) return ReportError(report.status());
  if (flags.run.json) {
    Json channels = Json::array();
    for (const ChannelTrack& row : report->channels)
      channels.push_back(TrackRowJson(row));
    Json out = {
        {"start", FormatDate(report->start)},     {"end", FormatDate(report->end)},
        {"as_of", FormatDate(report->as_of)},     {"days_elapsed", report->days_elapsed},
        {"days_total", report->days_total},       {"elapsed", Number(report->elapsed)},
        {"tolerance", Number(report->tolerance)}, {"channels", std::move(channels)},
        {"total", TrackRowJson(report->total)},   {"alerts", report->alerts}};
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  PrintTrack(*report);
  return 0;
}

void AddOptimize(CLI::App* plan, SubcommandRunners* runners) {
  auto flags = std::make_shared<OptimizeFlags>();
  CLI::App* command = plan->add_subcommand(
      "optimize",
      "Allocate a budget over the channels' response curves (maximise expected revenue "
      "or "
      "gross profit under bounds and 70/20/10 tier shares), or find the smallest budget "
      "for a target; recommend moves in words.\n\nExamples:\n"
      "  mroi plan optimize --model model.json --budget 1000000\n"
      "  mroi plan optimize --model model.json --budget 800000 --budget 1000000 --budget "
      "1200000\n"
      "  mroi plan optimize --model model.json --budget 1000000 --objective gross_profit "
      "--margin 0.6 --bound 'Paid Search:200000:500000' --lock Email\n"
      "  mroi plan optimize --model model.json --target 4000000 --json");
  command
      ->add_option("--model", flags->model_path,
                   "Response model JSON (mroi plan mmm --save)")
      ->required();
  command->add_option("--budget", flags->budgets,
                      "Total budget over the plan; repeat for scenarios side by side");
  command->add_option(
      "--scenario", flags->scenarios,
      "A named scenario: name:budget=B[,periods=N][,objective=...][,margin=M]"
      "[,tiers=70/20/10|off]; repeatable");
  command->add_option("--target", flags->target,
                      "Find the smallest budget whose expected objective reaches this");
  command
      ->add_option("--periods", flags->periods, "Model periods (weeks) the plan covers")
      ->capture_default_str();
  command->add_option("--objective", flags->objective, "revenue or gross_profit")
      ->capture_default_str();
  command->add_option("--margin", flags->margin,
                      "Gross margin for gross_profit (default: the model's)");
  command->add_option(
      "--bound", flags->bounds,
      "CHANNEL:MIN:MAX spend over the plan (either may be empty); repeatable");
  command->add_option("--lock", flags->locks,
                      "Keep CHANNEL at its current spend; repeatable");
  command->add_option("--tiers", flags->tiers,
                      "Tier shares core/emerging/experimental (default 70/20/10 when the "
                      "curves carry tiers)");
  command->add_flag("--no-tiers", flags->no_tiers, "Ignore tiers");
  command->add_option("--grid-steps", flags->grid_steps, "Grid steps of the exact search")
      ->capture_default_str();
  command->add_flag("--json", flags->json, "Print JSON for scripts instead of tables");
  runners->emplace_back(command, [flags]() { return RunOptimize(*flags); });
}

void AddTrack(CLI::App* plan, SubcommandRunners* runners) {
  auto flags = std::make_shared<TrackFlags>();
  CLI::App* command = plan->add_subcommand(
      "track",
      "Plan against actuals during the period: spend to date, pace, projected end spend "
      "and revenue per channel, alerts.\n\nExamples:\n"
      "  mroi plan track --plan plan.csv --data mroi-demo/data --as-of 2025-05-15\n"
      "  mroi plan track --plan plan.csv --actuals actuals.csv --period 2025-Q2 --json");
  command
      ->add_option("--plan", flags->plan_path,
                   "Plan CSV: channel,budget[,target][,start,end]")
      ->required();
  command->add_option("--actuals", flags->actuals_path,
                      "Actuals CSV: date,channel,spend[,revenue] (instead of --data)");
  command->add_option("--as-of", flags->as_of,
                      "Last day counted, YYYY-MM-DD (default: the last day of data)");
  command->add_option("--period", flags->period,
                      "The plan's period (2025-Q2, 2025-04, 2025-04-01..2025-06-30)");
  command->add_option("--start", flags->start, "First day of the plan, YYYY-MM-DD");
  command->add_option("--end", flags->end, "Last day of the plan, YYYY-MM-DD");
  command
      ->add_option(
          "--tolerance", flags->tolerance,
          "Alert beyond budget x (1 + tolerance) or below target x (1 - tolerance)")
      ->capture_default_str();
  AddRunFlags(command, &flags->run);
  runners->emplace_back(command, [flags]() { return RunTrack(*flags); });
}

}  // namespace

void AddPlanOptimizeCommands(CLI::App* plan, SubcommandRunners* runners) {
  AddOptimize(plan, runners);
  AddTrack(plan, runners);
}

}  // namespace mroi::cli
