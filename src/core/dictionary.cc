#include "mroi/dictionary.h"

#include <cstring>

namespace mroi {

namespace {
constexpr size_t kBlockBytes = 1 << 20;
constexpr size_t kInitialSlots = 64;
}  // namespace

uint64_t Dictionary::HashText(std::string_view text) {
  // 8 bytes at a time, multiply-xorshift per word, murmur3's fmix64 at the end so
  // that the low bits (the table index) depend on every byte.
  uint64_t hash = 0x9e3779b97f4a7c15ULL ^ text.size();
  size_t pos = 0;
  for (; pos + 8 <= text.size(); pos += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + pos, 8);
    hash = (hash ^ word) * 0xff51afd7ed558ccdULL;
    hash ^= hash >> 32;
  }
  if (pos < text.size()) {
    uint64_t word = 0;
    std::memcpy(&word, text.data() + pos, text.size() - pos);
    hash = (hash ^ word) * 0xc4ceb9fe1a85ec53ULL;
  }
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ULL;
  hash ^= hash >> 33;
  return hash;
}

Dictionary::Dictionary() : slots_(kInitialSlots) {
  views_.emplace_back();
  const uint64_t hash = HashText(std::string_view());
  slots_[hash & (kInitialSlots - 1)] = Slot{static_cast<uint32_t>(hash), kEmptyString};
}
Dictionary::Dictionary(Dictionary&&) noexcept = default;
Dictionary& Dictionary::operator=(Dictionary&&) noexcept = default;
Dictionary::~Dictionary() = default;

char* Dictionary::Allocate(size_t length) {
  if (blocks_.empty() || block_used_ + length > block_size_) {
    block_size_ = length > kBlockBytes ? length : kBlockBytes;
    blocks_.push_back(std::make_unique<char[]>(block_size_));
    block_used_ = 0;
  }
  char* out = blocks_.back().get() + block_used_;
  block_used_ += length;
  return out;
}

void Dictionary::Grow() {
  std::vector<Slot> bigger(slots_.size() * 2);
  const size_t mask = bigger.size() - 1;
  for (const Slot& slot : slots_) {
    if (slot.id < 0) continue;
    size_t idx = slot.hash & mask;
    while (bigger[idx].id >= 0) idx = (idx + 1) & mask;
    bigger[idx] = slot;
  }
  slots_.swap(bigger);
}

StringId Dictionary::Intern(std::string_view text) {
  const uint64_t hash = HashText(text);
  const auto tag = static_cast<uint32_t>(hash);
  const size_t mask = slots_.size() - 1;
  size_t idx = hash & mask;
  while (slots_[idx].id >= 0) {
    const Slot& slot = slots_[idx];
    if (slot.hash == tag && views_[static_cast<size_t>(slot.id)] == text) return slot.id;
    idx = (idx + 1) & mask;
  }
  char* storage = Allocate(text.size());
  if (!text.empty()) std::memcpy(storage, text.data(), text.size());
  auto id = static_cast<StringId>(views_.size());
  views_.emplace_back(storage, text.size());
  slots_[idx] = Slot{tag, id};
  bytes_ += static_cast<int64_t>(text.size());
  if (views_.size() * 2 > slots_.size()) Grow();
  return id;
}

StringId Dictionary::Find(std::string_view text) const {
  const uint64_t hash = HashText(text);
  const auto tag = static_cast<uint32_t>(hash);
  const size_t mask = slots_.size() - 1;
  for (size_t idx = hash & mask; slots_[idx].id >= 0; idx = (idx + 1) & mask) {
    const Slot& slot = slots_[idx];
    if (slot.hash == tag && views_[static_cast<size_t>(slot.id)] == text) return slot.id;
  }
  return -1;
}

}  // namespace mroi
