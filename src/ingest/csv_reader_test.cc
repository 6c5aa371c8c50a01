#include "ingest/csv_reader.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace mroi::internal {
namespace {

struct Parsed {
  std::vector<std::string> fields;
  int64_t line = 0;
  std::string raw;
  bool unclosed_quote = false;
  bool stray_quote = false;
  bool too_long = false;
};

std::vector<Parsed> ReadAll(std::string_view text, size_t block_bytes = 1 << 16,
                            size_t max_record = 1 << 20, char delimiter = ',') {
  auto source = NewMemorySource(text);
  CsvReader reader(source.get(), block_bytes, max_record, {});
  reader.set_delimiter(delimiter);
  std::vector<Parsed> out;
  CsvRecord record;
  while (true) {
    auto more = reader.Next(&record);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    Parsed parsed;
    for (auto field : record.fields) parsed.fields.emplace_back(field);
    parsed.line = record.line;
    parsed.raw = std::string(record.raw);
    parsed.unclosed_quote = record.unclosed_quote;
    parsed.stray_quote = record.stray_quote;
    parsed.too_long = record.too_long;
    out.push_back(parsed);
  }
  return out;
}

TEST(CsvReaderTest, SplitsPlainRecords) {
  auto records = ReadAll("a,b,c\n1,2,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].raw, "1,2,3");
}

TEST(CsvReaderTest, QuotedFieldsWithEscapesAndEmbeddedNewlines) {
  // Record 2 starts on line 2 and spans lines 2-3; record 3 starts on line 4.
  auto records = ReadAll("h1,h2\n\"say \"\"hi\"\"\",\"two\nlines\"\nx,\"\"\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"say \"hi\"", "two\nlines"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"x", ""}));
  EXPECT_EQ(records[2].line, 4);
}

TEST(CsvReaderTest, CrlfLineEndsAreStripped) {
  auto records = ReadAll("a,b\r\n1,\"2\"\r\n3,4");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(records[1].raw, "1,\"2\"");
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(records[2].line, 3);
}

TEST(CsvReaderTest, BlankLinesAreSkippedButCounted) {
  auto records = ReadAll("a\n\n1\r\n\r\n2\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].line, 3);  // line 2 is blank
  EXPECT_EQ(records[2].line, 5);  // line 4 is blank
}

TEST(CsvReaderTest, DelimiterIsConfigurable) {
  auto records = ReadAll("a\tb;c\n", 64, 1 << 20, '\t');
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b;c"}));
}

TEST(CsvReaderTest, UnclosedQuoteRunsToEndAndIsFlagged) {
  auto records = ReadAll("a,b\n1,\"open\n2,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[1].unclosed_quote);
  EXPECT_EQ(records[1].fields[1], "open\n2,3\n");
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsFlagged) {
  auto records = ReadAll("\"ab\"c,d\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].stray_quote);
  EXPECT_EQ(records[0].fields[0], "abc");
}

TEST(CsvReaderTest, TinyBlocksGiveTheSameRecords) {
  const std::string text =
      "id,note,value\r\n1,\"multi\r\nline, with "
      "comma\",3.5\r\n2,\"q\"\"q\",\r\n\n3,plain,7\n"
      "4,\"\",\"\"\"\"\n";
  auto big = ReadAll(text);
  for (size_t block = 1; block <= 9; ++block) {
    auto small = ReadAll(text, block);
    ASSERT_EQ(small.size(), big.size()) << "block " << block;
    for (size_t idx = 0; idx < big.size(); ++idx) {
      EXPECT_EQ(small[idx].fields, big[idx].fields)
          << "block " << block << " record " << idx;
      EXPECT_EQ(small[idx].line, big[idx].line) << "block " << block << " record " << idx;
      EXPECT_EQ(small[idx].raw, big[idx].raw) << "block " << block << " record " << idx;
    }
  }
  ASSERT_EQ(big.size(), 5u);
  EXPECT_EQ(big[1].fields[1], "multi\r\nline, with comma");
  EXPECT_EQ(big[3].line, 6);  // line 5 is blank
  EXPECT_EQ(big[4].fields, (std::vector<std::string>{"4", "", "\""}));
}

TEST(CsvReaderTest, OverLongRecordIsCutAndReadingResumes) {
  std::string text = "a\n\"" + std::string(5000, 'x') + "\n";  // unclosed quote
  text += "next\n";
  auto records = ReadAll(text, 64, /*max_record=*/1000);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_TRUE(records[1].too_long);
  EXPECT_EQ(records[1].line, 2);
  // The raw text is what was buffered when the limit was hit: over 1000 bytes, at most 1
  // KiB.
  EXPECT_GT(records[1].raw.size(), 1000u);
  EXPECT_LE(records[1].raw.size(), 1024u);
  EXPECT_EQ(records[1].raw.substr(0, 3), "\"xx");
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"next"}));
  EXPECT_EQ(records[2].line, 3);
}

TEST(CsvReaderTest, FieldEndsAreFoundAtEveryOffsetOfAWord) {
  // The unquoted-field scan looks at eight bytes at a time: put the delimiter and
  // the line end at every offset 0..19, with bytes that differ from ',' and '\n'
  // by one bit (\x2D '-', \x0B) and high bytes around them.
  for (size_t width = 0; width < 20; ++width) {
    std::string field;
    for (size_t idx = 0; idx < width; ++idx) field.push_back("-\x0B\xC3\xA9x"[idx % 5]);
    const std::string text = field + "," + field + ";" + field + "\n" + field + "\n";
    for (char delimiter : {',', ';'}) {
      const auto records = ReadAll(text, 1 << 16, 1 << 20, delimiter);
      ASSERT_EQ(records.size(), field.empty() ? 1u : 2u) << width;
      ASSERT_EQ(records[0].fields.size(), 2u) << width;
      EXPECT_EQ(records[0].fields[0], delimiter == ',' ? field : field + "," + field);
      EXPECT_EQ(records[0].fields[1], delimiter == ',' ? field + ";" + field : field);
      if (!field.empty()) {
        EXPECT_EQ(records[1].fields, std::vector<std::string>{field});
        EXPECT_EQ(records[1].line, 2);
      }
    }
  }
}

}  // namespace
}  // namespace mroi::internal
