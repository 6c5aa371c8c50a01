// gen_paths N OUT [SEED]: writes N customer journeys over 12 channels as an aggregated
// paths CSV in the ChannelAttribution format (`path,total_conversions,
// total_conversion_value,total_null`, channels joined by " > "), seeded and
// deterministic: the same N and SEED give the same bytes on every machine.
//
// The journeys are meant to look like a real multi-channel funnel:
//  - length 1..kMaxLength, geometric-ish (about 30 % of journeys have one touch, mean ~3);
//  - the first touch follows channel-dependent start weights (search, social and
//    display open journeys; direct and email rarely do);
//  - each next touch follows a channel-dependent transition row (display and social
//    lead to search, email leads to direct, ...); a channel never follows itself, so
//    collapsing repeats or not gives the same paths in every tool;
//  - a journey converts with probability 1 - (1 - kBaseConversion) * prod(1 - lift_c)
//    over the distinct channels c it holds, so some channels (email, paid search,
//    referral, affiliates) clearly help and some (display, video) barely do;
//  - a conversion is worth a log-normal amount (median ~60, cents), a little more when
//    the journey was long.
// Identical paths are aggregated with a hash map and written in order of first
// appearance. Prints `journeys distinct_paths conversions` on stderr.
// Cost: O(N * mean length) time, memory O(distinct paths).
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

// splitmix64: small, fast and the same everywhere.
struct Random {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
};

constexpr int kNumChannels = 12;
constexpr int kMaxLength = 16;
constexpr double kContinue = 0.70;         // chance a journey gets one more touch
constexpr double kBaseConversion = 0.004;  // conversion chance with no channel's help

// What a channel is and how it behaves.
struct Channel {
  const char* name;
  double start_weight;  // relative chance to open a journey
  double popularity;    // relative chance to be the next touch (before affinities)
  double lift;          // extra conversion chance it brings to a journey
};

constexpr Channel kChannels[kNumChannels] = {
    {"Paid Search", 18, 14, 0.055},  //
    {"Paid Social", 20, 10, 0.020},  //
    {"Display", 14, 6, 0.006},       //
    {"Email", 3, 9, 0.070},          //
    {"Organic Search", 14, 12, 0.035},
    {"Direct", 4, 16, 0.040},  //
    {"Referral", 6, 4, 0.045},      //
    {"Affiliates", 5, 3, 0.050},    //
    {"Video", 9, 4, 0.008},         //
    {"Push", 2, 5, 0.015},          //
    {"SMS", 1, 3, 0.030},           //
    {"Partners", 4, 2, 0.025},      //
};

enum ChannelIdx : int {
  kPaidSearch,
  kPaidSocial,
  kDisplay,
  kEmail,
  kOrganicSearch,
  kDirect,
  kReferral,
  kAffiliates,
  kVideo,
  kPush,
  kSms,
  kPartners,
};

// A channel pair that follows each other more often than popularity alone says.
struct Affinity {
  int from;
  int to;
  double factor;
};

constexpr Affinity kAffinities[] = {
    {kDisplay, kPaidSearch, 3.0},      {kDisplay, kOrganicSearch, 2.0},
    {kPaidSocial, kPaidSearch, 2.0},   {kPaidSocial, kDirect, 1.5},
    {kVideo, kOrganicSearch, 2.5},     {kVideo, kPaidSocial, 2.0},
    {kEmail, kDirect, 3.0},            {kPush, kDirect, 2.5},
    {kSms, kDirect, 2.0},              {kOrganicSearch, kDirect, 2.0},
    {kPaidSearch, kEmail, 1.8},        {kReferral, kAffiliates, 2.0},
    {kAffiliates, kDirect, 1.5},       {kPartners, kReferral, 3.0},
    {kDirect, kEmail, 2.0},            {kDirect, kPush, 1.5},
};

// Cumulative distributions (start and one row per channel) for inverse sampling.
struct Distributions {
  double start[kNumChannels];
  double next[kNumChannels][kNumChannels];
};

// Fill cumulative[] from weights[] and normalise it to end at 1.
void Accumulate(const double* weights, double* cumulative) {
  double total = 0;
  for (int channel_idx = 0; channel_idx < kNumChannels; ++channel_idx) {
    total += weights[channel_idx];
    cumulative[channel_idx] = total;
  }
  for (int channel_idx = 0; channel_idx < kNumChannels; ++channel_idx) {
    cumulative[channel_idx] /= total;
  }
}

