// The bot_rate IP rule across partitions: bot IPs found on a shuffle by IP, with the
// cleaner's threshold and 60 s window count.
#include <algorithm>
#include <numeric>

#include "scale/scale_internal.h"

namespace mroi::scale {

BotIps FindBotIps(std::span<const uint64_t> ip, std::span<const int64_t> time,
                  const ScaleOptions& options) {
  BotIps out;
  const size_t n = std::min(ip.size(), time.size());
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return ip[a] != ip[b] ? ip[a] < ip[b] : time[a] < time[b];
  });
  const int64_t limit = options.pipeline.clean.bot_max_events_per_minute_ip;
  for (size_t start = 0; start < n;) {
    size_t stop = start + 1;
    while (stop < n && ip[order[stop]] == ip[order[start]]) ++stop;
    if (static_cast<int64_t>(stop - start) > limit) {
      // The most events inside one window t_last - t_first < 60 s, as the cleaner counts.
      int64_t best = 0;
      size_t first = start;
      for (size_t last = start; last < stop; ++last) {
        while (time[order[last]] - time[order[first]] >= 60) ++first;
        best = std::max(best, static_cast<int64_t>(last - first + 1));
      }
      if (best > limit) out.max_per_minute[ip[order[start]]] = best;
    }
    start = stop;
  }
  return out;
}

std::string SerializeBotIps(const BotIps& ips) {
  std::vector<std::pair<uint64_t, int64_t>> sorted(ips.max_per_minute.begin(),
                                                   ips.max_per_minute.end());
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  internal::ByteWriter writer(&out);
  writer.Put<char>('I');
  writer.Put<uint64_t>(sorted.size());
  for (const auto& [ip, events] : sorted) {
    writer.Put<uint64_t>(ip);
    writer.Put<int64_t>(events);
  }
  return out;
}

Result<BotIps> ParseBotIps(std::string_view bytes) {
  internal::ByteReader reader(bytes);
  if (reader.Get<char>() != 'I')
    return InvalidArgument("bot IPs: bad bytes (no 'I' tag)");
  const uint64_t count = reader.GetCount(16);
  BotIps out;
  for (uint64_t idx = 0; idx < count; ++idx) {
    const auto ip = reader.Get<uint64_t>();
    out.max_per_minute[ip] = reader.Get<int64_t>();
  }
  if (!reader.ok() || !reader.done())
    return InvalidArgument("bot IPs: truncated or corrupt bytes");
  return out;
}

}  // namespace mroi::scale
