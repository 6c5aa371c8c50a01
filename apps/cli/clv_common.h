#pragma once

// Shared by `mroi clv` and `mroi churn` (header only, so apps/cli/CMakeLists.txt
// needs no new source): the input flags, loading a summary or transactions file
// into customer summaries, fitting the purchase and spend models, and formatting.

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "console.h"
#include "mroi/clv.h"
#include "mroi/ingest.h"
#include "mroi/ltv.h"
#include "mroi/pipeline.h"
#include "mroi/time.h"

namespace mroi::cli::clv {

/// Raw values of the input flags every customer-model command takes.
struct InputFlags {
  std::string summary;
  std::string transactions;
  std::string data;  // --data DIR: the orders and won deals of the pipeline's persons
  std::string time_unit;  // empty: weeks (periods for bg_bb)
  std::string calibration_end;
  std::string observation_end;
  std::string customer_column;
  std::string date_column;
  std::string amount_column;
  std::string model = "bg_nbd";
  bool json = false;
};

/// Register the input flags (and --model with `default_model`, --json) on `command`.
inline void AddInputFlags(CLI::App* command, InputFlags* flags, const std::string& model_help) {
  command->add_option("--summary", flags->summary,
                      "customer summary CSV: frequency, recency, T (or periods) and optionally "
                      "ID, monetary_value/zbar, weights, holdout columns");
  command->add_option("--transactions", flags->transactions,
                      "transactions file (.csv or .csv.gz): customer_id,date,amount columns, "
                      "the Online Retail layout or the CDNOW layout");
  command->add_option("--data", flags->data,
                      "folder of raw exports (as mroi demo writes): every order and won deal "
                      "of a stitched person is a purchase (net revenue), customers named by "
                      "email or user id");
  command->add_option("--model", flags->model, model_help);
  command->add_option("--time-unit", flags->time_unit,
                      "days, weeks or months (periods for bg_bb); default weeks");
  command->add_option("--calibration-end", flags->calibration_end,
                      "YYYY-MM-DD: fit on purchases up to this day, hold out the rest "
                      "(--transactions only)");
  command->add_option("--observation-end", flags->observation_end,
                      "YYYY-MM-DD: ignore later purchases; default the last purchase day");
  command->add_option("--customer-column", flags->customer_column,
                      "customer column of --transactions (default: found by name)");
  command->add_option("--date-column", flags->date_column, "date column of --transactions");
  command->add_option("--amount-column", flags->amount_column, "amount column of --transactions");
  command->add_flag("--json", flags->json, "print JSON instead of text");
}

/// The customers as the models see them, and where they came from.
struct Input {
  CustomerSummaries summaries;
  /// Customer id as written in the input, per row of summaries.customers.
  std::vector<std::string> names;
  /// Reading counts of a transactions file (its purchases are dropped after use).
  std::optional<TransactionLog> log;
  /// Last day of the calibration period (transactions only).
  std::optional<int64_t> calibration_end_day;
  std::string source;
  /// One line each: rows left out, returns netted, customers without purchases.
  std::vector<std::string> notes;
};

inline bool HasSpend(const CustomerSummaries& summaries) {
  int usable = 0;
  for (const CustomerSummary& c : summaries.customers) {
    if (c.frequency > 0 && c.monetary_value > 0 && ++usable >= 2) return true;
  }
  return false;
}

inline Result<UnixSeconds> ParseDay(const std::string& text, const char* flag) {
  Result<UnixDays> day = ParseDate(text, TimeZone());
  if (!day.ok()) return InvalidArgument(fmt::format("{} '{}': {}", flag, text, day.status().message()));
  return static_cast<UnixSeconds>(*day) * 86'400;
}

inline std::string Money(double value) { return fmt::format("{:.2f}", value); }

inline void AddTransactionNotes(const TransactionLog& log, size_t customers_with_purchases,
                                std::vector<std::string>* notes) {
  notes->push_back(fmt::format("{} rows without a customer id were left out",
                               Thousands(log.rows_without_customer)));
  if (log.rows_skipped > 0) {
    notes->push_back(fmt::format("{} unreadable rows were skipped (first: {})",
                                 Thousands(log.rows_skipped), log.skipped_examples.front()));
  }
  const NettingCounts& netting = log.netting;
  if (netting.returns > 0) {
    notes->push_back(fmt::format(
        "{} returns/cancellations were netted against the same customer's latest earlier "
        "purchases: {} subtracted, {} with no earlier purchase dropped, {} orders cancelled in "
        "full left out",
        Thousands(netting.returns), Money(netting.returned_amount_netted),
        Money(netting.returned_amount_unmatched), Thousands(netting.purchases_cancelled)));
  }
  const size_t without = log.customer_names.size() - customers_with_purchases;
  if (without > 0) {
    notes->push_back(fmt::format("{} customers with no purchase left (all cancelled or after "
                                 "the calibration end) were left out",
                                 Thousands(static_cast<int64_t>(without))));
  }
  if (!log.has_amounts) notes->push_back("the file has no amount column: no spend model, no CLV");
}

/// The purchases of the pipeline's persons over the raw exports in `dir`: every
/// converting journey of a known person (orders and won deals, net revenue); a
/// customer is named by the first email, else user id, of their conversions, else
/// "person N".
inline Result<TransactionLog> TransactionsFromPipeline(const std::string& dir) {
  MROI_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, DiscoverInputs(dir));
  MROI_ASSIGN_OR_RETURN(PipelineResult run, RunPipeline(inputs, PipelineOptions()));
  CustomerTransactionOptions options;
  options.amount = TransactionAmount::kRevenue;
  TransactionLog log;
  MROI_ASSIGN_OR_RETURN(log.purchases, CustomerTransactions(run, options));
  // Name each person by the first email, else user id, of their conversions.
  std::vector<std::string> person_names(static_cast<size_t>(run.identity.persons));
  for (size_t i = 0; i < run.dataset.conversions.size(); ++i) {
    const int32_t person = run.identity.conversion_person[i];
    if (person < 0 || !person_names[static_cast<size_t>(person)].empty()) continue;
    const Conversion& conversion = run.dataset.conversions[i];
    const StringId key = conversion.email != kEmptyString ? conversion.email : conversion.user_id;
    if (key != kEmptyString) person_names[static_cast<size_t>(person)] = run.dataset.str(key);
  }
  // Customers are the persons with a purchase, numbered in order of appearance.
  std::vector<int64_t> customer_of(person_names.size(), -1);
  for (Transaction& purchase : log.purchases) {
    const auto person = static_cast<size_t>(purchase.customer_id);
    if (customer_of[person] < 0) {
      customer_of[person] = static_cast<int64_t>(log.customer_names.size());
      log.customer_names.push_back(person_names[person].empty()
                                       ? fmt::format("person {}", person)
                                       : person_names[person]);
    }
    purchase.customer_id = customer_of[person];
  }
  log.rows_read = static_cast<int64_t>(log.purchases.size());
  log.transactions = log.rows_read;
  return log;
}

