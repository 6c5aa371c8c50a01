// Workspace tests, run on SQLite and (when the ctest fixture started one) PostgreSQL:
// create/open, the round trip of every kind, re-import, all-or-nothing, uploads,
// SQL-looking text and bad database URLs.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "mroi/store.h"
#include "store/row_codec.h"
#include "store/store_test_util.h"

namespace mroi {
namespace {

using testing_store::TempDir;
using testing_store::WriteFile;

constexpr char kSqlLooking[] = "'; DROP TABLE imports; --";

// A test database name from the running test's name ("mroi_t_..." in [a-z0-9_]).
std::string DatabaseNameForTest() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = fmt::format("mroi_t_{}_{}", info->test_suite_name(), info->name());
  for (char& c : name) {
    c = std::isalnum(static_cast<unsigned char>(c)) != 0
            ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
            : '_';
  }
  return name.substr(0, 60);
}

// The input files of every kind, with missing values, a bad row and SQL-looking text.
struct InputFiles {
  std::vector<InputSpec> specs;
};

InputFiles WriteEveryKind(const std::string& dir) {
  InputFiles files;
  auto add = [&](const char* name, InputKind kind, const std::string& text) {
    const std::string path = dir + "/" + name;
    WriteFile(path, text);
    files.specs.push_back({path, kind});
  };
  add("touchpoints.csv", InputKind::kTouchpoints,
      "timestamp,anonymous_id,user_id,email,event_type,utm_source,utm_medium,utm_campaign,"
      "utm_content,utm_term,referrer,landing_page,user_agent,ip,page_views,duration_s,cost\n"
      "2025-03-01T10:00:00Z,a1,,,session,google,cpc,spring,,,,/home,Mozilla/5.0 Chrome/120.0,"
      "10.0.0.1,3,40.5,\n"
      "2025-03-01T10:05:00Z,a2,u2,x@y.com,,\"" +
          std::string(kSqlLooking) +
          "\",email,,,,,,Mozilla/5.0 Firefox,10.0.0.2,,,0.25\n"
          "not-a-time,a3,,,session,google,cpc,,,,,,,,,,\n");
  add("conversions.csv", InputKind::kConversions,
      "timestamp,order_id,user_id,anonymous_id,email,revenue,cogs,gross_profit,currency\n"
      "2025-03-02T09:00:00Z,o1,u2,,,120.5,,,EUR\n"
      "2025-03-03T09:00:00Z,o2,,a1,,80,30,50,\n");
  add("leads.csv", InputKind::kLeads,
      "timestamp,lead_id,email,anonymous_id,user_id,form,utm_source,utm_medium,utm_campaign,"
      "utm_content,utm_term\n"
      "2025-03-01T11:00:00Z,l1,x@y.com,a2,,demo,google,cpc,spring,,\n");
  add("deals.csv", InputKind::kDeals,
      "deal_id,lead_id,email,user_id,created_at,closed_at,stage,amount,cogs\n"
      "d1,l1,x@y.com,,2025-03-02T00:00:00Z,,open,,\n"
      "d2,l1,,u2,2025-03-02T00:00:00Z,2025-03-05T00:00:00Z,won,5000,1000\n");
  add("spend.csv", InputKind::kSpend,
      "date,channel,utm_source,utm_medium,campaign,cost,impressions,clicks,cost_type,tier\n"
      "2025-03-01,Paid Search,google,cpc,spring,100.25,1000,,media,core\n");
  add("costs.csv", InputKind::kCosts, "period,category,amount,channel\n2025-03,tools,500,\n");
  add("email.csv", InputKind::kEmail,
      "date,campaign,sent,delivered,opens,clicks,unsubscribes,bounces\n"
      "2025-03-01,newsletter,1000,990,300,,2,10\n");
  add("goals.json", InputKind::kGoals,
      R"([{"metric": "revenue", "target": 100000, "start": "2025-01-01", "end": "2025-03-31",
           "scope": "channel:Paid Search"}])");
  return files;
}

