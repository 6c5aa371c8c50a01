#pragma once

// Shared by `mroi clv` and `mroi churn` (header only, so apps/cli/CMakeLists.txt
// needs no new source): the input flags and their api::ClvRequest and api::ClvSource,
// and text formatting. Loading, fitting and JSON live in mroi/api_clv.h.

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "mroi/api_clv.h"
#include "mroi/clv.h"
#include "mroi/ingest.h"
#include "mroi/ltv.h"
#include "mroi/pipeline.h"
#include "mroi/store.h"
#include "mroi/time.h"

#include "console.h"

namespace mroi::cli::clv {

/// Raw values of the input flags every customer-model command takes.
struct InputFlags {
  std::string summary;
  std::string transactions;
  std::string data;  // --data DIR: the orders and won deals of the pipeline's persons
  std::string workspace;  // --workspace DIR: the same, from a workspace's imports
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
inline void AddInputFlags(CLI::App* command, InputFlags* flags,
                          const std::string& model_help) {
  command->add_option(
      "--summary", flags->summary,
      "customer summary CSV: frequency, recency, T (or periods) and optionally "
      "ID, monetary_value/zbar, weights, holdout columns");
  command->add_option(
      "--transactions", flags->transactions,
      "transactions file (.csv or .csv.gz): customer_id,date,amount columns, "
      "the Online Retail layout or the CDNOW layout");
  command->add_option(
      "--data", flags->data,
      "folder of raw exports (as mroi demo writes): every order and won deal "
      "of a stitched person is a purchase (net revenue), customers named by "
      "email or user id");
  command->add_option("--workspace", flags->workspace,
                      "workspace folder (mroi init): its orders and won deals, as --data");
  command->add_option("--model", flags->model, model_help);
  command->add_option("--time-unit", flags->time_unit,
                      "days, weeks or months (periods for bg_bb); default weeks");
  command->add_option("--calibration-end", flags->calibration_end,
                      "YYYY-MM-DD: fit on purchases up to this day, hold out the rest "
                      "(--transactions only)");
  command->add_option(
      "--observation-end", flags->observation_end,
      "YYYY-MM-DD: ignore later purchases; default the last purchase day");
  command->add_option("--customer-column", flags->customer_column,
                      "customer column of --transactions (default: found by name)");
  command->add_option("--date-column", flags->date_column,
                      "date column of --transactions");
  command->add_option("--amount-column", flags->amount_column,
                      "amount column of --transactions");
  command->add_flag("--json", flags->json, "print JSON instead of text");
}

/// The request of the input flags plus the command's own values in `extra`
/// (name without "--" → value), checked as the server's would be.
inline Result<api::ClvRequest> RequestOf(
    const InputFlags& flags, api::ClvCommand command,
    const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  api::Params params;
  params.Add("model", flags.model);
  const std::pair<const char*, const std::string*> optional_flags[] = {
      {"time-unit", &flags.time_unit},
      {"calibration-end", &flags.calibration_end},
      {"observation-end", &flags.observation_end}};
  for (const auto& [name, value] : optional_flags) {
    if (!value->empty()) params.Add(name, *value);
  }
  for (const auto& [name, value] : extra) params.Add(name, value);
  return api::ParseClvRequest(params, command);
}

/// Where the input flags say the customers are.
inline api::ClvSource SourceOf(const InputFlags& flags) {
  api::ClvSource source;
  source.summary_path = flags.summary;
  source.transactions_path = flags.transactions;
  source.read_options.customer_column = flags.customer_column;
  source.read_options.date_column = flags.date_column;
  source.read_options.amount_column = flags.amount_column;
  source.data_dir = flags.data;
  return source;
}

/// The customers of the input flags: SourceOf() and, with --workspace, the workspace's
/// pipeline run as the history. Errors: those of the workspace and of LoadClvInput().
inline Result<api::ClvInput> LoadInput(const api::ClvRequest& request, const InputFlags& flags) {
  api::ClvSource source = SourceOf(flags);
  if (flags.workspace.empty()) return api::LoadClvInput(request, source);
  MROI_ASSIGN_OR_RETURN(std::unique_ptr<Workspace> workspace, Workspace::Open(flags.workspace));
  MROI_ASSIGN_OR_RETURN(PipelineResult history,
                        RunWorkspacePipeline(*workspace, workspace->pipeline_options()));
  source.history = &history;
  source.history_name = flags.workspace;
  return api::LoadClvInput(request, source);
}

/// The parameter table of a fit, for humans.
inline std::string ParameterTable(const ModelFit& fit) {
  TextTable table({"parameter", "estimate", "std error",
                   fmt::format("{:g}% interval", 100 * fit.confidence_level)});
  for (const ParameterEstimate& p : fit.parameters) {
    table.AddRow({p.name, fmt::format("{:.4f}", p.value),
                  fmt::format("{:.4f}", p.std_error),
                  fmt::format("{:.4f} - {:.4f}", p.lower, p.upper)});
  }
  return table.Render();
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
