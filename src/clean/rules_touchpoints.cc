// The touchpoint rules: bot_user_agent, bot_rate, invalid_click and the
// click_without_session flag. The rules that look at an id share one grouping of the
// rows by id (a two-pass radix sort, O(n + num_keys)), built once after bot_user_agent;
// the per-IP grouping of bot_rate is built on a second thread at the same time, and the
// invalid_click/flag pass splits the id groups over two threads. Buffers are allocated
// without zeroing (every slot is written before it is read).
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "clean/clean_internal.h"

namespace mroi::internal {

namespace {

// One touchpoint as the id rules see it, copied out of the 100+ byte record so that
// the passes over a group read contiguous memory. Trivial, so that arrays of it can be
// allocated without initialisation.
struct IdEntry {
  UnixSeconds time;
  uint32_t row;
  StringId key;   // the id
  StringId aux;   // normalised campaign of a click (invalid_click), else 0
  uint8_t kind;   // kBurstSession | kClickEvent | kSessionEvent
};

// One touchpoint as the per-IP rule sees it.
struct IpEntry {
  UnixSeconds time;
  uint32_t row;
  StringId key;  // the IP
};

constexpr uint8_t kBurstSession = 1;  // zero-duration single-page session
constexpr uint8_t kClickEvent = 2;
constexpr uint8_t kSessionEvent = 4;

// Entries grouped by key, sorted by (time, row) inside each group.
template <typename E>
struct Grouped {
  std::unique_ptr<E[]> entries;
  size_t size = 0;
};

// Return the entries of the rows with key(row) >= 0, grouped by key and sorted by
// (time, row) inside each group. fill(row, entry) sets the fields other than row and key.
//
// A two-pass radix sort on the key, so that no pass writes at random over the whole
// output: pass one scatters the entries, in row order, into ~2k buckets of adjacent keys
// (a few thousand sequential write streams); pass two counting-sorts each bucket,
// which fits in cache, by the key's low bits. Both passes are stable, so the rows of a
// key stay in row order.
template <typename E, typename KeyFn, typename FillFn>
Grouped<E> GroupRows(size_t n, int32_t num_keys, KeyFn key, FillFn fill) {
  constexpr size_t kMaxBuckets = 2048;
  int shift = 0;
  while ((static_cast<size_t>(num_keys) >> shift) >= kMaxBuckets) ++shift;
  const size_t num_buckets = (static_cast<size_t>(num_keys) >> shift) + 1;
  const size_t keys_per_bucket = size_t{1} << shift;

  auto keys = std::make_unique_for_overwrite<StringId[]>(n);
  std::vector<size_t> starts(num_buckets + 1, 0);
  for (size_t row = 0; row < n; ++row) {
    const StringId k = key(row);
    keys[row] = k;
    if (k >= 0) ++starts[(static_cast<size_t>(k) >> shift) + 1];
  }
  for (size_t b = 1; b <= num_buckets; ++b) starts[b] += starts[b - 1];
  Grouped<E> grouped;
  grouped.size = starts.back();
  grouped.entries = std::make_unique_for_overwrite<E[]>(grouped.size);
  E* entries = grouped.entries.get();
  {
    std::vector<size_t> next(starts.begin(), starts.end() - 1);
    for (size_t row = 0; row < n; ++row) {
      const StringId k = keys[row];
      if (k < 0) continue;
      E& entry = entries[next[static_cast<size_t>(k) >> shift]++];
      entry.row = static_cast<uint32_t>(row);
      entry.key = k;
      fill(row, &entry);
    }
  }
  keys.reset();

  std::vector<uint32_t> local(keys_per_bucket + 1);
  std::vector<E> scratch;
  for (size_t b = 0; b < num_buckets; ++b) {
    const size_t begin = starts[b];
    const size_t size = starts[b + 1] - begin;
    if (size < 2 || shift == 0) continue;  // with shift 0 a bucket holds one key
    const auto base = static_cast<StringId>(b << shift);
    std::fill(local.begin(), local.end(), 0);
    for (size_t i = begin; i < begin + size; ++i) {
      ++local[static_cast<size_t>(entries[i].key - base) + 1];
    }
    for (size_t i = 1; i < local.size(); ++i) local[i] += local[i - 1];
    scratch.assign(entries + begin, entries + begin + size);
    for (const E& entry : scratch) {
      entries[begin + local[static_cast<size_t>(entry.key - base)]++] = entry;
    }
  }

  auto by_time = [](const E& a, const E& b) {
    return a.time != b.time ? a.time < b.time : a.row < b.row;
  };
  for (size_t start = 0; start < grouped.size;) {
    size_t stop = start + 1;
    while (stop < grouped.size && entries[stop].key == entries[start].key) ++stop;
    if (stop - start > 1 && !std::is_sorted(entries + start, entries + stop, by_time)) {
      std::sort(entries + start, entries + stop, by_time);
    }
    start = stop;
  }
  return grouped;
}

// Call fn(begin, end) for every group of equal keys.
template <typename E, typename Fn>
void ForEachGroup(const Grouped<E>& grouped, Fn fn) {
  E* entries = grouped.entries.get();
  size_t start = 0;
  while (start < grouped.size) {
    size_t stop = start + 1;
    while (stop < grouped.size && entries[stop].key == entries[start].key) ++stop;
    fn(entries + start, entries + stop);
    start = stop;
  }
}

// Return the largest number of entries of a time-sorted range, restricted to those
// with (kind & mask) == mask, that lie inside one window (t_last - t_first < window_s).
template <typename E, typename KindFn>
int64_t MaxInWindow(const E* begin, const E* end, int64_t window_s, KindFn counts) {
  int64_t best = 0;
  int64_t count = 0;
  const E* first = begin;
  for (const E* last = begin; last != end; ++last) {
    if (!counts(*last)) continue;
    ++count;
    for (; first < last && last->time - first->time >= window_s; ++first) {
      if (counts(*first)) --count;
    }
    best = std::max(best, count);
  }
  return best;
}

constexpr auto kEvery = [](const auto&) { return true; };

// A bot found by bot_rate: the entries of its group and why.
template <typename E>
struct BotGroup {
  const E* begin;
  const E* end;
  int64_t events;  // per-minute events, or bursts
  bool bursts;     // found by the burst-session test
};

// The per-IP half of bot_rate; touches no dictionary, so it may run beside interning.
std::vector<BotGroup<IpEntry>> FindBotIps(const CleanOptions& options,
                                          const Grouped<IpEntry>& by_ip) {
  std::vector<BotGroup<IpEntry>> bots;
  ForEachGroup(by_ip, [&](const IpEntry* begin, const IpEntry* end) {
    if (end - begin <= options.bot_max_events_per_minute_ip) return;
    const int64_t per_minute = MaxInWindow(begin, end, 60, kEvery);
    if (per_minute > options.bot_max_events_per_minute_ip) {
      bots.push_back({begin, end, per_minute, false});
    }
  });
  return bots;
}

// invalid_click on one id's group: marks repeat clicks in removed and records messages.
void InvalidClicksOfGroup(const CleanOptions& options, const Dataset& data,
                          const IdEntry* begin, const IdEntry* end,
                          std::vector<uint8_t>* removed, std::vector<IdEntry>* scratch,
                          std::vector<std::pair<uint32_t, std::string>>* found) {
  scratch->clear();
  for (const IdEntry* it = begin; it != end; ++it) {
    if ((it->kind & kClickEvent) && !(*removed)[it->row]) scratch->push_back(*it);
  }
  if (scratch->size() < 2) return;
  // Already in (time, row) order: a stable sort by campaign keeps it inside each one.
  std::stable_sort(scratch->begin(), scratch->end(),
                   [](const IdEntry& a, const IdEntry& b) { return a.aux < b.aux; });
  StringId current = -1;
  UnixSeconds last_kept = 0;
  for (const IdEntry& click : *scratch) {
    if (click.aux != current) {
      current = click.aux;
      last_kept = click.time;
      continue;
    }
    const int64_t gap = click.time - last_kept;
    if (gap < options.invalid_click_window_s) {
      (*removed)[click.row] = 1;
      found->emplace_back(click.row,
                          fmt::format("repeat click on campaign '{}' {} s after the previous "
                                      "(window {} s)",
                                      data.str(current), gap, options.invalid_click_window_s));
    } else {
      last_kept = click.time;
    }
  }
}

// click_without_session on one id's group of kept rows: sets flagged[row] of clicks
// with no session of the id within the window at or after them.
void FlagGroup(const CleanOptions& options, const IdEntry* begin, const IdEntry* end,
               const std::vector<uint8_t>& removed, std::vector<IdEntry>* scratch,
               std::vector<uint8_t>* flagged) {
  scratch->clear();
  bool any_click = false;
  for (const IdEntry* it = begin; it != end; ++it) {
    if ((it->kind & (kClickEvent | kSessionEvent)) && !removed[it->row]) {
      scratch->push_back(*it);
      any_click |= (it->kind & kClickEvent) != 0;
    }
  }
  if (!any_click) return;
  // Walk backwards, remembering the earliest session at or after each click; sessions
  // with the same second as a click count, so each run of equal times is done whole.
  UnixSeconds next_session = std::numeric_limits<UnixSeconds>::max();
  const IdEntry* first = scratch->data();
  const IdEntry* run_end = first + scratch->size();
  while (run_end != first) {
    const IdEntry* run_begin = run_end - 1;
    while (run_begin != first && (run_begin - 1)->time == run_end[-1].time) --run_begin;
    for (const IdEntry* it = run_begin; it != run_end; ++it) {
      if (it->kind & kSessionEvent) next_session = it->time;
    }
    for (const IdEntry* it = run_begin; it != run_end; ++it) {
      if ((it->kind & kClickEvent) &&
          (next_session == std::numeric_limits<UnixSeconds>::max() ||
           next_session - it->time > options.click_session_window_s)) {
        (*flagged)[it->row] = 1;
      }
    }
    run_end = run_begin;
  }
}

bool Enabled(const CleanOptions& options, Rule rule) {
  return options.enabled[static_cast<int>(rule)];
}

}  // namespace

void RemoveBotUserAgents(const BotMatcher& bots, Dataset* data, Removals* removals) {
  std::vector<Touchpoint>& rows = data->touchpoints;
  // Match once per distinct user agent: -1 unknown, 0 no bot, 1 bot.
  std::vector<int8_t> verdict(static_cast<size_t>(data->strings.size()), -1);
  for (size_t row = 0; row < rows.size(); ++row) {
    if (removals->touchpoints[row]) continue;
    StringId agent = rows[row].user_agent;
    if (agent == kEmptyString) continue;
    int8_t& known = verdict[static_cast<size_t>(agent)];
    if (known < 0) known = bots.Matches(data->str(agent)) ? 1 : 0;
    if (known == 0) continue;
    removals->touchpoints[row] = 1;
    AddIssue(data, rows[row].origin, Rule::kBotUserAgent,
             fmt::format("user agent matches crawler pattern '{}'",
                         bots.FirstMatch(data->str(agent))));
  }
}

void RunIdRules(const CleanOptions& options, IdMapper* campaigns, Dataset* data,
                Removals* removals, std::vector<uint8_t>* flagged) {
  const bool bot_rate = Enabled(options, Rule::kBotRate);
  const bool invalid_click = Enabled(options, Rule::kInvalidClick);
  const bool flag = Enabled(options, Rule::kClickWithoutSession);
  flagged->clear();
  if (!bot_rate && !invalid_click && !flag) return;
  const std::vector<Touchpoint>& rows = data->touchpoints;
  std::vector<uint8_t>& removed = removals->touchpoints;
  const int32_t num_strings = data->strings.size();

  // The per-IP grouping and search run on a second thread while this one groups by id
  // (which interns normalised campaigns, so the other thread must not read strings).
  Grouped<IpEntry> by_ip;
  std::vector<BotGroup<IpEntry>> bot_ips;
  std::thread ip_thread;
  // Scale-out: the IP verdicts come from all partitions, one lookup per distinct IP.
  std::vector<std::pair<StringId, int64_t>> precomputed_ips;  // (ip, events), first-seen
  std::vector<std::vector<uint32_t>> precomputed_rows;        // rows of each such IP
  if (bot_rate && options.precomputed_bot_ips) {
    std::vector<int32_t> verdict(static_cast<size_t>(num_strings), -1);  // index or -2
    for (size_t row = 0; row < rows.size(); ++row) {
      const StringId ip = rows[row].ip;
      if (removed[row] || ip == kEmptyString) continue;
      int32_t& known = verdict[static_cast<size_t>(ip)];
      if (known == -1) {
        const int64_t events = options.precomputed_bot_ips(data->str(ip));
        known = -2;
        if (events > 0) {
          known = static_cast<int32_t>(precomputed_ips.size());
          precomputed_ips.emplace_back(ip, events);
          precomputed_rows.emplace_back();
        }
      }
      if (known >= 0) {
        precomputed_rows[static_cast<size_t>(known)].push_back(static_cast<uint32_t>(row));
      }
    }
  } else if (bot_rate) {
    ip_thread = std::thread([&] {
      by_ip = GroupRows<IpEntry>(
          rows.size(), num_strings,
          [&](size_t row) -> StringId {
            if (removed[row] || rows[row].ip == kEmptyString) return -1;
            return rows[row].ip;
          },
          [&](size_t row, IpEntry* entry) { entry->time = rows[row].timestamp; });
      bot_ips = FindBotIps(options, by_ip);
    });
  }

  Grouped<IdEntry> by_id = GroupRows<IdEntry>(
      rows.size(), num_strings,
      [&](size_t row) -> StringId {
        if (removed[row]) return -1;
        const StringId key = TouchpointKey(rows[row]);
        return key == kEmptyString ? -1 : key;
      },
      [&](size_t row, IdEntry* entry) {
        const Touchpoint& tp = rows[row];
        entry->time = tp.timestamp;
        entry->aux = kEmptyString;
        if (tp.event_type == EventType::kClick) {
          entry->kind = kClickEvent;
          if (invalid_click) entry->aux = campaigns->Map(tp.utm_campaign);
        } else if (tp.event_type == EventType::kSession) {
          entry->kind = tp.page_views == 1 && tp.duration_s == 0
                            ? static_cast<uint8_t>(kSessionEvent | kBurstSession)
                            : kSessionEvent;
        } else {
          entry->kind = 0;
        }
      });

  if (bot_rate) {
    // Per id: events per minute and zero-duration single-page bursts.
    std::vector<BotGroup<IdEntry>> bot_ids;
    ForEachGroup(by_id, [&](const IdEntry* begin, const IdEntry* end) {
      if (end - begin <= options.bot_max_events_per_minute &&
          end - begin < options.bot_burst_sessions) {
        return;  // too few rows to break either limit
      }
      const int64_t per_minute = MaxInWindow(begin, end, 60, kEvery);
      if (per_minute > options.bot_max_events_per_minute) {
        bot_ids.push_back({begin, end, per_minute, false});
        return;
      }
      if (options.bot_burst_sessions <= 0) return;
      const int64_t bursts = MaxInWindow(begin, end, options.bot_burst_window_s,
                                         [](const IdEntry& e) { return e.kind & kBurstSession; });
      if (bursts >= options.bot_burst_sessions) bot_ids.push_back({begin, end, bursts, true});
    });
    if (ip_thread.joinable()) ip_thread.join();

    // Each bot row gets the reason of its first finding: ids before IPs.
    std::vector<std::string> reasons;
    std::vector<std::pair<uint32_t, uint32_t>> marked;  // (row, reason)
    for (const auto& bot : bot_ids) {
      const std::string_view id = data->str(bot.begin->key);
      if (bot.bursts) {
        reasons.push_back(fmt::format(
            "id '{}' made {} zero-duration single-page sessions in {} s (bot at {})", id,
            bot.events, options.bot_burst_window_s, options.bot_burst_sessions));
      } else {
        reasons.push_back(fmt::format("id '{}' made {} events in 60 s (limit {})", id,
                                      bot.events, options.bot_max_events_per_minute));
      }
      for (const IdEntry* it = bot.begin; it != bot.end; ++it) {
        marked.emplace_back(it->row, static_cast<uint32_t>(reasons.size() - 1));
      }
    }
    for (const auto& bot : bot_ips) {
      reasons.push_back(fmt::format("ip '{}' made {} events in 60 s (limit {})",
                                    data->str(bot.begin->key), bot.events,
                                    options.bot_max_events_per_minute_ip));
      for (const IpEntry* it = bot.begin; it != bot.end; ++it) {
        marked.emplace_back(it->row, static_cast<uint32_t>(reasons.size() - 1));
      }
    }
    for (size_t idx = 0; idx < precomputed_ips.size(); ++idx) {
      reasons.push_back(fmt::format("ip '{}' made {} events in 60 s (limit {})",
                                    data->str(precomputed_ips[idx].first),
                                    precomputed_ips[idx].second,
                                    options.bot_max_events_per_minute_ip));
      for (uint32_t row : precomputed_rows[idx]) {
        marked.emplace_back(row, static_cast<uint32_t>(reasons.size() - 1));
      }
    }
    by_ip = Grouped<IpEntry>();
    std::sort(marked.begin(), marked.end());
    for (size_t i = 0; i < marked.size(); ++i) {
      const uint32_t row = marked[i].first;
      if (i > 0 && marked[i - 1].first == row) continue;  // an earlier reason won
      removed[row] = 1;
      AddIssue(data, rows[row].origin, Rule::kBotRate, reasons[marked[i].second]);
    }
  }

  // invalid_click, then the flag on what is left, one id group at a time. Groups touch
  // disjoint rows and only read the dictionary, so two threads take half the groups each.
  if (flag) flagged->assign(rows.size(), 0);
  auto check_groups = [&](size_t from, size_t to,
                          std::vector<std::pair<uint32_t, std::string>>* found) {
    std::vector<IdEntry> scratch;
    const IdEntry* entries = by_id.entries.get();
    size_t start = from;
    while (start < to) {
      size_t stop = start + 1;
      while (stop < to && entries[stop].key == entries[start].key) ++stop;
      const IdEntry* begin = entries + start;
      const IdEntry* end = entries + stop;
      if (invalid_click && end - begin >= 2) {
        InvalidClicksOfGroup(options, *data, begin, end, &removed, &scratch, found);
      }
      if (flag) FlagGroup(options, begin, end, removed, &scratch, flagged);
      start = stop;
    }
  };
  std::vector<std::pair<uint32_t, std::string>> invalid;
  std::vector<std::pair<uint32_t, std::string>> invalid_second;
  constexpr size_t kMinEntriesPerThread = 1 << 16;
  size_t middle = by_id.size < 2 * kMinEntriesPerThread ? by_id.size : by_id.size / 2;
  while (middle > 0 && middle < by_id.size &&
         by_id.entries[middle].key == by_id.entries[middle - 1].key) {
    ++middle;
  }
  std::thread second_half;
  if (middle < by_id.size) {
    second_half = std::thread(check_groups, middle, by_id.size, &invalid_second);
  }
  check_groups(0, middle, &invalid);
  if (second_half.joinable()) second_half.join();
  invalid.insert(invalid.end(), std::make_move_iterator(invalid_second.begin()),
                 std::make_move_iterator(invalid_second.end()));
  by_id = Grouped<IdEntry>();
  std::sort(invalid.begin(), invalid.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [row, message] : invalid) {
    AddIssue(data, rows[row].origin, Rule::kInvalidClick, std::move(message));
  }
}

void FlagClicksWithoutSession(const std::vector<uint32_t>& flagged_rows, Dataset* data) {
  const std::vector<Touchpoint>& rows = data->touchpoints;
  const StringId click = data->strings.Intern("click");
  const StringId field = data->strings.Intern("event_type");
  for (uint32_t row : flagged_rows) {
    AddChange(data, rows[row].origin, Rule::kClickWithoutSession, field, click, click);
  }
}

}  // namespace mroi::internal
