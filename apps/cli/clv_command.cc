// mroi clv fit|predict|check: the customer models (BG/NBD, Pareto/NBD, MBG/NBD,
// BG/BB, Gamma-Gamma) on a summary or transactions file. Every output states the
// time unit.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <numeric>

#include "clv_common.h"
#include "commands.h"

namespace mroi::cli {

namespace {

using clv::Input;
using clv::InputFlags;
using clv::Number;

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

void PrintNotes(const Input& input) {
  for (const std::string& note : input.notes) fmt::print("note: {}\n", note);
}

// ---- fit ----

int RunFit(const InputFlags& flags) {
  Result<ClvModel> model = ParseClvModel(flags.model);
  if (!model.ok()) return ReportError(model.status());
  Result<Input> input = clv::LoadInput(flags, *model);
  if (!input.ok()) return ReportError(input.status());
  if (*model == ClvModel::kGammaGamma && !clv::HasSpend(input->summaries)) {
    return ReportError(InvalidArgument(
        "gamma_gamma needs spend: a monetary_value (or zbar) column in --summary, or amounts in "
        "--transactions, for at least 2 customers with repeat purchases"));
  }
  FitOptions options;
  options.fail_on_non_convergence = false;
  const auto start = std::chrono::steady_clock::now();
  Result<ModelFit> fit = FitModel(*model, input->summaries, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!fit.ok()) return ReportError(fit.status());
  const std::string unit(TimeUnitName(fit->time_unit));
  const std::string diagnosis = clv::BoundaryDiagnosis(*fit);
  if (!fit->converged) {
    fmt::print(stderr, "mroi: warning: the {} fit did not converge: {}\n", ClvModelName(*model),
               diagnosis);
  }
  if (flags.json) {
    nlohmann::ordered_json out = {{"model", ClvModelName(*model)}, {"time_unit", unit}};
    clv::AddParameterJson(*fit, &out);
    out["loglik"] = Number(fit->log_likelihood);
    out["n_customers"] = Number(fit->num_customers);
    out["converged"] = fit->converged;
    out["n_distinct_rows"] = fit->num_distinct_rows;
    out["starts_at_best"] = fit->starts_at_best;
    out["evaluations"] = fit->num_evaluations;
    out["seconds"] = seconds;
    if (!fit->converged) out["diagnosis"] = diagnosis;
    out["input"] = clv::InputJson(*input);
    fmt::print("{}\n", out.dump(2));
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

nlohmann::ordered_json CustomerJson(const Input& input, size_t idx, const CustomerPrediction& p) {
  const CustomerSummary& c = input.summaries.customers[idx];
  nlohmann::ordered_json row = {{"customer_id", input.names[idx]},
                        {"frequency", Number(c.frequency)},
                        {"recency", Number(c.recency)},
                        {"T", Number(c.age)},
                        {"monetary_value", Number(c.monetary_value)}};
  auto add = [&](const char* name, const PredictionInterval& interval) {
    row[name] = Number(interval.estimate);
    row[std::string(name) + "_low"] = Number(interval.lower);
    row[std::string(name) + "_high"] = Number(interval.upper);
  };
  add("p_alive", p.probability_alive);
  add("expected_purchases", p.expected_purchases);
  add("expected_spend", p.expected_spend);
  add("clv", p.clv);
  if (input.calibration_end_day) row["last_purchase"] = clv::LastPurchaseDate(input, c);
  return row;
}

Status WritePredictionsCsv(const std::string& path, const Input& input,
                           const std::vector<CustomerPrediction>& predictions, double horizon) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return IOError(fmt::format("{}: cannot write", path));
  out << "customer_id,frequency,recency,T,monetary_value,p_alive,p_alive_low,p_alive_high,"
         "expected_purchases,expected_purchases_low,expected_purchases_high,expected_spend,"
         "expected_spend_low,expected_spend_high,clv,clv_low,clv_high,time_unit,horizon\n";
  const std::string unit(TimeUnitName(input.summaries.time_unit));
  for (size_t idx = 0; idx < predictions.size(); ++idx) {
    const CustomerSummary& c = input.summaries.customers[idx];
    const CustomerPrediction& p = predictions[idx];
    out << fmt::format("{},{},{},{},{}", clv::CsvField(input.names[idx]), c.frequency, c.recency,
                       c.age, c.monetary_value);
    for (const PredictionInterval* interval :
         {&p.probability_alive, &p.expected_purchases, &p.expected_spend, &p.clv}) {
      out << fmt::format(",{},{},{}", interval->estimate, interval->lower, interval->upper);
    }
    out << fmt::format(",{},{}\n", unit, horizon);
  }
  out.close();
  if (!out) return IOError(fmt::format("{}: write error", path));
  return Status::OK();
}

std::string Interval(const PredictionInterval& p, const char* format) {
  return fmt::format(fmt::runtime(std::string(format) + " [" + format + " - " + format + "]"),
                     p.estimate, p.lower, p.upper);
}

int RunPredict(const PredictFlags& flags) {
  Result<ClvModel> model = ParseClvModel(flags.input.model);
  if (!model.ok()) return ReportError(model.status());
  if (flags.top < 0) return ReportError(InvalidArgument("--top must be >= 0 (0: every customer)"));
  Result<Input> input = clv::LoadInput(flags.input, *model);
  if (!input.ok()) return ReportError(input.status());
  std::optional<size_t> chosen;
  if (!flags.customer.empty()) {
    auto found = std::find(input->names.begin(), input->names.end(), flags.customer);
    if (found == input->names.end()) {
      return ReportError(NotFound(fmt::format("customer '{}' is not in {}", flags.customer,
                                              input->source)));
    }
    chosen = static_cast<size_t>(found - input->names.begin());
  }
  Result<clv::FittedModels> models = clv::FitForPrediction(*model, &*input);
  if (!models.ok()) return ReportError(models.status());
  const TimeUnit unit = input->summaries.time_unit;
  ClvOptions options;
  options.purchase_horizon = flags.horizon < 0 ? clv::DefaultHorizon(unit) : flags.horizon;
  options.horizon_months = flags.months;
  options.monthly_discount_rate = flags.discount_rate;
  const ModelFit* spend = models->spend ? &*models->spend : nullptr;
  Result<std::vector<CustomerPrediction>> predictions =
      PredictCustomers(models->purchases, spend, input->summaries, options);
  if (!predictions.ok()) return ReportError(predictions.status());

  // Rows shown: one customer, or the top ones by CLV (purchases without spend).
  std::vector<size_t> shown(predictions->size());
  std::iota(shown.begin(), shown.end(), size_t{0});
  if (chosen) {
    shown = {*chosen};
  } else {
    auto value = [&](size_t idx) {
      const CustomerPrediction& p = (*predictions)[idx];
      return spend != nullptr ? p.clv.estimate : p.expected_purchases.estimate;
    };
    std::stable_sort(shown.begin(), shown.end(),
                     [&](size_t l, size_t r) { return value(l) > value(r); });
    if (flags.top > 0 && shown.size() > static_cast<size_t>(flags.top)) {
      shown.resize(static_cast<size_t>(flags.top));
    }
  }
  if (!flags.out.empty()) {
    Status written = WritePredictionsCsv(flags.out, *input, *predictions, options.purchase_horizon);
    if (!written.ok()) return ReportError(written);
  }
  double total_purchases = 0, total_clv = 0;
  for (const CustomerPrediction& p : *predictions) {
    total_purchases += p.expected_purchases.estimate;
    total_clv += p.clv.estimate;
  }
  const std::string unit_name(TimeUnitName(unit));
  const char* clv_unit = unit == TimeUnit::kPeriods ? "periods" : "months";
  if (flags.input.json) {
    nlohmann::ordered_json out = {{"model", ClvModelName(*model)}, {"time_unit", unit_name}};
    clv::AddParameterJson(models->purchases, &out);
    out["loglik"] = Number(models->purchases.log_likelihood);
    out["converged"] = models->purchases.converged;
    out["n_customers"] = input->summaries.customers.size();
    out["spend_model"] = nullptr;
    if (spend != nullptr) {
      nlohmann::ordered_json spend_json = {{"model", "gamma_gamma"}};
      clv::AddParameterJson(*spend, &spend_json);
      spend_json["n_customers"] = Number(spend->num_customers);
      out["spend_model"] = spend_json;
    }
    out["horizon"] = Number(options.purchase_horizon);
    out["horizon_unit"] = unit_name;
    out["clv_horizon"] = options.horizon_months;
    out["clv_horizon_unit"] = clv_unit;
    out["discount_rate"] = options.monthly_discount_rate;
    out["total_expected_purchases"] = Number(total_purchases);
    out["total_clv"] = spend != nullptr ? Number(total_clv) : nlohmann::ordered_json(nullptr);
    out["customers_shown"] = shown.size();
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (size_t idx : shown) rows.push_back(CustomerJson(*input, idx, (*predictions)[idx]));
    out["customers"] = rows;
    out["input"] = clv::InputJson(*input);
    out["seconds_fit"] = models->seconds;
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("{} on {} customers (time unit: {}) from {}\n", ClvModelName(*model),
             Thousands(static_cast<int64_t>(input->summaries.customers.size())), unit_name,
             input->source);
  PrintNotes(*input);
  fmt::print("\n{}", clv::ParameterTable(models->purchases));
  if (spend != nullptr) fmt::print("\nspend model gamma_gamma\n{}", clv::ParameterTable(*spend));
  fmt::print("\nexpected purchases over the next {:g} {}", options.purchase_horizon, unit_name);
  if (spend != nullptr) {
    fmt::print("; CLV over {} {} at {:g}% per {}", options.horizon_months, clv_unit,
               100 * options.monthly_discount_rate, unit == TimeUnit::kPeriods ? "period" : "month");
  }
  fmt::print("; 95% intervals in brackets\n");
  std::vector<std::string> header = {"customer", "frequency", fmt::format("recency ({})", unit_name),
                                     fmt::format("T ({})", unit_name), "P(alive)",
                                     "expected purchases"};
  if (spend != nullptr) header.insert(header.end(), {"mean spend", "CLV"});
  TextTable table(header);
  for (size_t idx : shown) {
    const CustomerSummary& c = input->summaries.customers[idx];
    const CustomerPrediction& p = (*predictions)[idx];
    std::vector<std::string> row = {input->names[idx], fmt::format("{:g}", c.frequency),
                                    fmt::format("{:.2f}", c.recency), fmt::format("{:.2f}", c.age),
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
  Result<ClvModel> model = ParseClvModel(flags.input.model);
  if (!model.ok()) return ReportError(model.status());
  if (!IsTransactionModel(*model)) {
    return ReportError(InvalidArgument("clv check compares purchase models: use bg_nbd, "
                                       "pareto_nbd, mbg_nbd or bg_bb"));
  }
  if (flags.buckets < 2) return ReportError(InvalidArgument("--buckets must be at least 2"));
  Result<Input> input = clv::LoadInput(flags.input, *model);
  if (!input.ok()) return ReportError(input.status());
  Result<ModelFit> fit = FitModel(*model, input->summaries, FitOptions{});
  if (!fit.ok()) return ReportError(fit.status());
  auto histogram = CompareFrequencyHistogram(*fit, input->summaries, flags.buckets);
  if (!histogram.ok()) return ReportError(histogram.status());
  std::optional<HoldoutComparison> holdout;
  if (input->summaries.holdout_duration > 0) {
    auto found = CompareHoldout(*fit, input->summaries, flags.buckets);
    if (!found.ok()) return ReportError(found.status());
    holdout = std::move(found).value();
  }
  const std::string unit(TimeUnitName(fit->time_unit));
  const char* no_holdout =
      "no holdout: give --calibration-end DATE with --transactions (or the frequency_holdout and "
      "duration_holdout columns in --summary) to compare predicted and actual holdout purchases";
  if (flags.input.json) {
    nlohmann::ordered_json out = {{"model", ClvModelName(*model)}, {"time_unit", unit}};
    clv::AddParameterJson(*fit, &out);
    out["loglik"] = Number(fit->log_likelihood);
    out["converged"] = fit->converged;
    out["n_customers"] = Number(fit->num_customers);
    nlohmann::ordered_json bars = nlohmann::ordered_json::array();
    for (const FrequencyBucket& bucket : *histogram) {
      bars.push_back({{"frequency", bucket.frequency},
                      {"actual", Number(bucket.actual)},
                      {"expected", Number(bucket.expected)}});
    }
    out["histogram"] = bars;
    out["holdout"] = nullptr;
    if (holdout) {
      nlohmann::ordered_json buckets = nlohmann::ordered_json::array();
      for (const HoldoutBucket& bucket : holdout->buckets) {
        buckets.push_back({{"frequency", bucket.frequency},
                           {"customers", Number(bucket.customers)},
                           {"actual_mean", Number(bucket.actual_mean)},
                           {"predicted_mean", Number(bucket.predicted_mean)}});
      }
      out["holdout"] = {{"duration", Number(holdout->holdout_duration)},
                        {"buckets", buckets},
                        {"actual_total", Number(holdout->actual_total)},
                        {"predicted_total", Number(holdout->predicted_total)},
                        {"mean_absolute_error", Number(holdout->mean_absolute_error)}};
    } else {
      out["holdout_note"] = no_holdout;
    }
    out["input"] = clv::InputJson(*input);
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("{} on {} customers (time unit: {}) from {}\n", ClvModelName(*model),
             Thousands(std::llround(fit->num_customers)), unit, input->source);
  PrintNotes(*input);
  fmt::print("\nRepeat purchases in the calibration period, actual vs model (the last bar is "
             "\"or more\"):\n");
  TextTable bars({"repeat purchases", "actual customers", "model", "difference"});
  for (size_t idx = 0; idx < histogram->size(); ++idx) {
    const FrequencyBucket& bucket = (*histogram)[idx];
    const bool last = idx + 1 == histogram->size();
    bars.AddRow({fmt::format("{}{}", bucket.frequency, last ? "+" : ""),
                 fmt::format("{:.0f}", bucket.actual), fmt::format("{:.1f}", bucket.expected),
                 fmt::format("{:.1f}", bucket.actual - bucket.expected)});
  }
  fmt::print("{}", bars.Render());
  if (!holdout) {
    fmt::print("\n{}\n", no_holdout);
    return 0;
  }
  fmt::print("\nHoldout of {:.2f} {}: mean purchases per customer by calibration frequency\n",
             holdout->holdout_duration, unit);
  TextTable table({"calibration frequency", "customers", "actual", "predicted"});
  for (size_t idx = 0; idx < holdout->buckets.size(); ++idx) {
    const HoldoutBucket& bucket = holdout->buckets[idx];
    const bool last = idx + 1 == holdout->buckets.size();
    table.AddRow({fmt::format("{}{}", bucket.frequency, last ? "+" : ""),
                  fmt::format("{:.0f}", bucket.customers), fmt::format("{:.3f}", bucket.actual_mean),
                  fmt::format("{:.3f}", bucket.predicted_mean)});
  }
  fmt::print("{}", table.Render());
  fmt::print("total holdout purchases: actual {:.0f}, predicted {:.1f}; mean absolute error per "
             "customer {:.3f}\n",
             holdout->actual_total, holdout->predicted_total, holdout->mean_absolute_error);
  return 0;
}

}  // namespace

CommandRunner AddClvCommand(CLI::App* root) {
  CLI::App* command = root->add_subcommand(
      "clv",
      "Customer models (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma): fit them with "
      "standard errors, predict P(alive), purchases and CLV with intervals, check the fit.\n"
      "Example: mroi clv fit --data mroi-demo/data\n"
      "         mroi clv fit --model bgnbd --summary cdnow_customers_summary.csv --json\n"
      "         mroi clv predict --transactions orders.csv --months 12 --out clv.csv\n"
      "         mroi clv check --transactions orders.csv --calibration-end 2025-06-30");
  command->require_subcommand(1);

  auto fit_flags = std::make_shared<InputFlags>();
  CLI::App* fit = command->add_subcommand(
      "fit", "fit one model by maximum likelihood: parameters, standard errors, intervals");
  clv::AddInputFlags(fit, fit_flags.get(), kModelHelp);

  auto predict_flags = std::make_shared<PredictFlags>();
  CLI::App* predict = command->add_subcommand(
      "predict", "per customer P(alive), expected purchases and CLV with 95% intervals");
  clv::AddInputFlags(predict, &predict_flags->input,
                     "purchase model: bg_nbd, pareto_nbd, mbg_nbd or bg_bb (Gamma-Gamma spend is "
                     "fitted alongside when the data hold amounts)");
  predict->add_option("--horizon", predict_flags->horizon,
                      "expected purchases over this many time units (default one year: 365 days, "
                      "52 weeks, 12 months; 1 period)");
  predict->add_option("--months", predict_flags->months, "CLV horizon in months (default 12)");
  predict->add_option("--discount-rate", predict_flags->discount_rate,
                      "CLV discount rate per month (default 0.01)");
  predict->add_option("--customer", predict_flags->customer, "show this customer only");
  predict->add_option("--top", predict_flags->top,
                      "customers shown, by CLV (default 10; 0 = all)");
  predict->add_option("--out", predict_flags->out, "write every customer to this CSV");

  auto check_flags = std::make_shared<CheckFlags>();
  CLI::App* check = command->add_subcommand(
      "check", "model checks: frequency histogram actual vs model, calibration/holdout");
  clv::AddInputFlags(check, &check_flags->input, "purchase model: bg_nbd, pareto_nbd, mbg_nbd or bg_bb");
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
