#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/result.h"
#include "store/database.h"

// How each kind of record maps to its table: the column list, a writer that turns a
// record into bound parameters and a reader that turns a result row back into the
// same record. Both walk the columns in one order, so the list is the contract.
namespace mroi::internal {

/// A value buffered for a batch insert. Views point into the Dataset being imported.
struct Param {
  enum class Type : uint8_t { kNull, kInt, kDouble, kText, kBlob };
  Type type = Type::kNull;
  int64_t integer = 0;
  double number = 0;
  std::string_view text;
};

/// Appends one record's values, in column order, to a batch.
class RowWriter {
 public:
  explicit RowWriter(std::vector<Param>* out) : out_(out) {}
  void Int(int64_t value) { out_->push_back({Param::Type::kInt, value, 0, {}}); }
  /// NaN (missing) → NULL.
  void Double(double value);
  /// Empty (missing) → NULL.
  void Text(std::string_view value);
  /// Text that is stored even when empty (goal fields).
  void String(std::string_view value) { out_->push_back({Param::Type::kText, 0, 0, value}); }
  void Blob(std::string_view value) { out_->push_back({Param::Type::kBlob, 0, 0, value}); }
  /// kNoTime → NULL.
  void Time(int64_t value);

 private:
  std::vector<Param>* out_;
};

/// Reads one result row's columns in order.
class RowReader {
 public:
  RowReader(const Statement* statement, int first_column)
      : statement_(statement), column_(first_column) {}
  int64_t Int() { return statement_->GetInt(column_++); }
  double Double() { return statement_->GetDouble(column_++); }
  /// NULL → kEmptyString.
  StringId Text(Dictionary* strings) { return strings->Intern(statement_->GetText(column_++)); }
  std::string String() { return std::string(statement_->GetText(column_++)); }
  std::string Blob() { return statement_->GetBlob(column_++); }
  /// NULL → kNoTime.
  int64_t Time();

 private:
  const Statement* statement_;
  int column_;
};

/// The table of one input kind and its data columns (after import_id and line).
struct KindTable {
  std::string_view table;
  std::vector<std::string_view> columns;
};
const KindTable& TableOf(InputKind kind);

/// The columns of the quarantine table (after import_id and line).
const KindTable& QuarantineTable();

/// Write the record `row_index` of kind `kind` of `dataset` (columns of TableOf(kind)).
void WriteRecord(const Dataset& dataset, InputKind kind, size_t row_index, RowWriter* writer);
/// Number of records of `kind` in `dataset`.
size_t RecordCount(const Dataset& dataset, InputKind kind);
/// Origin of record `row_index` of `kind`.
RowOrigin RecordOrigin(const Dataset& dataset, InputKind kind, size_t row_index);

/// Append one record of `kind` read from `reader` to `dataset`, with `origin`.
/// Errors: kInternal for a stored value this build cannot read (an unknown enum name).
Status ReadRecord(InputKind kind, RowOrigin origin, RowReader* reader, Dataset* dataset);

/// Write one quarantined row (rule, column_index, reason, raw).
void WriteIssue(const RowIssue& issue, RowWriter* writer);
/// Read one quarantined row. Errors: kInternal for an unknown rule name.
Result<RowIssue> ReadIssue(RowOrigin origin, RowReader* reader);

/// Inserts rows into one table in batches: a multi-row INSERT of `batch_rows` rows is
/// prepared once and reused; a last, shorter batch gets its own statement.
/// Cost: one round trip per batch. Thread safety: none.
class BatchInserter {
 public:
  /// Columns inserted: import_id, line, then `table.columns`.
  BatchInserter(Database* database, const KindTable& table, int batch_rows);
  /// Buffer one row: `fill` appends the data columns through the writer.
  template <typename Fill>
  Status Add(int64_t import_id, int64_t line, Fill&& fill) {
    RowWriter writer(&params_);
    writer.Int(import_id);
    writer.Int(line);
    fill(&writer);
    ++rows_;
    if (rows_ == batch_rows_) return Flush();
    return Status::OK();
  }
  /// Insert the buffered rows. Errors: database errors.
  Status Flush();
  int64_t rows_written() const { return rows_written_; }

 private:
  Result<Statement*> StatementFor(int rows);

  Database* database_;
  const KindTable& table_;
  int batch_rows_;
  int rows_ = 0;
  int64_t rows_written_ = 0;
  std::vector<Param> params_;
  std::map<int, std::unique_ptr<Statement>> statements_;
};

}  // namespace mroi::internal