/// Read --summary, --transactions or --data into summaries in the chosen time unit.
/// Errors (exit 2): both or neither input, a bad unit or date, the file's own errors.
inline Result<Input> LoadInput(const InputFlags& flags, ClvModel model) {
  const int inputs = !flags.summary.empty() + !flags.transactions.empty() + !flags.data.empty();
  if (inputs != 1) {
    return InvalidArgument(
        "give one input: --summary FILE, --transactions FILE or --data DIR");
  }
  TimeUnit unit = model == ClvModel::kBgBb ? TimeUnit::kPeriods : TimeUnit::kWeeks;
  if (!flags.time_unit.empty()) {
    MROI_ASSIGN_OR_RETURN(unit, ParseTimeUnit(flags.time_unit));
  }
  Input input;
  if (!flags.summary.empty()) {
    if (!flags.calibration_end.empty() || !flags.observation_end.empty()) {
      return InvalidArgument("--calibration-end and --observation-end apply to --transactions");
    }
    MROI_ASSIGN_OR_RETURN(input.summaries, ReadCustomerSummaryCsv(flags.summary, unit));
    for (const CustomerSummary& c : input.summaries.customers) {
      input.names.push_back(std::to_string(c.customer_id));
    }
    input.source = flags.summary;
    return input;
  }
  if (unit == TimeUnit::kPeriods) {
    return InvalidArgument(
        "transactions are summarised in days, weeks or months; the discrete BG/BB model (periods) "
        "needs --summary with frequency, recency and periods");
  }
  TransactionReadOptions read_options;
  read_options.customer_column = flags.customer_column;
  read_options.date_column = flags.date_column;
  read_options.amount_column = flags.amount_column;
  MROI_ASSIGN_OR_RETURN(TransactionLog log,
                        flags.data.empty() ? ReadTransactionsCsv(flags.transactions, read_options)
                                           : TransactionsFromPipeline(flags.data));
  SummaryOptions summary_options;
  summary_options.time_unit = unit;
  if (!flags.calibration_end.empty()) {
    MROI_ASSIGN_OR_RETURN(summary_options.calibration_end,
                          ParseDay(flags.calibration_end, "--calibration-end"));
  }
  if (!flags.observation_end.empty()) {
    MROI_ASSIGN_OR_RETURN(summary_options.observation_end,
                          ParseDay(flags.observation_end, "--observation-end"));
  }
  if (log.purchases.empty()) {
    return InvalidArgument(fmt::format("{}: no purchase left after netting returns",
                                       flags.data.empty() ? flags.transactions : flags.data));
  }
  int64_t last_day = INT64_MIN;
  for (const Transaction& t : log.purchases) last_day = std::max(last_day, t.time / 86'400);
  const int64_t observation_day =
      summary_options.observation_end ? *summary_options.observation_end / 86'400 : last_day;
  input.calibration_end_day =
      summary_options.calibration_end ? *summary_options.calibration_end / 86'400 : observation_day;
  MROI_ASSIGN_OR_RETURN(input.summaries, SummariseTransactions(log.purchases, summary_options));
  for (const CustomerSummary& c : input.summaries.customers) {
    input.names.push_back(log.customer_names[static_cast<size_t>(c.customer_id)]);
  }
  AddTransactionNotes(log, input.summaries.customers.size(), &input.notes);
  log.purchases = {};
  input.log = std::move(log);
  input.source = flags.data.empty() ? flags.transactions : flags.data;
  return input;
}

/// "YYYY-MM-DD" of a customer's last calibration purchase; "" for summary input.
inline std::string LastPurchaseDate(const Input& input, const CustomerSummary& c) {
  if (!input.calibration_end_day) return "";
  const double days_back = (c.age - c.recency) * DaysPerTimeUnit(input.summaries.time_unit);
  return FormatDate(static_cast<UnixDays>(*input.calibration_end_day - std::llround(days_back)));
}

/// A finite number, or JSON null.
inline nlohmann::ordered_json Number(double value) {
  if (!std::isfinite(value)) return nullptr;
  if (std::floor(value) == value && std::fabs(value) < 1e15) return static_cast<int64_t>(value);
  return value;
}

inline nlohmann::ordered_json InputJson(const Input& input) {
  nlohmann::ordered_json out = {{"path", input.source},
                        {"kind", input.log ? "transactions" : "summary"},
                        {"customers", input.summaries.customers.size()}};
  if (input.log) {
    const TransactionLog& log = *input.log;
    out["layout"] = TransactionLayoutName(log.layout);
    out["rows_read"] = log.rows_read;
    out["rows_without_customer"] = log.rows_without_customer;
    out["rows_skipped"] = log.rows_skipped;
    out["transactions"] = log.transactions;
    out["returns"] = log.netting.returns;
    out["returned_amount_netted"] = Number(log.netting.returned_amount_netted);
    out["returned_amount_unmatched"] = Number(log.netting.returned_amount_unmatched);
    out["purchases_cancelled"] = log.netting.purchases_cancelled;
    out["calibration_end"] = FormatDate(static_cast<UnixDays>(*input.calibration_end_day));
  }
  out["holdout_duration"] = Number(input.summaries.holdout_duration);
  out["notes"] = input.notes;
  return out;
}

/// params, std_errors and ci ([lower, upper]) of a fit, in the papers' names.
inline void AddParameterJson(const ModelFit& fit, nlohmann::ordered_json* out) {
  nlohmann::ordered_json params = nlohmann::ordered_json::object(), errors = nlohmann::ordered_json::object(),
                 intervals = nlohmann::ordered_json::object();
  for (const ParameterEstimate& p : fit.parameters) {
    params[p.name] = Number(p.value);
    errors[p.name] = Number(p.std_error);
    intervals[p.name] = {Number(p.lower), Number(p.upper)};
  }
  (*out)["params"] = params;
  (*out)["std_errors"] = errors;
  (*out)["ci"] = intervals;
  (*out)["confidence_level"] = fit.confidence_level;
}

/// The parameter table of a fit, for humans.
inline std::string ParameterTable(const ModelFit& fit) {
  TextTable table({"parameter", "estimate", "std error",
                   fmt::format("{:g}% interval", 100 * fit.confidence_level)});
  for (const ParameterEstimate& p : fit.parameters) {
    table.AddRow({p.name, fmt::format("{:.4f}", p.value), fmt::format("{:.4f}", p.std_error),
                  fmt::format("{:.4f} - {:.4f}", p.lower, p.upper)});
  }
  return table.Render();
}

/// Why a fit did not converge, when a parameter ran to the edge of the space
/// (value below 1e-4 or above 1e4); "" otherwise.
inline std::string BoundaryDiagnosis(const ModelFit& fit) {
  if (fit.converged) return "";
  constexpr double kTiny = 1e-4, kHuge = 1e4;
  std::vector<std::string> at_edge;
  for (const ParameterEstimate& p : fit.parameters) {
    if (p.value < kTiny || p.value > kHuge) at_edge.push_back(fmt::format("{} = {:.3g}", p.name, p.value));
  }
  if (at_edge.empty()) {
    return "no interior maximum was confirmed (Hessian not positive definite): the standard "
           "errors are undefined";
  }
  std::string text = fmt::format(
      "the likelihood keeps rising towards the edge of the parameter space ({}), so there is no "
      "interior maximum and no standard errors",
      fmt::join(at_edge, ", "));
  const bool dropout_model = fit.model == ClvModel::kBgNbd || fit.model == ClvModel::kMbgNbd;
  const double a = fit.value("a"), b = fit.value("b");
  if (dropout_model && a / (a + b) < kTiny) {
    text += fmt::format(
        "; the mean dropout probability a/(a+b) = {:.2g} is effectively 0: these data show no "
        "sign of customers dropping out within the window, and the model reduces to the NBD "
        "(no churn)",
        a / (a + b));
  }
  return text;
}

/// A purchase model and, when the data hold spend, the Gamma-Gamma spend model.
struct FittedModels {
  ModelFit purchases;
  std::optional<ModelFit> spend;
  double seconds = 0;
};

/// Fit `model` (a purchase model) and the spend model when the data allow it. A
/// spend model that cannot be used (no convergence, q <= 1) becomes a note.
inline Result<FittedModels> FitForPrediction(ClvModel model, Input* input) {
  if (!IsTransactionModel(model)) {
    return InvalidArgument(
        "--model must be a purchase model (bg_nbd, pareto_nbd, mbg_nbd, bg_bb); the gamma_gamma "
        "spend model is fitted alongside when the data hold monetary values");
  }
  const auto start = std::chrono::steady_clock::now();
  FittedModels out;
  FitOptions options;
  options.fail_on_non_convergence = false;  // a limit point is still usable: say so
  MROI_ASSIGN_OR_RETURN(out.purchases, FitModel(model, input->summaries, options));
  if (!out.purchases.converged) {
    const std::string warning = fmt::format(
        "the {} fit did not converge: {}; the predictions use the parameters it reached and "
        "their intervals are undefined (null)",
        ClvModelName(model), BoundaryDiagnosis(out.purchases));
    fmt::print(stderr, "mroi: warning: {}\n", warning);
    input->notes.push_back(warning);
  }
  if (HasSpend(input->summaries)) {
    Result<ModelFit> spend = FitModel(ClvModel::kGammaGamma, input->summaries, FitOptions{});
    if (!spend.ok()) {
      input->notes.push_back("no spend model (no CLV): " + spend.status().message());
    } else if (spend->value("q") <= 1) {
      input->notes.push_back("no spend model (no CLV): Gamma-Gamma q <= 1, the mean spend is undefined");
    } else {
      out.spend = std::move(spend).value();
    }
  } else {
    input->notes.push_back("no monetary values: no spend model, no CLV");
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

/// Default purchase horizon: one year (365 days, 52 weeks, 12 months), 1 period.
inline double DefaultHorizon(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDays: return 365;
    case TimeUnit::kWeeks: return 52;
    case TimeUnit::kMonths: return 12;
    case TimeUnit::kPeriods: return 1;
  }
  return 52;
}

/// Quote a CSV field when it needs it.
inline std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace mroi::cli::clv
