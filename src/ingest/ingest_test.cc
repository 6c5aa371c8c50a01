#include "mroi/ingest.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <zlib.h>

#include "ingest/ingest_test_util.h"

namespace mroi {
namespace {

using testing_util::ReadText;
using testing_util::RowsAccounted;

// 2025-03-01T10:00:00Z.
constexpr UnixSeconds kMarchFirst10h = 1740823200;

const char kTouchpoints[] =
    "timestamp,anonymous_id,user_id,event_type,utm_source,utm_medium,utm_campaign,cost\n"
    "2025-03-01T10:00:00Z,a1,,click,google,cpc,spring,0.5\n"
    "2025-03-01 12:00:00+02:00,a2,u2,,facebook,paid_social,,\n"
    "1740823200,,u3,impression,google,cpc,spring,0\n";

TEST(IngestCsvTest, ReadsTouchpoints) {
  Dataset dataset;
  ASSERT_TRUE(ReadText(kTouchpoints, InputKind::kTouchpoints, &dataset).ok());
  ASSERT_EQ(dataset.touchpoints.size(), 3u);
  EXPECT_TRUE(dataset.quarantine.empty());
  ASSERT_EQ(dataset.files.size(), 1u);
  EXPECT_EQ(dataset.files[0].rows_in, 3);
  EXPECT_EQ(dataset.files[0].path, "input.csv");
  const Touchpoint& first = dataset.touchpoints[0];
  EXPECT_EQ(first.timestamp, kMarchFirst10h);
  EXPECT_EQ(dataset.str(first.anonymous_id), "a1");
  EXPECT_EQ(first.user_id, kEmptyString);
  EXPECT_EQ(first.event_type, EventType::kClick);
  EXPECT_DOUBLE_EQ(first.cost, 0.5);
  EXPECT_TRUE(IsMissing(first.page_views));
  EXPECT_EQ(first.origin.line, 2);
  EXPECT_EQ(first.origin.file, 0);
  const Touchpoint& second = dataset.touchpoints[1];
  EXPECT_EQ(second.timestamp, kMarchFirst10h);  // 12:00 at +02:00
  EXPECT_EQ(second.event_type, EventType::kSession);
  EXPECT_EQ(second.imputed & kImputedEventType, kImputedEventType);
  EXPECT_TRUE(IsMissing(second.cost));
  EXPECT_EQ(dataset.str(second.utm_source), "facebook");
  EXPECT_EQ(dataset.touchpoints[2].timestamp, kMarchFirst10h);  // Unix seconds
  EXPECT_EQ(dataset.touchpoints[2].event_type, EventType::kImpression);
  EXPECT_EQ(dataset.touchpoints[2].utm_campaign, first.utm_campaign);  // interned once
}

TEST(IngestCsvTest, HeadersAreCaseInsensitiveTrimmedAndExtraColumnsIgnored) {
  Dataset dataset;
  const char text[] =
      "\xEF\xBB\xBF Order_ID ;TIMESTAMP; Revenue ;Email;shoe_size\r\n"
      "o1;2025-03-01;19.90;A@x.com;44\r\n";
  ASSERT_TRUE(ReadText(text, InputKind::kConversions, &dataset).ok());
  ASSERT_EQ(dataset.conversions.size(), 1u);
  const Conversion& row = dataset.conversions[0];
  EXPECT_EQ(dataset.str(row.order_id), "o1");
  EXPECT_DOUBLE_EQ(row.revenue, 19.90);
  EXPECT_EQ(dataset.str(row.email), "A@x.com");
  EXPECT_TRUE(IsMissing(row.cogs));  // optional column absent
  EXPECT_EQ(row.timestamp, kMarchFirst10h - 36000);
}

TEST(IngestCsvTest, EachDelimiterIsSniffed) {
  for (char delimiter : {',', ';', '\t'}) {
    std::string text = "date|campaign|sent\n2025-03-01|\"news, march\"|100\n";
    for (char& c : text) {
      if (c == '|') c = delimiter;
    }
    Dataset dataset;
    ASSERT_TRUE(ReadText(text, InputKind::kEmail, &dataset).ok()) << delimiter;
    ASSERT_EQ(dataset.email.size(), 1u) << delimiter;
    EXPECT_EQ(dataset.str(dataset.email[0].campaign), "news, march");
    EXPECT_DOUBLE_EQ(dataset.email[0].sent, 100);
    EXPECT_EQ(dataset.email[0].date, 20148);
  }
}

TEST(IngestCsvTest, ExplicitDelimiterOverridesSniffing) {
  IngestOptions options;
  options.delimiter = ';';
  Dataset dataset;
  // Sniffing would pick ',' (two of them); ';' is forced.
  ASSERT_TRUE(
      ReadText("date;campaign\n2025-03-01;a,b,c\n", InputKind::kEmail, &dataset, options)
          .ok());
  ASSERT_EQ(dataset.email.size(), 1u);
  EXPECT_EQ(dataset.str(dataset.email[0].campaign), "a,b,c");
}

TEST(IngestCsvTest, QuoteOrLineBreakDelimiterIsRefused) {
  IngestOptions options;
  options.delimiter = '"';
  Dataset dataset;
  Status status = ReadText("date,campaign\n", InputKind::kEmail, &dataset, options);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(dataset.files.empty());
}

TEST(IngestCsvTest, DefaultZoneAppliesToTimestampsWithoutOne) {
  IngestOptions options;
  auto zone = TimeZone::Make("+08:00");
  ASSERT_TRUE(zone.ok());
  options.default_zone = *zone;
  Dataset dataset;
  ASSERT_TRUE(ReadText("timestamp,user_id\n2025-03-01T18:00:00\n2025-03-01T10:00:00Z,u\n"
                       "2025-03-01T18:00:00,u\n",
                       InputKind::kTouchpoints, &dataset, options)
                  .ok());
  // Row 2 has one field (a parse error); rows 3 and 4 are both 10:00 UTC.
  ASSERT_EQ(dataset.touchpoints.size(), 2u);
  EXPECT_EQ(dataset.touchpoints[0].timestamp, kMarchFirst10h);
  EXPECT_EQ(dataset.touchpoints[1].timestamp, kMarchFirst10h);
}

TEST(IngestCsvTest, QuotedFieldsAndEmbeddedNewlinesKeepLineNumbers) {
  Dataset dataset;
  const char text[] =
      "timestamp,anonymous_id,landing_page\n"
      "2025-03-01,a1,\"/p?x=1,y=\"\"2\"\"\nsecond line\"\n"
      "bad-date,a2,/\n";
  ASSERT_TRUE(ReadText(text, InputKind::kTouchpoints, &dataset).ok());
  ASSERT_EQ(dataset.touchpoints.size(), 1u);
  EXPECT_EQ(dataset.str(dataset.touchpoints[0].landing_page),
            "/p?x=1,y=\"2\"\nsecond line");
  ASSERT_EQ(dataset.quarantine.size(), 1u);
  EXPECT_EQ(dataset.quarantine[0].origin.line, 4);  // the quoted newline advanced a line
  EXPECT_EQ(dataset.quarantine[0].column, 0);
  EXPECT_EQ(dataset.quarantine[0].raw, "bad-date,a2,/");
}

// One bad row of each kind of parse error, with its message, line and column.
struct BadRow {
  InputKind kind;
  const char* text;
  int64_t line;
  int32_t column;
  const char* message;
};

TEST(IngestCsvTest, EveryParseErrorIsQuarantinedWithItsReason) {
  const BadRow cases[] = {
      {InputKind::kConversions,
       "timestamp,order_id,user_id,revenue\n2025-03-01,o1,u1,12\n2025-03-01,o2,u1,abc\n",
       3, 3, "revenue 'abc' is not a number"},
      {InputKind::kConversions, "timestamp,order_id,user_id,revenue\n2025-03-01,o1,u1\n",
       2, -1, "row has 3 fields, the header has 4"},
      {InputKind::kConversions, "timestamp,order_id,user_id,revenue\n2025-03-01,,u1,5\n",
       2, 1, "missing required value 'order_id'"},
      {InputKind::kConversions,
       "timestamp,order_id,user_id,email,revenue\n2025-03-01,o,,,5\n", 2, 2,
       "missing required value 'user_id', 'anonymous_id' or 'email'"},
      {InputKind::kTouchpoints, "timestamp,anonymous_id\n2025-02-30T10:00:00Z,a\n", 2, 0,
       "timestamp '2025-02-30T10:00:00Z' is not a timestamp (day out of range)"},
      {InputKind::kTouchpoints,
       "timestamp,anonymous_id,event_type\n2025-03-01,a,purchase\n", 2, 2,
       "event_type 'purchase' is not one of impression, click, session, email_click"},
      {InputKind::kTouchpoints, "timestamp,anonymous_id,user_id\n2025-03-01,,\n", 2, 1,
       "missing required value 'anonymous_id' or 'user_id'"},
      {InputKind::kTouchpoints, "timestamp,anonymous_id,page_views\n2025-03-01,a,-2\n", 2,
       2, "page_views '-2' is negative"},
      {InputKind::kTouchpoints, "timestamp,anonymous_id\n2025-03-01,caf\xC3\n", 2, 1,
       "field 2 is not valid UTF-8"},
      {InputKind::kTouchpoints, "timestamp,anonymous_id\n2025-03-01,\"ab\"c\n", 2, -1,
       "text after a closing quote (a quote inside a field must be doubled)"},
      {InputKind::kTouchpoints, "timestamp,anonymous_id\n2025-03-01,\"never closed\n", 2,
       1, "a quoted field is not closed before the end of the file"},
      {InputKind::kSpend, "date,channel,cost\n2025-03-01,Paid Search,-5\n", 2, 2,
       "cost '-5' is negative"},
      {InputKind::kSpend,
       "date,channel,utm_source,utm_medium,cost\n2025-03-01,,google,,5\n", 2, 1,
       "missing required value 'channel' or 'utm_source'+'utm_medium'"},
      {InputKind::kSpend, "date,channel,cost\n03/01/2025,x,5\n", 2, 0,
       "date '03/01/2025' is not a date (expected YYYY-MM-DD)"},
      {InputKind::kDeals, "deal_id,created_at,stage\nd1,2025-03-01,maybe\n", 2, 2,
       "stage 'maybe' is not one of open, won, lost"},
      {InputKind::kDeals, "deal_id,created_at,stage,amount\nd1,2025-03-01,won,-1\n", 2, 3,
       "amount '-1' is negative"},
      {InputKind::kCosts, "period,category,amount\n2025-13,tools,5\n", 2, 0,
       "period '2025-13' is not a month (expected YYYY-MM)"},
      {InputKind::kEmail, "date,campaign,opens\n2025-03-01,news,-3\n", 2, 2,
       "opens '-3' is negative"},
      {InputKind::kLeads, "timestamp,lead_id\n2025-03-01,\n", 2, 1,
       "missing required value 'lead_id'"},
  };
  for (const BadRow& bad : cases) {
    Dataset dataset;
    Status status = ReadText(bad.text, bad.kind, &dataset);
    ASSERT_TRUE(status.ok()) << bad.text << ": " << status.ToString();
    ASSERT_EQ(dataset.quarantine.size(), 1u) << bad.text;
    const RowIssue& issue = dataset.quarantine[0];
    EXPECT_EQ(issue.rule, Rule::kParseError);
    EXPECT_EQ(issue.message, bad.message) << bad.text;
    EXPECT_EQ(issue.origin.line, bad.line) << bad.text;
    EXPECT_EQ(issue.column, bad.column) << bad.text;
    EXPECT_FALSE(issue.raw.empty());
    EXPECT_EQ(RowsAccounted(dataset, 0), dataset.files[0].rows_in) << bad.text;
  }
}

TEST(IngestCsvTest, OverLongFieldIsAParseError) {
  IngestOptions options;
  options.max_field_bytes = 10;
  Dataset dataset;
  ASSERT_TRUE(
      ReadText("timestamp,anonymous_id\n2025-03-01,abcdefghijk\n2025-03-01,short\n",
               InputKind::kTouchpoints, &dataset, options)
          .ok());
  ASSERT_EQ(dataset.quarantine.size(), 1u);
  EXPECT_EQ(dataset.quarantine[0].message, "field 2 is longer than 10 bytes");
  EXPECT_EQ(dataset.quarantine[0].column, 1);
  EXPECT_EQ(dataset.touchpoints.size(), 1u);
  EXPECT_EQ(dataset.files[0].rows_in, 2);
}

TEST(IngestCsvTest, RawIsCutToOneKilobyte) {
  Dataset dataset;
  std::string text = "timestamp,anonymous_id\nbad," + std::string(3000, 'x') + "\n";
  ASSERT_TRUE(ReadText(text, InputKind::kTouchpoints, &dataset).ok());
  ASSERT_EQ(dataset.quarantine.size(), 1u);
  EXPECT_EQ(dataset.quarantine[0].raw.size(), 1024u);
}

TEST(IngestCsvTest, SpendAcceptsSourceAndMediumInsteadOfChannel) {
  Dataset dataset;
  ASSERT_TRUE(ReadText("Date,utm_source,utm_medium,cost,impressions,clicks,tier\n"
                       "2025-03-01,google,cpc,12.5,1000,40,core\n",
                       InputKind::kSpend, &dataset)
                  .ok());
  ASSERT_EQ(dataset.spend.size(), 1u);
  EXPECT_DOUBLE_EQ(dataset.spend[0].cost, 12.5);
  EXPECT_DOUBLE_EQ(dataset.spend[0].clicks, 40);
  EXPECT_EQ(dataset.spend[0].channel, kEmptyString);
  EXPECT_EQ(dataset.str(dataset.spend[0].tier), "core");
}

TEST(IngestCsvTest, DealsCostsLeadsAndRefunds) {
  Dataset dataset;
  ASSERT_TRUE(ReadText("deal_id,lead_id,created_at,closed_at,stage,amount\n"
                       "d1,l1,2025-03-01,2025-03-02,Closed Won,1000\n"
                       "d2,l2,2025-03-01,,open,\n",
                       InputKind::kDeals, &dataset)
                  .ok());
  ASSERT_EQ(dataset.deals.size(), 2u);
  EXPECT_EQ(dataset.deals[0].stage, DealStage::kWon);
  EXPECT_EQ(dataset.deals[0].closed_at, kMarchFirst10h - 36000 + 86400);
  EXPECT_EQ(dataset.deals[1].closed_at, kNoTime);
  EXPECT_TRUE(IsMissing(dataset.deals[1].amount));
  ASSERT_TRUE(ReadText("period,category,amount,channel\n2025-03,personnel,5000,\n",
                       InputKind::kCosts, &dataset)
                  .ok());
  ASSERT_EQ(dataset.costs.size(), 1u);
  EXPECT_EQ(dataset.costs[0].month, 2025 * 12 + 2);
  EXPECT_EQ(dataset.costs[0].origin.file, 1);
  ASSERT_TRUE(ReadText("timestamp,lead_id,email,form\n2025-03-01,l1,a@x.com,demo\n",
                       InputKind::kLeads, &dataset)
                  .ok());
  ASSERT_EQ(dataset.leads.size(), 1u);
  EXPECT_EQ(dataset.str(dataset.leads[0].form), "demo");
  // A refund (negative revenue) is kept for the cleaner to net.
  ASSERT_TRUE(ReadText("timestamp,order_id,user_id,revenue,gross_profit\n"
                       "2025-03-01,o1,u1,-20,-5\n",
                       InputKind::kConversions, &dataset)
                  .ok());
  ASSERT_EQ(dataset.conversions.size(), 1u);
  EXPECT_DOUBLE_EQ(dataset.conversions[0].revenue, -20);
  EXPECT_DOUBLE_EQ(dataset.conversions[0].gross_profit, -5);
  EXPECT_EQ(dataset.files.size(), 4u);
}

// Whole-file errors: the status names the file (and the column), nothing is added.
TEST(IngestCsvTest, WholeFileErrors) {
  struct Case {
    InputKind kind;
    std::string text;
    const char* expected;
  };
  const Case cases[] = {
      {InputKind::kTouchpoints, "", "t.csv: file is empty"},
      {InputKind::kTouchpoints, "\n\n", "t.csv: file is empty (no header)"},
      {InputKind::kTouchpoints, "anonymous_id,utm_source\na,b\n",
       "t.csv: missing required column 'timestamp'"},
      {InputKind::kTouchpoints, "timestamp,email\n2025-03-01,a@b\n",
       "t.csv: missing required column 'anonymous_id' or 'user_id'"},
      {InputKind::kSpend, "date,utm_source,cost\n",
       "t.csv: missing required column 'channel' or "
       "'utm_source+utm_medium'"},
      {InputKind::kConversions, "timestamp,order_id,revenue\n",
       "t.csv: missing required column 'user_id' or 'anonymous_id' or 'email'"},
      {InputKind::kTouchpoints, std::string("\xFF\xFEt\0i\0", 6),
       "t.csv: file is UTF-16"},
      {InputKind::kTouchpoints, std::string("\x01\x02\0\x03", 4),
       "t.csv: file is binary"},
      {InputKind::kTouchpoints, "timestamp,\xC3(bad\n", "t.csv: file is not UTF-8"},
  };
  for (const Case& test_case : cases) {
    Dataset dataset;
    Status status =
        ReadText(test_case.text, test_case.kind, &dataset, IngestOptions(), "t.csv");
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << test_case.text;
    EXPECT_EQ(status.message().rfind(test_case.expected, 0), 0u)
        << status.message() << " vs " << test_case.expected;
    EXPECT_TRUE(dataset.files.empty());
  }
}

TEST(IngestCsvTest, HeaderOnlyFileIsFineWithZeroRows) {
  Dataset dataset;
  ASSERT_TRUE(
      ReadText("timestamp,anonymous_id\n", InputKind::kTouchpoints, &dataset).ok());
  ASSERT_EQ(dataset.files.size(), 1u);
  EXPECT_EQ(dataset.files[0].rows_in, 0);
}

TEST(IngestCsvTest, MissingFileIsNotFound) {
  Dataset dataset;
  Status status = ReadInput({"/nonexistent/touchpoints.csv", InputKind::kTouchpoints},
                            IngestOptions(), &dataset);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("/nonexistent/touchpoints.csv"), std::string::npos);
  EXPECT_TRUE(dataset.files.empty());
}

// Gzip helpers: write `text` compressed to `path` with zlib's gz* API.
void WriteGzip(const std::string& path, std::string_view text) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

class IngestFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mroi_ingest_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

TEST_F(IngestFileTest, GzipIsInflatedWhileStreaming) {
  std::string text = "timestamp,anonymous_id,utm_source\n";
  for (int row = 0; row < 5000; ++row) {
    text += "2025-03-01T10:00:00Z,a" + std::to_string(row % 97) + ",google\n";
  }
  WriteGzip(Path("touchpoints.csv.gz"), text);
  IngestOptions options;
  options.read_block_bytes = 1000;  // many blocks of compressed input
  int64_t progress_calls = 0;
  int64_t last_position = 0;
  options.progress = [&](int64_t position, int64_t total) {
    ++progress_calls;
    last_position = position;
    EXPECT_GT(total, 0);
  };
  Dataset dataset;
  Status status =
      ReadInput({Path("touchpoints.csv.gz"), InputKind::kTouchpoints}, options, &dataset);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(dataset.touchpoints.size(), 5000u);
  EXPECT_EQ(dataset.files[0].rows_in, 5000);
  EXPECT_EQ(dataset.touchpoints[4999].origin.line, 5001);
  EXPECT_GT(progress_calls, 10);
  EXPECT_EQ(last_position,
            static_cast<int64_t>(std::filesystem::file_size(Path("touchpoints.csv.gz"))));
  // The same bytes from memory give the same rows.
  Dataset from_memory;
  const std::string compressed = ReadBytes(Path("touchpoints.csv.gz"));
  ASSERT_TRUE(ReadText(compressed, InputKind::kTouchpoints, &from_memory, IngestOptions(),
                       "t.csv.gz")
                  .ok());
  EXPECT_EQ(from_memory.touchpoints.size(), 5000u);
}

TEST_F(IngestFileTest, BadGzipIsAWholeFileError) {
  std::ofstream(Path("touchpoints.csv.gz")) << "timestamp,anonymous_id\n2025-03-01,a\n";
  Dataset dataset;
  Status status = ReadInput({Path("touchpoints.csv.gz"), InputKind::kTouchpoints},
                            IngestOptions(), &dataset);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("not a gzip file"), std::string::npos)
      << status.message();
  // A gzip cut in the middle: the rows read before the cut are rolled back.
  std::string text = "timestamp,anonymous_id\n";
  for (int row = 0; row < 20000; ++row) {
    text += "2025-03-01T10:00:00Z,a" + std::to_string(row) + "\n";
  }
  WriteGzip(Path("full.csv.gz"), text);
  std::string compressed = ReadBytes(Path("full.csv.gz"));
  compressed.resize(compressed.size() / 2);
  IngestOptions options;
  options.read_block_bytes = 4096;
  status = ReadText(compressed, InputKind::kTouchpoints, &dataset, options, "cut.csv.gz");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("truncated"), std::string::npos) << status.message();
  EXPECT_TRUE(dataset.touchpoints.empty());
  EXPECT_TRUE(dataset.files.empty());
  // Corrupt bytes in the middle of the stream.
  std::string corrupt = ReadBytes(Path("full.csv.gz"));
  for (size_t pos = corrupt.size() / 3; pos < corrupt.size() / 3 + 64; ++pos) {
    corrupt[pos] ^= 0x5A;
  }
  status = ReadText(corrupt, InputKind::kTouchpoints, &dataset, options, "bad.csv.gz");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_TRUE(dataset.touchpoints.empty());
}

