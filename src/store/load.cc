// Reading a workspace: the import list, the data version, and every stored row back
// into a Dataset in the order ReadInput produced it (import by import, line by line),
// so that cleaning a loaded workspace gives what cleaning the files gives.
#include <fmt/format.h>

#include "store/row_codec.h"
#include "store/schema.h"
#include "store/workspace_internal.h"

namespace mroi::internal {

namespace {

// SELECT line, <columns> FROM <table> WHERE import_id = $1 ORDER BY line (constant text).
std::string SelectByImport(const KindTable& table) {
  std::string sql = "SELECT line";
  for (std::string_view column : table.columns) sql += fmt::format(", {}", column);
  return sql + fmt::format(" FROM {} WHERE import_id = $1 ORDER BY line", table.table);
}

}  // namespace

Result<InputKind> InputKindFromName(std::string_view name) {
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    const auto kind = static_cast<InputKind>(kind_idx);
    if (InputKindName(kind) == name) return kind;
  }
  return Internal(fmt::format("stored import kind '{}' is unknown", name));
}

Result<int> StoredWorkspace::SchemaVersion() { return ReadSchemaVersion(database_.get()); }

Result<std::vector<ImportRecord>> StoredWorkspace::ReadImports() {
  MROI_ASSIGN_OR_RETURN(
      auto select,
      database_->Prepare("SELECT id, content_hash, file_name, kind, imported_at, rows_in, "
                         "rows_stored, rows_quarantined FROM imports ORDER BY id"));
  MROI_RETURN_IF_ERROR(select->Execute());
  std::vector<ImportRecord> records;
  while (true) {
    MROI_ASSIGN_OR_RETURN(bool has_row, select->Next());
    if (!has_row) break;
    ImportRecord record;
    record.id = select->GetInt(0);
    record.content_hash = select->GetText(1);
    record.file_name = select->GetText(2);
    MROI_ASSIGN_OR_RETURN(record.kind, InputKindFromName(select->GetText(3)));
    record.imported_at = select->GetText(4);
    record.rows_in = select->GetInt(5);
    record.rows_stored = select->GetInt(6);
    record.rows_quarantined = select->GetInt(7);
    records.push_back(std::move(record));
  }
  return records;
}

Result<std::vector<ImportRecord>> StoredWorkspace::Imports() { return ReadImports(); }

Result<int64_t> StoredWorkspace::DataVersion() {
  MROI_ASSIGN_OR_RETURN(auto select,
                        database_->Prepare("SELECT version FROM data_version WHERE id = $1"));
  select->BindInt(1, 1);
  MROI_RETURN_IF_ERROR(select->Execute());
  MROI_ASSIGN_OR_RETURN(bool has_row, select->Next());
  if (!has_row) return Internal("the data_version row is missing");
  return select->GetInt(0);
}

Status StoredWorkspace::LoadDataset(Dataset* dataset) {
  MROI_RETURN_IF_ERROR(database_->BeginRead());
  Transaction transaction(database_.get());  // a snapshot; rolled back when done
  return LoadRows(dataset);
}

Status StoredWorkspace::LoadRows(Dataset* dataset) {
  MROI_ASSIGN_OR_RETURN(std::vector<ImportRecord> imports, ReadImports());
  std::vector<std::unique_ptr<Statement>> selects(kNumInputKinds);
  MROI_ASSIGN_OR_RETURN(auto select_issues,
                        database_->Prepare(SelectByImport(QuarantineTable())));
  for (const ImportRecord& record : imports) {
    const auto file = static_cast<int32_t>(dataset->files.size());
    dataset->files.push_back({record.file_name, record.kind, record.rows_in});
    std::unique_ptr<Statement>& select = selects[static_cast<size_t>(record.kind)];
    if (!select) {
      MROI_ASSIGN_OR_RETURN(select, database_->Prepare(SelectByImport(TableOf(record.kind))));
    }
    select->BindInt(1, record.id);
    MROI_RETURN_IF_ERROR(select->Execute());
    while (true) {
      MROI_ASSIGN_OR_RETURN(bool has_row, select->Next());
      if (!has_row) break;
      RowReader reader(select.get(), 1);
      MROI_RETURN_IF_ERROR(
          ReadRecord(record.kind, RowOrigin{file, select->GetInt(0)}, &reader, dataset));
    }
    select_issues->BindInt(1, record.id);
    MROI_RETURN_IF_ERROR(select_issues->Execute());
    while (true) {
      MROI_ASSIGN_OR_RETURN(bool has_row, select_issues->Next());
      if (!has_row) break;
      RowReader reader(select_issues.get(), 1);
      MROI_ASSIGN_OR_RETURN(RowIssue issue,
                            ReadIssue(RowOrigin{file, select_issues->GetInt(0)}, &reader));
      dataset->quarantine.push_back(std::move(issue));
    }
  }
  return Status::OK();
}

}  // namespace mroi::internal
