// The touchpoint rules: bot_user_agent, bot_rate, invalid_click and the
// click_without_session flag. Each works on StringIds and groups rows by id with a
// counting sort, so millions of rows cost O(n log k) with k the rows of one id.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "clean/clean_internal.h"

namespace mroi::internal {

namespace {

// One touchpoint as the grouping rules see it, copied out of the 100+ byte record so
// that the passes over a group read contiguous memory.
struct Entry {
  UnixSeconds time = 0;
  uint32_t row = 0;
  StringId key = kEmptyString;  // the id or IP the rows are grouped by
  StringId aux = kEmptyString;  // campaign (invalid_click)
  uint8_t kind = 0;             // rule-specific bits
};

// Return the entries of the rows with key(row) >= 0, grouped by key with a counting
// sort (O(n + num_keys)) and sorted by (time, row) inside each group.
template <typename KeyFn, typename FillFn>
std::vector<Entry> GroupRows(size_t n, int32_t num_keys, KeyFn key, FillFn fill) {
  std::vector<uint32_t> starts(static_cast<size_t>(num_keys) + 1, 0);
  std::vector<StringId> keys(n);
  for (size_t row = 0; row < n; ++row) {
    keys[row] = key(row);
    if (keys[row] >= 0) ++starts[static_cast<size_t>(keys[row]) + 1];
  }
  for (size_t k = 1; k < starts.size(); ++k) starts[k] += starts[k - 1];
  std::vector<Entry> entries(starts.back());
  for (size_t row = 0; row < n; ++row) {
    if (keys[row] < 0) continue;
    Entry& entry = entries[starts[static_cast<size_t>(keys[row])]++];
    entry.row = static_cast<uint32_t>(row);
    entry.key = keys[row];
    fill(row, &entry);
  }
  auto by_time = [](const Entry& a, const Entry& b) {
    return a.time != b.time ? a.time < b.time : a.row < b.row;
  };
  for (size_t start = 0; start < entries.size();) {
    size_t stop = start + 1;
    while (stop < entries.size() && entries[stop].key == entries[start].key) ++stop;
    if (!std::is_sorted(entries.begin() + start, entries.begin() + stop, by_time)) {
      std::sort(entries.begin() + start, entries.begin() + stop, by_time);
    }
    start = stop;
  }
  return entries;
}

// Call fn(begin, end) for every group of equal keys.
template <typename Fn>
void ForEachGroup(std::vector<Entry>* entries, Fn fn) {
  size_t start = 0;
  while (start < entries->size()) {
    size_t stop = start + 1;
    while (stop < entries->size() && (*entries)[stop].key == (*entries)[start].key) ++stop;
    fn(entries->data() + start, entries->data() + stop);
    start = stop;
  }
}

// Return the largest number of entries of a time-sorted range, restricted to those
// with (kind & mask) == mask, that lie inside one window (t_last - t_first < window_s).
int64_t MaxInWindow(const Entry* begin, const Entry* end, int64_t window_s, uint8_t mask) {
  int64_t best = 0;
  int64_t count = 0;
  const Entry* first = begin;
  for (const Entry* last = begin; last != end; ++last) {
    if ((last->kind & mask) != mask) continue;
    ++count;
    for (; first < last && last->time - first->time >= window_s; ++first) {
      if ((first->kind & mask) == mask) --count;
    }
    best = std::max(best, count);
  }
  return best;
}

constexpr uint8_t kBurstSession = 1;  // zero-duration single-page session
constexpr uint8_t kSessionEvent = 1;
constexpr uint8_t kClickEvent = 2;

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

void RemoveBotRates(const CleanOptions& options, Dataset* data, Removals* removals) {
  const std::vector<Touchpoint>& rows = data->touchpoints;
  const int32_t num_strings = data->strings.size();
  std::vector<int32_t> reason_of(rows.size(), -1);  // index into reasons; -1 = no bot
  std::vector<std::string> reasons;
  auto mark = [&](const Entry* begin, const Entry* end, std::string reason) {
    reasons.push_back(std::move(reason));
    for (const Entry* it = begin; it != end; ++it) {
      if (reason_of[it->row] < 0) reason_of[it->row] = static_cast<int32_t>(reasons.size() - 1);
    }
  };

  // Per id: events per minute and zero-duration single-page bursts.
  {
    std::vector<Entry> by_id = GroupRows(
        rows.size(), num_strings,
        [&](size_t row) {
          if (removals->touchpoints[row]) return -1;
          StringId key = TouchpointKey(rows[row]);
          return key == kEmptyString ? -1 : key;
        },
        [&](size_t row, Entry* entry) {
          const Touchpoint& tp = rows[row];
          entry->time = tp.timestamp;
          entry->kind = tp.event_type == EventType::kSession && tp.page_views == 1 &&
                                tp.duration_s == 0
                            ? kBurstSession
                            : 0;
        });
    ForEachGroup(&by_id, [&](const Entry* begin, const Entry* end) {
      if (end - begin <= options.bot_max_events_per_minute &&
          end - begin < options.bot_burst_sessions) {
        return;  // too few rows to break either limit
      }
      std::string_view id = data->str(begin->key);
      int64_t per_minute = MaxInWindow(begin, end, 60, 0);
      if (per_minute > options.bot_max_events_per_minute) {
        mark(begin, end,
             fmt::format("id '{}' made {} events in 60 s (limit {})", id, per_minute,
                         options.bot_max_events_per_minute));
        return;
      }
      if (options.bot_burst_sessions <= 0) return;
      int64_t bursts = MaxInWindow(begin, end, options.bot_burst_window_s, kBurstSession);
      if (bursts >= options.bot_burst_sessions) {
        mark(begin, end,
             fmt::format("id '{}' made {} zero-duration single-page sessions in {} s "
                         "(bot at {})",
                         id, bursts, options.bot_burst_window_s, options.bot_burst_sessions));
      }
    });
  }

  // Per IP: events per minute.
  {
    std::vector<Entry> by_ip = GroupRows(
        rows.size(), num_strings,
        [&](size_t row) {
          if (removals->touchpoints[row] || rows[row].ip == kEmptyString) return -1;
          return rows[row].ip;
        },
        [&](size_t row, Entry* entry) { entry->time = rows[row].timestamp; });
    ForEachGroup(&by_ip, [&](const Entry* begin, const Entry* end) {
      if (end - begin <= options.bot_max_events_per_minute_ip) return;
      int64_t per_minute = MaxInWindow(begin, end, 60, 0);
      if (per_minute > options.bot_max_events_per_minute_ip) {
        mark(begin, end,
             fmt::format("ip '{}' made {} events in 60 s (limit {})", data->str(begin->key),
                         per_minute, options.bot_max_events_per_minute_ip));
      }
    });
  }

  for (size_t row = 0; row < rows.size(); ++row) {
    if (reason_of[row] < 0) continue;
    removals->touchpoints[row] = 1;
    AddIssue(data, rows[row].origin, Rule::kBotRate,
             reasons[static_cast<size_t>(reason_of[row])]);
  }
}

void RemoveInvalidClicks(const CleanOptions& options, IdMapper* campaigns, Dataset* data,
                         Removals* removals) {
  const std::vector<Touchpoint>& rows = data->touchpoints;
  std::vector<Entry> clicks = GroupRows(
      rows.size(), data->strings.size(),
      [&](size_t row) {
        const Touchpoint& tp = rows[row];
        if (removals->touchpoints[row] || tp.event_type != EventType::kClick) return -1;
        StringId key = TouchpointKey(tp);
        return key == kEmptyString ? -1 : key;
      },
      [&](size_t row, Entry* entry) {
        entry->time = rows[row].timestamp;
        entry->aux = campaigns->Map(rows[row].utm_campaign);
      });
  std::vector<int32_t> message_of(rows.size(), -1);
  std::vector<std::string> messages;
  ForEachGroup(&clicks, [&](Entry* begin, Entry* end) {
    if (end - begin < 2) return;
    // Already in (time, row) order: a stable sort by campaign keeps it inside each one.
    std::stable_sort(begin, end, [](const Entry& a, const Entry& b) { return a.aux < b.aux; });
    StringId current = -1;
    UnixSeconds last_kept = 0;
    for (const Entry* it = begin; it != end; ++it) {
      if (it->aux != current) {
        current = it->aux;
        last_kept = it->time;
        continue;
      }
      int64_t gap = it->time - last_kept;
      if (gap < options.invalid_click_window_s) {
        message_of[it->row] = static_cast<int32_t>(messages.size());
        messages.push_back(fmt::format("repeat click on campaign '{}' {} s after the previous "
                                       "(window {} s)",
                                       data->str(current), gap, options.invalid_click_window_s));
      } else {
        last_kept = it->time;
      }
    }
  });
  if (messages.empty()) return;
  for (size_t row = 0; row < rows.size(); ++row) {
    if (message_of[row] < 0) continue;
    removals->touchpoints[row] = 1;
    AddIssue(data, rows[row].origin, Rule::kInvalidClick,
             std::move(messages[static_cast<size_t>(message_of[row])]));
  }
}

void FlagClicksWithoutSession(const CleanOptions& options, Dataset* data) {
  const std::vector<Touchpoint>& rows = data->touchpoints;
  std::vector<Entry> by_id = GroupRows(
      rows.size(), data->strings.size(),
      [&](size_t row) {
        const Touchpoint& tp = rows[row];
        if (tp.event_type != EventType::kClick && tp.event_type != EventType::kSession) {
          return -1;
        }
        StringId key = TouchpointKey(tp);
        return key == kEmptyString ? -1 : key;
      },
      [&](size_t row, Entry* entry) {
        entry->time = rows[row].timestamp;
        entry->kind = rows[row].event_type == EventType::kClick ? kClickEvent : kSessionEvent;
      });
  std::vector<uint8_t> flagged(rows.size(), 0);
  ForEachGroup(&by_id, [&](const Entry* begin, const Entry* end) {
    // Walk backwards, remembering the earliest session at or after each click; sessions
    // with the same second as a click count, so each run of equal times is done whole.
    UnixSeconds next_session = std::numeric_limits<UnixSeconds>::max();
    const Entry* run_end = end;
    while (run_end != begin) {
      const Entry* run_begin = run_end - 1;
      while (run_begin != begin && (run_begin - 1)->time == run_end[-1].time) --run_begin;
      for (const Entry* it = run_begin; it != run_end; ++it) {
        if (it->kind == kSessionEvent) next_session = it->time;
      }
      for (const Entry* it = run_begin; it != run_end; ++it) {
        if (it->kind == kClickEvent &&
            (next_session == std::numeric_limits<UnixSeconds>::max() ||
             next_session - it->time > options.click_session_window_s)) {
          flagged[it->row] = 1;
        }
      }
      run_end = run_begin;
    }
  });
  const StringId click = data->strings.Intern("click");
  const StringId field = data->strings.Intern("event_type");
  for (size_t row = 0; row < rows.size(); ++row) {
    // Clicks without any id have no session to find either.
    if (flagged[row] || (rows[row].event_type == EventType::kClick &&
                         TouchpointKey(rows[row]) == kEmptyString)) {
      AddChange(data, rows[row].origin, Rule::kClickWithoutSession, field, click, click);
    }
  }
}

}  // namespace mroi::internal
