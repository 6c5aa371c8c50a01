#include "mroi/experiment_find.h"

#include <gtest/gtest.h>

namespace mroi {
namespace {

Dataset WithContents(const std::vector<std::string>& contents) {
  Dataset dataset;
  for (const std::string& content : contents) {
    Touchpoint touch;
    touch.utm_content = dataset.strings.Intern(content);
    dataset.touchpoints.push_back(touch);
  }
  return dataset;
}

TEST(FindTaggedExperiments, VariantSuffixesMakeExperiments) {
  const Dataset dataset =
      WithContents({"reel_b", "reel_a", "reel_a", "brand_broad", "brand_exact", "video_15s",
                    "hero-v2", "hero-v1", "hero-v10", "lp_Treatment", "lp_Control", "solo_a",
                    "", "300x250"});
  const std::vector<TaggedExperiment> found = FindTaggedExperiments(dataset);
  ASSERT_EQ(found.size(), 3u);
  // Sorted by stem: hero, lp, reel. solo_a alone is not an experiment; brand_broad /
  // brand_exact are ad groups, not variants.
  EXPECT_EQ(found[0].name, "hero");
  EXPECT_EQ(found[0].variants, (std::vector<std::string>{"hero-v1", "hero-v10", "hero-v2"}));
  EXPECT_EQ(found[0].control, "hero-v1");
  EXPECT_EQ(found[1].name, "lp");
  EXPECT_EQ(found[1].control, "lp_Control");
  EXPECT_EQ(found[1].variants, (std::vector<std::string>{"lp_Control", "lp_Treatment"}));
  EXPECT_EQ(found[2].name, "reel");
  EXPECT_EQ(found[2].control, "reel_a");
  EXPECT_EQ(found[2].variants, (std::vector<std::string>{"reel_a", "reel_b"}));
  EXPECT_EQ(found[2].touchpoints, 3);
  EXPECT_EQ(found[2].field, "utm_content");
}

TEST(FindTaggedExperiments, NothingToFind) {
  EXPECT_TRUE(FindTaggedExperiments(WithContents({"brand_broad", "brand_exact"})).empty());
  EXPECT_TRUE(FindTaggedExperiments(WithContents({"a_a", "a_b"}), "no_such_field").empty());
  EXPECT_TRUE(FindTaggedExperiments(Dataset()).empty());
}

}  // namespace
}  // namespace mroi