std::string Render(const internal::Param& param) {
  switch (param.type) {
    case internal::Param::Type::kNull: return "NULL";
    case internal::Param::Type::kInt: return fmt::format("{}", param.integer);
    case internal::Param::Type::kDouble: return fmt::format("{}", param.number);
    case internal::Param::Type::kText:
    case internal::Param::Type::kBlob: return fmt::format("'{}'", param.text);
  }
  return "?";
}

// Every record, issue and file of `dataset` as text, one line each (file base names).
std::string Dump(const Dataset& dataset) {
  std::string out;
  for (const InputFileInfo& file : dataset.files) {
    out += fmt::format("file {} {} {}\n", std::filesystem::path(file.path).filename().string(),
                       InputKindName(file.kind), file.rows_in);
  }
  for (int kind_idx = 0; kind_idx < kNumInputKinds; ++kind_idx) {
    const auto kind = static_cast<InputKind>(kind_idx);
    for (size_t row = 0; row < internal::RecordCount(dataset, kind); ++row) {
      std::vector<internal::Param> params;
      internal::RowWriter writer(&params);
      internal::WriteRecord(dataset, kind, row, &writer);
      const RowOrigin origin = internal::RecordOrigin(dataset, kind, row);
      out += fmt::format("{} file={} line={}:", InputKindName(kind), origin.file, origin.line);
      for (const auto& param : params) out += " " + Render(param);
      out += "\n";
    }
  }
  for (const RowIssue& issue : dataset.quarantine) {
    out += fmt::format("issue file={} line={} {} col={} '{}' '{}'\n", issue.origin.file,
                       issue.origin.line, RuleName(issue.rule), issue.column, issue.message,
                       issue.raw);
  }
  return out;
}

class WorkspaceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      auto url = testing_store::FreshPostgresDatabase(DatabaseNameForTest());
      if (!url.ok()) GTEST_SKIP() << "PostgreSQL tests skipped: " << url.status().message();
      create_options_.database = *url;
    }
    workspace_dir_ = dir_.path() + "/ws";
  }

  std::unique_ptr<Workspace> CreateWorkspace() {
    auto workspace = Workspace::Create(workspace_dir_, create_options_);
    EXPECT_TRUE(workspace.ok()) << workspace.status().ToString();
    return workspace.ok() ? std::move(*workspace) : nullptr;
  }

  TempDir dir_;
  std::string workspace_dir_;
  WorkspaceCreateOptions create_options_;
};

TEST_P(WorkspaceTest, CreatesThenOpensAtTheCurrentSchema) {
  auto workspace = CreateWorkspace();
  ASSERT_NE(workspace, nullptr);
  EXPECT_EQ(*workspace->SchemaVersion(), kSchemaVersion);
  EXPECT_TRUE(workspace->Imports()->empty());
  EXPECT_EQ(*workspace->DataVersion(), 0);
  EXPECT_TRUE(std::filesystem::exists(workspace_dir_ + "/mroi-workspace.json"));
  if (GetParam() == "sqlite") {
    EXPECT_TRUE(std::filesystem::exists(workspace_dir_ + "/workspace.db"));
    EXPECT_EQ(workspace->database(), "sqlite:workspace.db");
  }
  workspace.reset();

  auto again = Workspace::Create(workspace_dir_, create_options_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kInvalidArgument);

  auto reopened = Workspace::Open(workspace_dir_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(*(*reopened)->SchemaVersion(), kSchemaVersion);
}

TEST_P(WorkspaceTest, OpenOfAPlainFolderSaysToRunInit) {
  auto opened = Workspace::Open(dir_.path());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);
  EXPECT_NE(opened.status().message().find("mroi init"), std::string::npos);
}

