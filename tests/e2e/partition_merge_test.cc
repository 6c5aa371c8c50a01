// Mergeable statistics on the demo (issue 5): the demo's journeys split by person
// into 4 partitions, each counted on its own, merged, and solved once, give the
// same attribution as the whole. Scale-out relies on exactly this.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include "mroi/data_driven.h"
#include "mroi/mroi.h"

namespace mroi {
namespace {

constexpr int kPartitions = 4;

// The journeys of partition `part`: persons with person % kPartitions == part
// (journeys without a person by journey index), so a person never spans partitions.
Journeys Partition(const Journeys& journeys, int part) {
  Journeys out;
  for (int64_t j = 0; j < journeys.num_journeys(); ++j) {
    const auto index = static_cast<size_t>(j);
    const int32_t person = journeys.person[index];
    const int64_t key = person >= 0 ? person : j;
    if (key % kPartitions != part) continue;
    const auto begin = static_cast<size_t>(journeys.offsets[index]);
    const auto end = static_cast<size_t>(journeys.offsets[index + 1]);
    for (size_t t = begin; t < end; ++t) {
      out.touch_channel.push_back(journeys.touch_channel[t]);
      out.touch_index.push_back(journeys.touch_index[t]);
      out.touch_time.push_back(journeys.touch_time[t]);
    }
    out.offsets.push_back(static_cast<int64_t>(out.touch_channel.size()));
    out.person.push_back(person);
    out.end.push_back(journeys.end[index]);
    out.end_index.push_back(journeys.end_index[index]);
    out.end_time.push_back(journeys.end_time[index]);
    out.revenue.push_back(journeys.revenue[index]);
    out.gross_profit.push_back(journeys.gross_profit[index]);
  }
  return out;
}

// Transition counts keyed by state names, so that counts built with different
// channel numbering compare equal.
std::map<std::pair<std::string, std::string>, int64_t> NamedTransitions(
    const MarkovCounts& counts) {
  auto name = [&](MarkovCounts::StateKey key) {
    if (key == MarkovCounts::kStartState) return std::string("(start)");
    if (key == MarkovCounts::kConversionState) return std::string("(conversion)");
    if (key == MarkovCounts::kNullState) return std::string("(null)");
    std::string out;
    for (int slot = 0; slot < kMaxMarkovOrder; ++slot) {
      const uint64_t id = (key >> (16 * slot)) & 0xFFFF;
      if (id == 0) break;
      out += counts.channels[id - 1] + ">";
    }
    return out;
  };
  std::map<std::pair<std::string, std::string>, int64_t> named;
  for (const auto& [edge, count] : counts.transitions) {
    named[{name(edge.first), name(edge.second)}] += count;
  }
  return named;
}

class PartitionMergeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DemoOptions demo;
    demo.seed = 42;
    // ctest runs each test in its own process, in parallel: one folder per process.
    demo.out_dir =
        ::testing::TempDir() + "mroi_partition_merge_" + std::to_string(::getpid());
    auto manifest = GenerateDemo(demo);
    ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
    auto inputs = DiscoverInputs(manifest->data_dir);
    ASSERT_TRUE(inputs.ok()) << inputs.status().ToString();
    auto result = RunPipeline(*inputs, PipelineOptions());
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    run_ = new PipelineResult(std::move(result).value());
    std::filesystem::remove_all(demo.out_dir);
  }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  // A failure in SetUpTestSuite would only skip the tests: fail them instead.
  void SetUp() override { ASSERT_NE(run_, nullptr) << "the demo pipeline did not run"; }
  static PipelineResult* run_;
};

PipelineResult* PartitionMergeTest::run_ = nullptr;

TEST_F(PartitionMergeTest, PartitionsCoverTheWholeOnce) {
  ASSERT_NE(run_, nullptr);
  int64_t journeys = 0;
  int64_t touches = 0;
  for (int part = 0; part < kPartitions; ++part) {
    const Journeys slice = Partition(run_->journeys, part);
    EXPECT_GT(slice.num_journeys(), 0) << "partition " << part << " is empty";
    journeys += slice.num_journeys();
    touches += static_cast<int64_t>(slice.touch_channel.size());
  }
  EXPECT_EQ(journeys, run_->journeys.num_journeys());
  EXPECT_EQ(touches, static_cast<int64_t>(run_->journeys.touch_channel.size()));
}

