// AnalyzePaths: top paths, length and time-to-conversion distributions, channel roles.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "mroi/attribution.h"

#include "attribution/dense_ids_internal.h"

namespace mroi {

namespace {

constexpr double kSecondsPerDay = 86400.0;

struct PathTally {
  int64_t journey = 0;  // one journey with this path
  int32_t length = 0;
  int64_t journeys = 0;
  int64_t conversions = 0;
  double revenue = 0;
  double gross_profit = 0;
};

// The time buckets: whole days, inclusive ranges, -1 = open.
std::vector<TimeBucket> MakeTimeBuckets() {
  const struct {
    const char* label;
    int32_t min_days;
    int32_t max_days;
  } kBuckets[] = {{"0", 0, 0},     {"1", 1, 1},       {"2-3", 2, 3},  {"4-7", 4, 7},
                  {"8-14", 8, 14}, {"15-30", 15, 30}, {"30+", 31, -1}};
  std::vector<TimeBucket> buckets;
  for (const auto& bucket : kBuckets) {
    TimeBucket out;
    out.label = bucket.label;
    out.min_days = bucket.min_days;
    out.max_days = bucket.max_days;
    buckets.push_back(out);
  }
  return buckets;
}

size_t BucketOf(const std::vector<TimeBucket>& buckets, int64_t days) {
  for (size_t index = 0; index < buckets.size(); ++index) {
    if (buckets[index].max_days < 0 || days <= buckets[index].max_days) return index;
  }
  return buckets.size() - 1;
}

// Counts journeys by path without building a string per journey: an open-addressing
// table of (path hash, tally) where a tally remembers one journey with that path,
// and equal hashes are confirmed by comparing the channel ids.
class PathTable {
 public:
  explicit PathTable(const Journeys& journeys) : journeys_(journeys) { Rehash(1024); }

  PathTally& Find(int64_t journey) {
    const StringId* channels = Channels(journey);
    const int64_t length = journeys_.length(journey);
    const uint64_t hash = Hash(channels, length);
    size_t slot = static_cast<size_t>(hash) & mask_;
    while (slots_[slot].tally >= 0) {
      if (slots_[slot].hash == hash) {
        PathTally& tally = tallies_[static_cast<size_t>(slots_[slot].tally)];
        if (tally.length == length &&
            std::equal(channels, channels + length, Channels(tally.journey))) {
          return tally;
        }
      }
      slot = (slot + 1) & mask_;
    }
    slots_[slot] = Slot{hash, static_cast<int64_t>(tallies_.size())};
    PathTally tally;
    tally.length = static_cast<int32_t>(length);
    tally.journey = journey;
    tallies_.push_back(tally);
    if (tallies_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
    return tallies_.back();
  }

  const std::vector<PathTally>& tallies() const { return tallies_; }
  const StringId* Channels(int64_t journey) const {
    return journeys_.touch_channel.data() + journeys_.offsets[journey];
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    int64_t tally = -1;
  };
  static uint64_t Hash(const StringId* channels, int64_t length) {
    uint64_t hash = 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(length);
    for (int64_t touch = 0; touch < length; ++touch) {
      hash = (hash ^ static_cast<uint32_t>(channels[touch])) * 0xBF58476D1CE4E5B9ULL;
      hash ^= hash >> 31;
    }
    return hash;
  }
  void Rehash(size_t count) {
    slots_.assign(count, Slot{});
    mask_ = count - 1;
    for (size_t index = 0; index < tallies_.size(); ++index) {
      const PathTally& tally = tallies_[index];
      const uint64_t hash = Hash(Channels(tally.journey), tally.length);
      size_t slot = static_cast<size_t>(hash) & mask_;
      while (slots_[slot].tally >= 0) slot = (slot + 1) & mask_;
      slots_[slot] = Slot{hash, static_cast<int64_t>(index)};
    }
  }

  const Journeys& journeys_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<PathTally> tallies_;
};

std::string PathText(const Dataset& dataset, const StringId* channels, int64_t length,
                     const std::string& none_label) {
  if (length == 0) return none_label;
  std::string text;
  for (int64_t touch = 0; touch < length; ++touch) {
    if (touch > 0) text += " > ";
    text += dataset.str(channels[touch]);
  }
  return text;
}

// Roles of one converting journey's channels; `stamp` marks channels already counted
// as assister in this journey.
class RoleCounter {
 public:
  void Count(const StringId* channels, int64_t length, int64_t journey) {
    if (length == 1) {
      ++Roles(channels[0]).solo;
      return;
    }
    ++Roles(channels[0]).introducer;
    ++Roles(channels[length - 1]).closer;
    for (int64_t touch = 1; touch + 1 < length; ++touch) {
      const int32_t id = Id(channels[touch]);
      if (stamps_[static_cast<size_t>(id)] == journey) continue;
      stamps_[static_cast<size_t>(id)] = journey;
      ++roles_[static_cast<size_t>(id)].assister;
    }
  }

  std::vector<ChannelRoles> Take(const Dataset& dataset) {
    for (size_t id = 0; id < roles_.size(); ++id) {
      roles_[id].channel =
          std::string(dataset.str(static_cast<StringId>(ids_.keys()[id])));
    }
    std::sort(roles_.begin(), roles_.end(),
              [](const ChannelRoles& a, const ChannelRoles& b) {
                return a.channel < b.channel;
              });
    return std::move(roles_);
  }