TEST_P(WorkspaceTest, LoadGivesBackWhatReadInputGaveForEveryKind) {
  InputFiles files = WriteEveryKind(dir_.path());
  auto workspace = CreateWorkspace();
  ASSERT_NE(workspace, nullptr);
  auto outcomes = workspace->Import(files.specs, ImportOptions());
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().ToString();
  ASSERT_EQ(outcomes->size(), files.specs.size());
  for (const ImportOutcome& outcome : *outcomes) {
    EXPECT_FALSE(outcome.duplicate) << outcome.path;
    EXPECT_GT(outcome.import_id, 0);
    EXPECT_EQ(outcome.content_hash.size(), 32u);
    EXPECT_EQ(outcome.account.rows_in,
              outcome.account.rows_kept + outcome.account.rows_quarantined);
  }
  // touchpoints.csv: 3 rows, the third does not parse.
  EXPECT_EQ((*outcomes)[0].account.rows_in, 3);
  EXPECT_EQ((*outcomes)[0].account.by_rule.at("parse_error"), 1);

  Dataset expected;
  for (const InputSpec& spec : files.specs) {
    ASSERT_TRUE(ReadInput(spec, IngestOptions(), &expected).ok());
  }
  Dataset loaded;
  ASSERT_TRUE(workspace->LoadDataset(&loaded).ok());
  EXPECT_EQ(Dump(loaded), Dump(expected));

  // Spot checks that do not go through the codec.
  ASSERT_EQ(loaded.touchpoints.size(), 2u);
  EXPECT_EQ(loaded.touchpoints[1].origin.line, 3);
  EXPECT_EQ(loaded.str(loaded.touchpoints[1].utm_source), kSqlLooking);
  EXPECT_TRUE(IsMissing(loaded.touchpoints[1].page_views));
  EXPECT_DOUBLE_EQ(loaded.touchpoints[1].cost, 0.25);
  EXPECT_EQ(loaded.touchpoints[1].imputed & kImputedEventType, kImputedEventType);
  EXPECT_EQ(loaded.touchpoints[0].timestamp, 1740823200);  // 2025-03-01T10:00:00Z
  ASSERT_EQ(loaded.deals.size(), 2u);
  EXPECT_EQ(loaded.deals[0].closed_at, kNoTime);
  EXPECT_EQ(loaded.deals[1].stage, DealStage::kWon);
  EXPECT_TRUE(IsMissing(loaded.conversions[0].cogs));
  ASSERT_EQ(loaded.quarantine.size(), 1u);
  EXPECT_EQ(loaded.quarantine[0].origin.line, 4);
  EXPECT_EQ(loaded.quarantine[0].raw, "not-a-time,a3,,,session,google,cpc,,,,,,,,,,");
  ASSERT_EQ(loaded.goals.size(), 1u);
  EXPECT_EQ(loaded.goals[0].scope, "channel:Paid Search");
  EXPECT_EQ(loaded.files[0].path, "touchpoints.csv");

  auto imports = workspace->Imports();
  ASSERT_TRUE(imports.ok());
  ASSERT_EQ(imports->size(), files.specs.size());
  EXPECT_EQ((*imports)[0].rows_in, 3);
  EXPECT_EQ((*imports)[0].rows_stored, 2);
  EXPECT_EQ((*imports)[0].rows_quarantined, 1);
  EXPECT_EQ(*workspace->DataVersion(), 1);
}

TEST_P(WorkspaceTest, ReimportingTheSameFilesChangesNothing) {
  InputFiles files = WriteEveryKind(dir_.path());
  auto workspace = CreateWorkspace();
  ASSERT_NE(workspace, nullptr);
  auto first = workspace->Import(files.specs, ImportOptions());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Dataset before;
  ASSERT_TRUE(workspace->LoadDataset(&before).ok());
  const int64_t version = *workspace->DataVersion();

  auto second = workspace->Import(files.specs, ImportOptions());
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  for (size_t idx = 0; idx < second->size(); ++idx) {
    EXPECT_TRUE((*second)[idx].duplicate);
    EXPECT_EQ((*second)[idx].import_id, (*first)[idx].import_id);
    EXPECT_EQ((*second)[idx].account.rows_kept, (*first)[idx].account.rows_kept);
  }
  Dataset after;
  ASSERT_TRUE(workspace->LoadDataset(&after).ok());
  EXPECT_EQ(Dump(after), Dump(before));
  EXPECT_EQ(*workspace->DataVersion(), version);
  EXPECT_EQ(workspace->Imports()->size(), files.specs.size());
}

