#pragma once

// Generated event logs for the scale benchmarks: one chunk of a seeded touchpoints +
// conversions log in the canonical CSV schemas, made wholly in memory so that a worker
// can generate its own partition of a log of any size (no 100M-row file is needed).
// bench/gen_events writes whole logs with it; mroi._core.generate_event_log exposes it
// to Python (bench/dask_scale.py).
#include <cstdint>
#include <string>

#include "mroi/result.h"

namespace mroi {

/// What one chunk of a generated event log holds. Chunk c covers the time window
/// [start_time + c * chunk_span_s, start_time + (c + 1) * chunk_span_s).
struct EventLogOptions {
  /// Seed of the whole log; with `chunk` it fixes every byte. Default: 20250101.
  uint64_t seed = 20250101;
  /// Index of the chunk in the log (0, 1, ...). Default: 0.
  int64_t chunk = 0;
  /// Touchpoint rows of the chunk (conversions come on top, ~1 per 50). Default: 1M.
  int64_t rows = 1'000'000;
  /// Persons of the chunk's own: chunk c owns persons [c * persons, (c + 1) * persons).
  /// Default: 125'000 (8 touchpoints per person).
  int64_t persons = 125'000;
  /// Share of a chunk's persons (the last ones it owns) that also appear in the next
  /// chunk: in chunk c > 0 a touchpoint belongs to one of them with this probability.
  /// In [0, 1). Default: 0.1.
  double overlap = 0.1;
  /// Seconds of the first chunk's window start. Default: 2025-01-01T00:00:00Z.
  int64_t start_time = 1735689600;
  /// Seconds covered by one chunk. Default: one day.
  int64_t chunk_span_s = 86400;
  /// IPs per chunk that act as bots across several persons (bursts of more than 120
  /// events in one minute, the cleaner's bot_rate IP threshold); at most one per
  /// 1000 rows. Default: 3.
  int bot_ips = 3;
};

/// One generated file: its CSV header line (with '\n') and its rows (each ending in
/// '\n', no header), ready to be concatenated or handed to the ingest as one chunk.
struct EventLogFile {
  std::string header;
  std::string rows;
  int64_t row_count = 0;
};

/// One chunk of a generated event log, and what it was made of.
struct EventLog {
  EventLogFile touchpoints;  // canonical touchpoints schema
  EventLogFile conversions;  // canonical conversions schema
  int64_t crawler_rows = 0;  // touchpoints with a crawler user agent
  int64_t messy_rows = 0;    // touchpoints with a mixed-case source and no campaign
  int64_t bot_ip_rows = 0;   // touchpoints of the bot IPs' bursts
  int64_t login_rows = 0;    // touchpoints with both anonymous_id and user_id
  int64_t duplicate_orders = 0;  // conversions repeating an earlier order of the chunk
  int64_t refunds = 0;           // conversions with negative revenue for an earlier order
};

/// Generate chunk `options.chunk` of the event log of `options.seed`: touchpoints in
/// time order (about 0.5 % with crawler user agents, about 1 % with messy UTMs, a few
/// bursts of bot IPs over several persons; about 1 in 4 rows logged in, carrying both
/// anonymous_id and user_id, some with an email) and about one conversion per 50
/// touchpoints (order ids unique across chunks; most with user_id and anonymous_id,
/// some with user_id or email only; about 1 % duplicates and 1 % refunds of earlier
/// orders of the chunk). Persons are numbered across chunks (ids "a<person>-<device>",
/// "u<person>", "p<person>@example.com"), so a person of the overlap appears under the
/// same ids in chunks c and c + 1. The same options give the same bytes. Memory:
/// O(rows). Errors: kInvalidArgument for a negative chunk or rows, persons < 1,
/// overlap outside [0, 1), chunk_span_s < 1 or bot_ips < 0.
Result<EventLog> GenerateEventLog(const EventLogOptions& options);

}  // namespace mroi
