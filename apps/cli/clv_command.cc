// mroi clv fit|predict|check: the customer models (BG/NBD, Pareto/NBD, MBG/NBD,
// BG/BB, Gamma-Gamma) on a summary or transactions file. Every output states the
// time unit. The models run in mroi::api (shared with the server); this file prints.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "clv_common.h"
#include "commands.h"

namespace mroi::cli {

namespace {

using api::ClvInput;
using clv::InputFlags;

constexpr const char* kModelHelp =
    "bg_nbd (bgnbd), pareto_nbd, mbg_nbd (mbgnbd), bg_bb (bgbb) or gamma_gamma";

struct PredictFlags {
  InputFlags input;
  double horizon = -1;  // < 0: one year in the time unit
  int months = 12;
  double discount_rate = 0.01;
  std::string customer;
  std::string out;
  int top = 10;
};

struct CheckFlags {
  InputFlags input;
  int buckets = 8;
};

void PrintNotes(const ClvInput& input) {
  for (const std::string& note : input.notes) fmt::print("note: {}\n", note);
}

// ---- fit ----

// The request checked, then the customers loaded: the CLI's order of errors.
Result<ClvInput> Load(const Result<api::ClvRequest>& request, const InputFlags& flags) {
  if (!request.ok()) return request.status();
  MROI_RETURN_IF_ERROR(api::CheckClvRequest(*request));
  return clv::LoadInput(*request, flags);
}

int RunFit(const InputFlags& flags) {
  Result<api::ClvRequest> request = clv::RequestOf(flags, api::ClvCommand::kFit);
  Result<ClvInput> input = Load(request, flags);
  if (!input.ok()) return ReportError(input.status());
  Result<api::ClvFitResult> result = api::RunClvFit(*request, *input);
  if (!result.ok()) return ReportError(result.status());
  const ModelFit* fit = &result->fit;
  const ClvModel* model = &result->model;
  const double seconds = result->seconds;
  const std::string unit(TimeUnitName(fit->time_unit));
  if (!fit->converged) {
    fmt::print(stderr, "mroi: warning: the {} fit did not converge: {}\n",
               ClvModelName(*model), result->diagnosis);
  }
  if (flags.json) {
    fmt::print("{}\n", api::ClvFitJson(*result, *input));
    return 0;
  }
  fmt::print("{} fitted on {} customers (time unit: {}) from {}\n", ClvModelName(*model),
             Thousands(std::llround(fit->num_customers)), unit, input->source);
  PrintNotes(*input);
  fmt::print("\n{}\n", clv::ParameterTable(*fit));
  fmt::print("log-likelihood {:.4f}, {} ({} of the starts reached the best), {:.3f} s\n",
             fit->log_likelihood, fit->converged ? "converged" : "NOT converged",
             fit->starts_at_best, seconds);
  if (IsTransactionModel(*model)) {
    fmt::print("Recency, T and every horizon are in {}.\n", unit);
  }
  return 0;
}

// ---- predict ----

Status WritePredictionsCsv(const std::string& path, const ClvInput& input,
                           const std::vector<CustomerPrediction>& predictions,
                           double horizon) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return IOError(fmt::format("{}: cannot write", path));
  out << "customer_id,frequency,recency,T,monetary_value,p_alive,p_alive_low,p_alive_"
         "high,"
         "expected_purchases,expected_purchases_low,expected_purchases_high,expected_"
         "spend,"
         "expected_spend_low,expected_spend_high,clv,clv_low,clv_high,time_unit,"
         "horizon\n";
  const std::string unit(TimeUnitName(input.summaries.time_unit));
  for (size_t idx = 0; idx < predictions.size(); ++idx) {
    const CustomerSummary& c = input.summaries.customers[idx];
    const CustomerPrediction& p = predictions[idx];
    out << fmt::format("{},{},{},{},{}", clv::CsvField(input.names[idx]), c.frequency,
                       c.recency, c.age, c.monetary_value);
    for (const PredictionInterval* interval :
         {&p.probability_alive, &p.expected_purchases, &p.expected_spend, &p.clv}) {
      out << fmt::format(",{},{},{}", interval->estimate, interval->lower,
                         interval->upper);
    }
    out << fmt::format(",{},{}\n", unit, horizon);
  }
  out.close();
  if (!out) return IOError(fmt::format("{}: write error", path));
  return Status::OK();
}

std::string Interval(const PredictionInterval& p, const char* format) {
  return fmt::format(
      fmt::runtime(std::string(format) + " [" + format + " - " + format + "]"),
      p.estimate, p.lower, p.upper);
}

int RunPredict(const PredictFlags& flags) {
  std::vector<std::pair<std::string, std::string>> values = {
      {"horizon", fmt::format("{}", flags.horizon)},
      {"months", std::to_string(flags.months)},
      {"discount-rate", fmt::format("{}", flags.discount_rate)},
      {"top", std::to_string(flags.top)}};
  if (!flags.customer.empty()) values.emplace_back("customer", flags.customer);
  Result<api::ClvRequest> request =
      clv::RequestOf(flags.input, api::ClvCommand::kPredict, values);
  Result<ClvInput> input = Load(request, flags.input);
  if (!input.ok()) return ReportError(input.status());
  Result<api::ClvPredictResult> result = api::RunClvPredict(*request, &*input);
  if (result.ok() && result->warning)
    fmt::print(stderr, "mroi: warning: {}\n", *result->warning);
  if (!result.ok()) return ReportError(result.status());
  const ClvModel* model = &result->model;
  if (!flags.out.empty()) {
    Status written = WritePredictionsCsv(flags.out, *input, result->predictions,
                                         result->options.purchase_horizon);
    if (!written.ok()) return ReportError(written);
  }
  if (flags.input.json) {
    fmt::print("{}\n", api::ClvPredictJson(*result, *input));
    return 0;
  }
  const TimeUnit unit = input->summaries.time_unit;
  const ClvOptions& options = result->options;
  const ModelFit* spend = result->spend ? &*result->spend : nullptr;
  const std::vector<CustomerPrediction>* predictions = &result->predictions;
  const std::vector<size_t>& shown = result->shown;
  const double total_purchases = result->total_purchases;
  const double total_clv = result->total_clv;
  const std::string unit_name(TimeUnitName(unit));
  const char* clv_unit = unit == TimeUnit::kPeriods ? "periods" : "months";
  fmt::print("{} on {} customers (time unit: {}) from {}\n", ClvModelName(*model),
             Thousands(static_cast<int64_t>(input->summaries.customers.size())),
             unit_name, input->source);
  PrintNotes(*input);
  fmt::print("\n{}", clv::ParameterTable(result->purchases));
  if (spend != nullptr)
    fmt::print("\nspend model gamma_gamma\n{}", clv::ParameterTable(*spend));
  fmt::print("\nexpected purchases over the next {:g} {}", options.purchase_horizon,
             unit_name);
  if (spend != nullptr) {
    fmt::print("; CLV over {} {} at {:g}% per {}", options.horizon_months, clv_unit,
               100 * options.monthly_discount_rate,
               unit == TimeUnit::kPeriods ? "period" : "month");
  }
  fmt::print("; 95% intervals in brackets\n");
  std::vector<std::string> header = {"customer",
                                     "frequency",
                                     fmt::format("recency ({})", unit_name),
                                     fmt::format("T ({})", unit_name),
                                     "P(alive)",
                                     "expected purchases"};
  if (spend != nullptr) header.insert(header.end(), {"mean spend", "CLV"});
  TextTable table(header);
  for (size_t idx : shown) {
    const CustomerSummary& c = input->summaries.customers[idx];
    const CustomerPrediction& p = (*predictions)[idx];
    std::vector<std::string> row = {input->names[idx],
                                    fmt::format("{:g}", c.frequency),
                                    fmt::format("{:.2f}", c.recency),
                                    fmt::format("{:.2f}", c.age),
                                    Interval(p.probability_alive, "{:.3f}"),
                                    Interval(p.expected_purchases, "{:.2f}")};
    if (spend != nullptr) {
      row.push_back(Interval(p.expected_spend, "{:.2f}"));
      row.push_back(Interval(p.clv, "{:.2f}"));
    }
    table.AddRow(row);
  }
  fmt::print("{}", table.Render());
  fmt::print("total over every customer: {:.1f} expected purchases", total_purchases);
  if (spend != nullptr) fmt::print(", CLV {:.2f}", total_clv);
  fmt::print("\n");
  if (!flags.out.empty()) fmt::print("every customer written to {}\n", flags.out);
  return 0;
}

// ---- check ----

int RunCheck(const CheckFlags& flags) {
  Result<api::ClvRequest> request = clv::RequestOf(
      flags.input, api::ClvCommand::kCheck, {{"buckets", std::to_string(flags.buckets)}});
  Result<ClvInput> input = Load(request, flags.input);
  if (!input.ok()) return ReportError(input.status());
  Result<api::ClvCheckResult> result = api::RunClvCheck(*request, *input);
  if (!result.ok()) return ReportError(result.status());
  if (flags.input.json) {
    fmt::print("{}\n", api::ClvCheckJson(*result, *input));
    return 0;
  }
  const ClvModel* model = &result->model;
  const ModelFit* fit = &result->fit;
  const std::vector<FrequencyBucket>* histogram = &result->histogram;
  const std::optional<HoldoutComparison>& holdout = result->holdout;
  const std::string unit(TimeUnitName(fit->time_unit));
  fmt::print("{} on {} customers (time unit: {}) from {}\n", ClvModelName(*model),
             Thousands(std::llround(fit->num_customers)), unit, input->source);
  PrintNotes(*input);
  fmt::print(
      "\nRepeat purchases in the calibration period, actual vs model (the last bar is "
      "\"or more\"):\n");
  TextTable bars({"repeat purchases", "actual customers", "model", "difference"});
  for (size_t idx = 0; idx < histogram->size(); ++idx) {
    const FrequencyBucket& bucket = (*histogram)[idx];
    const bool last = idx + 1 == histogram->size();
    bars.AddRow({fmt::format("{}{}", bucket.frequency, last ? "+" : ""),
                 fmt::format("{:.0f}", bucket.actual),
                 fmt::format("{:.1f}", bucket.expected),
                 fmt::format("{:.1f}", bucket.actual - bucket.expected)});
  }
  fmt::print("{}", bars.Render());
  if (!holdout) {
    fmt::print("\n{}\n", api::kClvNoHoldoutNote);
    return 0;
  }
  fmt::print(
      "\nHoldout of {:.2f} {}: mean purchases per customer by calibration frequency\n",
      holdout->holdout_duration, unit);
  TextTable table({"calibration frequency", "customers", "actual", "predicted"});
  for (size_t idx = 0; idx < holdout->buckets.size(); ++idx) {
    const HoldoutBucket& bucket = holdout->buckets[idx];
    const bool last = idx + 1 == holdout->buckets.size();
    table.AddRow({fmt::format("{}{}", bucket.frequency, last ? "+" : ""),
                  fmt::format("{:.0f}", bucket.customers),
                  fmt::format("{:.3f}", bucket.actual_mean),
                  fmt::format("{:.3f}", bucket.predicted_mean)});
  }
  fmt::print("{}", table.Render());
  fmt::print(
      "total holdout purchases: actual {:.0f}, predicted {:.1f}; mean absolute error per "
      "customer {:.3f}\n",
      holdout->actual_total, holdout->predicted_total, holdout->mean_absolute_error);
  return 0;
}

}  // namespace