TEST_P(WorkspaceTest, AnUnreadableFileImportsNothing) {
  InputFiles files = WriteEveryKind(dir_.path());
  auto workspace = CreateWorkspace();
  ASSERT_NE(workspace, nullptr);
  // Second file: missing; then a file whose header lacks a required column.
  auto missing = workspace->Import(
      {files.specs[0], {dir_.path() + "/no-such-file.csv", InputKind::kConversions}},
      ImportOptions());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  WriteFile(dir_.path() + "/bad_conversions.csv", "order_id,revenue\no1,10\n");
  auto bad = workspace->Import(
      {files.specs[0], {dir_.path() + "/bad_conversions.csv", InputKind::kConversions}},
      ImportOptions());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);

  EXPECT_TRUE(workspace->Imports()->empty());
  EXPECT_EQ(*workspace->DataVersion(), 0);
  Dataset loaded;
  ASSERT_TRUE(workspace->LoadDataset(&loaded).ok());
  EXPECT_TRUE(loaded.touchpoints.empty());
  EXPECT_TRUE(loaded.quarantine.empty());
  // The first file still imports on its own afterwards.
  auto good = workspace->Import({files.specs[0]}, ImportOptions());
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_FALSE(good->front().duplicate);
}

TEST_P(WorkspaceTest, ADuplicateOrderAcrossTwoImportsIsFound) {
  auto workspace = CreateWorkspace();
  ASSERT_NE(workspace, nullptr);
  const std::string header =
      "timestamp,order_id,user_id,anonymous_id,email,revenue,cogs,gross_profit,currency\n";
  WriteFile(dir_.path() + "/conversions_w1.csv", header + "2025-03-02T09:00:00Z,o1,u1,,,100,,,\n");
  WriteFile(dir_.path() + "/conversions_w2.csv",
            header + "2025-03-09T09:00:00Z,o2,u2,,,50,,,\n2025-03-02T09:00:00Z,o1,u1,,,100,,,\n");
  ASSERT_TRUE(workspace
                  ->Import({{dir_.path() + "/conversions_w1.csv", InputKind::kConversions}},
                           ImportOptions())
                  .ok());
  auto week2 = workspace->Import(
      {{dir_.path() + "/conversions_w2.csv", InputKind::kConversions}}, ImportOptions());
  ASSERT_TRUE(week2.ok()) << week2.status().ToString();
  auto run = RunWorkspacePipeline(*workspace, workspace->pipeline_options());
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  int64_t duplicates = 0;
  for (const FileAccount& account : AccountFiles(run->dataset)) {
    auto found = account.by_rule.find("duplicate_order");
    if (found != account.by_rule.end()) duplicates += found->second;
  }
  EXPECT_EQ(duplicates, 1);
  EXPECT_EQ(run->dataset.conversions.size(), 2u);  // three loaded, the earlier o1 removed
  const FileAccount& week2_account = week2->front().account;
  EXPECT_EQ(week2_account.rows_in, 2);
  EXPECT_EQ(week2_account.rows_in, week2_account.rows_kept + week2_account.rows_quarantined);
}

