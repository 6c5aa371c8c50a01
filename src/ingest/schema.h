#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"

namespace mroi::internal {

// Field ids of each kind's canonical schema (SPEC.md "Input data"), in the order
// of Schema::fields.
namespace tp {
enum Field : int {
  kTimestamp,
  kAnonymousId,
  kUserId,
  kEmail,
  kEventType,
  kUtmSource,
  kUtmMedium,
  kUtmCampaign,
  kUtmContent,
  kUtmTerm,
  kReferrer,
  kLandingPage,
  kUserAgent,
  kIp,
  kPageViews,
  kDurationS,
  kCost,
  kCount
};
}  // namespace tp
namespace conv {
enum Field : int {
  kTimestamp,
  kOrderId,
  kUserId,
  kAnonymousId,
  kEmail,
  kRevenue,
  kCogs,
  kGrossProfit,
  kCurrency,
  kCount
};
}  // namespace conv
namespace lead {
enum Field : int {
  kTimestamp,
  kLeadId,
  kEmail,
  kAnonymousId,
  kUserId,
  kForm,
  kUtmSource,
  kUtmMedium,
  kUtmCampaign,
  kUtmContent,
  kUtmTerm,
  kCount
};
}  // namespace lead
namespace deal {
enum Field : int {
  kDealId,
  kLeadId,
  kEmail,
  kUserId,
  kCreatedAt,
  kClosedAt,
  kStage,
  kAmount,
  kCogs,
  kCount
};
}  // namespace deal
namespace spend {
enum Field : int {
  kDate,
  kChannel,
  kUtmSource,
  kUtmMedium,
  kCampaign,
  kCost,
  kImpressions,
  kClicks,
  kCostType,
  kTier,
  kCount
};
}  // namespace spend
namespace cost {
enum Field : int { kPeriod, kCategory, kAmount, kChannel, kCount };
}  // namespace cost
namespace email {
enum Field : int {
  kDate,
  kCampaign,
  kSent,
  kDelivered,
  kOpens,
  kClicks,
  kUnsubscribes,
  kBounces,
  kCount
};
}  // namespace email

/// The canonical columns of one input kind and which of them a file must have.
struct Schema {
  InputKind kind = InputKind::kTouchpoints;
  std::vector<std::string_view> fields;  // lower-case names, indexed by field id
  /// Each requirement is met when one of its alternatives is; an alternative is a
  /// set of fields that must all be present (spend: {channel} or {utm_source,
  /// utm_medium}).
  std::vector<std::vector<std::vector<int>>> required;
};

/// Return the schema of `kind`. REQUIRES: kind != kGoals.
const Schema& SchemaFor(InputKind kind);

/// Return the field id named `name` (already normalised), or -1.
int FindField(const Schema& schema, std::string_view name);

/// Trim spaces/tabs and lower-case a column name or JSON key.
std::string NormaliseName(std::string_view name);

/// Describe the first requirement of `schema` that `present` (indexed by field id)
/// does not meet: "missing required column 'timestamp'", or "" when all are met.
std::string MissingRequired(const Schema& schema, const std::vector<bool>& present);

}  // namespace mroi::internal
