// Reference case from DP6 Marketing-Attribution-Models (Apache-2.0),
// data/test_dataset.csv (blob 30d2c67): 16 sessions of users A-D with user_id stitching.
// Published first-order Markov transition probabilities for a 30-day window: start ->
// direct 0.6, start -> seo 0.4, direct -> conversion 0.4.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/identity.h"
#include "mroi/journeys.h"

namespace mroi {
namespace {

struct Session {
  const char* pseudo_id;
  const char* time;
  const char* user_id;
  bool conversion;
  const char* channel;
};

// The rows of test_dataset.csv (user_pseudo_id, event_time, user_id, is_conversion,
// source_medium); session_id is the row number.
constexpr Session kSessions[] = {
    {"A", "2021-07-20 15:00:00", "", false, "seo"},
    {"A", "2022-01-20 15:00:00", "", false, "direct"},
    {"A", "2022-01-20 16:00:00", "", false, "google_ads"},
    {"A", "2022-01-20 17:00:00", "A1", true, "direct"},
    {"B", "2022-01-21 17:00:00", "", false, "seo"},
    {"B", "2022-01-21 20:00:00", "", false, "direct"},
    {"C", "2022-02-21 21:00:00", "", false, "direct"},
    {"C", "2022-02-21 22:00:00", "", false, "crm"},
    {"C", "2022-02-21 23:00:00", "C1", true, "direct"},
    {"D", "2022-02-21 23:01:00", "", false, "seo"},
    {"D", "2022-02-21 23:11:00", "", false, "direct"},
    {"D", "2022-02-21 23:21:00", "D1", true, "direct"},
    {"D", "2022-02-22 01:00:00", "", false, "direct"},
    {"D", "2022-02-27 01:00:00", "", false, "direct"},
    {"D", "2022-02-27 02:00:00", "", false, "seo"},
    {"D", "2022-02-27 03:00:00", "D1", true, "direct"},
};

// Each session is a touchpoint; a converting session is also a conversion at the same
// time carrying the user_id, so that identity stitching joins it to the pseudo id.
Dataset MakeDp6Dataset() {
  Dataset dataset;
  for (const Session& session : kSessions) {
    auto time = ParseTimestamp(session.time, TimeZone());
    EXPECT_TRUE(time.ok());
    Touchpoint touch;
    touch.timestamp = *time;
    touch.anonymous_id = dataset.strings.Intern(session.pseudo_id);
    touch.user_id = dataset.strings.Intern(session.user_id);
    touch.channel = dataset.strings.Intern(session.channel);
    dataset.touchpoints.push_back(touch);
    if (session.conversion) {
      Conversion conversion;
      conversion.timestamp = *time;
      conversion.user_id = touch.user_id;
      conversion.revenue = 1;
      dataset.conversions.push_back(conversion);
    }
  }
  return dataset;
}

std::string PathOf(const Dataset& dataset, const Journeys& journeys, int64_t journey) {
  std::string text;
  for (int64_t touch = journeys.offsets[journey]; touch < journeys.offsets[journey + 1];
       ++touch) {
    if (!text.empty()) text += " > ";
    text += dataset.str(journeys.touch_channel[touch]);
  }
  return text;
}

TEST(Dp6ReferenceTest, JourneysAndFirstOrderTransitions) {
  Dataset dataset = MakeDp6Dataset();
  auto identity = StitchIdentities(IdentityOptions{}, &dataset);
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity->persons, 4);  // A, B, C, D
  auto built = BuildJourneys(dataset, *identity, JourneyOptions{});
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Journeys& journeys = *built;

  // A's seo session of 2021-07-20 is six months before its conversion: outside the
  // 30-day window. D converts twice; its second journey starts after the first.
  ASSERT_EQ(journeys.num_journeys(), 5);
  EXPECT_EQ(PathOf(dataset, journeys, 0), "direct > google_ads > direct");
  EXPECT_EQ(PathOf(dataset, journeys, 1), "seo > direct");
  EXPECT_EQ(PathOf(dataset, journeys, 2), "direct > crm > direct");
  EXPECT_EQ(PathOf(dataset, journeys, 3), "seo > direct > direct");
  EXPECT_EQ(PathOf(dataset, journeys, 4), "direct > direct > seo > direct");
  EXPECT_EQ(journeys.person, (std::vector<int32_t>{0, 1, 2, 3, 3}));
  EXPECT_EQ(journeys.end,
            (std::vector<JourneyEnd>{JourneyEnd::kConversion, JourneyEnd::kNone,
                                     JourneyEnd::kConversion, JourneyEnd::kConversion,
                                     JourneyEnd::kConversion}));
  EXPECT_EQ(journeys.end_index, (std::vector<int32_t>{0, -1, 1, 2, 3}));
  EXPECT_EQ(journeys.touch_index.size(), 15u);  // 16 sessions minus A's old seo

  // First-order transitions over start, the channels (consecutive repeats kept), and
  // conversion or null, counted from the Journeys columns.
  std::map<std::pair<std::string, std::string>, int> transitions;
  std::map<std::string, int> outgoing;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    std::string previous = "(start)";
    auto step = [&](const std::string& next) {
      ++transitions[{previous, next}];
      ++outgoing[previous];
      previous = next;
    };
    for (int64_t touch = journeys.offsets[journey]; touch < journeys.offsets[journey + 1];
         ++touch) {
      step(std::string(dataset.str(journeys.touch_channel[touch])));
    }
    step(journeys.converting(journey) ? "(conversion)" : "(null)");
  }
  auto probability = [&](const std::string& from, const std::string& to) {
    return static_cast<double>(transitions[{from, to}]) / outgoing[from];
  };
  // start: direct in A, C, D2 (3 of 5 journeys), seo in B, D1 (2 of 5).
  EXPECT_DOUBLE_EQ(probability("(start)", "direct"), 0.6);
  EXPECT_DOUBLE_EQ(probability("(start)", "seo"), 0.4);
  // direct has 10 outgoing transitions (A 2, B 1, C 2, D1 2, D2 3), 4 to conversion.
  EXPECT_EQ(outgoing["direct"], 10);
  EXPECT_DOUBLE_EQ(probability("direct", "(conversion)"), 0.4);
}

}  // namespace
}  // namespace mroi