TEST_P(WorkspaceTest, ImportBytesStoresAnUploadUnderItsName) {
  auto workspace = CreateWorkspace();
  ASSERT_NE(workspace, nullptr);
  const std::string bytes =
      "date,channel,utm_source,utm_medium,campaign,cost,impressions,clicks,cost_type,tier\n"
      "2025-03-01,Email,,,spring,12.5,,,,\n";
  std::vector<std::string> stages;
  ImportOptions options;
  options.progress = [&stages](const std::string& stage, double) { stages.push_back(stage); };
  auto outcome = workspace->ImportBytes("spend_upload.csv", bytes, InputKind::kSpend, options);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(outcome->duplicate);
  EXPECT_EQ(outcome->account.rows_kept, 1);
  EXPECT_NE(std::find(stages.begin(), stages.end(), "commit"), stages.end());
  auto again = workspace->ImportBytes("other_name.csv", bytes, InputKind::kSpend, options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  auto imports = workspace->Imports();
  ASSERT_EQ(imports->size(), 1u);
  EXPECT_EQ((*imports)[0].file_name, "spend_upload.csv");
  EXPECT_EQ((*imports)[0].kind, InputKind::kSpend);
}

TEST_P(WorkspaceTest, SqlLookingFileNamesAreStoredVerbatim) {
  auto workspace = CreateWorkspace();
  ASSERT_NE(workspace, nullptr);
  const std::string name = std::string(kSqlLooking) + ".csv";
  auto outcome = workspace->ImportBytes(
      name, "period,category,amount,channel\n2025-03,tools,500,\n", InputKind::kCosts,
      ImportOptions());
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  auto imports = workspace->Imports();  // the table is still there
  ASSERT_TRUE(imports.ok());
  ASSERT_EQ(imports->size(), 1u);
  EXPECT_EQ((*imports)[0].file_name, name);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkspaceTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(WorkspaceUrlTest, UnknownSchemeIsAClearError) {
  TempDir dir;
  WorkspaceCreateOptions options;
  options.database = "mysql://root@localhost/db";
  auto workspace = Workspace::Create(dir.path() + "/ws", options);
  ASSERT_FALSE(workspace.ok());
  EXPECT_EQ(workspace.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(workspace.status().message().find("postgresql://"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/ws/mroi-workspace.json"));
}

TEST(WorkspaceUrlTest, UnreachableServerIsAClearErrorWithoutThePassword) {
  TempDir dir;
  WorkspaceCreateOptions options;
  options.database = "postgresql://mroi:secret@127.0.0.1:1/mroi";
  auto workspace = Workspace::Create(dir.path() + "/ws", options);
  ASSERT_FALSE(workspace.ok());
  EXPECT_EQ(workspace.status().code(), StatusCode::kIOError);
  EXPECT_NE(workspace.status().message().find("cannot connect to PostgreSQL"), std::string::npos);
  EXPECT_EQ(workspace.status().message().find("secret"), std::string::npos);
}

TEST(WorkspaceUrlTest, MalformedPostgresUrlIsAClearError) {
  TempDir dir;
  WorkspaceCreateOptions options;
  options.database = "postgresql://host:port:junk/db?nonsense_option=1";
  auto workspace = Workspace::Create(dir.path() + "/ws", options);
  ASSERT_FALSE(workspace.ok());
  EXPECT_TRUE(workspace.status().code() == StatusCode::kInvalidArgument ||
              workspace.status().code() == StatusCode::kIOError)
      << workspace.status().ToString();
}

TEST(WorkspaceUrlTest, NotASqliteFileIsAClearError) {
  TempDir dir;
  WriteFile(dir.path() + "/junk.db", std::string(4096, 'x'));
  WorkspaceCreateOptions options;
  options.database = "sqlite:" + dir.path() + "/junk.db";
  auto workspace = Workspace::Create(dir.path() + "/ws", options);
  ASSERT_FALSE(workspace.ok());
  EXPECT_EQ(workspace.status().code(), StatusCode::kIOError) << workspace.status().ToString();
}

TEST(WorkspaceConfigTest, ConfigIsCopiedAndReadOnOpen) {
  TempDir dir;
  WriteFile(dir.path() + "/mroi.json", R"({"clean": {"gross_margin": 0.25}})");
  WorkspaceCreateOptions options;
  options.config_path = dir.path() + "/mroi.json";
  ASSERT_TRUE(Workspace::Create(dir.path() + "/ws", options).ok());
  auto opened = Workspace::Open(dir.path() + "/ws");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_DOUBLE_EQ((*opened)->pipeline_options().clean.gross_margin, 0.25);

  WriteFile(dir.path() + "/bad.json", R"({"nonsense": 1})");
  options.config_path = dir.path() + "/bad.json";
  auto bad = Workspace::Create(dir.path() + "/ws2", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("nonsense"), std::string::npos);
}

}  // namespace
}  // namespace mroi
