#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace mroi {

/// The id of an interned string; 0 is the empty string, which also stands for
/// "missing". Ids are dense: 0 .. size()-1.
using StringId = int32_t;
inline constexpr StringId kEmptyString = 0;

/// An append-only string interner: every distinct string is stored once and
/// named by a dense int32 id, so tables hold 4-byte ids instead of strings
/// (DuckDB's dictionary vectors, Arrow's dictionary arrays).
/// Views returned by Get() stay valid for the dictionary's lifetime.
/// The index is an open-addressing table with linear probing (as in abseil's
/// flat_hash_map, without the SIMD groups), sized to stay at most half full.
/// Thread safety: const methods may run concurrently; Intern() needs exclusion.
class Dictionary {
 public:
  Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  Dictionary(Dictionary&&) noexcept;
  Dictionary& operator=(Dictionary&&) noexcept;
  ~Dictionary();

  /// Return the id of `text`, adding it if new.
  StringId Intern(std::string_view text);
  /// Return the id of `text`, or -1 when it was never interned.
  StringId Find(std::string_view text) const;
  /// Return the text of `id`. REQUIRES: 0 <= id < size().
  std::string_view Get(StringId id) const { return views_[static_cast<size_t>(id)]; }
  int32_t size() const { return static_cast<int32_t>(views_.size()); }
  /// Bytes held by the stored strings (excluding the index).
  int64_t bytes() const { return bytes_; }
  /// Hash used by the index (also handy for callers that cache by content).
  static uint64_t HashText(std::string_view text);

 private:
  // One slot of the open-addressing index: the low 32 bits of the string's hash
  // (to skip most comparisons and to rehash without rehashing strings) and its id.
  struct Slot {
    uint32_t hash = 0;
    StringId id = -1;  // -1 = empty
  };
  char* Allocate(size_t length);
  void Grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_size_ = 0;
  std::vector<std::string_view> views_;
  std::vector<Slot> slots_;  // capacity a power of two, at most half full
  int64_t bytes_ = 0;
};

}  // namespace mroi
