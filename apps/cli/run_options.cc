#include "run_options.h"

#include <fmt/format.h>

#include <filesystem>

#include "mroi/store.h"

namespace mroi::cli {

void AddRunFlags(CLI::App* command, RunFlags* flags) {
  command->add_option("--workspace", flags->workspace,
                      "Workspace folder (mroi init, mroi import): analyse its stored imports "
                      "instead of --data");
  command->add_option("--data", flags->data_dir,
                      "Folder of input files, recognised by name prefix (touchpoints*, "
                      "conversions*, leads*, deals*, spend*, costs*, email*, goals*.json)");
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    auto kind = static_cast<InputKind>(kind_idx);
    std::string name = fmt::format("--{}", InputKindName(kind));
    command->add_option(name, flags->files_by_kind[static_cast<size_t>(kind_idx)],
                        fmt::format("A {} file (.csv, .jsonl, optionally .gz); repeatable",
                                    InputKindName(kind)))
        ->check(CLI::ExistingFile);
  }
  command->add_option("--config", flags->config_path, "JSON config file (see docs/config.md)")
      ->check(CLI::ExistingFile);
  command->add_option("--delimiter", flags->delimiter,
                      "CSV delimiter: ',', ';' or 'tab' (default: sniffed)");
  command->add_option("--timezone", flags->timezone,
                      "Zone of timestamps written without one: UTC, +08:00, Asia/Shanghai "
                      "(default: UTC)");
  command->add_option("--disable", flags->disabled_rules,
                      "Turn a cleaning rule off, e.g. --disable bot_rate; repeatable");
  command->add_option("--bot-list", flags->bot_list, "Crawler user-agent list (JSON)");
  command->add_option("--source-categories", flags->source_categories,
                      "GA4 source categories (CSV source,source_category)");
  command->add_option("--channel-rules", flags->channel_rules,
                      "Channel grouping rules (JSON), tried before the GA4 defaults");
  command->add_option("--duplicate-order", flags->duplicate_order,
                      "Which copy of a duplicate order wins: last (default) or first")
      ->check(CLI::IsMember({"first", "last"}));
  command->add_option("--gross-margin", flags->gross_margin,
                      "Margin used to impute missing cogs (default 0.4)")
      ->check(CLI::Range(0.0, 1.0));
  command->add_flag("--hash-emails", flags->hash_emails,
                    "Replace emails by their SHA-256 before stitching identities");
  command->add_option("--lookback-days", flags->lookback_days,
                      "Journey lookback window in days (default 30; 90 for B2B)")
      ->check(CLI::PositiveNumber);
  command->add_flag("--json", flags->json, "Print JSON for scripts instead of tables");
  command->add_flag("-q,--quiet", flags->quiet, "No progress bar");
}

namespace {

// Apply the option flags (everything but the inputs) over `options`.
Status ApplyOptionFlags(const RunFlags& flags, PipelineOptions* options) {
  if (!flags.config_path.empty()) MROI_RETURN_IF_ERROR(LoadConfigFile(flags.config_path, options));
  if (!flags.delimiter.empty()) {
    std::string delimiter = flags.delimiter == "tab" || flags.delimiter == "\\t" ? "\t"
                                                                                 : flags.delimiter;
    if (delimiter.size() != 1) {
      return InvalidArgument("--delimiter must be one character, or 'tab'");
    }
    options->ingest.delimiter = delimiter[0];
  }
  if (!flags.timezone.empty()) {
    MROI_ASSIGN_OR_RETURN(options->ingest.default_zone, TimeZone::Make(flags.timezone));
  }
  for (const std::string& name : flags.disabled_rules) {
    MROI_ASSIGN_OR_RETURN(Rule rule, RuleFromName(name));
    if (rule == Rule::kParseError) return InvalidArgument("rule parse_error cannot be turned off");
    options->clean.enabled[static_cast<size_t>(rule)] = false;
  }
  if (!flags.bot_list.empty()) options->clean.bot_list_path = flags.bot_list;
  if (!flags.source_categories.empty()) {
    options->clean.source_categories_path = flags.source_categories;
  }
  if (!flags.channel_rules.empty()) options->clean.channel_rules_path = flags.channel_rules;
  if (flags.duplicate_order == "first") {
    options->clean.duplicate_order = DuplicateOrderPolicy::kFirstWins;
  } else if (flags.duplicate_order == "last") {
    options->clean.duplicate_order = DuplicateOrderPolicy::kLastWins;
  }
  if (flags.gross_margin >= 0) options->clean.gross_margin = flags.gross_margin;
  if (flags.hash_emails) options->identity.hash_emails = true;
  if (flags.lookback_days > 0) {
    options->journeys.lookback_s = static_cast<int64_t>(flags.lookback_days * 86400.0);
  }
  return Status::OK();
}

}  // namespace

