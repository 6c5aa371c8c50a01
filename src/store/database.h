#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "mroi/result.h"
#include "mroi/status.h"

// The small database interface the workspace is written against, with two backends:
// SQLite (sqlite_database.cc) and PostgreSQL through libpq (postgres_database.cc).
// Every statement that carries data is prepared once and run with bound parameters
// written `$1, $2, ...` in the SQL (both backends accept that spelling); no SQL text is
// ever built from data.
namespace mroi::internal {

/// A prepared statement. Bind the parameters ($1 is index 1), Execute(), then read
/// the result rows with Next() until it returns false. Binding again after Execute()
/// starts a new run. Column accessors are valid only after Next() returned true.
/// Thread safety: none; one thread at a time, like its Database.
class Statement {
 public:
  virtual ~Statement() = default;

  virtual void BindInt(int index, int64_t value) = 0;
  /// A NaN binds NULL (a missing number).
  virtual void BindDouble(int index, double value) = 0;
  /// Bind UTF-8 text. A NUL byte makes Execute() fail with kInvalidArgument on
  /// PostgreSQL (its text cannot hold one); SQLite stores it.
  virtual void BindText(int index, std::string_view value) = 0;
  /// Bind arbitrary bytes (BLOB in SQLite, BYTEA in PostgreSQL).
  virtual void BindBlob(int index, std::string_view value) = 0;
  virtual void BindNull(int index) = 0;

  /// Run the statement with the bound parameters. Errors: kInternal with the
  /// database's message (constraint violations, lost connection, ...).
  virtual Status Execute() = 0;
  /// Advance to the next result row: true when there is one.
  virtual Result<bool> Next() = 0;

  virtual bool IsNull(int column) const = 0;
  virtual int64_t GetInt(int column) const = 0;
  /// NULL reads as NaN.
  virtual double GetDouble(int column) const = 0;
  /// Text and blobs; the view lives until the next Next()/Execute().
  virtual std::string_view GetText(int column) const = 0;
  virtual std::string GetBlob(int column) const = 0;
};

/// One connection to a workspace database. Thread safety: one thread at a time.
class Database {
 public:
  virtual ~Database() = default;

  /// "sqlite" or "postgresql".
  virtual std::string_view backend() const = 0;
  /// The type name of a byte column: "BLOB" or "BYTEA" (constant DDL text).
  virtual std::string_view blob_type() const = 0;

  /// Run one constant statement without parameters (DDL). REQUIRES: `sql` holds no data.
  virtual Status ExecuteConstant(std::string_view sql) = 0;
  /// Prepare `sql` (placeholders $1..$N). Errors: kInternal with the database's message.
  virtual Result<std::unique_ptr<Statement>> Prepare(std::string_view sql) = 0;

  /// Start a transaction that excludes other writers (SQLite BEGIN IMMEDIATE;
  /// PostgreSQL BEGIN + a transaction-scoped advisory lock), so that imports and
  /// migrations from several processes run one after the other.
  virtual Status BeginWrite() = 0;
  /// Start a read transaction that sees one consistent snapshot.
  virtual Status BeginRead() = 0;
  virtual Status Commit() = 0;
  /// Roll back the open transaction, if any; never fails loudly (used on error paths).
  virtual void Rollback() = 0;
};

/// Open (creating if missing) the SQLite file `path` with WAL journaling, foreign keys
/// on and a busy timeout. Errors: kIOError when the file cannot be opened.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path);

/// Connect to the PostgreSQL server of `url` ("postgresql://user@host:port/db").
/// Errors: kInvalidArgument for a malformed URL, kIOError when the server cannot be
/// reached (the message says which and why).
Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& url);

/// Open the database of a workspace: `url` is "sqlite:PATH" (PATH relative to `dir`)
/// or "postgresql://..." / "postgres://...". Errors: kInvalidArgument for any other
/// scheme, and those of the two openers.
Result<std::unique_ptr<Database>> OpenWorkspaceDatabase(const std::string& url,
                                                        const std::string& dir);

/// Return `url` with any password replaced by "***" (for messages).
std::string RedactUrl(const std::string& url);

/// Roll back on scope exit unless Commit() ran: the one way an import or migration
/// leaves the database as it found it on every error path.
class Transaction {
 public:
  explicit Transaction(Database* database) : database_(database) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) database_->Rollback();
  }
  Status Commit() {
    done_ = true;
    return database_->Commit();
  }

 private:
  Database* database_;
  bool done_ = false;
};

}  // namespace mroi::internal
