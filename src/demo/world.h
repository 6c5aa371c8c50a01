// The demo's business: "Northwind Outdoor", an outdoor-gear web shop with a B2B
// wholesale / corporate-gifting team. Channels, campaigns, user agents, pages, forms and
// the id formats of its persons.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/time.h"

namespace mroi::internal {

/// The demo period: 2025-01-01T00:00:00Z (inclusive) to 2025-07-01 (exclusive).
inline constexpr int64_t kDemoStart = 1735689600;  // 2025-01-01T00:00:00Z
inline constexpr int kDemoDays = 181;
inline constexpr int64_t kDemoEnd = kDemoStart + int64_t{kDemoDays} * 86400;

/// How a visit from a channel looks in the touchpoints.
enum class ChannelKind : uint8_t {
  kPaidClick,  // (impression) + click + session, tagged with UTMs
  kEmail,      // email_click + session, tagged with UTMs
  kOrganic,    // session, no UTMs, referrer a search engine
  kReferral,   // session, no UTMs, referrer another site
  kDirect,     // session, no UTMs, no referrer
};

/// One campaign of a paid or email channel, active on days [first_day, last_day]
/// counted from 2025-01-01.
struct CampaignInfo {
  std::string name;  // canonical (normalised) name, as in spend.csv
  int first_day = 0;
  int last_day = kDemoDays - 1;
  std::vector<std::string> contents;  // utm_content values
};

/// One acquisition channel with its believable economics.
struct ChannelInfo {
  std::string group;   // GA4 channel group the cleaner should give it ("Paid Search")
  std::string source;  // canonical utm_source
  std::string medium;  // canonical utm_medium
  ChannelKind kind = ChannelKind::kDirect;
  std::string tier;  // core / emerging / experimental
  double cpc = 0;    // cost per platform click (kPaidClick)
  double cpm = 0;    // cost per 1000 impressions when billed by impression (display)
  double ctr = 0;    // platform click-through rate
  double impression_share = 0;  // chance a tracked impression precedes the click
  double view_only = 0;         // chance a visit is an impression without a click
  double first_weight = 0;      // weight as a person's first touch (B2C)
  double return_weight = 0;     // weight on a later visit (B2C)
  double b2b_factor = 1;        // weight multiplier for B2B prospects
  double purchase_factor = 1;   // purchase propensity multiplier
  std::vector<CampaignInfo> campaigns;
  std::vector<std::string> referrers;  // kOrganic / kReferral
  std::vector<std::string> terms;      // utm_term values (search)
};

/// All channels of the demo (12), in a fixed order.
const std::vector<ChannelInfo>& DemoChannels();

/// Real browser user agents (desktop and mobile); none matches a crawler pattern.
const std::vector<std::string>& BrowserUserAgents();
/// Crawler user agents; each matches a pattern of the crawler list.
const std::vector<std::string>& CrawlerUserAgents();
/// Landing-page paths of the shop.
const std::vector<std::string>& LandingPaths();
/// Lead forms; the first two can become CRM deals.
const std::vector<std::string>& LeadForms();

/// The shop's origin, "https://www.northwind-outdoor.com".
std::string_view SiteOrigin();

/// Id helpers. Each is injective in its arguments for a fixed seed, so that two
/// persons never share an id.
std::string AnonymousId(uint64_t seed, uint64_t ns, uint64_t person, int device);
std::string UserId(uint64_t seed, uint64_t person);
std::string PersonEmail(uint64_t seed, uint64_t person);
/// A unique IPv4 address for (namespace, index); namespaces 0 (persons) and 1 (bots)
/// never collide. index < 2^24.
std::string IpAddress(int ns, uint64_t index);

/// Format seconds as ISO-8601 UTC.
inline std::string Ts(int64_t seconds) { return FormatTimestamp(seconds); }
/// Format money with two decimals.
std::string Money(double value);

}  // namespace mroi::internal