Status ResolveRun(const RunFlags& flags, std::vector<InputSpec>* inputs,
                  PipelineOptions* options) {
  bool has_files = !flags.data_dir.empty();
  for (const auto& files : flags.files_by_kind) has_files = has_files || !files.empty();
  if (!flags.workspace.empty()) {
    if (has_files) {
      return InvalidArgument(
          "--workspace cannot be combined with --data or per-kind files: import the files "
          "into the workspace with 'mroi import FILE... --workspace DIR'");
    }
    MROI_ASSIGN_OR_RETURN(auto workspace, Workspace::Open(flags.workspace));
    *options = workspace->pipeline_options();
    return ApplyOptionFlags(flags, options);
  }
  if (!flags.data_dir.empty()) {
    MROI_ASSIGN_OR_RETURN(*inputs, DiscoverInputs(flags.data_dir));
  }
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    for (const std::string& path : flags.files_by_kind[static_cast<size_t>(kind_idx)]) {
      inputs->push_back({path, static_cast<InputKind>(kind_idx)});
    }
  }
  if (inputs->empty()) {
    return InvalidArgument(
        "no input: give --data DIR, --workspace DIR or files with --touchpoints FILE, "
        "--conversions FILE ... (try 'mroi demo' for an example dataset)");
  }
  return ApplyOptionFlags(flags, options);
}

bool HasRunInputs(const RunFlags& flags) {
  if (!flags.workspace.empty() || !flags.data_dir.empty()) return true;
  for (const auto& files : flags.files_by_kind) {
    if (!files.empty()) return true;
  }
  return false;
}

Result<PipelineResult> RunFromFlags(const RunFlags& flags, Progress* progress) {
  std::vector<InputSpec> inputs;
  PipelineOptions options;
  MROI_RETURN_IF_ERROR(ResolveRun(flags, &inputs, &options));
  options.on_stage = [progress](const std::string& stage) { progress->Stage(stage); };
  options.ingest.progress = [progress](int64_t done, int64_t total) {
    progress->Bytes(done, total);
  };
  if (!flags.workspace.empty()) {
    MROI_ASSIGN_OR_RETURN(auto workspace, Workspace::Open(flags.workspace));
    auto result = RunWorkspacePipeline(*workspace, options);
    progress->Finish();
    return result;
  }
  auto result = RunPipeline(inputs, options);
  progress->Finish();
  return result;
}

std::string RenderCleanReport(const PipelineResult& result) {
  const Dataset& dataset = result.dataset;
  TextTable table({"file", "kind", "rows_in", "kept", "quarantined", "by rule"});
  int64_t total_in = 0;
  int64_t total_kept = 0;
  int64_t total_quarantined = 0;
  for (const FileAccount& account : AccountFiles(dataset)) {
    std::string rules;
    for (const auto& [rule, count] : account.by_rule) {
      rules += fmt::format("{}{} {}", rules.empty() ? "" : ", ", rule, Thousands(count));
    }
    table.AddRow({account.path, std::string(InputKindName(account.kind)),
                  Thousands(account.rows_in), Thousands(account.rows_kept),
                  Thousands(account.rows_quarantined), rules});
    total_in += account.rows_in;
    total_kept += account.rows_kept;
    total_quarantined += account.rows_quarantined;
  }
  table.AddRow({"total", "", Thousands(total_in), Thousands(total_kept),
                Thousands(total_quarantined), ""});
  std::map<std::string, int64_t> changes = CountChanges(dataset);
  std::string out = table.Render();
  out += fmt::format(
      "\nchanged rows kept: utm_normalised {}, imputed {}, refund_netted {}; "
      "flagged: click_without_session {}\n",
      Thousands(changes["utm_normalised"]), Thousands(changes["imputed"]),
      Thousands(changes["refund_netted"]), Thousands(changes["click_without_session"]));
  out += fmt::format("identity: {} ids -> {} persons\n", Thousands(result.identity.ids),
                     Thousands(result.identity.persons));
  out += fmt::format("time: ingest {:.2f} s, clean {:.2f} s, identity {:.2f} s, journeys {:.2f} s\n",
                     result.timings.ingest_s, result.timings.clean_s,
                     result.timings.identity_s, result.timings.journeys_s);
  return out;
}

}  // namespace mroi::cli
