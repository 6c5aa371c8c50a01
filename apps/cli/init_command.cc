// mroi init [DIR]: create a workspace (mroi-workspace.json + an SQLite file, or a
// PostgreSQL database given by --database) that `mroi import` fills.
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/store.h"

#include "commands.h"

namespace mroi::cli {

namespace {

struct InitFlags {
  std::string dir = ".";
  std::string database;
  std::string config_path;
  bool json = false;
};

int RunInit(const InitFlags& flags) {
  WorkspaceCreateOptions options;
  options.database = flags.database;
  options.config_path = flags.config_path;
  auto workspace = Workspace::Create(flags.dir, options);
  if (!workspace.ok()) return ReportError(workspace.status());
  auto version = (*workspace)->SchemaVersion();
  if (!version.ok()) return ReportError(version.status());
  if (flags.json) {
    nlohmann::json out = {{"workspace", flags.dir},
                          {"database", (*workspace)->database()},
                          {"schema_version", *version}};
    fmt::print("{}\n", out.dump());
    return 0;
  }
  fmt::print("mroi init: workspace created in {} (database {}, schema v{})\n", flags.dir,
             (*workspace)->database(), *version);
  fmt::print("next: mroi import FILE... --workspace {}\n", flags.dir);
  return 0;
}

}  // namespace

CommandRunner AddInitCommand(CLI::App* root) {
  auto flags = std::make_shared<InitFlags>();
  CLI::App* command = root->add_subcommand(
      "init",
      "Create a workspace: a folder whose database accumulates the files given to "
      "'mroi import', analysed by every command with --workspace DIR.\n"
      "Example: mroi init shop && mroi import exports/*.csv --workspace shop");
  command->add_option("dir", flags->dir, "Workspace folder (default: .)");
  command->add_option("--database", flags->database,
                      "Database URL: sqlite:PATH (default sqlite:workspace.db in DIR) or "
                      "postgresql://user@host:port/db");
  command->add_option("--config", flags->config_path,
                      "Pipeline config (docs/config.md) copied into the workspace")
      ->check(CLI::ExistingFile);
  command->add_flag("--json", flags->json, "Print JSON instead of text");
  return [flags] { return RunInit(*flags); };
}

}  // namespace mroi::cli
