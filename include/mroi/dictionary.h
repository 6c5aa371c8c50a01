#pragma once

#include <cstddef>
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
/// flat_hash_map, without the SIMD groups), sized to stay at most half full. A slot
/// holds the string's pointer, 32 bits of its hash and its id, and the string's
/// length sits just before its bytes, so a lookup touches one slot and one string
/// (two cache misses on a big table, not three). Big tables ask for huge pages.
/// Thread safety: const methods may run concurrently; Intern() needs exclusion.
class Dictionary {
 public:
  Dictionary();
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  Dictionary(Dictionary&&) noexcept;
  Dictionary& operator=(Dictionary&&) noexcept;
  ~Dictionary();

  /// Return the id of `text`, adding it if new. REQUIRES: text.size() < 4 GiB.
  StringId Intern(std::string_view text) { return Intern(text, HashText(text)); }
  /// Intern() for a caller that already holds `hash` == HashText(text).
  StringId Intern(std::string_view text, uint64_t hash);
  /// Hint that `text` with this hash will be interned soon: start loading its slot.
  /// Issued for a batch of strings ahead of their Intern() calls, the cache misses
  /// of a big table overlap instead of following one another.
  void Prefetch(uint64_t hash) const {
    __builtin_prefetch(&slots_[hash & slot_mask_]);
  }
  /// The second step after Prefetch(hash) (and a few strings later): start loading
  /// the bytes of the string in the slot `hash` lands on, which a hit compares.
  void PrefetchText(uint64_t hash) const {
    const char* data = slots_[hash & slot_mask_].data;
    if (data != nullptr) __builtin_prefetch(data - sizeof(uint32_t));
  }
  /// Make room for `count` distinct strings in all (ids and index), so that a
  /// caller who can estimate the count saves the rehashes of growing.
  void Reserve(int64_t count);
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
  // One slot of the open-addressing index: the string's bytes (nullptr = empty
  // slot; its length is stored in the 4 bytes before them), the low 32 bits of its
  // hash (to skip most comparisons and to rehash without rehashing strings), its id.
  struct Slot {
    const char* data;
    uint32_t hash;
    StringId id;
  };
  // Frees a slot table made by AllocateSlots().
  struct SlotDeleter {
    size_t count;
    bool mapped;  // by mmap (else by calloc)
    void operator()(Slot* slots) const;
  };
  using SlotArray = std::unique_ptr<Slot[], SlotDeleter>;
  static SlotArray AllocateSlots(size_t count);  // zeroed: all empty
  char* Allocate(size_t length);
  void Rehash(size_t count);

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0;
  size_t block_size_ = 0;
  std::vector<std::string_view> views_;
  SlotArray slots_;  // slot_mask_ + 1 slots, a power of two, at most half full
  size_t slot_mask_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace mroi
