// Workspace imports: each call is one transaction. A file is hashed (XXH3-128), skipped
// when its hash is already stored, else read by the ingest layer into a scratch
// Dataset and written (rows in batches, then its parse-error quarantine). After the
// commit, each file is accounted for by cleaning the whole workspace.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "mroi/clean.h"
#include "store/content_hash.h"
#include "store/row_codec.h"
#include "store/workspace_internal.h"

namespace mroi::internal {

namespace {

constexpr int kBatchRows = 100;

void Report(const ImportOptions& options, const std::string& stage, double fraction) {
  if (options.progress) options.progress(stage, fraction);
}

std::string NowIso() {
  const auto now = std::chrono::system_clock::now();
  return FormatTimestamp(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

Result<int64_t> QueryInt(Database* database, std::string_view sql) {
  MROI_ASSIGN_OR_RETURN(auto select, database->Prepare(sql));
  MROI_RETURN_IF_ERROR(select->Execute());
  MROI_ASSIGN_OR_RETURN(bool has_row, select->Next());
  if (!has_row || select->IsNull(0)) return 0;
  return select->GetInt(0);
}

// The id of the import with `hash`, or 0.
Result<int64_t> FindImport(Database* database, const std::string& hash) {
  MROI_ASSIGN_OR_RETURN(auto select,
                        database->Prepare("SELECT id FROM imports WHERE content_hash = $1"));
  select->BindText(1, hash);
  MROI_RETURN_IF_ERROR(select->Execute());
  MROI_ASSIGN_OR_RETURN(bool has_row, select->Next());
  return has_row ? select->GetInt(0) : 0;
}

Status InsertImport(Database* database, const ImportRecord& record) {
  MROI_ASSIGN_OR_RETURN(
      auto insert,
      database->Prepare("INSERT INTO imports (id, content_hash, file_name, kind, imported_at, "
                        "rows_in, rows_stored, rows_quarantined) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"));
  insert->BindInt(1, record.id);
  insert->BindText(2, record.content_hash);
  insert->BindText(3, record.file_name);
  insert->BindText(4, InputKindName(record.kind));
  insert->BindText(5, record.imported_at);
  insert->BindInt(6, record.rows_in);
  insert->BindInt(7, record.rows_stored);
  insert->BindInt(8, record.rows_quarantined);
  return insert->Execute();
}

// Write the rows of `scratch` (one file of `kind`) and its quarantine under `import_id`.
Status WriteRows(Database* database, const Dataset& scratch, InputKind kind, int64_t import_id,
                 const ImportOptions& options) {
  const size_t count = RecordCount(scratch, kind);
  const size_t step = std::max<size_t>(1, count / 100);
  BatchInserter rows(database, TableOf(kind), kBatchRows);
  for (size_t row_idx = 0; row_idx < count; ++row_idx) {
    const RowOrigin origin = RecordOrigin(scratch, kind, row_idx);
    MROI_RETURN_IF_ERROR(rows.Add(import_id, origin.line, [&](RowWriter* writer) {
      WriteRecord(scratch, kind, row_idx, writer);
    }));
    if (row_idx % step == 0) {
      Report(options, "write", static_cast<double>(row_idx) / static_cast<double>(count));
    }
  }
  MROI_RETURN_IF_ERROR(rows.Flush());
  Report(options, "write", 1.0);
  BatchInserter issues(database, QuarantineTable(), kBatchRows);
  for (const RowIssue& issue : scratch.quarantine) {
    MROI_RETURN_IF_ERROR(issues.Add(import_id, issue.origin.line,
                                    [&](RowWriter* writer) { WriteIssue(issue, writer); }));
  }
  return issues.Flush();
}

}  // namespace

Result<std::vector<ImportOutcome>> StoredWorkspace::Import(const std::vector<InputSpec>& files,
                                                           const ImportOptions& options) {
  std::vector<ImportSource> sources;
  for (const InputSpec& file : files) sources.push_back({file.path, file.kind, std::nullopt});
  return ImportSources(sources, options);
}

Result<ImportOutcome> StoredWorkspace::ImportBytes(std::string_view name, std::string_view bytes,
                                                   InputKind kind,
                                                   const ImportOptions& options) {
  MROI_ASSIGN_OR_RETURN(auto outcomes,
                        ImportSources({{std::string(name), kind, bytes}}, options));
  return std::move(outcomes.front());
}

Result<std::vector<ImportOutcome>> StoredWorkspace::ImportSources(
    const std::vector<ImportSource>& sources, const ImportOptions& options) {
  if (sources.empty()) return InvalidArgument("no files to import");
  MROI_RETURN_IF_ERROR(database_->BeginWrite());
  Transaction transaction(database_.get());
  MROI_ASSIGN_OR_RETURN(int64_t last_id,
                        QueryInt(database_.get(), "SELECT MAX(id) FROM imports"));
  int64_t next_id = last_id + 1;
  std::vector<ImportOutcome> outcomes(sources.size());
  bool stored_any = false;
  for (size_t source_idx = 0; source_idx < sources.size(); ++source_idx) {
    MROI_RETURN_IF_ERROR(
        StoreSource(sources[source_idx], options, &next_id, &outcomes[source_idx]));
    stored_any = stored_any || !outcomes[source_idx].duplicate;
  }
  if (stored_any) {
    MROI_RETURN_IF_ERROR(database_->ExecuteConstant(
        "UPDATE data_version SET version = version + 1 WHERE id = 1"));
  }
  Report(options, "commit", -1);
  MROI_RETURN_IF_ERROR(transaction.Commit());
  MROI_RETURN_IF_ERROR(AccountOutcomes(options, &outcomes));
  return outcomes;
}

Status StoredWorkspace::StoreSource(const ImportSource& source, const ImportOptions& options,
                                    int64_t* next_id, ImportOutcome* outcome) {
  outcome->path = source.path;
  outcome->kind = source.kind;
  if (source.bytes) {
    outcome->content_hash = ContentHash(*source.bytes);
  } else {
    MROI_ASSIGN_OR_RETURN(outcome->content_hash, FileContentHash(source.path));
  }
  MROI_ASSIGN_OR_RETURN(int64_t existing, FindImport(database_.get(), outcome->content_hash));
  if (existing != 0) {
    outcome->duplicate = true;
    outcome->import_id = existing;
    return Status::OK();
  }
  Dataset scratch;
  IngestOptions ingest = options_.ingest;
  ingest.progress = [&options](int64_t done, int64_t total) {
    Report(options, "read",
           total > 0 ? static_cast<double>(done) / static_cast<double>(total) : -1);
  };
  if (source.bytes) {
    MROI_RETURN_IF_ERROR(ReadInputFromMemory(source.path, *source.bytes, source.kind,
                                             InputFormat::kAuto, ingest, &scratch));
  } else {
    MROI_RETURN_IF_ERROR(ReadInput({source.path, source.kind}, ingest, &scratch));
  }
  ImportRecord record;
  record.id = (*next_id)++;
  record.content_hash = outcome->content_hash;
  record.file_name = std::filesystem::path(source.path).filename().string();
  record.kind = source.kind;
  record.imported_at = NowIso();
  record.rows_in = scratch.files.empty() ? 0 : scratch.files.front().rows_in;
  record.rows_stored = static_cast<int64_t>(RecordCount(scratch, source.kind));
  record.rows_quarantined = static_cast<int64_t>(scratch.quarantine.size());
  MROI_RETURN_IF_ERROR(InsertImport(database_.get(), record));
  MROI_RETURN_IF_ERROR(
      WriteRows(database_.get(), scratch, source.kind, record.id, options)
          .WithContext(record.file_name));
  outcome->import_id = record.id;
  return Status::OK();
}

Status StoredWorkspace::AccountOutcomes(const ImportOptions& options,
                                        std::vector<ImportOutcome>* outcomes) {
  Report(options, "clean", -1);
  Dataset dataset;
  std::vector<ImportRecord> imports;
  {
    // One snapshot for the list and the rows, so file i is import i.
    MROI_RETURN_IF_ERROR(database_->BeginRead());
    Transaction snapshot(database_.get());
    MROI_ASSIGN_OR_RETURN(imports, ReadImports());
    MROI_RETURN_IF_ERROR(LoadRows(&dataset));
  }
  Status cleaned = Clean(options_.clean, &dataset);
  if (!cleaned.ok()) return cleaned.WithContext("imported, but cleaning the workspace failed");
  std::vector<FileAccount> accounts = AccountFiles(dataset);
  std::map<int64_t, const FileAccount*> account_of_import;
  for (size_t file_idx = 0; file_idx < imports.size() && file_idx < accounts.size(); ++file_idx) {
    account_of_import[imports[file_idx].id] = &accounts[file_idx];
  }
  for (ImportOutcome& outcome : *outcomes) {
    auto found = account_of_import.find(outcome.import_id);
    if (found != account_of_import.end()) outcome.account = *found->second;
    outcome.account.path = outcome.path;
  }
  return Status::OK();
}

}  // namespace mroi::internal
