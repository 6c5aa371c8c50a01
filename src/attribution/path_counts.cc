// Counting for the data-driven models: Markov transitions and Shapley channel sets,
// from journeys (one unit per journey) and straight from aggregated paths (one
// weighted unit per row, no expansion into journeys). Both Markov counters share
// one open-addressing table of (from, to) -> count and give the same MarkovCounts.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "mroi/data_driven.h"
#include "mroi/dictionary.h"

#include "attribution/journey_checks_internal.h"

namespace mroi {

namespace {

using StateKey = MarkovCounts::StateKey;
constexpr int kSlotBits = 16;

double Finite(double value) { return std::isfinite(value) ? value : 0.0; }

void AddCredit(Credit* into, const Credit& value) {
  into->conversions += value.conversions;
  into->revenue += value.revenue;
  into->gross_profit += value.gross_profit;
}

Status CheckOrder(int order) {
  if (order < 1 || order > kMaxMarkovOrder) {
    return InvalidArgument(
        fmt::format("Markov order must be 1..{} (got {})", kMaxMarkovOrder, order));
  }
  return Status();
}

// (from, to) -> count, open addressing with linear probing, at most half full.
// `from` is never kNullState (absorbing states have no exits), so it marks an empty
// slot. Replaces a node-based map on the hot path: one probe, no allocation.
class TransitionTable {
 public:
  TransitionTable() { slots_.assign(kInitialSlots, Slot{}); }

  void Add(StateKey from, StateKey to, int64_t count) {
    size_t index = Hash(from, to) & (slots_.size() - 1);
    while (true) {
      Slot& slot = slots_[index];
      if (slot.from == from && slot.to == to) {
        slot.count += count;
        return;
      }
      if (slot.from == kEmpty) {
        slot = Slot{from, to, count};
        if (++used_ * 2 > slots_.size()) Grow();
        return;
      }
      index = (index + 1) & (slots_.size() - 1);
    }
  }

  // Move the counts into `out` (empty), in key order so every insert is a hinted
  // append. Cost: O(t log t) for t distinct transitions.
  void ExtractTo(std::map<std::pair<StateKey, StateKey>, int64_t>* out) const {
    std::vector<Slot> used;
    used.reserve(used_);
    for (const Slot& slot : slots_) {
      if (slot.from != kEmpty) used.push_back(slot);
    }
    std::sort(used.begin(), used.end(), [](const Slot& a, const Slot& b) {
      return a.from != b.from ? a.from < b.from : a.to < b.to;
    });
    for (const Slot& slot : used)
      out->emplace_hint(out->end(), std::pair{slot.from, slot.to}, slot.count);
  }

 private:
  static constexpr StateKey kEmpty = MarkovCounts::kNullState;
  static constexpr size_t kInitialSlots = 1024;
  struct Slot {
    StateKey from = kEmpty;
    StateKey to = 0;
    int64_t count = 0;
  };

  static size_t Hash(StateKey from, StateKey to) {
    uint64_t h = (from * 0x9E3779B97F4A7C15ULL) ^ (to + 0x632BE59BD9B4E019ULL);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return static_cast<size_t>(h ^ (h >> 32));
  }

  void Grow() {
    std::vector<Slot> old(slots_.size() * 2, Slot{});
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (slot.from == kEmpty) continue;
      size_t index = Hash(slot.from, slot.to) & (slots_.size() - 1);
      while (slots_[index].from != kEmpty) index = (index + 1) & (slots_.size() - 1);
      slots_[index] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t used_ = 0;
};

// Walks the states of one path of an order-k chain: start, then after each touch
// the tuple of the last k channels (local id + 1 per 16-bit slot, oldest lowest).
class StateWalker {
 public:
  StateWalker(int order, bool collapse_repeats)
      : order_(order), collapse_repeats_(collapse_repeats) {}

  // Add `weight` to every transition of the path of local channel ids `channels`,
  // then `conversions` to last -> conversion and `nulls` to last -> null.
  template <typename ChannelOf>
  void AddPath(int64_t length, ChannelOf channel_of, int64_t weight, int64_t conversions,
               int64_t nulls, TransitionTable* table) const {
    StateKey state = MarkovCounts::kStartState;
    int tuple_length = 0;
    int32_t previous = -1;
    for (int64_t touch = 0; touch < length; ++touch) {
      const int32_t channel = channel_of(touch);
      if (collapse_repeats_ && channel == previous) continue;
      previous = channel;
      const auto slot_value = static_cast<uint64_t>(channel) + 1;
      StateKey next;
      if (tuple_length < order_) {
        next = state | (slot_value << (tuple_length * kSlotBits));
        ++tuple_length;
      } else {
        next = (state >> kSlotBits) | (slot_value << ((order_ - 1) * kSlotBits));
      }
      table->Add(state, next, weight);
      state = next;
    }
    if (conversions > 0) table->Add(state, MarkovCounts::kConversionState, conversions);
    if (nulls > 0) table->Add(state, MarkovCounts::kNullState, nulls);
  }

