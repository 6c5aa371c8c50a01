// Tests of GenerateEventLog: determinism per (seed, chunk), row counts, the CSV read by
// mroi's own ingest without a parse error, the overlap persons in two chunks, and the
// defects (crawlers, bot IPs, duplicate orders, refunds) counted by mroi's cleaner.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/clean.h"
#include "mroi/dataset.h"
#include "mroi/demo_events.h"
#include "mroi/ingest.h"

namespace mroi {
namespace {

EventLog Generate(int64_t chunk, int64_t rows, int64_t persons, double overlap = 0.1,
                  uint64_t seed = 7) {
  EventLogOptions options;
  options.seed = seed;
  options.chunk = chunk;
  options.rows = rows;
  options.persons = persons;
  options.overlap = overlap;
  Result<EventLog> log = GenerateEventLog(options);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  return std::move(log).value();
}

int64_t Lines(std::string_view text) {
  return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n'));
}

// Read both files of one chunk with mroi's ingest.
Dataset Ingest(const EventLog& log) {
  Dataset dataset;
  IngestOptions options;
  const std::string touchpoints = log.touchpoints.header + log.touchpoints.rows;
  const std::string conversions = log.conversions.header + log.conversions.rows;
  EXPECT_TRUE(ReadInputFromMemory("touchpoints.csv", touchpoints, InputKind::kTouchpoints,
                                  InputFormat::kCsv, options, &dataset)
                  .ok());
  EXPECT_TRUE(ReadInputFromMemory("conversions.csv", conversions, InputKind::kConversions,
                                  InputFormat::kCsv, options, &dataset)
                  .ok());
  return dataset;
}

// The person numbers of the anonymous ids "a<person>-<device>" of a dataset.
std::set<int64_t> Persons(const Dataset& dataset) {
  std::set<int64_t> persons;
  for (const Touchpoint& row : dataset.touchpoints) {
    const std::string_view id = dataset.str(row.anonymous_id);
    persons.insert(std::stoll(std::string(id.substr(1, id.find('-') - 1))));
  }
  return persons;
}

TEST(EventLogTest, SameOptionsGiveSameBytesAndChunksDiffer) {
  const EventLog a = Generate(3, 5000, 600);
  const EventLog b = Generate(3, 5000, 600);
  EXPECT_EQ(a.touchpoints.rows, b.touchpoints.rows);
  EXPECT_EQ(a.conversions.rows, b.conversions.rows);
  EXPECT_NE(a.touchpoints.rows, Generate(4, 5000, 600).touchpoints.rows);
  EXPECT_NE(a.touchpoints.rows, Generate(3, 5000, 600, 0.1, 8).touchpoints.rows);
}

TEST(EventLogTest, RowCountsMatchTheOptionsAndTheBytes) {
  const EventLog log = Generate(0, 20000, 2500);
  EXPECT_EQ(log.touchpoints.row_count, 20000);
  EXPECT_EQ(Lines(log.touchpoints.rows), 20000);
  EXPECT_EQ(Lines(log.touchpoints.header), 1);
  EXPECT_EQ(Lines(log.conversions.rows), log.conversions.row_count);
  // One order per 50 touchpoints that is not a crawler's, plus duplicates and refunds.
  const int64_t orders = log.conversions.row_count - log.duplicate_orders - log.refunds;
  EXPECT_GE(orders, 20000 / 50 - log.crawler_rows);
  EXPECT_LE(orders, 20000 / 50);
  // About 0.5 % crawlers and 1 % messy rows; 3 bot-IP bursts of 121-160 rows.
  EXPECT_GT(log.crawler_rows, 20000 * 0.002);
  EXPECT_LT(log.crawler_rows, 20000 * 0.009);
  EXPECT_GT(log.messy_rows, 20000 * 0.006);
  EXPECT_LT(log.messy_rows, 20000 * 0.015);
  EXPECT_GE(log.bot_ip_rows, 3 * 121);
  EXPECT_LE(log.bot_ip_rows, 3 * 160);
  EXPECT_GT(log.login_rows, 20000 / 5);
  EXPECT_LT(log.login_rows, 20000 / 3);
}

TEST(EventLogTest, ZeroRowsGiveHeadersOnly) {
  const EventLog log = Generate(0, 0, 1);
  EXPECT_EQ(log.touchpoints.rows, "");
  EXPECT_EQ(log.conversions.rows, "");
  EXPECT_EQ(log.conversions.row_count, 0);
  EXPECT_NE(log.touchpoints.header.find("anonymous_id"), std::string::npos);
}

TEST(EventLogTest, IngestReadsEveryRowWithoutAParseError) {
  const EventLog log = Generate(2, 20000, 2500);
  const Dataset dataset = Ingest(log);
  EXPECT_TRUE(dataset.quarantine.empty());
  ASSERT_EQ(static_cast<int64_t>(dataset.touchpoints.size()), 20000);
  ASSERT_EQ(static_cast<int64_t>(dataset.conversions.size()), log.conversions.row_count);
  // In time order inside the chunk's window (chunk 2 of one-day chunks).
  const EventLogOptions defaults;
  const int64_t window_start = defaults.start_time + 2 * defaults.chunk_span_s;
  EXPECT_GE(dataset.touchpoints.front().timestamp, window_start);
  EXPECT_LT(dataset.touchpoints.back().timestamp, window_start + defaults.chunk_span_s + 60);
  for (size_t i = 1; i < dataset.touchpoints.size(); ++i) {
    ASSERT_LE(dataset.touchpoints[i - 1].timestamp, dataset.touchpoints[i].timestamp) << i;
  }
  // Logged-in rows carry both ids (identity edges).
  int64_t both = 0;
  for (const Touchpoint& row : dataset.touchpoints) {
    both += row.user_id != kEmptyString && row.anonymous_id != kEmptyString;
  }
  EXPECT_EQ(both, log.login_rows);
  // Some conversions carry user_id or email only.
  int64_t without_anonymous = 0;
  int64_t email_only = 0;
  for (const Conversion& row : dataset.conversions) {
    without_anonymous += row.anonymous_id == kEmptyString && row.revenue > 0;
    email_only += row.user_id == kEmptyString && row.email != kEmptyString;
  }
  EXPECT_GT(without_anonymous, 0);
  EXPECT_GT(email_only, 0);
}

TEST(EventLogTest, OverlapPersonsAppearInBothChunks) {
  constexpr int64_t kPersons = 1000;
  const std::set<int64_t> first = Persons(Ingest(Generate(0, 10000, kPersons, 0.2)));
  const std::set<int64_t> second = Persons(Ingest(Generate(1, 10000, kPersons, 0.2)));
  // Chunk 0 owns persons [0, 1000), its overlap is [800, 1000); chunk 1 owns [1000, 2000).
  int64_t shared = 0;
  for (int64_t person : second) {
    if (person < kPersons) {
      EXPECT_GE(person, 800);
      EXPECT_TRUE(first.count(person)) << person;
      ++shared;
    } else {
      EXPECT_LT(person, 2 * kPersons);
    }
  }
  // 20 % of chunk 1's 10000 rows fall on 200 overlap persons: nearly all appear.
  EXPECT_GT(shared, 180);
  EXPECT_LE(*first.rbegin(), kPersons - 1);
  // Without overlap the chunks share nobody.
  const std::set<int64_t> alone = Persons(Ingest(Generate(1, 10000, kPersons, 0.0)));
  EXPECT_GE(*alone.begin(), kPersons);
}

TEST(EventLogTest, TheCleanerFindsTheGeneratedDefects) {
  const EventLog log = Generate(1, 100000, 12500);
  ASSERT_GT(log.duplicate_orders, 0);
  ASSERT_GT(log.refunds, 0);
  Dataset dataset = Ingest(log);
  ASSERT_TRUE(Clean(CleanOptions{}, &dataset).ok());
  std::map<std::string, int64_t> removed;
  for (const FileAccount& file : AccountFiles(dataset)) {
    for (const auto& [rule, count] : file.by_rule) removed[rule] += count;
  }
  EXPECT_EQ(removed["bot_user_agent"], log.crawler_rows);
  EXPECT_EQ(removed["bot_rate"], log.bot_ip_rows);
  EXPECT_EQ(removed["duplicate_order"], log.duplicate_orders);
  EXPECT_EQ(removed["refund_netted"], log.refunds);
  EXPECT_EQ(removed["orphan_refund"], 0);
  EXPECT_EQ(removed["parse_error"], 0);
}

TEST(EventLogTest, BadOptionsAreInvalidArguments) {
  const auto code = [](auto change) {
    EventLogOptions options;
    options.rows = 10;
    change(options);
    return GenerateEventLog(options).status().code();
  };
  EXPECT_EQ(code([](EventLogOptions& o) { o.rows = -1; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EventLogOptions& o) { o.chunk = -1; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EventLogOptions& o) { o.persons = 0; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EventLogOptions& o) { o.overlap = 1.0; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EventLogOptions& o) { o.overlap = -0.1; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EventLogOptions& o) { o.chunk_span_s = 0; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EventLogOptions& o) { o.bot_ips = -1; }), StatusCode::kInvalidArgument);
  EXPECT_EQ(code([](EventLogOptions&) {}), StatusCode::kOk);
}

}  // namespace
}  // namespace mroi