Distributions BuildDistributions() {
  Distributions distributions;
  double weights[kNumChannels];
  for (int channel_idx = 0; channel_idx < kNumChannels; ++channel_idx) {
    weights[channel_idx] = kChannels[channel_idx].start_weight;
  }
  Accumulate(weights, distributions.start);
  for (int from_idx = 0; from_idx < kNumChannels; ++from_idx) {
    for (int to_idx = 0; to_idx < kNumChannels; ++to_idx) {
      weights[to_idx] = to_idx == from_idx ? 0.0 : kChannels[to_idx].popularity;
    }
    for (const Affinity& affinity : kAffinities) {
      if (affinity.from == from_idx) weights[affinity.to] *= affinity.factor;
    }
    Accumulate(weights, distributions.next[from_idx]);
  }
  return distributions;
}

// Index of the first cumulative entry above u.
int Pick(const double* cumulative, double u) {
  for (int channel_idx = 0; channel_idx < kNumChannels - 1; ++channel_idx) {
    if (u < cumulative[channel_idx]) return channel_idx;
  }
  return kNumChannels - 1;
}

// One standard normal draw (Box-Muller, one of the pair).
double Normal(Random& random) {
  const double u1 = 1.0 - random.Uniform();  // (0, 1]
  const double u2 = random.Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// What one distinct path adds up to.
struct PathTotals {
  int64_t conversions = 0;
  int64_t value_cents = 0;  // summed in cents, so the total does not depend on order
  int64_t nulls = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: gen_paths N OUT.csv [SEED]\n");
    return 2;
  }
  char* end = nullptr;
  const int64_t journeys = std::strtoll(argv[1], &end, 10);
  if (*end != '\0' || journeys < 1) {
    std::fprintf(stderr, "gen_paths: N must be a positive integer, got '%s'\n", argv[1]);
    return 2;
  }
  const uint64_t seed = argc == 4 ? std::strtoull(argv[3], nullptr, 10) : 20261123;
  std::FILE* out = std::fopen(argv[2], "w");
  if (out == nullptr) {
    std::fprintf(stderr, "gen_paths: cannot write %s\n", argv[2]);
    return 1;
  }

  const Distributions distributions = BuildDistributions();
  Random random{seed};
  // Key: one byte per touch, 'a' + channel index; order of first appearance in `keys`.
  std::unordered_map<std::string, size_t> slot_by_key;
  std::vector<std::string> keys;
  std::vector<PathTotals> totals;
  std::string key;
  int64_t conversions = 0;
  for (int64_t journey_idx = 0; journey_idx < journeys; ++journey_idx) {
    key.clear();
    bool present[kNumChannels] = {};
    int channel_idx = Pick(distributions.start, random.Uniform());
    for (;;) {
      key.push_back(static_cast<char>('a' + channel_idx));
      present[channel_idx] = true;
      if (static_cast<int>(key.size()) == kMaxLength || random.Uniform() >= kContinue) break;
      channel_idx = Pick(distributions.next[channel_idx], random.Uniform());
    }
    double no_conversion = 1.0 - kBaseConversion;
    for (int present_idx = 0; present_idx < kNumChannels; ++present_idx) {
      if (present[present_idx]) no_conversion *= 1.0 - kChannels[present_idx].lift;
    }
    const bool converted = random.Uniform() >= no_conversion;
    auto [found, inserted] = slot_by_key.try_emplace(key, keys.size());
    if (inserted) {
      keys.push_back(key);
      totals.emplace_back();
    }
    PathTotals& path_totals = totals[found->second];
    if (converted) {
      const double value = 60.0 * std::exp(0.6 * Normal(random)) *
                           (1.0 + 0.05 * static_cast<double>(key.size() - 1));
      path_totals.conversions += 1;
      path_totals.value_cents += std::llround(value * 100.0);
      ++conversions;
    } else {
      path_totals.nulls += 1;
    }
  }

  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof(buffer));
  std::fputs("path,total_conversions,total_conversion_value,total_null\n", out);
  for (size_t slot = 0; slot < keys.size(); ++slot) {
    const std::string& path_key = keys[slot];
    for (size_t touch_idx = 0; touch_idx < path_key.size(); ++touch_idx) {
      if (touch_idx > 0) std::fputs(" > ", out);
      std::fputs(kChannels[path_key[touch_idx] - 'a'].name, out);
    }
    const PathTotals& path_totals = totals[slot];
    std::fprintf(out, ",%" PRId64 ",%" PRId64 ".%02" PRId64 ",%" PRId64 "\n",
                 path_totals.conversions, path_totals.value_cents / 100,
                 path_totals.value_cents % 100, path_totals.nulls);
  }
  if (std::fclose(out) != 0) {
    std::fprintf(stderr, "gen_paths: error writing %s\n", argv[2]);
    return 1;
  }
  std::fprintf(stderr, "%" PRId64 " %zu %" PRId64 "\n", journeys, keys.size(), conversions);
  return 0;
}
