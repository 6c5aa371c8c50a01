// The PostgreSQL backend of the workspace database, through libpq. Every statement
// that carries data is a server-side prepared statement (PQprepare once, then
// PQsendQueryPrepared with the parameters apart from the SQL); results stream in
// single-row mode so that loading millions of rows does not hold them all twice.
#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "store/database.h"

namespace mroi::internal {

namespace {

// Any constant: transaction-scoped advisory lock held by a writing transaction.
constexpr const char* kWriterLockSql = "SELECT pg_advisory_xact_lock(7262001)";

std::string OneLine(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// The connection and what every statement on it shares: the count used to name
// prepared statements, and the statement whose rows are still streaming.
struct Connection {
  PGconn* conn = nullptr;
  int64_t next_statement = 0;
  // Throw away what a statement left unread, so the next query can be sent.
  void Drain() {
    while (PGresult* result = PQgetResult(conn)) PQclear(result);
  }
};

class PostgresStatement : public Statement {
 public:
  PostgresStatement(Connection* connection, std::string name, int num_params)
      : connection_(connection),
        name_(std::move(name)),
        values_(static_cast<size_t>(num_params)),
        is_null_(static_cast<size_t>(num_params), true),
        is_binary_(static_cast<size_t>(num_params), 0) {}
  ~PostgresStatement() override {
    Finish();
    // The name is our own counter, never data.
    PQclear(PQexec(connection_->conn, fmt::format("DEALLOCATE {}", name_).c_str()));
  }

  void BindInt(int index, int64_t value) override { Set(index, fmt::format("{}", value), 0); }
  void BindDouble(int index, double value) override {
    if (std::isnan(value)) return BindNull(index);
    if (std::isinf(value)) return Set(index, value > 0 ? "Infinity" : "-Infinity", 0);
    Set(index, fmt::format("{}", value), 0);  // shortest text that reads back exactly
  }
  void BindText(int index, std::string_view value) override {
    if (value.find('\0') != std::string_view::npos) has_nul_text_ = true;
    Set(index, std::string(value), 0);
  }
  void BindBlob(int index, std::string_view value) override {
    Set(index, std::string(value), 1);
  }
  void BindNull(int index) override {
    Finish();
    is_null_[Slot(index)] = true;
  }

  Status Execute() override {
    Finish();
    if (has_nul_text_) {
      has_nul_text_ = false;
      return InvalidArgument("a text value holds a NUL byte, which PostgreSQL text cannot store");
    }
    connection_->Drain();
    std::vector<const char*> pointers(values_.size());
    std::vector<int> lengths(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      pointers[i] = is_null_[i] ? nullptr : values_[i].data();
      lengths[i] = static_cast<int>(values_[i].size());
    }
    if (PQsendQueryPrepared(connection_->conn, name_.c_str(), static_cast<int>(values_.size()),
                            pointers.data(), lengths.data(), is_binary_.data(),
                            /*resultFormat=*/0) == 0) {
      return Error("cannot send");
    }
    PQsetSingleRowMode(connection_->conn);
    streaming_ = true;
    // Fetch the first result: a row, the end of an empty result, or an error.
    MROI_RETURN_IF_ERROR(Fetch());
    if (row_ != nullptr) pending_row_ = true;
    return Status::OK();
  }

  Result<bool> Next() override {
    if (pending_row_) {
      pending_row_ = false;
      return true;
    }
    if (!streaming_) return false;
    MROI_RETURN_IF_ERROR(Fetch());
    return row_ != nullptr;
  }

  bool IsNull(int column) const override { return PQgetisnull(row_, 0, column) != 0; }
  int64_t GetInt(int column) const override {
    std::string_view text = GetText(column);
    int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  double GetDouble(int column) const override {
    if (IsNull(column)) return std::nan("");
    std::string_view text = GetText(column);
    if (text == "Infinity") return HUGE_VAL;
    if (text == "-Infinity") return -HUGE_VAL;
    if (text == "NaN") return std::nan("");
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  std::string_view GetText(int column) const override {
    return {PQgetvalue(row_, 0, column), static_cast<size_t>(PQgetlength(row_, 0, column))};
  }
  std::string GetBlob(int column) const override {
    // bytea in text results is "\x" followed by hex digits.
    size_t length = 0;
    unsigned char* bytes = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(row_, 0, column)), &length);
    if (bytes == nullptr) return {};
    std::string out(reinterpret_cast<const char*>(bytes), length);
    PQfreemem(bytes);
    return out;
  }

 private:
  size_t Slot(int index) const { return static_cast<size_t>(index - 1); }
  void Set(int index, std::string text, int binary) {
    Finish();
    const size_t slot = Slot(index);
    values_[slot] = std::move(text);
    is_null_[slot] = false;
    is_binary_[slot] = binary;
  }

  // Read the next result of the running query into row_ (nullptr at its end).
  Status Fetch() {
    ClearRow();
    PGresult* result = PQgetResult(connection_->conn);
    if (result == nullptr) {
      streaming_ = false;
      return Status::OK();
    }
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_SINGLE_TUPLE) {
      row_ = result;
      return Status::OK();
    }
    std::string message = OneLine(PQresultErrorMessage(result));
    PQclear(result);
    connection_->Drain();
    streaming_ = false;
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return Status::OK();
    return Internal(fmt::format("postgresql: {}", message));
  }

  Status Error(const char* what) {
    return Internal(fmt::format("postgresql: {}: {}", what,
                                OneLine(PQerrorMessage(connection_->conn))));
  }

  void ClearRow() {
    if (row_ != nullptr) PQclear(row_);
    row_ = nullptr;
  }
  // End a run: drop the current row and whatever the caller left unread.
  void Finish() {
    pending_row_ = false;
    ClearRow();
    if (streaming_) connection_->Drain();
    streaming_ = false;
  }

  Connection* connection_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> is_null_;
  std::vector<int> is_binary_;
  PGresult* row_ = nullptr;
  bool streaming_ = false;
  bool pending_row_ = false;
  bool has_nul_text_ = false;  // set by BindText, reported by Execute
};

class PostgresDatabase : public Database {
 public:
  explicit PostgresDatabase(PGconn* conn) { connection_.conn = conn; }
  ~PostgresDatabase() override { PQfinish(connection_.conn); }

