// gen_events N DIR: writes DIR/touchpoints.csv with N rows and DIR/conversions.csv with
// about N/50 rows, in the canonical schemas, in time order over 2025, seeded and
// deterministic. A thin main over mroi::GenerateEventLog (mroi/demo_events.h), the one
// generator: the log is made in chunks of at most 1M touchpoints (persons spanning
// neighbouring chunks), so memory stays O(chunk) whatever N. About 0.5 % of touchpoints
// come from crawlers, about 1 % are messy (mixed-case UTMs, missing campaign), a few
// bursts come from bot IPs, and about 1 % of orders are duplicated or refunded.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mroi/demo_events.h"

namespace {

constexpr int64_t kChunkRows = 1'000'000;
constexpr int64_t kYearSeconds = 365 * 86400;

bool Write(std::FILE* file, const std::string& bytes) {
  return std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: gen_events N DIR\n");
    return 2;
  }
  char* end = nullptr;
  const int64_t rows = std::strtoll(argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || rows < 0) {
    std::fprintf(stderr, "gen_events: N must be a whole number >= 0, not '%s'\n", argv[1]);
    return 2;
  }
  const std::string dir = argv[2];
  std::FILE* tp = std::fopen((dir + "/touchpoints.csv").c_str(), "w");
  std::FILE* conv = std::fopen((dir + "/conversions.csv").c_str(), "w");
  if (tp == nullptr || conv == nullptr) {
    std::perror(dir.c_str());
    return 2;
  }

  // Equal chunks over the year; every chunk owns the same number of persons (8
  // touchpoints each), so that person numbers run on across chunks.
  const int64_t chunks = rows == 0 ? 1 : (rows + kChunkRows - 1) / kChunkRows;
  mroi::EventLogOptions options;
  options.persons = (rows + chunks - 1) / chunks / 8 + 1;
  options.chunk_span_s = kYearSeconds / chunks;
  int64_t conversions = 0;
  bool ok = true;
  for (int64_t chunk = 0; chunk < chunks && ok; ++chunk) {
    options.chunk = chunk;
    options.rows = rows / chunks + (chunk < rows % chunks ? 1 : 0);
    mroi::Result<mroi::EventLog> log = mroi::GenerateEventLog(options);
    if (!log.ok()) {
      std::fprintf(stderr, "gen_events: %s\n", log.status().ToString().c_str());
      return 2;
    }
    if (chunk == 0) ok = Write(tp, log->touchpoints.header) && Write(conv, log->conversions.header);
    ok = ok && Write(tp, log->touchpoints.rows) && Write(conv, log->conversions.rows);
    conversions += log->conversions.row_count;
  }
  if (std::fclose(tp) != 0 || std::fclose(conv) != 0 || !ok) {
    std::perror("write");
    return 2;
  }
  std::printf("{\"touchpoints\":%" PRId64 ",\"conversions\":%" PRId64 "}\n", rows, conversions);
  return 0;
}
