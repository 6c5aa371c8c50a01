#pragma once

#include <cstdint>
#include <vector>

namespace mroi::internal {

/// Map 64-bit keys to dense ids 0, 1, 2, ... in order of first insertion: an
/// open-addressing table with linear probing, kept at most half full. Made for the
/// few dozen channels and few thousand campaigns of an attribution pass, where the
/// table stays in L1/L2 and a lookup costs a multiply and a compare.
/// Thread safety: none.
class DenseIdMap {
 public:
  DenseIdMap() { Rehash(64); }

  /// Return the id of `key`, giving it the next id when new.
  int32_t Insert(uint64_t key) {
    size_t slot = Hash(key) & mask_;
    while (true) {
      Slot& entry = slots_[slot];
      if (entry.id < 0) {
        entry.key = key;
        entry.id = static_cast<int32_t>(keys_.size());
        keys_.push_back(key);
        if (keys_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
        return static_cast<int32_t>(keys_.size() - 1);
      }
      if (entry.key == key) return entry.id;
      slot = (slot + 1) & mask_;
    }
  }

  /// Keys by id.
  const std::vector<uint64_t>& keys() const { return keys_; }
  int32_t size() const { return static_cast<int32_t>(keys_.size()); }

 private:
  struct Slot {
    uint64_t key = 0;
    int32_t id = -1;
  };
  static size_t Hash(uint64_t key) {
    // Fibonacci hashing: the high bits of the product mix every key bit.
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20);
  }
  void Rehash(size_t count) {
    slots_.assign(count, Slot{});
    mask_ = count - 1;
    for (size_t id = 0; id < keys_.size(); ++id) {
      size_t slot = Hash(keys_[id]) & mask_;
      while (slots_[slot].id >= 0) slot = (slot + 1) & mask_;
      slots_[slot] = Slot{keys_[id], static_cast<int32_t>(id)};
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<uint64_t> keys_;
};

/// Pack a (channel, campaign) pair of 32-bit ids into one key.
inline uint64_t PairKey(int32_t high, int32_t low) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(high)) << 32) |
         static_cast<uint64_t>(static_cast<uint32_t>(low));
}

/// The inverse of a permutation given as the list of old ids in new order:
/// result[old] = new.
inline std::vector<int32_t> InvertOrder(const std::vector<int32_t>& order) {
  std::vector<int32_t> position(order.size());
  for (size_t index = 0; index < order.size(); ++index) {
    position[static_cast<size_t>(order[index])] = static_cast<int32_t>(index);
  }
  return position;
}

}  // namespace mroi::internal