  std::string_view backend() const override { return "postgresql"; }
  std::string_view blob_type() const override { return "BYTEA"; }

  Status ExecuteConstant(std::string_view sql) override {
    connection_.Drain();
    const std::string text(sql);
    // The extended protocol with no parameters: one statement, no data in the text.
    PGresult* result = PQexecParams(connection_.conn, text.c_str(), 0, nullptr, nullptr,
                                    nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(result);
    std::string message = OneLine(PQresultErrorMessage(result));
    PQclear(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Status::OK();
    if (message.empty()) message = OneLine(PQerrorMessage(connection_.conn));
    return Internal(fmt::format("postgresql: {}", message));
  }

  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql) override {
    connection_.Drain();
    const std::string name = fmt::format("mroi_s{}", ++connection_.next_statement);
    const std::string text(sql);
    PGresult* prepared = PQprepare(connection_.conn, name.c_str(), text.c_str(), 0, nullptr);
    const bool ok = PQresultStatus(prepared) == PGRES_COMMAND_OK;
    std::string message = OneLine(PQresultErrorMessage(prepared));
    PQclear(prepared);
    if (!ok) return Internal(fmt::format("postgresql: {}", message));
    PGresult* described = PQdescribePrepared(connection_.conn, name.c_str());
    const int num_params = PQnparams(described);
    PQclear(described);
    return std::unique_ptr<Statement>(new PostgresStatement(&connection_, name, num_params));
  }

  Status BeginWrite() override {
    MROI_RETURN_IF_ERROR(ExecuteConstant("BEGIN"));
    Status locked = ExecuteConstant(kWriterLockSql);
    if (!locked.ok()) Rollback();
    return locked;
  }
  Status BeginRead() override {
    return ExecuteConstant("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  Status Commit() override {
    Status status = ExecuteConstant("COMMIT");
    if (!status.ok()) Rollback();
    return status;
  }
  void Rollback() override {
    if (PQtransactionStatus(connection_.conn) != PQTRANS_IDLE) {
      connection_.Drain();
      PQclear(PQexec(connection_.conn, "ROLLBACK"));
    }
  }

 private:
  Connection connection_;
};

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& url) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string message = parse_error != nullptr ? OneLine(parse_error) : "cannot parse";
    PQfreemem(parse_error);
    return InvalidArgument(fmt::format("bad PostgreSQL URL '{}': {}", RedactUrl(url), message));
  }
  PQconninfoFree(parsed);
  // Fail fast on an unreachable host instead of libpq's unbounded default.
  const char* keywords[] = {"dbname", "connect_timeout", nullptr};
  const char* values[] = {url.c_str(), "10", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string message = conn != nullptr ? OneLine(PQerrorMessage(conn)) : "out of memory";
    PQfinish(conn);
    return IOError(
        fmt::format("cannot connect to PostgreSQL at '{}': {}", RedactUrl(url), message));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  auto database = std::make_unique<PostgresDatabase>(conn);
  MROI_RETURN_IF_ERROR(database->ExecuteConstant("SET client_encoding TO 'UTF8'"));
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace mroi::internal
