// Rows the eraser must remove: crawlers, behavioural bots, rows that do not parse and
// refunds of unknown orders. Each writer records its rows in the truth with the rule
// that removes them first (docs/cleaning.md). Invalid clicks, duplicate leads and
// orders and netted refunds belong to real persons and are written with them.
#pragma once

#include <cstdint>

#include "demo/random.h"
#include "demo/sink.h"

namespace mroi::internal {

/// Namespaces of AnonymousId(): real persons, bots, rows that do not parse.
inline constexpr uint64_t kPersonIds = 0;
inline constexpr uint64_t kBotIds = 1;
inline constexpr uint64_t kBrokenIds = 2;

/// Writes the defect rows of one run; `index` counters keep every id fresh.
class DefectWriter {
 public:
  DefectWriter(uint64_t seed, DemoFiles* files)
      : seed_(seed), rng_(seed, 0xDEFEC7), files_(files) {}

  /// A crawler (crawler user agent) reading 5-25 pages: bot_user_agent.
  void Crawler();
  /// An id with a browser user agent firing 40-100 events in under a minute: bot_rate.
  void RateBot();
  /// An id with 5-8 zero-duration single-page sessions inside 10 minutes: bot_rate.
  void BurstBot();
  /// One IP with ten ids, each under the per-id limit, 130-150 events in a minute:
  /// bot_rate.
  void IpBot();
  /// One unparseable touchpoint (5 kinds in turn): parse_error.
  void BrokenTouchpoint();
  /// One unparseable conversion: parse_error.
  void BrokenConversion();
  /// A refund (negative revenue) of an order outside the data: orphan_refund.
  void OrphanRefund();
  /// One unparseable lead / deal / spend / cost / email row: parse_error.
  void BrokenLead();
  void BrokenDeal();
  void BrokenSpend();
  void BrokenCost();
  void BrokenEmail();

 private:
  int64_t RandomTime(int64_t margin_s);
  std::string BotIp() { return IpAddress(1, bot_ips_++); }

  uint64_t seed_;
  Rng rng_;
  DemoFiles* files_;
  uint64_t bots_ = 0;
  uint64_t bot_ips_ = 0;
  uint64_t broken_ = 0;
  int touch_kind_ = 0;
  int conversion_kind_ = 0;
  int other_kind_ = 0;
};

}  // namespace mroi::internal
