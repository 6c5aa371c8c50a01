// The AnalysisSource of `mroi serve --workspace DIR`: the pipeline over the workspace's
// imports, a data version that moves with each import, uploads imported as files.
#include <mutex>

#include <nlohmann/json.hpp>

#include "mroi/server.h"
#include "mroi/store.h"

namespace mroi {

namespace {

// Two handles, because a Workspace serves one thread at a time: loading the pipeline
// may take minutes while DataVersion() runs on every request.
class WorkspaceSource final : public AnalysisSource {
 public:
  WorkspaceSource(std::unique_ptr<Workspace> loader, std::unique_ptr<Workspace> control)
      : loader_(std::move(loader)), control_(std::move(control)) {}

  std::string_view kind() const override { return "workspace"; }
  std::string description() const override { return control_->dir(); }

  Result<int64_t> DataVersion() override {
    std::lock_guard lock(control_mutex_);
    return control_->DataVersion();
  }

  Result<PipelineResult> Load() override {
    std::lock_guard lock(loader_mutex_);
    return RunWorkspacePipeline(*loader_, loader_->pipeline_options());
  }

  Result<std::string> ImportsJson() override {
    std::lock_guard lock(control_mutex_);
    MROI_ASSIGN_OR_RETURN(std::vector<ImportRecord> records, control_->Imports());
    nlohmann::json rows = nlohmann::json::array();
    for (const ImportRecord& record : records) {
      rows.push_back({{"id", record.id},
                      {"file_name", record.file_name},
                      {"kind", InputKindName(record.kind)},
                      {"content_hash", record.content_hash},
                      {"imported_at", record.imported_at},
                      {"rows_in", record.rows_in},
                      {"rows_stored", record.rows_stored},
                      {"rows_quarantined", record.rows_quarantined}});
    }
    nlohmann::json out = {{"source", "workspace"}, {"folder", control_->dir()}, {"imports", rows}};
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  // The shape of `mroi import --json`, with the one file.
  Result<std::string> Import(std::string_view name, InputKind kind,
                             std::string_view bytes) override {
    std::lock_guard lock(control_mutex_);
    MROI_ASSIGN_OR_RETURN(ImportOutcome outcome,
                          control_->ImportBytes(name, bytes, kind, ImportOptions()));
    nlohmann::json entry = {{"path", outcome.path},
                            {"kind", InputKindName(outcome.kind)},
                            {"content_hash", outcome.content_hash},
                            {"duplicate", outcome.duplicate},
                            {"import_id", outcome.import_id},
                            {"rows_in", outcome.account.rows_in},
                            {"rows_kept", outcome.account.rows_kept},
                            {"rows_quarantined", outcome.account.rows_quarantined},
                            {"by_rule", outcome.account.by_rule}};
    nlohmann::json out = {{"workspace", control_->dir()},
                          {"database", control_->database()},
                          {"imports", nlohmann::json::array({entry})}};
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

 private:
  std::mutex loader_mutex_;
  std::mutex control_mutex_;
  std::unique_ptr<Workspace> loader_;
  std::unique_ptr<Workspace> control_;
};

}  // namespace

Result<std::unique_ptr<AnalysisSource>> MakeWorkspaceSource(const std::string& dir) {
  MROI_ASSIGN_OR_RETURN(std::unique_ptr<Workspace> loader, Workspace::Open(dir));
  MROI_ASSIGN_OR_RETURN(std::unique_ptr<Workspace> control, Workspace::Open(dir));
  return std::unique_ptr<AnalysisSource>(
      std::make_unique<WorkspaceSource>(std::move(loader), std::move(control)));
}

}  // namespace mroi
