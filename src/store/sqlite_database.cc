// The SQLite backend of the workspace database: one file, WAL journaling (readers
// never block the writer; a killed writer's uncommitted frames are ignored on the
// next open), foreign keys on, busy timeout so concurrent writers wait their turn.
#include <sqlite3.h>

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "store/database.h"

namespace mroi::internal {

namespace {

constexpr int kBusyTimeoutMs = 60'000;

class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement, int num_params)
      : db_(db), statement_(statement), param_index_(static_cast<size_t>(num_params) + 1, 0) {
    // Map $N to SQLite's parameter index once, so binding is a table lookup.
    for (int number = 1; number <= num_params; ++number) {
      const std::string name = fmt::format("${}", number);
      param_index_[static_cast<size_t>(number)] =
          sqlite3_bind_parameter_index(statement_, name.c_str());
    }
  }
  ~SqliteStatement() override { sqlite3_finalize(statement_); }

  void BindInt(int index, int64_t value) override {
    Ready();
    sqlite3_bind_int64(statement_, Param(index), value);
  }
  void BindDouble(int index, double value) override {
    Ready();
    if (std::isnan(value)) {
      sqlite3_bind_null(statement_, Param(index));
    } else {
      sqlite3_bind_double(statement_, Param(index), value);
    }
  }
  void BindText(int index, std::string_view value) override {
    Ready();
    sqlite3_bind_text64(statement_, Param(index), value.data(), value.size(),
                        SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void BindBlob(int index, std::string_view value) override {
    Ready();
    if (value.empty()) {
      sqlite3_bind_zeroblob(statement_, Param(index), 0);  // empty, not NULL
    } else {
      sqlite3_bind_blob64(statement_, Param(index), value.data(), value.size(),
                          SQLITE_TRANSIENT);
    }
  }
  void BindNull(int index) override {
    Ready();
    sqlite3_bind_null(statement_, Param(index));
  }

  Status Execute() override {
    Ready();
    executed_ = true;
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) {
      pending_row_ = true;
      return Status::OK();
    }
    pending_row_ = false;
    done_ = true;
    if (code == SQLITE_DONE) return Status::OK();
    return Internal(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
  }

  Result<bool> Next() override {
    if (pending_row_) {
      pending_row_ = false;
      return true;
    }
    if (done_ || !executed_) return false;
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    done_ = true;
    if (code == SQLITE_DONE) return false;
    return Internal(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
  }

  bool IsNull(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  int64_t GetInt(int column) const override { return sqlite3_column_int64(statement_, column); }
  double GetDouble(int column) const override {
    if (IsNull(column)) return std::nan("");
    return sqlite3_column_double(statement_, column);
  }
  std::string_view GetText(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (text == nullptr) return {};
    return {text, static_cast<size_t>(sqlite3_column_bytes(statement_, column))};
  }
  std::string GetBlob(int column) const override {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_, column));
    if (bytes == nullptr) return {};
    return {bytes, static_cast<size_t>(sqlite3_column_bytes(statement_, column))};
  }

 private:
  int Param(int number) const { return param_index_[static_cast<size_t>(number)]; }
  // A statement that ran must be reset before it is bound again.
  void Ready() {
    if (!executed_) return;
    sqlite3_reset(statement_);
    executed_ = false;
    pending_row_ = false;
    done_ = false;
  }

  sqlite3* db_;
  sqlite3_stmt* statement_;
  std::vector<int> param_index_;
  bool executed_ = false;
  bool pending_row_ = false;
  bool done_ = false;
};

class SqliteDatabase : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  ~SqliteDatabase() override { sqlite3_close_v2(db_); }

  std::string_view backend() const override { return "sqlite"; }
  std::string_view blob_type() const override { return "BLOB"; }

  Status ExecuteConstant(std::string_view sql) override {
    char* error = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      return Internal(fmt::format("sqlite: {}", message));
    }
    return Status::OK();
  }

  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql) override {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
      return Internal(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
    }
    const int num_params = sqlite3_bind_parameter_count(statement);
    return std::unique_ptr<Statement>(new SqliteStatement(db_, statement, num_params));
  }

  Status BeginWrite() override { return ExecuteConstant("BEGIN IMMEDIATE"); }
  Status BeginRead() override { return ExecuteConstant("BEGIN"); }
  Status Commit() override {
    Status status = ExecuteConstant("COMMIT");
    if (!status.ok()) Rollback();
    return status;
  }
  void Rollback() override {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path) {
  sqlite3* db = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_NOMUTEX,
                                   nullptr);
  if (code != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    sqlite3_close_v2(db);
    return IOError(fmt::format("cannot open SQLite database '{}': {}", path, message));
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto database = std::make_unique<SqliteDatabase>(db);
  // WAL: a killed writer leaves only uncommitted frames, ignored on recovery.
  // synchronous=NORMAL in WAL mode is durable to application crashes (not to power
  // loss of the last commits), and a transaction stays atomic either way.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                             "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-65536"}) {
    Status status = database->ExecuteConstant(pragma);
    if (!status.ok()) {
      return IOError(fmt::format("cannot open SQLite database '{}': {}", path,
                                 status.message()));
    }
  }
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace mroi::internal