TEST_F(PartitionMergeTest, MarkovCountsMergeToTheWholeForEveryOrder) {
  ASSERT_NE(run_, nullptr);
  for (int order = 1; order <= kMaxMarkovOrder; ++order) {
    for (bool collapse : {true, false}) {
      MarkovOptions options;
      options.order = order;
      options.collapse_repeats = collapse;
      auto whole = CountMarkovTransitions(run_->dataset, run_->journeys, options);
      ASSERT_TRUE(whole.ok()) << whole.status().ToString();
      // Merge in reverse order, so the merged numbering differs from the whole's.
      MarkovCounts merged;
      for (int part = kPartitions - 1; part >= 0; --part) {
        auto counts =
            CountMarkovTransitions(run_->dataset, Partition(run_->journeys, part), options);
        ASSERT_TRUE(counts.ok()) << counts.status().ToString();
        if (part == kPartitions - 1) {
          merged = std::move(counts).value();
        } else {
          ASSERT_TRUE(merged.Merge(*counts).ok());
        }
      }
      EXPECT_EQ(NamedTransitions(merged), NamedTransitions(*whole)) << "order " << order;
      EXPECT_EQ(merged.journeys, whole->journeys);
      EXPECT_EQ(merged.converting_journeys, whole->converting_journeys);
      EXPECT_EQ(merged.total.conversions, whole->total.conversions);

      auto from_whole = SolveMarkov(*whole);
      auto from_parts = SolveMarkov(merged);
      ASSERT_TRUE(from_whole.ok() && from_parts.ok());
      ASSERT_EQ(from_parts->channels, from_whole->channels);
      EXPECT_GT(from_whole->conversion_probability, 0.0);
      EXPECT_NEAR(from_parts->conversion_probability, from_whole->conversion_probability,
                  1e-12);
      for (size_t c = 0; c < from_whole->channels.size(); ++c) {
        EXPECT_NEAR(from_parts->removal_effects[c], from_whole->removal_effects[c], 1e-12)
            << from_whole->channels[c] << " order " << order;
        EXPECT_NEAR(from_parts->credit[c].conversions, from_whole->credit[c].conversions,
                    1e-9);
        EXPECT_NEAR(from_parts->credit[c].revenue, from_whole->credit[c].revenue,
                    1e-9 * from_whole->total.revenue);
      }
    }
  }
}

TEST_F(PartitionMergeTest, ShapleyCountsMergeToTheWhole) {
  ASSERT_NE(run_, nullptr);
  auto whole = CountShapleySets(run_->dataset, run_->journeys);
  ASSERT_TRUE(whole.ok());
  ShapleyCounts merged;
  for (int part = kPartitions - 1; part >= 0; --part) {
    auto counts = CountShapleySets(run_->dataset, Partition(run_->journeys, part));
    ASSERT_TRUE(counts.ok());
    merged.Merge(*counts);
  }
  auto from_whole = SolveShapley(*whole);
  auto from_parts = SolveShapley(merged);
  ASSERT_TRUE(from_whole.ok() && from_parts.ok());
  ASSERT_EQ(from_parts->channels, from_whole->channels);
  EXPECT_GT(from_whole->total.conversions, 0.0);
  EXPECT_EQ(from_parts->total.conversions, from_whole->total.conversions);
  for (size_t c = 0; c < from_whole->channels.size(); ++c) {
    EXPECT_NEAR(from_parts->credit[c].conversions, from_whole->credit[c].conversions, 1e-9)
        << from_whole->channels[c];
    EXPECT_NEAR(from_parts->credit[c].revenue, from_whole->credit[c].revenue,
                1e-9 * from_whole->total.revenue);
  }
}

TEST_F(PartitionMergeTest, RuleModelCreditIsAdditiveOverPartitions) {
  ASSERT_NE(run_, nullptr);
  AttributionOptions options;  // every rule model
  auto whole = AttributeJourneys(run_->dataset, run_->identity, run_->journeys, options);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  // model name -> channel -> conversions summed over partitions
  std::map<std::string, std::map<std::string, double>> summed;
  for (int part = 0; part < kPartitions; ++part) {
    auto result = AttributeJourneys(run_->dataset, run_->identity,
                                    Partition(run_->journeys, part), options);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    for (const ModelCredit& model : result->models) {
      for (size_t c = 0; c < result->channels.size(); ++c) {
        summed[model.name][result->channels[c]] += model.channels[c].conversions;
      }
    }
  }
  ASSERT_FALSE(whole->models.empty());
  for (const ModelCredit& model : whole->models) {
    for (size_t c = 0; c < whole->channels.size(); ++c) {
      EXPECT_NEAR(summed[model.name][whole->channels[c]], model.channels[c].conversions, 1e-6)
          << model.name << " " << whole->channels[c];
    }
  }
}

}  // namespace
}  // namespace mroi
