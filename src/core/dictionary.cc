#include "mroi/dictionary.h"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace mroi {

namespace {
constexpr size_t kBlockBytes = 1 << 20;
constexpr size_t kInitialSlots = 64;
// Tables at least this big are mapped directly (zero pages come free from the
// kernel) and marked for transparent huge pages: a lookup on a table of hundreds
// of MiB would otherwise miss the TLB as well as the cache.
constexpr size_t kMappedBytes = size_t{2} << 20;
constexpr size_t kLengthBytes = sizeof(uint32_t);

uint32_t StoredLength(const char* data) {
  uint32_t length;
  std::memcpy(&length, data - kLengthBytes, kLengthBytes);
  return length;
}
}  // namespace

uint64_t Dictionary::HashText(std::string_view text) {
  // 8 bytes at a time, multiply-xorshift per word, murmur3's fmix64 at the end so
  // that the low bits (the table index) depend on every byte. Long strings (user
  // agents, URLs) run two independent lanes of 16 bytes, which halves the chain of
  // dependent multiplies.
  uint64_t hash = 0x9e3779b97f4a7c15ULL ^ text.size();
  size_t pos = 0;
  if (text.size() >= 32) {
    uint64_t other = 0x2545f4914f6cdd1dULL;
    for (; pos + 16 <= text.size(); pos += 16) {
      uint64_t first;
      uint64_t second;
      std::memcpy(&first, text.data() + pos, 8);
      std::memcpy(&second, text.data() + pos + 8, 8);
      hash = (hash ^ first) * 0xff51afd7ed558ccdULL;
      hash ^= hash >> 32;
      other = (other ^ second) * 0xc4ceb9fe1a85ec53ULL;
      other ^= other >> 29;
    }
    hash ^= (other << 31) | (other >> 33);
  }
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

void Dictionary::SlotDeleter::operator()(Slot* slots) const {
  if (mapped) {
    munmap(slots, count * sizeof(Slot));
  } else {
    std::free(slots);
  }
}

Dictionary::SlotArray Dictionary::AllocateSlots(size_t count) {
  const size_t bytes = count * sizeof(Slot);
  void* memory = nullptr;
  if (bytes >= kMappedBytes) {
    memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                  0);
    if (memory != MAP_FAILED) {
      madvise(memory, bytes, MADV_HUGEPAGE);  // a hint: failure is harmless
      return SlotArray(static_cast<Slot*>(memory), SlotDeleter{count, true});
    }
  }
  memory = std::calloc(count, sizeof(Slot));
  // Out of memory, as a std::vector would report it.
  if (memory == nullptr) throw std::bad_alloc();
  // An all-zero Slot is empty (data == nullptr).
  return SlotArray(static_cast<Slot*>(memory), SlotDeleter{count, false});
}

Dictionary::Dictionary() : slots_(AllocateSlots(kInitialSlots)), slot_mask_(kInitialSlots - 1) {
  // The empty string is id 0 and is answered before the index is consulted.
  views_.emplace_back();
}
Dictionary::Dictionary(Dictionary&&) noexcept = default;
Dictionary& Dictionary::operator=(Dictionary&&) noexcept = default;
Dictionary::~Dictionary() = default;

char* Dictionary::Allocate(size_t length) {
  if (blocks_.empty() || block_used_ + length > block_size_) {
    block_size_ = length > kBlockBytes ? length : kBlockBytes;
    // new char[] leaves the bytes uninitialised (make_unique would zero them).
    blocks_.emplace_back(new char[block_size_]);
    block_used_ = 0;
  }
  char* out = blocks_.back().get() + block_used_;
  block_used_ += length;
  return out;
}

void Dictionary::Rehash(size_t count) {
  SlotArray bigger = AllocateSlots(count);
  const size_t mask = count - 1;
  for (size_t idx = 0; idx <= slot_mask_; ++idx) {
    const Slot& slot = slots_[idx];
    if (slot.data == nullptr) continue;
    size_t target = slot.hash & mask;
    while (bigger[target].data != nullptr) target = (target + 1) & mask;
    bigger[target] = slot;
  }
  slots_ = std::move(bigger);
  slot_mask_ = mask;
}

void Dictionary::Reserve(int64_t count) {
  if (count <= 0) return;
  const auto wanted = static_cast<size_t>(count);
  if (wanted > views_.size()) views_.reserve(wanted);
  size_t slots = slot_mask_ + 1;
  while (wanted * 2 > slots) slots *= 2;
  if (slots != slot_mask_ + 1) Rehash(slots);
}

StringId Dictionary::Intern(std::string_view text, uint64_t hash) {
  if (text.empty()) return kEmptyString;
  const auto tag = static_cast<uint32_t>(hash);
  const auto length = static_cast<uint32_t>(text.size());
  size_t idx = hash & slot_mask_;
  while (true) {
    const Slot& slot = slots_[idx];
    if (slot.data == nullptr) break;
    if (slot.hash == tag && StoredLength(slot.data) == length &&
        std::memcmp(slot.data, text.data(), length) == 0) {
      return slot.id;
    }
    idx = (idx + 1) & slot_mask_;
  }
  char* storage = Allocate(kLengthBytes + text.size());
  std::memcpy(storage, &length, kLengthBytes);
  storage += kLengthBytes;
  std::memcpy(storage, text.data(), text.size());
  const auto id = static_cast<StringId>(views_.size());
  views_.emplace_back(storage, text.size());
  slots_[idx] = Slot{storage, tag, id};
  bytes_ += static_cast<int64_t>(text.size());
  if (views_.size() * 2 > slot_mask_ + 1) Rehash((slot_mask_ + 1) * 2);
  return id;
}

StringId Dictionary::Find(std::string_view text) const {
  if (text.empty()) return kEmptyString;
  const uint64_t hash = HashText(text);
  const auto tag = static_cast<uint32_t>(hash);
  const auto length = static_cast<uint32_t>(text.size());
  for (size_t idx = hash & slot_mask_; slots_[idx].data != nullptr;
       idx = (idx + 1) & slot_mask_) {
    const Slot& slot = slots_[idx];
    if (slot.hash == tag && StoredLength(slot.data) == length &&
        std::memcmp(slot.data, text.data(), length) == 0) {
      return slot.id;
    }
  }
  return -1;
}

}  // namespace mroi
