// Schema migrations: a database left at v1 (as an older mroi wrote it) opens at the
// current version with its rows kept; a newer database is refused.
#include <gtest/gtest.h>

#include <cctype>

#include <fmt/format.h>

#include "mroi/store.h"
#include "store/database.h"
#include "store/schema.h"
#include "store/store_test_util.h"

namespace mroi {
namespace {

using testing_store::TempDir;
using testing_store::WriteFile;

class MigrationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url_ = "sqlite:workspace.db";
    if (GetParam() == "postgresql") {
      const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
      std::string name = fmt::format("mroi_m_{}", info->name());
      for (char& c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      auto url = testing_store::FreshPostgresDatabase(name);
      if (!url.ok()) GTEST_SKIP() << "PostgreSQL tests skipped: " << url.status().message();
      url_ = *url;
    }
    WriteFile(dir_.path() + "/mroi-workspace.json",
              fmt::format(R"({{"format": "mroi.workspace/1", "database": "{}", "config": null}})",
                          url_));
  }

  Result<std::unique_ptr<internal::Database>> OpenDatabase() {
    return internal::OpenWorkspaceDatabase(url_, dir_.path());
  }

  TempDir dir_;
  std::string url_;
};

TEST_P(MigrationTest, VersionOneDatabaseIsMigratedWithItsRowsKept) {
  {
    auto database = OpenDatabase();
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    ASSERT_TRUE(internal::MigrateTo(database->get(), 1).ok());
    EXPECT_EQ(*internal::ReadSchemaVersion(database->get()), 1);
    // Rows as a v1 mroi stored them: one import of one touchpoint.
    auto insert_import = (*database)->Prepare(
        "INSERT INTO imports (id, content_hash, file_name, kind, imported_at, rows_in, "
        "rows_stored, rows_quarantined) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
    ASSERT_TRUE(insert_import.ok()) << insert_import.status().ToString();
    auto& import_row = **insert_import;
    import_row.BindInt(1, 1);
    import_row.BindText(2, "00112233445566778899aabbccddeeff");
    import_row.BindText(3, "touchpoints_w1.csv");
    import_row.BindText(4, "touchpoints");
    import_row.BindText(5, "2025-03-01T00:00:00Z");
    import_row.BindInt(6, 1);
    import_row.BindInt(7, 1);
    import_row.BindInt(8, 0);
    ASSERT_TRUE(import_row.Execute().ok());
    auto insert_touch = (*database)->Prepare(
        "INSERT INTO touchpoints (import_id, line, timestamp, anonymous_id, event_type, "
        "imputed, cost) VALUES ($1, $2, $3, $4, $5, $6, $7)");
    ASSERT_TRUE(insert_touch.ok()) << insert_touch.status().ToString();
    auto& touch = **insert_touch;
    touch.BindInt(1, 1);
    touch.BindInt(2, 2);
    touch.BindInt(3, 1740823200);
    touch.BindText(4, "a1");
    touch.BindText(5, "click");
    touch.BindInt(6, 0);
    touch.BindDouble(7, 1.5);
    ASSERT_TRUE(touch.Execute().ok());
  }
  auto workspace = Workspace::Open(dir_.path());
  ASSERT_TRUE(workspace.ok()) << workspace.status().ToString();
  EXPECT_EQ(*(*workspace)->SchemaVersion(), kSchemaVersion);
  EXPECT_EQ(*(*workspace)->DataVersion(), 1);  // migration 2 counts the existing imports
  Dataset dataset;
  ASSERT_TRUE((*workspace)->LoadDataset(&dataset).ok());
  ASSERT_EQ(dataset.files.size(), 1u);
  EXPECT_EQ(dataset.files[0].path, "touchpoints_w1.csv");
  ASSERT_EQ(dataset.touchpoints.size(), 1u);
  EXPECT_EQ(dataset.touchpoints[0].origin.line, 2);
  EXPECT_EQ(dataset.touchpoints[0].event_type, EventType::kClick);
  EXPECT_EQ(dataset.str(dataset.touchpoints[0].anonymous_id), "a1");
  EXPECT_DOUBLE_EQ(dataset.touchpoints[0].cost, 1.5);
  EXPECT_TRUE(IsMissing(dataset.touchpoints[0].page_views));
}

TEST_P(MigrationTest, MigratingTwiceIsANoOp) {
  auto database = OpenDatabase();
  ASSERT_TRUE(database.ok()) << database.status().ToString();
  ASSERT_TRUE(internal::MigrateTo(database->get(), kSchemaVersion).ok());
  ASSERT_TRUE(internal::MigrateTo(database->get(), kSchemaVersion).ok());
  EXPECT_EQ(*internal::ReadSchemaVersion(database->get()), kSchemaVersion);
}

TEST_P(MigrationTest, ANewerDatabaseIsRefused) {
  {
    auto database = OpenDatabase();
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    ASSERT_TRUE(internal::MigrateTo(database->get(), kSchemaVersion).ok());
    auto update = (*database)->Prepare("UPDATE schema_version SET version = $1");
    ASSERT_TRUE(update.ok());
    (*update)->BindInt(1, kSchemaVersion + 7);
    ASSERT_TRUE((*update)->Execute().ok());
  }
  auto workspace = Workspace::Open(dir_.path());
  ASSERT_FALSE(workspace.ok());
  EXPECT_EQ(workspace.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(workspace.status().message().find("upgrade mroi"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace mroi
