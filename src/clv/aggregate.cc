// Merging customers with identical data into weighted rows: one hash pass over the
// customers, then a sort of the distinct rows by frequency.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "clv/clv_internal.h"

namespace mroi::internal {
namespace {

struct Key {
  double frequency, second, third;
  bool operator==(const Key& other) const {
    return frequency == other.frequency && second == other.second && third == other.third;
  }
};

struct KeyHash {
  size_t operator()(const Key& key) const {
    // Mix the bit patterns (splitmix64 finaliser); +0.0 and -0.0 never both occur
    // because validated values are >= 0 and sums of non-negative numbers.
    uint64_t hash = std::bit_cast<uint64_t>(key.frequency);
    for (double value : {key.second, key.third}) {
      hash ^= std::bit_cast<uint64_t>(value) + 0x9e3779b97f4a7c15ull + (hash << 6) + (hash >> 2);
    }
    hash ^= hash >> 30;
    hash *= 0xbf58476d1ce4e5b9ull;
    hash ^= hash >> 27;
    hash *= 0x94d049bb133111ebull;
    hash ^= hash >> 31;
    return static_cast<size_t>(hash);
  }
};

template <typename KeyOf>
AggregatedRows Merge(const CustomerSummaries& data, bool spend, KeyOf key_of) {
  std::unordered_map<Key, size_t, KeyHash> index;
  index.reserve(std::min<size_t>(data.customers.size(), 1u << 20));
  std::vector<Key> keys;
  std::vector<double> weights;
  double total_weight = 0;
  for (const CustomerSummary& c : data.customers) {
    const std::optional<Key> key = key_of(c);
    if (!key) continue;
    auto [it, inserted] = index.try_emplace(*key, keys.size());
    if (inserted) {
      keys.push_back(*key);
      weights.push_back(0.0);
    }
    weights[it->second] += c.weight;
    total_weight += c.weight;
  }
  std::vector<size_t> order(keys.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t l, size_t r) {
    return std::tie(keys[l].frequency, keys[l].second, keys[l].third) <
           std::tie(keys[r].frequency, keys[r].second, keys[r].third);
  });
  AggregatedRows rows;
  rows.total_weight = total_weight;
  for (size_t idx : order) {
    rows.frequency.push_back(keys[idx].frequency);
    if (spend) {
      rows.monetary.push_back(keys[idx].second);
    } else {
      rows.recency.push_back(keys[idx].second);
      rows.age.push_back(keys[idx].third);
    }
    rows.weight.push_back(weights[idx]);
  }
  return rows;
}

}  // namespace

AggregatedRows AggregateTransactionRows(const CustomerSummaries& data) {
  return Merge(data, false, [](const CustomerSummary& c) {
    return std::optional<Key>(Key{c.frequency, c.recency, c.age});
  });
}

AggregatedRows AggregateSpendRows(const CustomerSummaries& data) {
  return Merge(data, true, [](const CustomerSummary& c) {
    return c.frequency > 0 && c.monetary_value > 0 ? std::optional<Key>(Key{c.frequency, c.monetary_value, 0.0})
                                                   : std::nullopt;
  });
}

}  // namespace mroi::internal
