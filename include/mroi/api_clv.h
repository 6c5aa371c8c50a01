#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mroi/api_params.h"
#include "mroi/clv.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"

// The customer models (`mroi clv fit|predict|check`, `mroi churn`; GET /api/clv/...,
// /api/churn): the request read from Params, the customers loaded from a summary file,
// a transactions file or the pipeline's history, the fits and predictions, and the JSON
// both front ends print.
namespace mroi::api {

/// Which command a customer-model request is for (its names and defaults differ).
enum class ClvCommand : uint8_t { kFit, kPredict, kCheck, kChurn };

/// A customer-model request, typed. Params names (the CLI flags without "--"):
/// model, time-unit, calibration-end, observation-end (all commands); horizon, months,
/// discount-rate (predict, churn); customer (predict); top (predict, churn); threshold
/// (churn); buckets (check).
struct ClvRequest {
  ClvCommand command = ClvCommand::kFit;
  std::string model = "bg_nbd";   // Default: bg_nbd
  std::string time_unit;          // days, weeks, months; "" = weeks (periods for bg_bb)
  std::string calibration_end;    // YYYY-MM-DD; transactions and history only
  std::string observation_end;    // YYYY-MM-DD; transactions and history only
  std::optional<double> horizon;  // purchases horizon; nullopt = one year in the unit
  int months = 12;                // CLV horizon in months. Default 12
  double discount_rate = 0.01;    // per month. Default 0.01
  std::string customer;           // predict: show this customer only
  int top = 10;                   // rows shown; 0 = all. Default 10 (predict), 20 (churn)
  double threshold = 0.5;         // churn: at risk below this P(alive). Default 0.5
  int buckets = 8;                // check: histogram bars. Default 8
};

/// Read a ClvRequest for `command` from `params`. Errors kInvalidArgument: unknown name,
/// a flag given twice, a value that is not a number ("--months 'x' is not a whole
/// number").
Result<ClvRequest> ParseClvRequest(const Params& params, ClvCommand command);

/// Check the request before loading any data, in the CLI's order: the model, then
/// --top / --threshold / --buckets and the model's kind for the command.
Status CheckClvRequest(const ClvRequest& request);

/// Where the customers come from: exactly one of a summary CSV, a transactions file, a
/// folder of raw exports run through the pipeline with default options, or a pipeline
/// history already run (every order and won deal of a stitched person is a purchase).
struct ClvSource {
  std::string summary_path;
  std::string transactions_path;
  TransactionReadOptions read_options;  // columns of the transactions file
  std::string data_dir;                 // --data DIR
  const PipelineResult* history = nullptr;
  std::string history_name;  // the input's path shown for `history`
};

/// The customers as the models see them, and where they came from.
struct ClvInput {
  CustomerSummaries summaries;
  std::vector<std::string> names;              // customer id as written, per summary row
  std::optional<TransactionLog> log;           // reading counts (purchases dropped)
  std::optional<int64_t> calibration_end_day;  // transactions and history only
  std::string source;
  std::vector<std::string> notes;  // rows left out, returns netted, ...
};

/// The purchases of the history's persons: every converting journey of a known person
/// (orders and won deals, net revenue); a customer is named by the first email, else
/// user id, of their conversions, else "person N". Cost: O(journeys).
Result<TransactionLog> TransactionsFromHistory(const PipelineResult& history);

/// Load the customers of `source` in the request's time unit. Errors kInvalidArgument:
/// both or neither input ("give one input: --summary FILE, --transactions FILE or --data
/// DIR"), a bad unit or date, the file's own errors.
Result<ClvInput> LoadClvInput(const ClvRequest& request, const ClvSource& source);

/// "YYYY-MM-DD" of a customer's last calibration purchase; "" for summary input.
std::string LastPurchaseDate(const ClvInput& input, const CustomerSummary& customer);

/// `clv fit`: one model's fit and how long it took.
struct ClvFitResult {
  ClvModel model = ClvModel::kBgNbd;
  ModelFit fit;
  double seconds = 0;
  std::string diagnosis;  // why the fit did not converge; "" when it did
};
Result<ClvFitResult> RunClvFit(const ClvRequest& request, const ClvInput& input);
std::string ClvFitJson(const ClvFitResult& result, const ClvInput& input);

/// A purchase model with its spend model (when the data hold spend) and predictions.
/// `warning`: the non-convergence warning (also in the input's notes), for stderr.
struct ClvPredictResult {
  ClvModel model = ClvModel::kBgNbd;
  ModelFit purchases;
  std::optional<ModelFit> spend;
  double seconds_fit = 0;
  std::optional<std::string> warning;
  ClvOptions options;
  std::vector<CustomerPrediction> predictions;
  std::vector<size_t> shown;  // rows shown: the customer asked for, or the top by CLV
  double total_purchases = 0;
  double total_clv = 0;
};
/// `clv predict`. Adds notes to `input`. Errors kNotFound: --customer not in the input.
Result<ClvPredictResult> RunClvPredict(const ClvRequest& request, ClvInput* input);
std::string ClvPredictJson(const ClvPredictResult& result, const ClvInput& input);

/// `clv check`: the frequency histogram and, with a holdout, the holdout comparison.
struct ClvCheckResult {
  ClvModel model = ClvModel::kBgNbd;
  ModelFit fit;
  std::vector<FrequencyBucket> histogram;
  std::optional<HoldoutComparison> holdout;
};
Result<ClvCheckResult> RunClvCheck(const ClvRequest& request, const ClvInput& input);
std::string ClvCheckJson(const ClvCheckResult& result, const ClvInput& input);
/// What `clv check` says when there is no holdout.
extern const char* const kClvNoHoldoutNote;

/// `churn`: the customers whose P(alive) is below the threshold, by value at risk.
struct ChurnResult {
  ClvPredictResult models;  // predictions of every customer (shown unused)
  std::vector<ChurnRisk> at_risk;
  double value_at_risk_total = 0;
  double purchases_at_risk_total = 0;
  size_t shown = 0;
};
/// Adds notes to `input`.
Result<ChurnResult> RunChurn(const ClvRequest& request, ClvInput* input);
std::string ChurnJson(const ChurnResult& result, const ClvRequest& request,
                      const ClvInput& input);
/// How value at risk is defined, as the outputs state it.
extern const char* const kChurnDefinition;

/// ParseClvRequest + LoadClvInput(history) + run + JSON: what the server calls, with
/// `history_name` as the input's path.
Result<std::string> ClvFitJson(const Params& params, const PipelineResult& history,
                               const std::string& history_name);
Result<std::string> ClvPredictJson(const Params& params, const PipelineResult& history,
                                   const std::string& history_name);
Result<std::string> ClvCheckJson(const Params& params, const PipelineResult& history,
                                 const std::string& history_name);
Result<std::string> ChurnJson(const Params& params, const PipelineResult& history,
                              const std::string& history_name);

}  // namespace mroi::api
