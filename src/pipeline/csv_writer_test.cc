#include "csv_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace mroi::internal {
namespace {

TEST(CsvWriterTest, QuotesOnlyWhatNeedsIt) {
  std::string path = ::testing::TempDir() + "mroi_writer_test.csv";
  CsvWriter out;
  ASSERT_TRUE(CsvWriter::Open(path, &out).ok());
  out.Field("plain");
  out.Field("a,b");
  out.Field("say \"hi\"");
  out.Field("two\nlines");
  out.EndRow();
  out.Field(1.5);
  out.Field(std::numeric_limits<double>::quiet_NaN());
  out.Field(int64_t{42});
  out.EndRow();
  ASSERT_TRUE(out.Close().ok());
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  EXPECT_EQ(text.str(), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n1.5,,42\n");
}

TEST(CsvWriterTest, UnwritablePathIsAnIoError) {
  CsvWriter out;
  Status status = CsvWriter::Open("/nonexistent-dir/x.csv", &out);
  EXPECT_EQ(status.code(), StatusCode::kIOError);
  EXPECT_NE(status.message().find("/nonexistent-dir/x.csv"), std::string::npos);
}

}  // namespace
}  // namespace mroi::internal
