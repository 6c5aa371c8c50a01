#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/ingest.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"

// The workspace: imports that accumulate in a database (SQLite file by default,
// PostgreSQL for a team server). See docs/workspace.md.
//
// What is stored: every import's rows as parsed (typed and validated by the ingest
// layer; rows that do not parse go to the stored quarantine with file, line, reason
// and raw text). The cleaning rules run over the whole workspace when it is analysed,
// so that a refund or a duplicate order in this week's export meets its order from
// last week's: analysing a workspace gives exactly what `--data DIR` gives on the same
// files.
namespace mroi {

/// The file that marks a folder as a workspace: {"format":"mroi.workspace/1",
/// "database":"sqlite:workspace.db" | "postgresql://...", "config":"config.json" | null}.
/// "config" names a pipeline config file (docs/config.md) inside the folder: the copy
/// of `mroi init --config FILE`, read by Open().
inline constexpr std::string_view kWorkspaceFileName = "mroi-workspace.json";

/// The schema version this build writes; Open() migrates older databases to it.
inline constexpr int kSchemaVersion = 2;

/// Settings of Workspace::Create().
struct WorkspaceCreateOptions {
  /// Empty: an SQLite file `workspace.db` in the folder. Else a URL:
  /// "sqlite:PATH" (relative to the folder) or "postgresql://user@host:port/db".
  std::string database;
  /// Pipeline config (keys of docs/config.md) copied into the workspace; may be empty.
  std::string config_path;
};

/// One stored import: a file and what was kept of it.
struct ImportRecord {
  int64_t id = 0;
  std::string content_hash;   // hex XXH3-128 of the file's bytes as given
  std::string file_name;      // base name as given
  InputKind kind = InputKind::kTouchpoints;
  std::string imported_at;    // ISO-8601 UTC
  int64_t rows_in = 0;        // data rows read
  int64_t rows_stored = 0;    // rows that parsed and were stored
  int64_t rows_quarantined = 0;  // parse errors (stored in the quarantine)
};

/// What one file of an import became.
struct ImportOutcome {
  std::string path;
  InputKind kind = InputKind::kTouchpoints;
  std::string content_hash;
  /// True when a file with the same content hash was already imported: nothing changed.
  bool duplicate = false;
  int64_t import_id = 0;
  /// The file's account after cleaning the whole workspace: rows_in = rows_kept +
  /// rows_quarantined, with the count of each removing rule.
  FileAccount account;
};

/// Settings of Workspace::Import().
struct ImportOptions {
  /// Called with a stage name ("read", "write", "commit", "clean") and a fraction in
  /// [0, 1] (or -1 when unknown); may be empty.
  std::function<void(const std::string&, double)> progress;
};

/// An open workspace. Thread safety: one thread at a time per object; several
/// processes may open the same workspace (SQLite serialises writers; an import is one
/// transaction, so readers see all of it or none of it).
class Workspace {
 public:
  virtual ~Workspace() = default;

  /// Create a workspace in `dir` (created if missing). Errors: kInvalidArgument when
  /// `dir` already holds one, kIOError when it cannot be written, database errors.
  static Result<std::unique_ptr<Workspace>> Create(const std::string& dir,
                                                   const WorkspaceCreateOptions& options);
  /// Open the workspace in `dir`, migrating its schema to the current version.
  /// Error kNotFound (with "run 'mroi init DIR' first") when `dir` holds none.
  static Result<std::unique_ptr<Workspace>> Open(const std::string& dir);

  /// The folder, and the database URL it uses.
  virtual const std::string& dir() const = 0;
  virtual const std::string& database() const = 0;
  /// The pipeline options of the workspace's config (defaults when it has none).
  virtual const PipelineOptions& pipeline_options() const = 0;

  /// The schema version of the database (kSchemaVersion after Open()).
  virtual Result<int> SchemaVersion() = 0;
  /// Every import, oldest first.
  virtual Result<std::vector<ImportRecord>> Imports() = 0;
  /// A number that changes whenever an import commits (a cache key).
  virtual Result<int64_t> DataVersion() = 0;

  /// Import `files` as one transaction: all of them or nothing (a crash or kill in the
  /// middle leaves the workspace as it was). A file whose content hash is already
  /// stored is skipped (ImportOutcome::duplicate). Errors: those of ReadInput() for a
  /// file that cannot be read at all (nothing is imported), database errors.
  virtual Result<std::vector<ImportOutcome>> Import(const std::vector<InputSpec>& files,
                                                    const ImportOptions& options) = 0;
  /// Import `bytes` as if they were a file named `name` (uploads).
  virtual Result<ImportOutcome> ImportBytes(std::string_view name, std::string_view bytes,
                                            InputKind kind, const ImportOptions& options) = 0;

  /// Load every stored row into `dataset` (one InputFileInfo per import, rows with
  /// their file's index and original line, and the stored parse-error quarantine).
  virtual Status LoadDataset(Dataset* dataset) = 0;
};

/// Load `workspace` and run clean → identity → journeys over its rows with `options`
/// (callers start from workspace.pipeline_options() and apply their overrides).
Result<PipelineResult> RunWorkspacePipeline(Workspace& workspace,
                                            const PipelineOptions& options);

}  // namespace mroi
