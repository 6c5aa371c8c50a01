// The two-thread CSV path (RowPipeline) must give exactly what the direct path
// gives: the same rows in the same order, the same string ids, the same quarantine
// and line numbers.

#include "ingest/row_pipeline.h"

#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "ingest/byte_source.h"
#include "ingest/ingest_internal.h"

namespace mroi::internal {
namespace {

// Read `text` as a CSV of `kind` through ReadCsvRows, pipelined or not, with
// `block_bytes` per read (tiny blocks make the reader move its buffer under the
// views of every row).
Dataset ReadCsv(const std::string& text, InputKind kind, bool pipelined,
                size_t block_bytes) {
  Dataset dataset;
  IngestOptions options;
  FileContext context;
  context.name = "input.csv";
  context.kind = kind;
  context.options = &options;
  context.dataset = &dataset;
  context.block_bytes = block_bytes;
  context.file = 0;
  context.pipeline_min_bytes = pipelined ? 0 : std::numeric_limits<int64_t>::max();
  dataset.files.push_back(InputFileInfo{"input.csv", kind, 0});
  auto source = NewMemorySource(text);
  const Status status = ReadCsvRows(source.get(), &context);
  EXPECT_TRUE(status.ok()) << status.ToString();
  dataset.files[0].rows_in = context.rows_in;
  return dataset;
}

// Touchpoints over several batches: quoted fields with newlines and "" escapes,
// CRLF line ends, blank lines, bad rows, high- and low-cardinality strings.
std::string MixedTouchpoints(int rows) {
  std::string text =
      "timestamp,anonymous_id,user_id,event_type,utm_source,utm_medium,user_agent,ip\r\n";
  for (int row = 0; row < rows; ++row) {
    const std::string id = std::to_string(row);
    switch (row % 7) {
      case 0:  // a quoted user agent spanning two lines
        text += "2025-03-01T10:00:00Z,a" + id + ",,click,google,cpc,\"Mozilla\n(" + id +
                ")\",10.0.0." + std::to_string(row % 250) + "\r\n";
        break;
      case 1:  // bad timestamp: quarantined
        text += "not-a-time,a" + id + ",,click,google,cpc,x,1.1.1.1\n";
        break;
      case 2:  // a blank line, then a row with an escaped quote
        text += "\n2025-03-01T11:00:00Z,a" + std::to_string(row / 2) + ",u" + id +
                ",session,\"say \"\"hi\"\"\",email,ua,\n";
        break;
      case 3:  // wrong field count: quarantined
        text += "2025-03-01T10:00:00Z,a" + id + "\n";
        break;
      default:
        text += "2025-03-02T10:00:00Z,a" + std::to_string(row % 1000) + ",u" +
                std::to_string(row % 333) + ",impression,facebook,paid_social,ua" +
                std::to_string(row % 5) + ",10.1." + std::to_string(row % 97) + ".1\n";
        break;
    }
  }
  return text;
}

void ExpectSameDatasets(const Dataset& direct, const Dataset& piped) {
  ASSERT_EQ(direct.strings.size(), piped.strings.size());
  for (StringId id = 0; id < direct.strings.size(); ++id) {
    ASSERT_EQ(direct.strings.Get(id), piped.strings.Get(id)) << id;
  }
  ASSERT_EQ(direct.touchpoints.size(), piped.touchpoints.size());
  for (size_t row = 0; row < direct.touchpoints.size(); ++row) {
    const Touchpoint& left = direct.touchpoints[row];
    const Touchpoint& right = piped.touchpoints[row];
    ASSERT_EQ(left.origin.line, right.origin.line) << row;
    ASSERT_EQ(left.timestamp, right.timestamp) << row;
    ASSERT_EQ(left.anonymous_id, right.anonymous_id) << row;
    ASSERT_EQ(left.user_id, right.user_id) << row;
    ASSERT_EQ(left.utm_source, right.utm_source) << row;
    ASSERT_EQ(left.user_agent, right.user_agent) << row;
    ASSERT_EQ(left.ip, right.ip) << row;
    ASSERT_EQ(left.event_type, right.event_type) << row;
  }
  ASSERT_EQ(direct.quarantine.size(), piped.quarantine.size());
  for (size_t issue = 0; issue < direct.quarantine.size(); ++issue) {
    EXPECT_EQ(direct.quarantine[issue].origin.line, piped.quarantine[issue].origin.line);
    EXPECT_EQ(direct.quarantine[issue].message, piped.quarantine[issue].message);
    EXPECT_EQ(direct.quarantine[issue].raw, piped.quarantine[issue].raw);
  }
  EXPECT_EQ(direct.files[0].rows_in, piped.files[0].rows_in);
}

TEST(RowPipelineTest, PipelinedEqualsDirectOverManyBatches) {
  // 7000 rows: 3 full batches of 2048 kept-or-quarantined rows and a partial one.
  const std::string text = MixedTouchpoints(7000);
  const Dataset direct = ReadCsv(text, InputKind::kTouchpoints, false, 4096);
  const Dataset piped = ReadCsv(text, InputKind::kTouchpoints, true, 4096);
  // Rows with row % 7 in {1, 3} are quarantined: 1000 each of 7000.
  EXPECT_EQ(direct.touchpoints.size(), 5000u);
  EXPECT_EQ(direct.quarantine.size(), 2000u);
  EXPECT_EQ(direct.files[0].rows_in, 7000);
  ExpectSameDatasets(direct, piped);
}

TEST(RowPipelineTest, LineNumbersCountQuotedNewlinesAndBlankLines) {
  // Tiny 7-byte reads: every record crosses blocks.
  const std::string text = MixedTouchpoints(14);
  const Dataset piped = ReadCsv(text, InputKind::kTouchpoints, true, 7);
  const Dataset direct = ReadCsv(text, InputKind::kTouchpoints, false, 7);
  ExpectSameDatasets(direct, piped);
  // Line 1 is the header. Row 0 (a two-line record) is lines 2-3, row 1 line 4,
  // row 2 a blank line 5 then line 6, row 3 line 7, rows 4-6 lines 8-10, row 7
  // lines 11-12, row 8 line 13 (quarantined), row 9 blank 14 then line 15.
  ASSERT_GE(piped.touchpoints.size(), 5u);
  EXPECT_EQ(piped.touchpoints[0].origin.line, 2);
  EXPECT_EQ(piped.touchpoints[1].origin.line, 6);
  EXPECT_EQ(piped.touchpoints[2].origin.line, 8);
  EXPECT_EQ(piped.touchpoints[5].origin.line, 11);
  EXPECT_EQ(piped.touchpoints[6].origin.line, 15);
  EXPECT_EQ(piped.strings.Get(piped.touchpoints[0].user_agent), "Mozilla\n(0)");
  EXPECT_EQ(piped.strings.Get(piped.touchpoints[1].utm_source), "say \"hi\"");
  ASSERT_GE(piped.quarantine.size(), 3u);
  EXPECT_EQ(piped.quarantine[0].origin.line, 4);
  EXPECT_EQ(piped.quarantine[1].origin.line, 7);
  EXPECT_EQ(piped.quarantine[2].origin.line, 13);
}

TEST(RowPipelineTest, EmptyFileAndHeaderOnlyCommitNothing) {
  const Dataset piped = ReadCsv("timestamp,anonymous_id\n", InputKind::kTouchpoints,
                                true, 4096);
  EXPECT_TRUE(piped.touchpoints.empty());
  EXPECT_TRUE(piped.quarantine.empty());
  EXPECT_EQ(piped.strings.size(), 1);  // only the empty string
}

TEST(RowPipelineTest, ConversionsPipelinedEqualsDirect) {
  std::string text = "timestamp,order_id,user_id,revenue,currency\n";
  for (int row = 0; row < 5000; ++row) {
    text += "2025-03-01,o" + std::to_string(row) + ",u" + std::to_string(row % 40) +
            (row % 11 == 0 ? ",abc,EUR\n" : ",19.5,EUR\n");
  }
  const Dataset direct = ReadCsv(text, InputKind::kConversions, false, 4096);
  const Dataset piped = ReadCsv(text, InputKind::kConversions, true, 4096);
  // Rows 0, 11, ..., 4994 have a bad revenue: 455 of them.
  EXPECT_EQ(piped.quarantine.size(), 455u);
  ASSERT_EQ(piped.conversions.size(), 4545u);
  ASSERT_EQ(direct.conversions.size(), piped.conversions.size());
  for (size_t row = 0; row < piped.conversions.size(); ++row) {
    ASSERT_EQ(direct.conversions[row].order_id, piped.conversions[row].order_id);
    ASSERT_EQ(direct.conversions[row].user_id, piped.conversions[row].user_id);
    ASSERT_EQ(direct.conversions[row].origin.line, piped.conversions[row].origin.line);
  }
  EXPECT_EQ(piped.strings.Get(piped.conversions[0].order_id), "o1");
  EXPECT_DOUBLE_EQ(piped.conversions[0].revenue, 19.5);
}

}  // namespace
}  // namespace mroi::internal
