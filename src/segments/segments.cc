// The eleven named RFM segments: names, suggested actions and the (R, FM) grid.
#include "mroi/segments.h"

#include <algorithm>

namespace mroi {
namespace {

using enum RfmSegment;

// kGrid[r - 1][fm - 1]: rows R = 1..5, columns FM = 1..5. The table is documented in
// include/mroi/segments.h and docs/segments.md (rows there run from R=5 down to R=1).
constexpr RfmSegment kGrid[5][5] = {
    {kLost, kHibernating, kAtRisk, kAtRisk, kCantLoseThem},
    {kHibernating, kHibernating, kAtRisk, kAtRisk, kCantLoseThem},
    {kAboutToSleep, kAboutToSleep, kNeedAttention, kLoyal, kLoyal},
    {kPromising, kPotentialLoyalists, kPotentialLoyalists, kChampions, kChampions},
    {kNewCustomers, kPotentialLoyalists, kPotentialLoyalists, kChampions, kChampions},
};

struct SegmentText {
  std::string_view name;
  std::string_view action;
};

constexpr SegmentText kSegmentTexts[kNumRfmSegments] = {
    {"champions",
     "Reward them: early access, loyalty perks; ask for reviews and referrals."},
    {"loyal", "Upsell higher-value products; ask for reviews; keep them engaged."},
    {"potential_loyalists",
     "Offer a membership or loyalty programme; recommend related products."},
    {"new_customers",
     "Onboard them: welcome series and a first-repeat-purchase incentive."},
    {"promising", "Build awareness: samples, free trials or a small offer."},
    {"need_attention", "Limited-time offers based on past purchases before they slip."},
    {"about_to_sleep", "Reconnect with popular products and a discount."},
    {"at_risk", "Personalised win-back messages and offers; renewals."},
    {"cant_lose_them",
     "Win them back with high-touch outreach; do not lose them to a competitor."},
    {"hibernating", "Offer relevant products and special discounts; rebuild value."},
    {"lost", "Try one low-cost reactivation campaign, else stop spending on them."},
};

}  // namespace

std::array<RfmSegment, kNumRfmSegments> AllRfmSegments() {
  std::array<RfmSegment, kNumRfmSegments> all{};
  for (int segment_idx = 0; segment_idx < kNumRfmSegments; ++segment_idx) {
    all[segment_idx] = static_cast<RfmSegment>(segment_idx);
  }
  return all;
}

std::string_view RfmSegmentName(RfmSegment segment) {
  return kSegmentTexts[static_cast<int>(segment)].name;
}

std::string_view RfmSegmentAction(RfmSegment segment) {
  return kSegmentTexts[static_cast<int>(segment)].action;
}

int FmScore(int frequency_score, int monetary_score) {
  return (frequency_score + monetary_score + 1) / 2;
}

RfmSegment RfmSegmentFor(int recency_score, int fm_score) {
  const int r = std::clamp(recency_score, 1, 5);
  const int fm = std::clamp(fm_score, 1, 5);
  return kGrid[r - 1][fm - 1];
}

}  // namespace mroi
