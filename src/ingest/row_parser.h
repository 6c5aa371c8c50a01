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

/// Turns one row's values (indexed by schema field id; an absent column is an empty
/// view) into a record of its kind and appends it to the dataset. Strings are
/// interned in dataset->strings, with a one-entry cache per field so that runs of
/// equal values (a campaign, a source) skip the hash lookup.
/// Thread safety: none.
class RowParser {
 public:
  RowParser(InputKind kind, const IngestOptions& options, Dataset* dataset, int32_t file);

  const Schema& schema() const { return schema_; }
  /// Append the record of `values` (size schema().fields.size()) from `line`; on a
  /// bad value append nothing, fill `*error` and return false.
  bool Append(const std::string_view* values, int64_t line, FieldError* error);
  /// Reserve room for `rows` more records of the kind (an estimate from the file size,
  /// which saves the copies of a growing vector).
  void Reserve(size_t rows);

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
  StringId Intern(const std::string_view* values, int field);

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
};

}  // namespace mroi::internal
