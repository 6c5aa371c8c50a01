// The eraser and identity stitching scored against the truth the demo generator
// records: every removing rule must reach precision and recall >= 0.99.
#include <gtest/gtest.h>

#include <filesystem>

#include "mroi/mroi.h"

namespace mroi {
namespace {

constexpr double kMinScore = 0.99;

class DemoTruthTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(DemoTruthTest, EraserAndIdentityMatchTheTruth) {
  DemoOptions demo;
  demo.seed = GetParam();
  demo.out_dir = ::testing::TempDir() + "mroi_demo_truth_" + std::to_string(demo.seed);
  auto manifest = GenerateDemo(demo);
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  auto inputs = DiscoverInputs(manifest->data_dir);
  ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
  auto result = RunPipeline(*inputs, PipelineOptions());
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  for (const FileAccount& account : AccountFiles(result->dataset)) {
    EXPECT_EQ(account.rows_in, account.rows_kept + account.rows_quarantined) << account.path;
  }
  auto score = ScoreAgainstTruth(*result, manifest->truth_path, manifest->persons_truth_path);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  for (const RuleScore& rule : score->rules) {
    std::printf("  %-16s truth %6lld removed %6lld precision %.4f recall %.4f\n",
                rule.rule.c_str(), static_cast<long long>(rule.truth),
                static_cast<long long>(rule.flagged), rule.precision(), rule.recall());
    EXPECT_GT(rule.truth, 0) << rule.rule << " appears in no truth row";
    EXPECT_GE(rule.precision(), kMinScore) << rule.rule;
    EXPECT_GE(rule.recall(), kMinScore) << rule.rule;
  }
  EXPECT_GE(score->any_removal.precision(), kMinScore);
  EXPECT_GE(score->any_removal.recall(), kMinScore);
  std::printf("  identity pairwise precision %.4f recall %.4f\n", score->identity_precision,
              score->identity_recall);
  EXPECT_GE(score->identity_precision, kMinScore);
  EXPECT_GE(score->identity_recall, kMinScore);
  std::filesystem::remove_all(demo.out_dir);
}

INSTANTIATE_TEST_SUITE_P(Seeds, DemoTruthTest, ::testing::Values(42, 7, 2026));

}  // namespace
}  // namespace mroi
