#pragma once

// A hand-made business for the metrics tests; every expected value in kpi_test.cc is
// computed by hand from the rows below.

#include <string_view>

#include "journeys/journeys_test_util.h"
#include "mroi/metrics.h"

namespace mroi::testing {

/// Seconds of `hour`:00 UTC on a civil date.
inline UnixSeconds At(int32_t year, uint32_t month, uint32_t day, int hour = 0) {
  return static_cast<UnixSeconds>(DaysFromCivil(year, month, day)) * kDay + hour * 3600;
}

/// A JourneyFixture with helpers for the other record kinds.
struct MetricsFixture : JourneyFixture {
  int32_t Session(int32_t person, UnixSeconds time, std::string_view channel,
                  double page_views, double duration_s, std::string_view campaign = "",
                  uint8_t imputed = kImputedNone) {
    const int32_t index = Touch(person, time, channel);
    Touchpoint& touch = dataset.touchpoints[static_cast<size_t>(index)];
    touch.page_views = page_views;
    touch.duration_s = duration_s;
    touch.utm_campaign = dataset.strings.Intern(campaign);
    touch.imputed = imputed;
    return index;
  }
  void Lead(int32_t person, UnixSeconds time, std::string_view lead_id,
            std::string_view channel, std::string_view source = "") {
    mroi::Lead lead;
    lead.timestamp = time;
    lead.lead_id = dataset.strings.Intern(lead_id);
    lead.channel = dataset.strings.Intern(channel);
    lead.utm_source = dataset.strings.Intern(source);
    dataset.leads.push_back(lead);
    identity.lead_person.push_back(person);
  }
  void Spend(UnixSeconds time, std::string_view channel, double cost, double impressions,
             double clicks, std::string_view campaign = "") {
    SpendRow row;
    row.date = static_cast<UnixDays>(time / kDay);
    row.channel = dataset.strings.Intern(channel);
    row.campaign = dataset.strings.Intern(campaign);
    row.cost = cost;
    row.impressions = impressions;
    row.clicks = clicks;
    dataset.spend.push_back(row);
  }
  void Cost(int32_t year, int32_t month, std::string_view category, double amount,
            std::string_view channel = "") {
    CostRow row;
    row.month = year * 12 + month - 1;
    row.category = dataset.strings.Intern(category);
    row.channel = dataset.strings.Intern(channel);
    row.amount = amount;
    dataset.costs.push_back(row);
  }
  /// Build the journeys with the default options.
  Journeys BuildJourneysOrDie() {
    Result<Journeys> journeys = BuildJourneys(dataset, identity, JourneyOptions());
    return std::move(journeys).value();
  }
};

}  // namespace mroi::testing