 private:
  int order_;
  bool collapse_repeats_;
};

Status TooManyChannels() {
  return InvalidArgument(fmt::format("more than {} channels for a Markov chain",
                                     MarkovCounts::kMaxChannels));
}

// Check the counts and value of one aggregated-paths row (channel names are
// checked while they are looked up: one pass over them).
Status CheckRow(const AggregatedPath& row) {
  if (row.conversions < 0 || row.nulls < 0) {
    return InvalidArgument(
        fmt::format("line {}: negative count (total_conversions {}, total_null {})",
                    row.line, row.conversions, row.nulls));
  }
  if (!std::isfinite(row.conversion_value)) {
    return InvalidArgument(
        fmt::format("line {}: total_conversion_value is not finite", row.line));
  }
  return Status();
}

Status EmptyChannel(const AggregatedPath& row) {
  return InvalidArgument(fmt::format("line {}: empty channel", row.line));
}

// Channel name -> local id, ids in first-seen order, names kept in a caller's
// vector (MarkovCounts::channels, ShapleyCounts::channels). A direct-mapped cache
// keyed by a cheap fingerprint (length, first and last 8 bytes) answers most
// lookups with one string compare; misses go to a Dictionary (id 0 = the empty
// string, never a channel: callers refuse it, so local id = dictionary id - 1).
class ChannelIds {
 public:
  explicit ChannelIds(std::vector<std::string>* names) : names_(names) {
    cache_.assign(kCacheSize, CacheEntry{});
  }

  int32_t Get(std::string_view name) {
    const uint64_t fingerprint = Fingerprint(name);
    CacheEntry& entry = cache_[fingerprint & (kCacheSize - 1)];
    if (entry.fingerprint == fingerprint && entry.id >= 0) {
      const std::string& known = (*names_)[static_cast<size_t>(entry.id)];
      if (known == name) return entry.id;
    }
    const int32_t id = dictionary_.Intern(name) - 1;
    if (static_cast<size_t>(id) == names_->size()) names_->emplace_back(name);
    entry = CacheEntry{fingerprint, id};
    return id;
  }

 private:
  static constexpr size_t kCacheSize = 1024;
  struct CacheEntry {
    uint64_t fingerprint = 0;
    int32_t id = -1;
  };

  static uint64_t Fingerprint(std::string_view name) {
    uint64_t first = 0;
    uint64_t last = 0;
    if (name.size() >= sizeof(uint64_t)) {  // fixed-size copies: one load each
      std::memcpy(&first, name.data(), sizeof(uint64_t));
      std::memcpy(&last, name.data() + name.size() - sizeof(uint64_t), sizeof(uint64_t));
    } else {  // in a register, not through memory (no store-forwarding stall)
      for (const char c : name) first = (first << 8) | static_cast<unsigned char>(c);
    }
    uint64_t h = (first * 0x9E3779B97F4A7C15ULL) ^ (last * 0xC2B2AE3D27D4EB4FULL) ^
                 static_cast<uint64_t>(name.size());
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 29);
  }