TEST(IngestCsvTest, WholeFileErrorRollsBackOnlyThatFile) {
  Dataset dataset;
  ASSERT_TRUE(ReadText(kTouchpoints, InputKind::kTouchpoints, &dataset).ok());
  ASSERT_TRUE(
      ReadText("timestamp,anonymous_id\nbad,a\n", InputKind::kTouchpoints, &dataset)
          .ok());
  const size_t strings = static_cast<size_t>(dataset.strings.size());
  Status status =
      ReadText("timestamp,order_id,user_id\n", InputKind::kConversions, &dataset);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("'revenue'"), std::string::npos) << status.message();
  EXPECT_EQ(dataset.files.size(), 2u);
  EXPECT_EQ(dataset.touchpoints.size(), 3u);
  EXPECT_EQ(dataset.quarantine.size(), 1u);
  EXPECT_GE(static_cast<size_t>(dataset.strings.size()), strings);
}

TEST(IngestCsvTest, TinyBlocksGiveIdenticalResults) {
  std::string text =
      "\xEF\xBB\xBFtimestamp;anonymous_id;landing_page;cost\r\n"
      "2025-03-01T10:00:00Z;a1;\"/x;\r\ny\";1.5\r\n"
      "2025-03-01T10:00:00.5+01:00;a2;/;\r\n"
      "\r\n"
      "nope;a3;/;1\r\n"
      "2025-03-01;\"a\"\"4\";\"\";-1\r\n"
      "2025-03-01;a5;/;";  // no final line end
  Dataset big;
  ASSERT_TRUE(ReadText(text, InputKind::kTouchpoints, &big).ok());
  ASSERT_EQ(big.touchpoints.size(), 3u);
  ASSERT_EQ(big.quarantine.size(), 2u);
  EXPECT_EQ(big.files[0].rows_in, 5);
  for (size_t block : {1, 2, 3, 7, 13}) {
    IngestOptions options;
    options.read_block_bytes = block;
    Dataset small;
    ASSERT_TRUE(ReadText(text, InputKind::kTouchpoints, &small, options).ok()) << block;
    ASSERT_EQ(small.touchpoints.size(), big.touchpoints.size()) << block;
    for (size_t idx = 0; idx < big.touchpoints.size(); ++idx) {
      EXPECT_EQ(small.touchpoints[idx].timestamp, big.touchpoints[idx].timestamp);
      EXPECT_EQ(small.touchpoints[idx].origin.line, big.touchpoints[idx].origin.line);
      EXPECT_EQ(small.str(small.touchpoints[idx].landing_page),
                big.str(big.touchpoints[idx].landing_page));
      EXPECT_EQ(small.str(small.touchpoints[idx].anonymous_id),
                big.str(big.touchpoints[idx].anonymous_id));
    }
    ASSERT_EQ(small.quarantine.size(), big.quarantine.size()) << block;
    for (size_t idx = 0; idx < big.quarantine.size(); ++idx) {
      EXPECT_EQ(small.quarantine[idx].message, big.quarantine[idx].message);
      EXPECT_EQ(small.quarantine[idx].origin.line, big.quarantine[idx].origin.line);
      EXPECT_EQ(small.quarantine[idx].raw, big.quarantine[idx].raw);
    }
  }
  // Lines: the landing page spans lines 2-3, line 5 is blank.
  EXPECT_EQ(big.touchpoints[1].origin.line, 4);
  EXPECT_EQ(big.quarantine[0].origin.line, 6);
  EXPECT_EQ(big.quarantine[1].origin.line, 7);
  EXPECT_EQ(big.quarantine[1].message, "cost '-1' is negative");
  EXPECT_EQ(big.str(big.touchpoints[0].landing_page), "/x;\r\ny");
  EXPECT_EQ(big.touchpoints[1].timestamp, kMarchFirst10h - 3600);
}

}  // namespace
}  // namespace mroi