 private:
  int32_t Id(StringId channel) {
    const int32_t id = ids_.Insert(static_cast<uint64_t>(static_cast<uint32_t>(channel)));
    if (static_cast<size_t>(id) >= roles_.size()) {
      roles_.emplace_back();
      stamps_.push_back(-1);
    }
    return id;
  }
  ChannelRoles& Roles(StringId channel) {
    return roles_[static_cast<size_t>(Id(channel))];
  }

  internal::DenseIdMap ids_;
  std::vector<ChannelRoles> roles_;
  std::vector<int64_t> stamps_;
};

// The top_n paths by count (conversions or non-converting journeys), ties broken by
// revenue (converting) and then by first appearance; text is built for those only.
std::vector<PathStat> TopPaths(const Dataset& dataset, const PathTable& table,
                               const PathOptions& options, bool converting) {
  const std::vector<PathTally>& tallies = table.tallies();
  auto count = [converting](const PathTally& tally) {
    return converting ? tally.conversions : tally.journeys - tally.conversions;
  };
  std::vector<size_t> order;
  for (size_t index = 0; index < tallies.size(); ++index) {
    if (count(tallies[index]) > 0) order.push_back(index);
  }
  auto better = [&](size_t a, size_t b) {
    const PathTally& left = tallies[a];
    const PathTally& right = tallies[b];
    if (count(left) != count(right)) return count(left) > count(right);
    if (converting && left.revenue != right.revenue) return left.revenue > right.revenue;
    return left.journey < right.journey;
  };
  const size_t keep = std::min(order.size(), static_cast<size_t>(options.top_n));
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep),
                    order.end(), better);
  std::vector<PathStat> stats;
  for (size_t rank = 0; rank < keep; ++rank) {
    const PathTally& tally = tallies[order[rank]];
    PathStat stat;
    stat.path = PathText(dataset, table.Channels(tally.journey), tally.length,
                         options.none_label);
    stat.length = tally.length;
    stat.journeys = tally.journeys;
    stat.conversions = tally.conversions;
    stat.revenue = tally.revenue;
    stat.gross_profit = tally.gross_profit;
    stats.push_back(std::move(stat));
  }
  return stats;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  const size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle),
                   values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(
      values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
  return (lower + upper) / 2;
}

}  // namespace

Result<PathAnalysis> AnalyzePaths(const Dataset& dataset, const Journeys& journeys,
                                  const PathOptions& options) {
  if (options.top_n < 0 || options.max_length_bucket < 1) {
    return InvalidArgument(fmt::format(
        "path analysis needs top_n >= 0 and max_length_bucket >= 1 (got {} and {})",
        options.top_n, options.max_length_bucket));
  }
  if (journeys.offsets.size() != journeys.person.size() + 1 ||
      journeys.offsets.back() != static_cast<int64_t>(journeys.touch_channel.size()) ||
      journeys.end.size() != journeys.person.size() ||
      journeys.end_time.size() != journeys.person.size() ||
      journeys.touch_time.size() != journeys.touch_channel.size()) {
    return InvalidArgument("journeys are inconsistent: their columns disagree in size");
  }
  PathAnalysis analysis;
  const auto buckets = static_cast<size_t>(options.max_length_bucket) + 1;
  analysis.converting_length_histogram.assign(buckets, 0);
  analysis.non_converting_length_histogram.assign(buckets, 0);
  analysis.time_to_conversion = MakeTimeBuckets();
  PathTable paths(journeys);
  RoleCounter roles;
  std::vector<double> days_to_conversion;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    const int64_t begin = journeys.offsets[journey];
    const int64_t length = journeys.length(journey);
    const StringId* channels = journeys.touch_channel.data() + begin;
    const bool converting = journeys.converting(journey);
    const size_t bucket =
        static_cast<size_t>(std::min<int64_t>(length, options.max_length_bucket));
    ++analysis.journeys;
    PathTally& tally = paths.Find(journey);
    ++tally.journeys;
    if (!converting) {
      ++analysis.non_converting_length_histogram[bucket];
      continue;
    }
    ++analysis.converting;
    ++analysis.converting_length_histogram[bucket];
    const double revenue =
        std::isfinite(journeys.revenue[journey]) ? journeys.revenue[journey] : 0;
    ++tally.conversions;
    tally.revenue += revenue;
    if (std::isfinite(journeys.gross_profit[journey])) {
      tally.gross_profit += journeys.gross_profit[journey];
    }
    if (length == 0) continue;
    roles.Count(channels, length, journey);
    const double days =
        static_cast<double>(journeys.end_time[journey] - journeys.touch_time[begin]) /
        kSecondsPerDay;
    days_to_conversion.push_back(days);
    TimeBucket& time_bucket = analysis.time_to_conversion[BucketOf(
        analysis.time_to_conversion, static_cast<int64_t>(std::floor(days)))];
    ++time_bucket.conversions;
    time_bucket.revenue += revenue;
  }
  analysis.top_converting = TopPaths(dataset, paths, options, true);
  analysis.top_non_converting = TopPaths(dataset, paths, options, false);
  analysis.median_days_to_conversion = Median(std::move(days_to_conversion));
  analysis.roles = roles.Take(dataset);
  return analysis;
}

}  // namespace mroi
