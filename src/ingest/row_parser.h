#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/ingest.h"

#include "ingest/schema.h"

namespace mroi::internal {

/// Why one row was refused: the schema field at fault (-1 = the whole row) and a
/// human reason ("revenue 'abc' is not a number").
struct FieldError {
  int field = -1;
  std::string message;
};

/// A string value of a batched row waiting to be interned: where its id goes (a
/// field of a record in RowBatch::rows), its hash, its schema field, and its bytes
/// as a range of RowBatch::text.
struct PendingString {
  StringId* target;
  uint64_t hash;
  uint32_t offset;
  uint32_t length;
  int field;
};

/// Rows parsed ahead of interning (RowParser's batch mode): records of one kind
/// whose string ids are still unset, the strings to intern in row order, and
/// copies of their bytes (the parser's input views do not outlive the row).
struct RowBatch {
  /// The most rows a batch holds: the record vectors are reserved for this many up
  /// front, so the targets of `strings` stay put while the batch fills.
  static constexpr size_t kMaxRows = 2048;

  /// Empty the batch for reuse and reserve room for kMaxRows records of `kind`.
  void Reset(InputKind kind);

  Dataset rows;                        // only the vector of the kind is used
  std::vector<PendingString> strings;  // in the order of the rows and fields
  std::string text;
  size_t num_rows = 0;
  size_t reserve_rows = 0;  // when > 0, RowParser::Commit() reserves this many rows
};

/// Turns one row's values (indexed by schema field id; an absent column is an empty
/// view) into a record of its kind and appends it to the dataset. Strings are
/// interned in dataset->strings, with a one-entry cache per field so that runs of
/// equal values (a campaign, a source) skip the hash lookup.
///
/// Batch mode (set_batch()) splits that work over two threads: Append() checks and
/// parses a row into the batch and hashes its strings, touching neither the dataset
/// nor the caches; Commit() interns a full batch (prefetching the dictionary slots
/// a few strings ahead, so that the cache misses of a big dictionary overlap) and
/// appends its rows to the dataset in order.
/// Thread safety: none, except that in batch mode Append() and Commit() may run on
/// two threads at once on different batches.
class RowParser {
 public:
  RowParser(InputKind kind, const IngestOptions& options, Dataset* dataset, int32_t file);

  const Schema& schema() const { return schema_; }
  /// Append the record of `values` (size schema().fields.size()) from `line`; on a
  /// bad value append nothing, fill `*error` and return false.
  bool Append(const std::string_view* values, int64_t line, FieldError* error);
  /// Reserve room for `rows` more records of the kind (an estimate from the file size,
  /// which saves the copies of a growing vector). Direct mode only.
  void Reserve(size_t rows);

  /// Make Append() fill `batch` (nullptr: back to direct mode). REQUIRES: the batch
  /// was Reset() for this parser's kind.
  void set_batch(RowBatch* batch) { batch_ = batch; }
  /// Intern the strings of `batch` and append its rows to the dataset.
  void Commit(RowBatch* batch);

 private:
  bool AppendTouchpoint(const std::string_view* values, RowOrigin origin,
                        FieldError* error);
  bool AppendConversion(const std::string_view* values, RowOrigin origin,
                        FieldError* error);
  bool AppendLead(const std::string_view* values, RowOrigin origin, FieldError* error);
  bool AppendDeal(const std::string_view* values, RowOrigin origin, FieldError* error);
  bool AppendSpend(const std::string_view* values, RowOrigin origin, FieldError* error);
  bool AppendCost(const std::string_view* values, RowOrigin origin, FieldError* error);
  bool AppendEmail(const std::string_view* values, RowOrigin origin, FieldError* error);

  // Field helpers: each returns false and fills *error on a bad value.
  bool Required(const std::string_view* values, int field, FieldError* error) const;
  bool Timestamp(const std::string_view* values, int field, UnixSeconds* out,
                 FieldError* error) const;
  bool Date(const std::string_view* values, int field, UnixDays* out,
            FieldError* error) const;
  // An empty value leaves *out unchanged (kMissing). `allow_negative` = false refuses <
  // 0.
  bool Number(const std::string_view* values, int field, bool allow_negative, double* out,
              FieldError* error) const;
  // Set *target to the id of values[field], now or (batch mode) at Commit().
  void Intern(const std::string_view* values, int field, StringId* target);
  // The id of `text` (not empty) through the field's cache.
  StringId InternCached(std::string_view text, uint64_t hash, int field);
  // Append `row` to the records of the current batch or of the dataset; return it.
  template <typename Record>
  Record& Push(std::vector<Record> Dataset::*records, const Record& row);

  // A direct-mapped cache per field from a value's hash to its id: the values of
  // low-cardinality fields (source, medium, campaign, user agent) stay hot here and
  // skip the dictionary's big table. A field whose values rarely repeat (ids, IPs)
  // turns its cache off after kCacheProbeRows lookups.
  struct CacheEntry {
    uint64_t hash = 0;
    StringId id = -1;
  };
  struct FieldCache {
    std::vector<CacheEntry> entries;
    int64_t hits = 0;
    int64_t lookups = 0;
    bool enabled = true;
  };
  static constexpr size_t kCacheEntries = 512;
  static constexpr int64_t kCacheProbeRows = 4096;

  InputKind kind_;
  const Schema& schema_;
  const IngestOptions& options_;
  Dataset* dataset_;
  int32_t file_;
  std::vector<FieldCache> caches_;  // per field
  RowBatch* batch_ = nullptr;
  std::vector<uint32_t> uncached_;  // Commit()'s list of strings that skip the caches
};

}  // namespace mroi::internal