CommandRunner AddClvCommand(CLI::App* root) {
  CLI::App* command = root->add_subcommand(
      "clv",
      "Customer models (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma): fit them with "
      "standard errors, predict P(alive), purchases and CLV with intervals, check the "
      "fit.\n"
      "Example: mroi clv fit --data mroi-demo/data\n"
      "         mroi clv fit --model bgnbd --summary cdnow_customers_summary.csv --json\n"
      "         mroi clv predict --transactions orders.csv --months 12 --out clv.csv\n"
      "         mroi clv check --transactions orders.csv --calibration-end 2025-06-30");
  command->require_subcommand(1);

  auto fit_flags = std::make_shared<InputFlags>();
  CLI::App* fit = command->add_subcommand(
      "fit",
      "fit one model by maximum likelihood: parameters, standard errors, intervals");
  clv::AddInputFlags(fit, fit_flags.get(), kModelHelp);

  auto predict_flags = std::make_shared<PredictFlags>();
  CLI::App* predict = command->add_subcommand(
      "predict", "per customer P(alive), expected purchases and CLV with 95% intervals");
  clv::AddInputFlags(
      predict, &predict_flags->input,
      "purchase model: bg_nbd, pareto_nbd, mbg_nbd or bg_bb (Gamma-Gamma spend is "
      "fitted alongside when the data hold amounts)");
  predict->add_option(
      "--horizon", predict_flags->horizon,
      "expected purchases over this many time units (default one year: 365 days, "
      "52 weeks, 12 months; 1 period)");
  predict->add_option("--months", predict_flags->months,
                      "CLV horizon in months (default 12)");
  predict->add_option("--discount-rate", predict_flags->discount_rate,
                      "CLV discount rate per month (default 0.01)");
  predict->add_option("--customer", predict_flags->customer, "show this customer only");
  predict->add_option("--top", predict_flags->top,
                      "customers shown, by CLV (default 10; 0 = all)");
  predict->add_option("--out", predict_flags->out, "write every customer to this CSV");

  auto check_flags = std::make_shared<CheckFlags>();
  CLI::App* check = command->add_subcommand(
      "check", "model checks: frequency histogram actual vs model, calibration/holdout");
  clv::AddInputFlags(check, &check_flags->input,
                     "purchase model: bg_nbd, pareto_nbd, mbg_nbd or bg_bb");
  check->add_option("--buckets", check_flags->buckets,
                    "bars: 0 .. buckets-2 repeat purchases and 'or more' (default 8)");

  return [=] {
    if (fit->parsed()) return RunFit(*fit_flags);
    if (predict->parsed()) return RunPredict(*predict_flags);
    if (check->parsed()) return RunCheck(*check_flags);
    return ReportError(InvalidArgument("choose mroi clv fit, predict or check"));
  };
}

}  // namespace mroi::cli
