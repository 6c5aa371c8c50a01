#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "mroi/ingest.h"

namespace mroi {
namespace {

TEST(InputKindFromFileNameTest, RecognisesPrefixesAndExtensions) {
  EXPECT_EQ(InputKindFromFileName("touchpoints_2025.csv.gz"), InputKind::kTouchpoints);
  EXPECT_EQ(InputKindFromFileName("Conversions.CSV"), InputKind::kConversions);
  EXPECT_EQ(InputKindFromFileName("leads.jsonl"), InputKind::kLeads);
  EXPECT_EQ(InputKindFromFileName("deals-hubspot.ndjson.gz"), InputKind::kDeals);
  EXPECT_EQ(InputKindFromFileName("spend.csv"), InputKind::kSpend);
  EXPECT_EQ(InputKindFromFileName("costs_q1.csv"), InputKind::kCosts);
  EXPECT_EQ(InputKindFromFileName("email.csv"), InputKind::kEmail);
  EXPECT_EQ(InputKindFromFileName("goals.json"), InputKind::kGoals);
  EXPECT_EQ(InputKindFromFileName("goals.csv"), std::nullopt);   // goals only as .json
  EXPECT_EQ(InputKindFromFileName("spend.json"), std::nullopt);  // rows need csv/jsonl
  EXPECT_EQ(InputKindFromFileName("spend.xlsx"), std::nullopt);
  EXPECT_EQ(InputKindFromFileName("readme.csv"), std::nullopt);
  EXPECT_EQ(InputKindFromFileName("my_touchpoints.csv"), std::nullopt);  // prefix only
}

TEST(DiscoverInputsTest, ListsRecognisedFilesSortedByKindThenName) {
  const auto dir = std::filesystem::temp_directory_path() / "mroi_discover_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir /
                                      "touchpoints_sub.csv");  // a directory: skipped
  for (const char* name : {"spend.csv", "touchpoints_b.csv", "touchpoints_a.csv.gz",
                           "goals.json", "notes.txt", "conversions.jsonl"}) {
    std::ofstream(dir / name) << "x\n";
  }
  auto specs = DiscoverInputs(dir.string());
  ASSERT_TRUE(specs.ok()) << specs.status().ToString();
  ASSERT_EQ(specs->size(), 5u);
  EXPECT_EQ(std::filesystem::path((*specs)[0].path).filename(), "touchpoints_a.csv.gz");
  EXPECT_EQ(std::filesystem::path((*specs)[1].path).filename(), "touchpoints_b.csv");
  EXPECT_EQ((*specs)[2].kind, InputKind::kConversions);
  EXPECT_EQ((*specs)[3].kind, InputKind::kSpend);
  EXPECT_EQ((*specs)[4].kind, InputKind::kGoals);
  std::filesystem::remove_all(dir);
}

TEST(DiscoverInputsTest, MissingOrEmptyDirectoryIsAnError) {
  EXPECT_EQ(DiscoverInputs("/nonexistent/mroi").status().code(), StatusCode::kNotFound);
  const auto dir = std::filesystem::temp_directory_path() / "mroi_discover_empty";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "x\n";
  auto specs = DiscoverInputs(dir.string());
  EXPECT_EQ(specs.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(specs.status().message().find("no input files"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mroi
