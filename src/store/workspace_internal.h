#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/store.h"
#include "store/database.h"

// The one implementation of mroi::Workspace: a folder with mroi-workspace.json and a
// Database (SQLite or PostgreSQL). Create/Open live in workspace.cc, imports in
// import.cc, reads (Imports, DataVersion, LoadDataset) in load.cc.
namespace mroi::internal {

/// One file to import: a path on disk, or bytes given in memory (uploads).
struct ImportSource {
  std::string path;                       // as given; its base name is stored
  InputKind kind = InputKind::kTouchpoints;
  std::optional<std::string_view> bytes;  // set for ImportBytes
};

class StoredWorkspace : public Workspace {
 public:
  StoredWorkspace(std::string dir, std::string database_url, PipelineOptions options,
                  std::unique_ptr<Database> database)
      : dir_(std::move(dir)),
        database_url_(std::move(database_url)),
        options_(std::move(options)),
        database_(std::move(database)) {}

  const std::string& dir() const override { return dir_; }
  const std::string& database() const override { return database_url_; }
  const PipelineOptions& pipeline_options() const override { return options_; }

  Result<int> SchemaVersion() override;
  Result<std::vector<ImportRecord>> Imports() override;
  Result<int64_t> DataVersion() override;
  Result<std::vector<ImportOutcome>> Import(const std::vector<InputSpec>& files,
                                            const ImportOptions& options) override;
  Result<ImportOutcome> ImportBytes(std::string_view name, std::string_view bytes,
                                    InputKind kind, const ImportOptions& options) override;
  Status LoadDataset(Dataset* dataset) override;

  /// The database, for tests that inspect or age it.
  Database* TEST_database() { return database_.get(); }

 private:
  // Import `sources` in one transaction, then account for each after cleaning.
  Result<std::vector<ImportOutcome>> ImportSources(const std::vector<ImportSource>& sources,
                                                   const ImportOptions& options);
  // Store one source inside the open transaction; fills hash, duplicate, import_id.
  Status StoreSource(const ImportSource& source, const ImportOptions& options,
                     int64_t* next_id, ImportOutcome* outcome);
  // Fill each outcome's account from a clean run over the whole workspace.
  Status AccountOutcomes(const ImportOptions& options, std::vector<ImportOutcome>* outcomes);
  Result<std::vector<ImportRecord>> ReadImports();
  Status LoadRows(Dataset* dataset);

  std::string dir_;
  std::string database_url_;
  PipelineOptions options_;
  std::unique_ptr<Database> database_;
};

/// Return the kind named `name` ("touchpoints", ...). Errors: kInternal.
Result<InputKind> InputKindFromName(std::string_view name);

}  // namespace mroi::internal
