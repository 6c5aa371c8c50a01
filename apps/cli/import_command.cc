// mroi import FILE...: append files to a workspace in one transaction (all or none),
// skipping files already imported (same content hash), and show what each became
// after cleaning the whole workspace.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/store.h"

#include "commands.h"
#include "console.h"

namespace mroi::cli {

namespace {

struct ImportFlags {
  std::vector<std::string> files;
  std::string workspace = ".";
  std::string kind;
  bool json = false;
  bool quiet = false;
};

// The files with their kinds (name prefix, else --kind), sorted by kind then name as
// --data reads a folder, so that importing a folder's files equals --data on it.
Result<std::vector<InputSpec>> ResolveFiles(const ImportFlags& flags) {
  std::optional<InputKind> forced;
  if (!flags.kind.empty()) {
    for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
      if (InputKindName(static_cast<InputKind>(kind_idx)) == flags.kind) {
        forced = static_cast<InputKind>(kind_idx);
      }
    }
    if (!forced) {
      return InvalidArgument(fmt::format(
          "--kind '{}' is not one of touchpoints, conversions, leads, deals, spend, costs, "
          "email, goals",
          flags.kind));
    }
  }
  std::vector<InputSpec> specs;
  for (const std::string& path : flags.files) {
    std::optional<InputKind> kind =
        forced ? forced
               : InputKindFromFileName(std::filesystem::path(path).filename().string());
    if (!kind) {
      return InvalidArgument(fmt::format(
          "{}: cannot tell the kind from the name (touchpoints*, conversions*, leads*, deals*, "
          "spend*, costs*, email*, goals*.json): give --kind",
          path));
    }
    specs.push_back({path, *kind});
  }
  std::stable_sort(specs.begin(), specs.end(), [](const InputSpec& a, const InputSpec& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return std::filesystem::path(a.path).filename() < std::filesystem::path(b.path).filename();
  });
  return specs;
}

// Progress as plain lines on stderr (one per stage, and per 10% of reading/writing),
// readable in a log as well as on a terminal.
ImportOptions ProgressOptions(bool enabled) {
  ImportOptions options;
  if (!enabled) return options;
  auto last = std::make_shared<std::pair<std::string, int>>("", -1);
  options.progress = [last](const std::string& stage, double fraction) {
    const int tenth = fraction < 0 ? -1 : static_cast<int>(fraction * 10);
    if (stage == last->first && tenth == last->second) return;
    last->first = stage;
    last->second = tenth;
    if (fraction < 0) {
      std::fprintf(stderr, "  import: %s\n", stage.c_str());
    } else {
      std::fprintf(stderr, "  import: %s %d%%\n", stage.c_str(), tenth * 10);
    }
    std::fflush(stderr);
  };
  return options;
}

std::string ByRule(const FileAccount& account) {
  std::string rules;
  for (const auto& [rule, count] : account.by_rule) {
    rules += fmt::format("{}{} {}", rules.empty() ? "" : ", ", rule, Thousands(count));
  }
  return rules;
}

void PrintJson(const Workspace& workspace, const std::vector<ImportOutcome>& outcomes) {
  nlohmann::json imports = nlohmann::json::array();
  for (const ImportOutcome& outcome : outcomes) {
    nlohmann::json by_rule = nlohmann::json::object();
    for (const auto& [rule, count] : outcome.account.by_rule) by_rule[rule] = count;
    imports.push_back({{"path", outcome.path},
                       {"kind", InputKindName(outcome.kind)},
                       {"content_hash", outcome.content_hash},
                       {"duplicate", outcome.duplicate},
                       {"import_id", outcome.import_id},
                       {"rows_in", outcome.account.rows_in},
                       {"rows_kept", outcome.account.rows_kept},
                       {"rows_quarantined", outcome.account.rows_quarantined},
                       {"by_rule", by_rule}});
  }
  nlohmann::json out = {
      {"workspace", workspace.dir()}, {"database", workspace.database()}, {"imports", imports}};
  fmt::print("{}\n", out.dump(2));
}

void PrintTable(const Workspace& workspace, const std::vector<ImportOutcome>& outcomes) {
  TextTable table({"file", "kind", "status", "rows_in", "kept", "quarantined", "by rule"});
  int64_t imported = 0;
  for (const ImportOutcome& outcome : outcomes) {
    if (!outcome.duplicate) ++imported;
    table.AddRow({outcome.path, std::string(InputKindName(outcome.kind)),
                  outcome.duplicate ? fmt::format("duplicate of import {}", outcome.import_id)
                                    : fmt::format("imported as {}", outcome.import_id),
                  Thousands(outcome.account.rows_in), Thousands(outcome.account.rows_kept),
                  Thousands(outcome.account.rows_quarantined), ByRule(outcome.account)});
  }
  fmt::print("{}", table.Render());
  fmt::print("\n{} of {} files imported into {} ({}); duplicates (same content) skipped.\n",
             imported, outcomes.size(), workspace.dir(), workspace.database());
  fmt::print("Counts are after cleaning the whole workspace, so a duplicate order across "
             "imports shows up.\n");
}

int RunImport(const ImportFlags& flags) {
  auto specs = ResolveFiles(flags);
  if (!specs.ok()) return ReportError(specs.status());
  auto workspace = Workspace::Open(flags.workspace);
  if (!workspace.ok()) return ReportError(workspace.status());
  auto outcomes = (*workspace)->Import(*specs, ProgressOptions(!flags.quiet));
  if (!outcomes.ok()) {
    return ReportError(outcomes.status().WithContext("nothing was imported"));
  }
  if (flags.json) {
    PrintJson(**workspace, *outcomes);
  } else {
    PrintTable(**workspace, *outcomes);
  }
  return 0;
}

}  // namespace

CommandRunner AddImportCommand(CLI::App* root) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* command = root->add_subcommand(
      "import",
      "Append files to a workspace in one transaction (all of them or none); a file "
      "already imported (same content) is skipped.\n"
      "Example: mroi import exports/touchpoints_2025-w10.csv --workspace shop");
  command->add_option("files", flags->files, "Input files (.csv, .jsonl, .gz, goals*.json)")
      ->required();
  command->add_option("--workspace", flags->workspace, "Workspace folder (default: .)");
  command->add_option("--kind", flags->kind,
                      "Kind of every file when the name does not say (touchpoints, "
                      "conversions, leads, deals, spend, costs, email, goals)");
  command->add_flag("--json", flags->json, "Print JSON instead of a table");
  command->add_flag("-q,--quiet", flags->quiet, "No progress on stderr");
  return [flags] { return RunImport(*flags); };
}

}  // namespace mroi::cli
