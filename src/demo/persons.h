// The real customers of the demo: each person's visits, orders, leads and deals, with the
// defects that belong to a person (repeat clicks, resubmitted forms, double orders,
// refunds), and the aggregates that spend.csv and email.csv are derived from.
#pragma once

#include <cstdint>
#include <vector>

#include "demo/sink.h"

namespace mroi::internal {

/// Running numbers of lead and deal ids.
struct LeadCounters {
  int64_t next_lead = 1;
  int64_t next_deal = 1;
};

/// One email send: a campaign mailed at a time, and the clicks it got.
struct EmailSend {
  int campaign = 0;  // index into the email channel's campaigns
  int64_t time = 0;
  int64_t tracked_clicks = 0;
};

/// What the persons add up to, for the files written after them.
struct PersonTotals {
  /// tracked_clicks[campaign_slot][day]; campaign_slot from CampaignSlot().
  std::vector<std::vector<int64_t>> tracked_clicks;
  std::vector<EmailSend> sends;
  int64_t persons = 0;
  int64_t touchpoints = 0;
  int64_t conversions = 0;
  int64_t leads = 0;
  int64_t deals = 0;
  int64_t subscribers = 0;
};

/// The slot of (channel, campaign) in PersonTotals::tracked_clicks.
int CampaignSlot(int channel, int campaign);
/// Number of slots.
int CampaignSlots();

/// Generates persons one at a time, in order of first visit. Memory is O(one person).
class PersonWriter {
 public:
  PersonWriter(uint64_t seed, int64_t persons, DemoFiles* files);

  /// Write person `index` (0 <= index < persons) and its truth.
  void Write(int64_t index);
  const PersonTotals& totals() const { return totals_; }

 private:
  uint64_t seed_;
  int64_t persons_;
  DemoFiles* files_;
  PersonTotals totals_;
  std::vector<double> day_cdf_;  // arrival distribution over the days
  int64_t next_order_ = 100001;
  LeadCounters lead_counters_;
};

}  // namespace mroi::internal
