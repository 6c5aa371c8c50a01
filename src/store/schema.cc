// The migrations of the workspace schema, oldest first. Never edit a released
// migration: add a new one. SQL is constant text; "{blob}" stands for the backend's
// byte type (BLOB or BYTEA), the only difference between the two dialects.
#include "store/schema.h"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "mroi/store.h"

namespace mroi::internal {

namespace {

// Version 1: the tables. One table per input kind with the canonical columns (typed:
// timestamps as Unix seconds, dates as Unix days, NULL for a missing number or
// text), each row keyed by its import and physical line.
const std::vector<std::string> kMigration1 = {
    "CREATE TABLE imports (id BIGINT PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, "
    "file_name TEXT NOT NULL, kind TEXT NOT NULL, imported_at TEXT NOT NULL, "
    "rows_in BIGINT NOT NULL, rows_stored BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL)",
    "CREATE TABLE touchpoints (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, timestamp BIGINT NOT NULL, anonymous_id TEXT, user_id TEXT, "
    "email TEXT, utm_source TEXT, utm_medium TEXT, utm_campaign TEXT, utm_content TEXT, "
    "utm_term TEXT, referrer TEXT, landing_page TEXT, user_agent TEXT, ip TEXT, "
    "channel TEXT, event_type TEXT NOT NULL, imputed INTEGER NOT NULL, "
    "page_views DOUBLE PRECISION, duration_s DOUBLE PRECISION, cost DOUBLE PRECISION)",
    "CREATE TABLE conversions (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, timestamp BIGINT NOT NULL, order_id TEXT, user_id TEXT, "
    "anonymous_id TEXT, email TEXT, currency TEXT, imputed INTEGER NOT NULL, "
    "revenue DOUBLE PRECISION NOT NULL, cogs DOUBLE PRECISION, "
    "gross_profit DOUBLE PRECISION)",
    "CREATE TABLE leads (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, timestamp BIGINT NOT NULL, lead_id TEXT, email TEXT, "
    "anonymous_id TEXT, user_id TEXT, form TEXT, utm_source TEXT, utm_medium TEXT, "
    "utm_campaign TEXT, utm_content TEXT, utm_term TEXT, channel TEXT, "
    "imputed INTEGER NOT NULL)",
    "CREATE TABLE deals (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, deal_id TEXT, lead_id TEXT, email TEXT, user_id TEXT, "
    "created_at BIGINT NOT NULL, closed_at BIGINT, stage TEXT NOT NULL, "
    "imputed INTEGER NOT NULL, amount DOUBLE PRECISION, cogs DOUBLE PRECISION)",
    "CREATE TABLE spend (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, date BIGINT NOT NULL, channel TEXT, utm_source TEXT, "
    "utm_medium TEXT, campaign TEXT, cost_type TEXT, tier TEXT, imputed INTEGER NOT NULL, "
    "cost DOUBLE PRECISION NOT NULL, impressions DOUBLE PRECISION, "
    "clicks DOUBLE PRECISION)",
    "CREATE TABLE costs (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, month BIGINT NOT NULL, category TEXT, channel TEXT, "
    "amount DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE email (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, date BIGINT NOT NULL, campaign TEXT, sent DOUBLE PRECISION, "
    "delivered DOUBLE PRECISION, opens DOUBLE PRECISION, clicks DOUBLE PRECISION, "
    "unsubscribes DOUBLE PRECISION, bounces DOUBLE PRECISION)",
    "CREATE TABLE goals (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, metric TEXT NOT NULL, target DOUBLE PRECISION NOT NULL, "
    "start_day BIGINT NOT NULL, end_day BIGINT NOT NULL, scope TEXT NOT NULL, "
    "direction TEXT NOT NULL)",
    "CREATE TABLE quarantine (import_id BIGINT NOT NULL REFERENCES imports(id), "
    "line BIGINT NOT NULL, rule TEXT NOT NULL, column_index INTEGER NOT NULL, "
    "reason {blob} NOT NULL, raw {blob} NOT NULL)",
};

// Version 2: indexes for loading one import's rows in line order, and the data
// version (a counter bumped by every import that stores something; a cache key).
const std::vector<std::string> kMigration2 = {
    "CREATE INDEX touchpoints_by_import ON touchpoints (import_id, line)",
    "CREATE INDEX conversions_by_import ON conversions (import_id, line)",
    "CREATE INDEX leads_by_import ON leads (import_id, line)",
    "CREATE INDEX deals_by_import ON deals (import_id, line)",
    "CREATE INDEX spend_by_import ON spend (import_id, line)",
    "CREATE INDEX costs_by_import ON costs (import_id, line)",
    "CREATE INDEX email_by_import ON email (import_id, line)",
    "CREATE INDEX goals_by_import ON goals (import_id, line)",
    "CREATE INDEX quarantine_by_import ON quarantine (import_id, line)",
    "CREATE TABLE data_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)",
    "INSERT INTO data_version (id, version) SELECT 1, COUNT(*) FROM imports",
};

const std::vector<const std::vector<std::string>*>& Migrations() {
  static const std::vector<const std::vector<std::string>*> migrations = {&kMigration1,
                                                                         &kMigration2};
  return migrations;
}

std::string ForBackend(const std::string& sql, const Database& database) {
  std::string out = sql;
  constexpr std::string_view kBlob = "{blob}";
  for (size_t at = out.find(kBlob); at != std::string::npos; at = out.find(kBlob, at)) {
    out.replace(at, kBlob.size(), database.blob_type());
  }
  return out;
}

Status ApplyOne(Database* database, int target) {
  MROI_RETURN_IF_ERROR(database->BeginWrite());
  Transaction transaction(database);
  MROI_RETURN_IF_ERROR(database->ExecuteConstant(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  MROI_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(database));
  if (version >= target) return transaction.Commit();  // another process got there first
  for (const std::string& sql : *Migrations()[static_cast<size_t>(version)]) {
    Status status = database->ExecuteConstant(ForBackend(sql, *database));
    if (!status.ok()) {
      return status.WithContext(fmt::format("migration to schema v{}", version + 1));
    }
  }
  MROI_ASSIGN_OR_RETURN(auto update, database->Prepare(version == 0
                                                           ? "INSERT INTO schema_version "
                                                             "(version) VALUES ($1)"
                                                           : "UPDATE schema_version SET "
                                                             "version = $1"));
  update->BindInt(1, version + 1);
  MROI_RETURN_IF_ERROR(update->Execute());
  update.reset();
  return transaction.Commit();
}

}  // namespace

Result<int> ReadSchemaVersion(Database* database) {
  // The table may not exist yet: probe the catalogue of each backend.
  MROI_ASSIGN_OR_RETURN(
      auto exists,
      database->Prepare(database->backend() == "sqlite"
                            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                              "name = 'schema_version'"
                            : "SELECT COUNT(*) FROM information_schema.tables WHERE "
                              "table_schema = current_schema() AND "
                              "table_name = 'schema_version'"));
  MROI_RETURN_IF_ERROR(exists->Execute());
  MROI_ASSIGN_OR_RETURN(bool has_row, exists->Next());
  const bool has_table = has_row && exists->GetInt(0) > 0;
  exists.reset();
  if (!has_table) return 0;
  MROI_ASSIGN_OR_RETURN(auto select, database->Prepare("SELECT MAX(version) FROM schema_version"));
  MROI_RETURN_IF_ERROR(select->Execute());
  MROI_ASSIGN_OR_RETURN(has_row, select->Next());
  if (!has_row || select->IsNull(0)) return 0;
  return static_cast<int>(select->GetInt(0));
}

Status MigrateTo(Database* database, int target) {
  const int latest = static_cast<int>(Migrations().size());
  MROI_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(database));
  if (version > latest) {
    return FailedPrecondition(fmt::format(
        "the workspace database has schema v{}, newer than this mroi knows (v{}): "
        "upgrade mroi",
        version, latest));
  }
  for (int next = version + 1; next <= target && next <= latest; ++next) {
    MROI_RETURN_IF_ERROR(ApplyOne(database, next));
  }
  return Status::OK();
}

}  // namespace mroi::internal
