#include <string>

#include <gtest/gtest.h>

#include "mroi/ingest.h"

#include "ingest/ingest_test_util.h"

namespace mroi {
namespace {

using testing_util::ReadText;
using testing_util::RowsAccounted;

// 2025-03-01T10:00:00Z.
constexpr UnixSeconds kMarchFirst10h = 1740823200;

TEST(IngestJsonlTest, ReadsObjectsWithNumbersOrStrings) {
  const char text[] =
      "{\"Timestamp\": \"2025-03-01T10:00:00Z\", \"order_id\": \"o1\", \"user_id\": "
      "\"u1\", "
      "\"revenue\": 19.5, \"cogs\": \"7\", \"extra\": [1, 2]}\n"
      "\n"
      "{\"timestamp\": 1740823200, \"order_id\": 42, \"email\": \"a@x.com\", "
      "\"revenue\": \"-3\"}\r\n";
  Dataset dataset;
  ASSERT_TRUE(
      ReadText(text, InputKind::kConversions, &dataset, IngestOptions(), "c.jsonl").ok());
  ASSERT_EQ(dataset.conversions.size(), 2u);
  EXPECT_TRUE(dataset.quarantine.empty());
  EXPECT_EQ(dataset.files[0].rows_in, 2);
  const Conversion& first = dataset.conversions[0];
  EXPECT_EQ(first.timestamp, kMarchFirst10h);
  EXPECT_DOUBLE_EQ(first.revenue, 19.5);
  EXPECT_DOUBLE_EQ(first.cogs, 7);
  EXPECT_EQ(first.origin.line, 1);
  const Conversion& second = dataset.conversions[1];
  EXPECT_EQ(second.timestamp, kMarchFirst10h);
  EXPECT_EQ(dataset.str(second.order_id), "42");
  EXPECT_DOUBLE_EQ(second.revenue, -3);
  EXPECT_EQ(second.origin.line, 3);  // line 2 is blank
}

TEST(IngestJsonlTest, BadLinesAreParseErrors) {
  const char text[] =
      "{\"timestamp\": \"2025-03-01\", \"anonymous_id\": \"a\"}\n"
      "{\"timestamp\": \"2025-03-01\", \"anonymous_id\": \"a\"\n"
      "[1, 2]\n"
      "{\"timestamp\": \"2025-03-01\", \"anonymous_id\": {\"nested\": 1}}\n"
      "{\"timestamp\": \"2025-03-01\"}\n"
      "{\"timestamp\": \"2025-03-01\", \"anonymous_id\": \"a\", \"cost\": \"x\"}\n"
      "{\"timestamp\": \"2025-03-01\", \"anonymous_id\": \"caf\xC3\"}\n";
  Dataset dataset;
  ASSERT_TRUE(
      ReadText(text, InputKind::kTouchpoints, &dataset, IngestOptions(), "t.ndjson")
          .ok());
  EXPECT_EQ(dataset.touchpoints.size(), 1u);
  ASSERT_EQ(dataset.quarantine.size(), 6u);
  const char* messages[] = {
      "line is not valid JSON",
      "line is not a JSON object",
      "anonymous_id is not a string or a number",
      "missing required value 'anonymous_id' or 'user_id'",
      "cost 'x' is not a number",
      "line is not valid UTF-8",
  };
  for (size_t idx = 0; idx < 6; ++idx) {
    EXPECT_EQ(dataset.quarantine[idx].message, messages[idx]);
    EXPECT_EQ(dataset.quarantine[idx].origin.line, static_cast<int64_t>(idx + 2));
    EXPECT_EQ(dataset.quarantine[idx].rule, Rule::kParseError);
  }
  EXPECT_EQ(dataset.files[0].rows_in, 7);
  EXPECT_EQ(RowsAccounted(dataset, 0), 7);
}

TEST(IngestJsonlTest, TinyBlocksGiveIdenticalResults) {
  std::string text;
  for (int row = 0; row < 50; ++row) {
    text += "{\"date\": \"2025-03-01\", \"campaign\": \"c" + std::to_string(row) +
            "\", \"sent\": " + std::to_string(row * 10) + "}\n";
  }
  text += "{\"date\": \"2025-03-01\", \"campaign\": \"broken\"";  // no line end, bad JSON
  for (size_t block : {size_t{7}, size_t{1} << 20}) {
    IngestOptions options;
    options.read_block_bytes = block;
    Dataset dataset;
    ASSERT_TRUE(ReadText(text, InputKind::kEmail, &dataset, options, "e.jsonl").ok());
    ASSERT_EQ(dataset.email.size(), 50u);
    EXPECT_DOUBLE_EQ(dataset.email[49].sent, 490);
    EXPECT_EQ(dataset.email[49].origin.line, 50);
    ASSERT_EQ(dataset.quarantine.size(), 1u);
    EXPECT_EQ(dataset.quarantine[0].origin.line, 51);
  }
}

TEST(IngestJsonlTest, EmptyOrUtf16IsAWholeFileError) {
  Dataset dataset;
  EXPECT_EQ(
      ReadText("", InputKind::kTouchpoints, &dataset, IngestOptions(), "t.jsonl").code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadText(std::string("\xFE\xFF\0{", 4), InputKind::kTouchpoints, &dataset,
                     IngestOptions(), "t.jsonl")
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(dataset.files.empty());
}

TEST(IngestGoalsTest, ReadsArrayOrObjectWithDefaults) {
  const char text[] = R"([
    {"metric": "revenue", "target": 100000, "period": {"start": "2025-01-01", "end": "2025-03-31"},
     "scope": "channel:Paid Search", "direction": "increase"},
    {"Metric": "cac", "target": "45.5", "start": "2025-01-01", "end": "2025-06-30",
     "Direction": "DECREASE"}
  ])";
  Dataset dataset;
  Status status =
      ReadText(text, InputKind::kGoals, &dataset, IngestOptions(), "goals.json");
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(dataset.goals.size(), 2u);
  EXPECT_EQ(dataset.goals[0].metric, "revenue");
  EXPECT_DOUBLE_EQ(dataset.goals[0].target, 100000);
  EXPECT_EQ(dataset.goals[0].start, 20089);  // 2025-01-01
  EXPECT_EQ(dataset.goals[0].end, 20178);    // 2025-03-31 = 20089 + 89
  EXPECT_EQ(dataset.goals[0].scope, "channel:Paid Search");
  EXPECT_EQ(dataset.goals[1].scope, "all");
  EXPECT_EQ(dataset.goals[1].direction, "decrease");
  EXPECT_DOUBLE_EQ(dataset.goals[1].target, 45.5);
  EXPECT_EQ(dataset.goals[1].origin.line, 2);  // the goal's 1-based index
  EXPECT_EQ(dataset.files[0].rows_in, 2);
  EXPECT_EQ(RowsAccounted(dataset, 0), 2);

