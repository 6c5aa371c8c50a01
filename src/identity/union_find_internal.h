#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace mroi::internal {

/// Disjoint sets over the dense elements 0 .. size()-1, with path halving and
/// union by size (Tarjan & van Leeuwen, "Worst-case analysis of set union
/// algorithms", JACM 1984): near-constant amortised time per operation.
/// Thread safety: none; Find() mutates (it compresses paths).
class UnionFind {
 public:
  /// Add a new singleton set and return its element.
  int32_t Add() {
    const auto element = static_cast<int32_t>(parent_.size());
    parent_.push_back(element);
    size_.push_back(1);
    return element;
  }

  /// Return the representative of `element`'s set. REQUIRES: 0 <= element < size().
  int32_t Find(int32_t element) {
    while (parent_[element] != element) {
      parent_[element] = parent_[parent_[element]];  // path halving
      element = parent_[element];
    }
    return element;
  }

  /// Merge the sets of `a` and `b`; return the representative of the merged set.
  int32_t Union(int32_t a, int32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return a;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return a;
  }

  /// Return the number of elements in the set of `element`.
  int32_t SetSize(int32_t element) { return size_[Find(element)]; }

  int32_t size() const { return static_cast<int32_t>(parent_.size()); }
  /// Hint that `element`'s parent will be read soon. REQUIRES: 0 <= element < size().
  void Prefetch(int32_t element) const { __builtin_prefetch(&parent_[element]); }
  void Reserve(size_t elements) {
    parent_.reserve(elements);
    size_.reserve(elements);
  }

 private:
  std::vector<int32_t> parent_;
  std::vector<int32_t> size_;
};

}  // namespace mroi::internal
