#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "mroi/attribution.h"

namespace mroi::testing {

inline constexpr UnixSeconds kDay = 86400;

/// One hand-made touch: time, channel group, utm_campaign ("" = unset).
struct TouchSpec {
  UnixSeconds time = 0;
  std::string_view channel;
  std::string_view campaign;
};

/// Builds Journeys (and the Dataset / IdentityResult they index) by hand, so that
/// a test states each journey's touches directly.
struct JourneyBuilder {
  Dataset dataset;
  IdentityResult identity;
  Journeys journeys;

  /// Append a converting journey of `person` ending at `end_time`; return its index.
  int64_t Convert(int32_t person, const std::vector<TouchSpec>& touches,
                  UnixSeconds end_time, double revenue, double gross_profit) {
    return Add(person, touches, end_time, JourneyEnd::kConversion, revenue, gross_profit);
  }
  /// Append a non-converting journey.
  int64_t Browse(int32_t person, const std::vector<TouchSpec>& touches) {
    const UnixSeconds end = touches.empty() ? 0 : touches.back().time;
    return Add(person, touches, end, JourneyEnd::kNone, 0, 0);
  }
  /// Add a lead of `person` at `time`.
  void Lead(int32_t person, UnixSeconds time) {
    mroi::Lead record;
    record.timestamp = time;
    dataset.leads.push_back(record);
    identity.lead_person.push_back(person);
    Grow(person);
  }

 private:
  int64_t Add(int32_t person, const std::vector<TouchSpec>& touches, UnixSeconds end_time,
              JourneyEnd end, double revenue, double gross_profit) {
    for (const TouchSpec& spec : touches) {
      Touchpoint touch;
      touch.timestamp = spec.time;
      touch.channel = dataset.strings.Intern(spec.channel);
      touch.utm_campaign = dataset.strings.Intern(spec.campaign);
      journeys.touch_index.push_back(static_cast<int32_t>(dataset.touchpoints.size()));
      journeys.touch_channel.push_back(touch.channel);
      journeys.touch_time.push_back(spec.time);
      dataset.touchpoints.push_back(touch);
      identity.touchpoint_person.push_back(person);
    }
    journeys.offsets.push_back(static_cast<int64_t>(journeys.touch_channel.size()));
    journeys.person.push_back(person);
    journeys.end.push_back(end);
    journeys.end_index.push_back(-1);
    journeys.end_time.push_back(end_time);
    journeys.revenue.push_back(revenue);
    journeys.gross_profit.push_back(gross_profit);
    Grow(person);
    return journeys.num_journeys() - 1;
  }
  void Grow(int32_t person) {
    if (person + 1 > identity.persons) identity.persons = person + 1;
  }
};

/// Return the credit of `channel` under `model` (zero when absent).
inline Credit ChannelCredit(const AttributionResult& result, AttributionModel model,
                            std::string_view channel) {
  const ModelCredit* credit = result.Find(model);
  const int32_t id = result.FindChannel(channel);
  if (credit == nullptr || id < 0) return Credit{};
  return credit->channels[static_cast<size_t>(id)];
}

/// Expect every model's channel and campaign credit to sum to the total (1e-9 rel).
inline void ExpectConserved(const AttributionResult& result) {
  auto near = [](double actual, double expected) {
    return std::fabs(actual - expected) <= 1e-9 * std::max(1.0, std::fabs(expected));
  };
  for (const ModelCredit& model : result.models) {
    Credit channels;
    for (const Credit& credit : model.channels) {
      channels.conversions += credit.conversions;
      channels.revenue += credit.revenue;
      channels.gross_profit += credit.gross_profit;
    }
    Credit campaigns;
    for (const Credit& credit : model.campaigns) {
      campaigns.conversions += credit.conversions;
      campaigns.revenue += credit.revenue;
      campaigns.gross_profit += credit.gross_profit;
    }
    EXPECT_TRUE(near(channels.conversions, result.total.conversions))
        << model.name << " conversions " << channels.conversions << " vs "
        << result.total.conversions;
    EXPECT_TRUE(near(channels.revenue, result.total.revenue))
        << model.name << " revenue " << channels.revenue << " vs "
        << result.total.revenue;
    EXPECT_TRUE(near(channels.gross_profit, result.total.gross_profit))
        << model.name << " gross profit";
    EXPECT_TRUE(near(campaigns.conversions, result.total.conversions))
        << model.name << " campaign conversions";
    EXPECT_TRUE(near(campaigns.revenue, result.total.revenue))
        << model.name << " campaign revenue";
    EXPECT_TRUE(near(campaigns.gross_profit, result.total.gross_profit))
        << model.name << " campaign gross profit";
  }
}

}  // namespace mroi::testing
