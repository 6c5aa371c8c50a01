#pragma once

#include <string>
#include <string_view>

#include "mroi/journeys.h"

namespace mroi::testing {

inline constexpr UnixSeconds kDay = 86400;

/// Builds a Dataset and its IdentityResult by hand: every row names its person.
struct JourneyFixture {
  Dataset dataset;
  IdentityResult identity;

  /// Add a touch of `person` at `time` in `channel`; return its index.
  int32_t Touch(int32_t person, UnixSeconds time, std::string_view channel,
                EventType type = EventType::kSession) {
    Touchpoint touch;
    touch.timestamp = time;
    touch.channel = dataset.strings.Intern(channel);
    touch.event_type = type;
    dataset.touchpoints.push_back(touch);
    identity.touchpoint_person.push_back(person);
    Grow(person);
    return static_cast<int32_t>(dataset.touchpoints.size() - 1);
  }

  /// Add a conversion; cogs and order_id optional.
  int32_t Convert(int32_t person, UnixSeconds time, double revenue,
                  double cogs = kMissing, std::string_view order_id = "") {
    Conversion conversion;
    conversion.timestamp = time;
    conversion.revenue = revenue;
    conversion.cogs = cogs;
    conversion.order_id = dataset.strings.Intern(order_id);
    dataset.conversions.push_back(conversion);
    identity.conversion_person.push_back(person);
    Grow(person);
    return static_cast<int32_t>(dataset.conversions.size() - 1);
  }

  /// Add a deal closed at `closed_at` (kNoTime = open).
  int32_t AddDeal(int32_t person, std::string_view deal_id, DealStage stage,
                  UnixSeconds closed_at, double amount, double cogs = kMissing) {
    Deal deal;
    deal.deal_id = dataset.strings.Intern(deal_id);
    deal.stage = stage;
    deal.closed_at = closed_at;
    deal.amount = amount;
    deal.cogs = cogs;
    dataset.deals.push_back(deal);
    identity.deal_person.push_back(person);
    Grow(person);
    return static_cast<int32_t>(dataset.deals.size() - 1);
  }

  /// Return journey `journey`'s channels joined with " > ".
  std::string Path(const Journeys& journeys, int64_t journey) const {
    std::string text;
    for (int64_t touch = journeys.offsets[static_cast<size_t>(journey)];
         touch < journeys.offsets[static_cast<size_t>(journey) + 1]; ++touch) {
      if (!text.empty()) text += " > ";
      text += dataset.str(journeys.touch_channel[static_cast<size_t>(touch)]);
    }
    return text;
  }

 private:
  void Grow(int32_t person) {
    if (person + 1 > identity.persons) identity.persons = person + 1;
  }
};

}  // namespace mroi::testing
