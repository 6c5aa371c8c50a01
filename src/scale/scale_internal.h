// Helpers shared by the files of the scale-out layer: id keys of parsed rows, the
// byte writer/reader of the wire formats, the row batch format. Not part of the API.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/identity.h"
#include "mroi/ingest.h"
#include "mroi/result.h"
#include "mroi/scale.h"

namespace mroi::scale::internal {

/// Kind tags of id keys: the identity kinds, then the order id of a conversion.
inline constexpr uint64_t kOrderKeyTag = kNumIdKinds;
/// Kind tag of the key of an IP (bot_rate).
inline constexpr uint64_t kIpKeyTag = kNumIdKinds + 1;

/// The 64-bit key of an id of `kind` with text `text` (already normalised for emails).
uint64_t IdKey(uint64_t kind_tag, std::string_view text);

/// The keys of one parsed record (index `row` of the vector of `kind`), in the order
/// StitchIdentities links them, then the order key of a conversion. Emails are
/// normalised as identity does (trim, lower-case, "" without '@', hashed on request).
/// Appends to `keys`; a row without ids appends nothing.
void RowKeys(const Dataset& dataset, InputKind kind, size_t row, bool hash_emails,
             std::vector<uint64_t>* keys);

/// The kinds whose rows are split by person (the rest are shared inputs).
inline bool IsPerPersonKind(InputKind kind) {
  return kind == InputKind::kTouchpoints || kind == InputKind::kConversions ||
         kind == InputKind::kLeads || kind == InputKind::kDeals;
}

/// The format ingest reads a file named `name` in.
InputFormat FormatOfName(std::string_view name);

/// Parse `header` + rows (`bytes`) as ingest would into a fresh dataset.
Status ParseChunkBytes(std::string_view name, InputKind kind, std::string_view header,
                       std::string_view bytes, const IngestOptions& options,
                       Dataset* dataset);

/// Appends little-endian fixed-width values and length-prefixed strings.
class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  template <typename T>
  void Put(T value) {
    char buf[sizeof(T)];
    std::memcpy(buf, &value, sizeof(T));
    out_->append(buf, sizeof(T));
  }
  void PutString(std::string_view text) {
    Put<uint64_t>(text.size());
    out_->append(text);
  }

 private:
  std::string* out_;
};

/// Reads what ByteWriter wrote; every read checks the bounds (ok() false after a
/// short read, values then 0).
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  T Get() {
    T value{};
    if (bytes_.size() - pos_ < sizeof(T) || !ok_) {
      ok_ = false;
      return value;
    }
    std::memcpy(&value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::string_view GetString() {
    const auto size = Get<uint64_t>();
    if (!ok_ || size > bytes_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string_view out = bytes_.substr(pos_, size);
    pos_ += size;
    return out;
  }
  /// A count of items each at least `min_bytes` long: fails when they cannot fit.
  uint64_t GetCount(size_t min_bytes) {
    const auto count = Get<uint64_t>();
    if (ok_ && min_bytes > 0 && count > (bytes_.size() - pos_) / min_bytes) ok_ = false;
    return ok_ ? count : 0;
  }
  bool ok() const { return ok_; }
  bool done() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  bool ok_ = true;
};

/// Row batch wire format (SplitRows output, ComputePartitionStats input): a sequence
/// of groups, each the rows of one chunk of one file:
///   'G' file:i32 chunk:i32 kind:u8 name:str header:str rows:u64, then per row
///   line:i64 flags:u8 key:u64 text:str
/// flags bit 0: the row has a key; bit 1: the row is a parse error (read alone).
/// A chunk (EncodeChunk) is 'C' file chunk kind name header bytes.
inline constexpr char kGroupTag = 'G';
inline constexpr char kChunkTag = 'C';
inline constexpr uint8_t kRowHasKey = 1;
inline constexpr uint8_t kRowBad = 2;

/// One row of a batch, viewing the batch's bytes.
struct BatchRow {
  int64_t line = 0;
  uint8_t flags = 0;
  uint64_t key = 0;
  std::string_view text;
};
/// One group of a batch.
struct BatchGroup {
  int32_t file = 0;
  int32_t chunk = 0;
  InputKind kind = InputKind::kTouchpoints;
  std::string_view name;
  std::string_view header;
  std::vector<BatchRow> rows;
};

/// Append the group header (rows follow with PutBatchRow).
void PutGroupHeader(const BatchGroup& group, uint64_t rows, std::string* out);
void PutBatchRow(const BatchRow& row, std::string* out);
/// Parse concatenated groups. Error kInvalidArgument on bad bytes.
Result<std::vector<BatchGroup>> ParseGroups(std::string_view bytes);

}  // namespace mroi::scale::internal