  Dataset wrapped;
  ASSERT_TRUE(
      ReadText(R"({"goals": [{"metric": "leads", "target": 10, "start": "2025-01-01",
                                      "end": "2025-01-31"}]})",
               InputKind::kGoals, &wrapped, IngestOptions(), "goals.json")
          .ok());
  ASSERT_EQ(wrapped.goals.size(), 1u);
  EXPECT_EQ(wrapped.goals[0].direction, "increase");
}

TEST(IngestGoalsTest, ABadDocumentIsAWholeFileError) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"[{\"metric\": \"revenue\"", "goals.json: is not valid JSON"},
      {"{\"objectives\": []}", "goals.json: expected an array of goals"},
      {"", "goals.json: file is empty"},
  };
  for (const Case& test_case : cases) {
    Dataset dataset;
    Status status = ReadText(test_case.text, InputKind::kGoals, &dataset, IngestOptions(),
                             "goals.json");
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << test_case.text;
    EXPECT_EQ(status.message().rfind(test_case.expected, 0), 0u) << status.message();
    EXPECT_TRUE(dataset.goals.empty());
    EXPECT_TRUE(dataset.files.empty());
  }
}

TEST(IngestGoalsTest, ABadGoalIsAQuarantinedRow) {
  struct Case {
    const char* goal;
    const char* expected;
  };
  const Case cases[] = {
      {"{\"target\": 1, \"start\": \"2025-01-01\", \"end\": \"2025-01-02\"}",
       "goal 2: 'metric' is missing"},
      {"{\"metric\": \"m\", \"target\": \"lots\", \"start\": \"2025-01-01\", \"end\": "
       "\"2025-01-02\"}",
       "goal 2: 'target' is not a number"},
      {"{\"metric\": \"m\", \"target\": 1, \"start\": \"2025-01-05\", \"end\": "
       "\"2025-01-02\"}",
       "goal 2: 'end' is before 'start'"},
      {"{\"metric\": \"m\", \"target\": 1, \"period\": {\"start\": \"2025-01-01\"}}",
       "goal 2: 'end' is missing"},
      {"{\"metric\": \"m\", \"target\": 1, \"start\": \"2025-01-01\", \"end\": "
       "\"2025-02-01\", \"scope\": \"region:eu\"}",
       "goal 2: 'scope' 'region:eu' is not all"},
      {"{\"metric\": \"m\", \"target\": 1, \"start\": \"2025-01-01\", \"end\": "
       "\"2025-02-01\", \"direction\": \"sideways\"}",
       "goal 2: 'direction' 'sideways' is not increase or decrease"},
      {"42", "goal 2: is not a JSON object"},
  };
  const std::string good =
      "{\"metric\": \"revenue\", \"target\": 5, \"start\": \"2025-01-01\", "
      "\"end\": \"2025-01-31\"}";
  for (const Case& test_case : cases) {
    Dataset dataset;
    const std::string text = "[" + good + ", " + test_case.goal + "]";
    ASSERT_TRUE(ReadText(text, InputKind::kGoals, &dataset, IngestOptions(), "goals.json").ok())
        << text;
    ASSERT_EQ(dataset.goals.size(), 1u);
    EXPECT_EQ(dataset.goals[0].metric, "revenue");
    ASSERT_EQ(dataset.quarantine.size(), 1u);
    const RowIssue& issue = dataset.quarantine[0];
    EXPECT_EQ(issue.rule, Rule::kParseError);
    EXPECT_EQ(issue.origin.line, 2);
    EXPECT_EQ(issue.message.rfind(test_case.expected, 0), 0u) << issue.message;
    EXPECT_EQ(dataset.files[0].rows_in, 2);
    EXPECT_EQ(RowsAccounted(dataset, 0), 2);
  }
}


TEST(IngestFormatTest, JsonDocumentsAreOnlyForGoals) {
  Dataset dataset;
  Status status =
      ReadText("[]", InputKind::kTouchpoints, &dataset, IngestOptions(), "t.json");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("JSON Lines"), std::string::npos);
  // An explicit format wins over the name.
  ASSERT_TRUE(ReadInputFromMemory(
                  "data.txt", "{\"date\":\"2025-03-01\",\"campaign\":\"c\"}\n",
                  InputKind::kEmail, InputFormat::kJsonl, IngestOptions(), &dataset)
                  .ok());
  EXPECT_EQ(dataset.email.size(), 1u);
}

}  // namespace
}  // namespace mroi
