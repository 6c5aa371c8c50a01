// PersonMap: union-find over 64-bit id keys (the driver of pass 1), and KeyShard.
// The root of a set is its smallest key, so roots do not depend on the edge order.
#include <algorithm>
#include <unordered_map>

#include "scale/scale_internal.h"

namespace mroi::scale {

struct PersonMap::Impl {
  std::unordered_map<uint64_t, uint64_t> parent;  // keys whose parent is another key

  uint64_t Find(uint64_t key) const {
    auto it = parent.find(key);
    while (it != parent.end()) {
      key = it->second;
      it = parent.find(key);
    }
    return key;
  }
  // Find with path halving.
  uint64_t FindCompress(uint64_t key) {
    auto it = parent.find(key);
    while (it != parent.end()) {
      auto next = parent.find(it->second);
      if (next == parent.end()) return it->second;
      it->second = next->second;
      key = it->second;
      it = parent.find(key);
    }
    return key;
  }
  void Union(uint64_t a, uint64_t b) {
    a = FindCompress(a);
    b = FindCompress(b);
    if (a == b) return;
    if (a < b) std::swap(a, b);
    parent[a] = b;  // the smaller key is the root
  }
};

PersonMap::PersonMap() : impl_(std::make_unique<Impl>()) {}
PersonMap::~PersonMap() = default;
PersonMap::PersonMap(PersonMap&&) noexcept = default;
PersonMap& PersonMap::operator=(PersonMap&&) noexcept = default;

void PersonMap::AddEdges(const ChunkKeys& keys) {
  const size_t n = std::min(keys.from.size(), keys.to.size());
  for (size_t idx = 0; idx < n; ++idx) impl_->Union(keys.from[idx], keys.to[idx]);
}

uint64_t PersonMap::Root(uint64_t key) const { return impl_->Find(key); }

int64_t PersonMap::size() const { return static_cast<int64_t>(impl_->parent.size()); }

PersonMap PersonMap::Shard(int shard, int shards) const {
  PersonMap out;
  for (const auto& [key, parent] : impl_->parent) {
    if (KeyShard(key, shards) == shard) out.impl_->parent.emplace(key, impl_->Find(key));
  }
  return out;
}

namespace {

// The serialized form of (key, root) entries: 'P', count, then the entries by key.
std::string SerializeEntries(std::vector<std::pair<uint64_t, uint64_t>>* flat_entries) {
  std::vector<std::pair<uint64_t, uint64_t>>& flat = *flat_entries;
  std::sort(flat.begin(), flat.end());
  std::string out;
  out.reserve(9 + flat.size() * 16);
  internal::ByteWriter writer(&out);
  writer.Put<char>('P');
  writer.Put<uint64_t>(flat.size());
  for (const auto& [key, root] : flat) {
    writer.Put<uint64_t>(key);
    writer.Put<uint64_t>(root);
  }
  return out;
}

}  // namespace

std::string PersonMap::Serialize() const {
  std::vector<std::pair<uint64_t, uint64_t>> flat;
  flat.reserve(impl_->parent.size());
  for (const auto& [key, parent] : impl_->parent) flat.emplace_back(key, impl_->Find(key));
  return SerializeEntries(&flat);
}

std::vector<std::string> PersonMap::SerializeShards(int shards) const {
  shards = std::max(shards, 1);
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> flat(static_cast<size_t>(shards));
  for (const auto& [key, parent] : impl_->parent) {
    flat[static_cast<size_t>(KeyShard(key, shards))].emplace_back(key, impl_->Find(key));
  }
  std::vector<std::string> out;
  out.reserve(flat.size());
  for (auto& entries : flat) out.push_back(SerializeEntries(&entries));
  return out;
}

Result<PersonMap> PersonMap::Parse(std::string_view bytes) {
  internal::ByteReader reader(bytes);
  if (reader.Get<char>() != 'P')
    return InvalidArgument("person map: bad bytes (no 'P' tag)");
  const uint64_t count = reader.GetCount(16);
  PersonMap out;
  out.impl_->parent.reserve(count);
  for (uint64_t idx = 0; idx < count; ++idx) {
    const auto key = reader.Get<uint64_t>();
    const auto root = reader.Get<uint64_t>();
    if (key == root) return InvalidArgument("person map: a key is its own parent entry");
    out.impl_->parent[key] = root;
  }
  if (!reader.ok() || !reader.done()) {
    return InvalidArgument("person map: truncated or corrupt bytes");
  }
  // Roots are flat in serialized maps: a root must not itself have a parent (no cycles).
  for (const auto& [key, root] : out.impl_->parent) {
    if (out.impl_->parent.count(root) != 0) {
      return InvalidArgument("person map: corrupt bytes (a root has a parent)");
    }
  }
  return out;
}

int KeyShard(uint64_t key, int shards) {
  if (shards <= 1) return 0;
  // splitmix64 finaliser, then a multiply-shift range reduction.
  uint64_t z = key + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<int>(
      (static_cast<unsigned __int128>(z) * static_cast<uint64_t>(shards)) >> 64);
}

}  // namespace mroi::scale
