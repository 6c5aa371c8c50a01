// Workspace::Create and Workspace::Open: the folder, its mroi-workspace.json, the
// copied pipeline config and the database at the current schema version; and
// RunWorkspacePipeline.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/store.h"
#include "store/schema.h"
#include "store/workspace_internal.h"

namespace mroi {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::string_view kFormat = "mroi.workspace/1";
constexpr std::string_view kDefaultDatabase = "sqlite:workspace.db";
constexpr std::string_view kConfigCopyName = "config.json";

std::string WorkspaceFile(const std::string& dir) {
  return (fs::path(dir) / kWorkspaceFileName).string();
}

Status CopyFile(const std::string& from, const std::string& to) {
  std::error_code error;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, error);
  if (error) return IOError(fmt::format("cannot copy '{}' to '{}': {}", from, to, error.message()));
  return Status::OK();
}

// Write `text` to `path` through a temporary file and a rename, so a reader never
// sees half a file.
Status WriteAtomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file) return IOError(fmt::format("cannot write '{}'", temporary));
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) return IOError(fmt::format("cannot write '{}': {}", path, error.message()));
  return Status::OK();
}

Result<std::unique_ptr<Workspace>> OpenAt(const std::string& dir, const std::string& url,
                                          PipelineOptions options) {
  MROI_ASSIGN_OR_RETURN(auto database, internal::OpenWorkspaceDatabase(url, dir));
  MROI_RETURN_IF_ERROR(internal::MigrateTo(database.get(), kSchemaVersion));
  return std::unique_ptr<Workspace>(new internal::StoredWorkspace(
      dir, url, std::move(options), std::move(database)));
}

}  // namespace

Result<std::unique_ptr<Workspace>> Workspace::Create(const std::string& dir,
                                                     const WorkspaceCreateOptions& options) {
  std::error_code error;
  if (fs::exists(WorkspaceFile(dir), error)) {
    return InvalidArgument(fmt::format("'{}' already holds a workspace ({})", dir,
                                       kWorkspaceFileName));
  }
  fs::create_directories(dir, error);
  if (error) return IOError(fmt::format("cannot create '{}': {}", dir, error.message()));
  PipelineOptions pipeline_options;
  Json config = nullptr;
  if (!options.config_path.empty()) {
    MROI_RETURN_IF_ERROR(LoadConfigFile(options.config_path, &pipeline_options));
    MROI_RETURN_IF_ERROR(
        CopyFile(options.config_path, (fs::path(dir) / kConfigCopyName).string()));
    config = std::string(kConfigCopyName);
  }
  const std::string url =
      options.database.empty() ? std::string(kDefaultDatabase) : options.database;
  MROI_ASSIGN_OR_RETURN(auto workspace, OpenAt(dir, url, std::move(pipeline_options)));
  // Written last: a folder is a workspace only once its database is ready.
  Json root = {{"format", kFormat}, {"database", url}, {"config", config}};
  MROI_RETURN_IF_ERROR(WriteAtomically(WorkspaceFile(dir), root.dump(2) + "\n"));
  return workspace;
}

Result<std::unique_ptr<Workspace>> Workspace::Open(const std::string& dir) {
  const std::string path = WorkspaceFile(dir);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return NotFound(fmt::format(
        "'{}' is not a workspace (no {}): run 'mroi init {}' first", dir, kWorkspaceFileName,
        dir));
  }
  std::stringstream text;
  text << file.rdbuf();
  Json root = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object() || !root.contains("format") ||
      root["format"] != kFormat || !root.contains("database") ||
      !root["database"].is_string()) {
    return InvalidArgument(fmt::format(
        "{}: not a workspace file of format {} with a \"database\" string", path, kFormat));
  }
  PipelineOptions pipeline_options;
  if (root.contains("config") && root["config"].is_string()) {
    const std::string config = (fs::path(dir) / root["config"].get<std::string>()).string();
    MROI_RETURN_IF_ERROR(LoadConfigFile(config, &pipeline_options));
  }
  return OpenAt(dir, root["database"].get<std::string>(), std::move(pipeline_options));
}

Result<PipelineResult> RunWorkspacePipeline(Workspace& workspace,
                                            const PipelineOptions& options) {
  if (options.on_stage) options.on_stage("load");
  Dataset dataset;
  MROI_RETURN_IF_ERROR(workspace.LoadDataset(&dataset));
  if (dataset.files.empty()) {
    return FailedPrecondition(fmt::format(
        "the workspace '{}' holds no imports yet: run 'mroi import FILE... --workspace {}'",
        workspace.dir(), workspace.dir()));
  }
  return RunPipelineOnDataset(std::move(dataset), options);
}

}  // namespace mroi
