#include "mroi/journeys.h"

#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "journeys/journeys_test_util.h"

namespace mroi {
namespace {

using testing::JourneyFixture;
using testing::kDay;

Journeys Build(const JourneyFixture& fixture, const JourneyOptions& options = {}) {
  auto journeys = BuildJourneys(fixture.dataset, fixture.identity, options);
  EXPECT_TRUE(journeys.ok()) << journeys.status().ToString();
  return journeys.ok() ? *journeys : Journeys{};
}

TEST(BuildJourneysTest, LookbackCutsOldTouchesAndKeepsTheBoundary) {
  JourneyFixture fixture;
  const UnixSeconds conversion = 100 * kDay;
  fixture.Touch(0, conversion - 30 * kDay - 1, "Display");  // 1 s too old
  fixture.Touch(0, conversion - 30 * kDay, "Email");        // exactly at the window start
  fixture.Touch(0, conversion - kDay, "Paid Search");
  fixture.Convert(0, conversion, 50);
  const Journeys journeys = Build(fixture);
  ASSERT_EQ(journeys.num_journeys(), 1);
  EXPECT_EQ(fixture.Path(journeys, 0), "Email > Paid Search");
  EXPECT_EQ(journeys.touch_index, (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(journeys.end[0], JourneyEnd::kConversion);
  EXPECT_EQ(journeys.end_time[0], conversion);

  JourneyOptions short_window;
  short_window.lookback_s = 2 * kDay;
  const Journeys cut = Build(fixture, short_window);
  ASSERT_EQ(cut.num_journeys(), 1);
  EXPECT_EQ(fixture.Path(cut, 0), "Paid Search");
}

TEST(BuildJourneysTest, TouchAtConversionTimeIsInAndLaterTouchStartsNextJourney) {
  JourneyFixture fixture;
  fixture.Touch(0, 1000, "Direct");
  fixture.Touch(0, 2000, "Email");        // same second as the first conversion
  fixture.Touch(0, 2001, "Paid Social");  // one second after
  fixture.Touch(0, 3000, "Organic Search");
  fixture.Touch(0, 5000, "Referral");  // after the last conversion
  fixture.Convert(0, 2000, 10);
  fixture.Convert(0, 4000, 20);
  const Journeys journeys = Build(fixture);
  ASSERT_EQ(journeys.num_journeys(), 3);
  EXPECT_EQ(fixture.Path(journeys, 0), "Direct > Email");
  EXPECT_EQ(fixture.Path(journeys, 1), "Paid Social > Organic Search");
  EXPECT_EQ(fixture.Path(journeys, 2), "Referral");
  EXPECT_EQ(journeys.offsets, (std::vector<int64_t>{0, 2, 4, 5}));
  EXPECT_EQ(journeys.end,
            (std::vector<JourneyEnd>{JourneyEnd::kConversion, JourneyEnd::kConversion,
                                     JourneyEnd::kNone}));
  EXPECT_EQ(journeys.end_index, (std::vector<int32_t>{0, 1, -1}));
  EXPECT_EQ(journeys.end_time, (std::vector<UnixSeconds>{2000, 4000, 5000}));
  EXPECT_EQ(journeys.revenue, (std::vector<double>{10, 20, 0}));
  EXPECT_FALSE(journeys.converting(2));

  JourneyOptions no_tail;
  no_tail.include_non_converting = false;
  EXPECT_EQ(Build(fixture, no_tail).num_journeys(), 2);
}

TEST(BuildJourneysTest, SortsByTimeStablyAndGroupsByPerson) {
  JourneyFixture fixture;
  fixture.Touch(1, 300, "C");
  fixture.Touch(0, 200, "B");
  fixture.Touch(1, 100, "A");
  fixture.Touch(0, 200, "B2");  // tie with touch 1: index order is kept
  fixture.Touch(0, 50, "A");
  const Journeys journeys = Build(fixture);
  ASSERT_EQ(journeys.num_journeys(), 2);
  EXPECT_EQ(journeys.person, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(fixture.Path(journeys, 0), "A > B > B2");
  EXPECT_EQ(fixture.Path(journeys, 1), "A > C");
  EXPECT_EQ(journeys.touch_index, (std::vector<int32_t>{4, 1, 3, 2, 0}));
  EXPECT_EQ(journeys.touch_time, (std::vector<UnixSeconds>{50, 200, 200, 100, 300}));
  EXPECT_EQ(journeys.end_time, (std::vector<UnixSeconds>{200, 300}));
}

TEST(BuildJourneysTest, WonDealIsAConversionValuedAtGrossProfit) {
  JourneyFixture fixture;
  fixture.Touch(0, 100, "Events");
  fixture.AddDeal(0, "D1", DealStage::kWon, 500, 1000, 400);
  fixture.AddDeal(0, "D2", DealStage::kLost, 600, 999);
  fixture.AddDeal(0, "D3", DealStage::kOpen, kNoTime, 999);
  fixture.AddDeal(0, "D4", DealStage::kWon, kNoTime, 999);  // won but no close date
  fixture.Touch(0, 700, "Email");
  const Journeys journeys = Build(fixture);
  ASSERT_EQ(journeys.num_journeys(), 2);
  EXPECT_EQ(journeys.end[0], JourneyEnd::kDeal);
  EXPECT_EQ(journeys.end_index[0], 0);
  EXPECT_EQ(journeys.end_time[0], 500);
  EXPECT_DOUBLE_EQ(journeys.revenue[0], 1000);
  EXPECT_DOUBLE_EQ(journeys.gross_profit[0], 600);  // 1000 - 400
  EXPECT_EQ(fixture.Path(journeys, 0), "Events");
  EXPECT_EQ(journeys.end[1], JourneyEnd::kNone);

  JourneyOptions no_deals;
  no_deals.won_deals_as_conversions = false;
  const Journeys without = Build(fixture, no_deals);
  ASSERT_EQ(without.num_journeys(), 1);
  EXPECT_EQ(fixture.Path(without, 0), "Events > Email");
  EXPECT_FALSE(without.converting(0));
}

TEST(BuildJourneysTest, WonDealRecordedAsAnOrderIsNotCountedTwice) {
  JourneyFixture fixture;
  fixture.Touch(0, 100, "Paid Search");
  fixture.Convert(0, 450, 1000, 300, "D1");
  fixture.AddDeal(0, "D1", DealStage::kWon, 500, 1000, 400);
  fixture.AddDeal(0, "D2", DealStage::kWon, 800, 200);  // no cogs: gross = amount
  const Journeys journeys = Build(fixture);
  ASSERT_EQ(journeys.num_journeys(), 2);
  EXPECT_EQ(journeys.end,
            (std::vector<JourneyEnd>{JourneyEnd::kConversion, JourneyEnd::kDeal}));
  EXPECT_EQ(journeys.end_index, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(journeys.gross_profit, (std::vector<double>{700, 200}));  // 1000-300, 200-0
  EXPECT_EQ(journeys.length(1), 0);
}

TEST(BuildJourneysTest, ConversionsWithoutPersonOrTouchesAreKept) {
  JourneyFixture fixture;
  fixture.Touch(0, 100, "Direct");
  fixture.Convert(-1, 200, 30);  // no id at all
  fixture.Convert(1, 300, 40);   // a person with no touch
  fixture.Convert(0, 400, 50);
  const Journeys journeys = Build(fixture);
  ASSERT_EQ(journeys.num_journeys(), 3);
  // Persons in order, then the conversions without a person.
  EXPECT_EQ(journeys.person, (std::vector<int32_t>{0, 1, -1}));
  EXPECT_EQ(journeys.end_index, (std::vector<int32_t>{2, 1, 0}));
  EXPECT_EQ(journeys.offsets, (std::vector<int64_t>{0, 1, 1, 1}));
  EXPECT_EQ(journeys.revenue, (std::vector<double>{50, 40, 30}));
  for (int64_t journey = 0; journey < 3; ++journey)
    EXPECT_TRUE(journeys.converting(journey));
}

TEST(BuildJourneysTest, ImpressionsExcludedUnlessAsked) {
  JourneyFixture fixture;
  fixture.Touch(0, 100, "Display", EventType::kImpression);
  fixture.Touch(0, 200, "Paid Social", EventType::kClick);
  fixture.Touch(0, 300, "Email", EventType::kEmailClick);
  fixture.Convert(0, 400, 5);
  EXPECT_EQ(fixture.Path(Build(fixture), 0), "Paid Social > Email");
  JourneyOptions with_impressions;
  with_impressions.include_impressions = true;
  EXPECT_EQ(fixture.Path(Build(fixture, with_impressions), 0),
            "Display > Paid Social > Email");
}

TEST(BuildJourneysTest, TouchesWithoutPersonAreDropped) {
  JourneyFixture fixture;
  fixture.Touch(-1, 100, "Direct");
  fixture.Touch(0, 100, "Email");
  const Journeys journeys = Build(fixture);
  ASSERT_EQ(journeys.num_journeys(), 1);
  EXPECT_EQ(journeys.touch_index, (std::vector<int32_t>{1}));
}

TEST(BuildJourneysTest, EmptyDatasetGivesNoJourneys) {
  JourneyFixture fixture;
  const Journeys journeys = Build(fixture);
  EXPECT_EQ(journeys.num_journeys(), 0);
  EXPECT_EQ(journeys.offsets, (std::vector<int64_t>{0}));
}

TEST(BuildJourneysTest, RejectsMismatchedIdentityAndBadOptions) {
  JourneyFixture fixture;
  fixture.Touch(0, 100, "Direct");
  fixture.identity.touchpoint_person.push_back(0);  // one more than there are touches
  EXPECT_EQ(BuildJourneys(fixture.dataset, fixture.identity, {}).status().code(),
            StatusCode::kFailedPrecondition);
  fixture.identity.touchpoint_person = {5};  // beyond identity.persons
  EXPECT_EQ(BuildJourneys(fixture.dataset, fixture.identity, {}).status().code(),
            StatusCode::kFailedPrecondition);
  fixture.identity.touchpoint_person = {0};
  JourneyOptions negative;
  negative.lookback_s = -1;
  EXPECT_EQ(BuildJourneys(fixture.dataset, fixture.identity, negative).status().code(),
            StatusCode::kInvalidArgument);
}

// Naive reference: for each conversion, scan every touch of its person.
struct NaiveJourney {
  int32_t person;
  bool converting;
  std::vector<int32_t> touches;
  bool operator==(const NaiveJourney&) const = default;
};

std::vector<NaiveJourney> NaiveJourneys(const JourneyFixture& fixture,
                                        UnixSeconds lookback) {
  const Dataset& dataset = fixture.dataset;
  std::vector<NaiveJourney> out;
  for (int32_t person = 0; person < fixture.identity.persons; ++person) {
    std::vector<int32_t> conversions;
    for (size_t index = 0; index < dataset.conversions.size(); ++index) {
      if (fixture.identity.conversion_person[index] == person) {
        conversions.push_back(static_cast<int32_t>(index));
      }
    }
    std::stable_sort(conversions.begin(), conversions.end(), [&](int32_t a, int32_t b) {
      return dataset.conversions[a].timestamp < dataset.conversions[b].timestamp;
    });
    UnixSeconds previous = std::numeric_limits<UnixSeconds>::min();
    bool first = true;
    auto touches_between = [&](UnixSeconds after, bool inclusive_after, UnixSeconds upto,
                               UnixSeconds from) {
      std::vector<int32_t> picked;
      for (size_t touch = 0; touch < dataset.touchpoints.size(); ++touch) {
        const UnixSeconds time = dataset.touchpoints[touch].timestamp;
        if (fixture.identity.touchpoint_person[touch] != person) continue;
        if (!(inclusive_after ? time >= after : time > after) || time > upto ||
            time < from) {
          continue;
        }
        picked.push_back(static_cast<int32_t>(touch));
      }
      std::stable_sort(picked.begin(), picked.end(), [&](int32_t a, int32_t b) {
        return dataset.touchpoints[a].timestamp < dataset.touchpoints[b].timestamp;
      });
      return picked;
    };
    for (int32_t conversion : conversions) {
      const UnixSeconds time = dataset.conversions[conversion].timestamp;
      out.push_back(
          {person, true, touches_between(previous, first, time, time - lookback)});
      previous = time;
      first = false;
    }
    auto tail = touches_between(previous, first, std::numeric_limits<UnixSeconds>::max(),
                                std::numeric_limits<UnixSeconds>::min());
    if (!tail.empty()) out.push_back({person, false, tail});
  }
  return out;
}

TEST(BuildJourneysTest, MatchesNaiveReferenceOnRandomData) {
  std::mt19937 rng(0x5487655);
  for (int persons : {1, 3, 20}) {
    for (int touches : {0, 1, 10, 200}) {
      JourneyFixture fixture;
      std::uniform_int_distribution<int32_t> person(0, persons - 1);
      std::uniform_int_distribution<UnixSeconds> time(0, 60 * kDay);
      for (int touch = 0; touch < touches; ++touch) {
        // Coarse times so that ties with conversions happen.
        fixture.Touch(person(rng), time(rng) / kDay * kDay,
                      "c" + std::to_string(touch % 4));
      }
      for (int conversion = 0; conversion < touches / 5 + 1; ++conversion) {
        fixture.Convert(person(rng), time(rng) / kDay * kDay, 1);
      }
      fixture.identity.persons = persons;
      const Journeys journeys = Build(fixture);
      std::vector<NaiveJourney> actual;
      for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
        actual.push_back(
            {journeys.person[journey], journeys.converting(journey),
             std::vector<int32_t>(
                 journeys.touch_index.begin() + journeys.offsets[journey],
                 journeys.touch_index.begin() + journeys.offsets[journey + 1])});
      }
      EXPECT_EQ(actual.size(), NaiveJourneys(fixture, 30 * kDay).size());
      EXPECT_TRUE(actual == NaiveJourneys(fixture, 30 * kDay))
          << "persons " << persons << " touches " << touches;
    }
  }
}

}  // namespace
}  // namespace mroi

namespace mroi::testing {
namespace {

TEST(SelectJourneysTest, KeepsJourneysEndingInsideTheRange) {
  JourneyFixture fixture;
  // Person 0 converts on day 10 and day 20; person 1 on day 30 (end exclusive).
  fixture.Touch(0, 9 * kDay, "Email");
  fixture.Convert(0, 10 * kDay, 10);
  fixture.Touch(0, 15 * kDay, "Paid Search");
  fixture.Touch(0, 19 * kDay, "Direct");
  fixture.Convert(0, 20 * kDay, 20);
  fixture.Touch(1, 29 * kDay, "Display");
  fixture.Convert(1, 30 * kDay, 30);
  JourneyOptions options;
  options.include_non_converting = false;
  auto all = BuildJourneys(fixture.dataset, fixture.identity, options);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->num_journeys(), 3);

  const Journeys selected = SelectJourneys(*all, 15 * kDay, 30 * kDay);
  ASSERT_EQ(selected.num_journeys(), 1);
  EXPECT_EQ(fixture.Path(selected, 0), "Paid Search > Direct");
  EXPECT_EQ(selected.offsets, (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(selected.end_time[0], 20 * kDay);
  EXPECT_DOUBLE_EQ(selected.revenue[0], 20);
  EXPECT_EQ(selected.person[0], 0);

  EXPECT_EQ(SelectJourneys(*all, 0, 40 * kDay).num_journeys(), 3);
  EXPECT_EQ(SelectJourneys(*all, 31 * kDay, 40 * kDay).num_journeys(), 0);
  EXPECT_EQ(SelectJourneys(*all, 31 * kDay, 40 * kDay).offsets, (std::vector<int64_t>{0}));
}

}  // namespace
}  // namespace mroi::testing