  Dictionary dictionary_;
  std::vector<std::string>* names_;
  std::vector<CacheEntry> cache_;
};

}  // namespace

Result<MarkovCounts> CountMarkovTransitions(const Dataset& dataset,
                                            const Journeys& journeys,
                                            const MarkovOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOrder(options.order));
  MROI_RETURN_IF_ERROR(internal::CheckChannelJourneys(dataset, journeys));
  MarkovCounts counts;
  counts.order = options.order;
  counts.collapse_repeats = options.collapse_repeats;
  // Dataset string id -> local channel id (first-seen order), -1 = not seen yet.
  std::vector<int32_t> local(static_cast<size_t>(dataset.strings.size()), -1);
  TransitionTable table;
  const StateWalker walker(options.order, options.collapse_repeats);
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    const bool converting = journeys.converting(journey);
    const int64_t begin = journeys.offsets[journey];
    const int64_t end = journeys.offsets[journey + 1];
    if (begin == end) {
      if (converting) {
        AddCredit(&counts.empty, Credit{1, Finite(journeys.revenue[journey]),
                                        Finite(journeys.gross_profit[journey])});
      }
      continue;
    }
    ++counts.journeys;
    if (converting) {
      ++counts.converting_journeys;
      AddCredit(&counts.total, Credit{1, Finite(journeys.revenue[journey]),
                                      Finite(journeys.gross_profit[journey])});
    }
    for (int64_t touch = begin; touch < end; ++touch) {
      const StringId channel = journeys.touch_channel[static_cast<size_t>(touch)];
      int32_t& id = local[static_cast<size_t>(channel)];
      if (id >= 0) continue;
      if (counts.channels.size() >= static_cast<size_t>(MarkovCounts::kMaxChannels)) {
        return TooManyChannels();
      }
      id = static_cast<int32_t>(counts.channels.size());
      counts.channels.emplace_back(dataset.str(channel));
    }
    const StringId* touches = journeys.touch_channel.data() + begin;
    walker.AddPath(
        end - begin,
        [&](int64_t touch) { return local[static_cast<size_t>(touches[touch])]; }, 1,
        converting ? 1 : 0, converting ? 0 : 1, &table);
  }
  table.ExtractTo(&counts.transitions);
  return counts;
}

Result<MarkovCounts> CountMarkovPaths(const AggregatedPaths& paths,
                                      const MarkovOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOrder(options.order));
  MarkovCounts counts;
  counts.order = options.order;
  counts.collapse_repeats = options.collapse_repeats;
  ChannelIds local(&counts.channels);
  std::vector<int32_t> ids;
  TransitionTable table;
  const StateWalker walker(options.order, options.collapse_repeats);
  for (const AggregatedPath& row : paths.paths) {
    MROI_RETURN_IF_ERROR(CheckRow(row));
    const auto too_many_journeys = [&row] {
      return InvalidArgument(
          fmt::format("line {}: the paths hold more than 2^63 journeys", row.line));
    };
    int64_t weight = 0;  // journeys of the row
    if (__builtin_add_overflow(row.conversions, row.nulls, &weight)) {
      return too_many_journeys();
    }
    if (weight == 0) continue;   // no journey: the expansion sees none of it
    if (row.channels.empty()) {  // journeys without touches are not in the chain
      if (row.conversions > 0) {
        AddCredit(&counts.empty, Credit{static_cast<double>(row.conversions),
                                        row.conversion_value, row.conversion_value});
      }
      continue;
    }
    if (__builtin_add_overflow(counts.journeys, weight, &counts.journeys)) {
      return too_many_journeys();
    }
    if (row.conversions > 0) {
      counts.converting_journeys += row.conversions;
      AddCredit(&counts.total, Credit{static_cast<double>(row.conversions),
                                      row.conversion_value, row.conversion_value});
    }
    ids.clear();
    for (const std::string& channel : row.channels) {
      if (channel.empty()) return EmptyChannel(row);
      const int32_t id = local.Get(channel);
      if (id >= MarkovCounts::kMaxChannels) return TooManyChannels();
      ids.push_back(id);
    }
    walker.AddPath(
        static_cast<int64_t>(ids.size()),
        [&](int64_t touch) { return ids[static_cast<size_t>(touch)]; }, weight,
        row.conversions, row.nulls, &table);
  }
  table.ExtractTo(&counts.transitions);
  return counts;
}

Result<ShapleyCounts> CountShapleyPaths(const AggregatedPaths& paths) {
  ShapleyCounts counts;
  ChannelIds local(&counts.channels);  // first-seen order over converting rows
  std::vector<int32_t> set;
  for (const AggregatedPath& row : paths.paths) {
    MROI_RETURN_IF_ERROR(CheckRow(row));
    if (row.conversions == 0) continue;  // only converting journeys count
    const Credit value{static_cast<double>(row.conversions), row.conversion_value,
                       row.conversion_value};
    if (row.channels.empty()) {
      AddCredit(&counts.empty, value);
      continue;
    }
    set.clear();
    for (const std::string& channel : row.channels) {
      if (channel.empty()) return EmptyChannel(row);
      set.push_back(local.Get(channel));
    }
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    AddCredit(&counts.by_set[set], value);
  }
  return counts;
}

}  // namespace mroi
