#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/result.h"

namespace mroi {

/// Return the folder of mroi's shipped data files: $MROI_DATA_DIR if set, else the
/// folder the build was configured with (the source tree's data/).
std::string DefaultDataDir();

/// Which of two duplicate orders survives.
enum class DuplicateOrderPolicy : uint8_t { kLastWins, kFirstWins };

/// Settings of the eraser. Every rule is on by default.
struct CleanOptions {
  /// enabled[static_cast<int>(rule)]; parse_error cannot be turned off (ingest applies it).
  std::array<bool, kNumRules> enabled = [] {
    std::array<bool, kNumRules> all{};
    all.fill(true);
    return all;
  }();
  /// The crawler list (monperrus/crawler-user-agents format: [{"pattern": ...}]).
  /// Default: DefaultDataDir() + "/crawler-user-agents.json".
  std::string bot_list_path;
  /// GA4 source categories CSV (source,source_category).
  /// Default: DefaultDataDir() + "/ga4_source_categories.csv".
  std::string source_categories_path;
  /// Optional channel rules (JSON) tried before the GA4 defaults. Default: none.
  std::string channel_rules_path;
  /// bot_rate: an id with more events than this in one minute is a bot. Default: 30.
  int bot_max_events_per_minute = 30;
  /// bot_rate: an IP with more events than this in one minute is a bot. Default: 120.
  int bot_max_events_per_minute_ip = 120;
  /// bot_rate, scale-out: the bot IPs found across all partitions (include/mroi/scale.h).
  /// When set, it replaces the local counting of events per IP: it returns, for an IP,
  /// the most events it made in any 60 s window when that is over
  /// bot_max_events_per_minute_ip, else 0; every remaining row of such an IP is removed
  /// with the same rule, reason and order as the local count. Default: empty (count
  /// locally).
  std::function<int64_t(std::string_view ip)> precomputed_bot_ips;
  /// bot_rate: this many zero-duration single-page sessions of one id inside
  /// bot_burst_window_s make the id a bot. Default: 5 in 600 s.
  int bot_burst_sessions = 5;
  int64_t bot_burst_window_s = 600;
  /// invalid_click: repeat clicks by one id on one campaign inside this window count once.
  /// Default: 60 s.
  int64_t invalid_click_window_s = 60;
  /// click_without_session: a click with no session of the same id within this time. Default: 1800 s.
  int64_t click_session_window_s = 1800;
  /// duplicate_lead: the same email+form inside this window is one lead. Default: 24 h.
  int64_t duplicate_lead_window_s = 24 * 3600;
  /// duplicate_order: which copy of an order_id is kept. Default: the last.
  DuplicateOrderPolicy duplicate_order = DuplicateOrderPolicy::kLastWins;
  /// imputed: cogs = revenue * (1 - gross_margin) when neither cogs nor gross_profit
  /// is given. Default: 0.4.
  double gross_margin = 0.4;
  /// Extra source aliases (lower-case alias → source), applied after the built-in ones.
  std::map<std::string, std::string> source_aliases;
  /// Extra medium aliases, likewise.
  std::map<std::string, std::string> medium_aliases;
};

/// The eraser: removes bots, invalid clicks, duplicate leads and orders, nets refunds,
/// normalises UTMs, groups channels and imputes missing values, recording every removed
/// row in dataset->quarantine and every change in dataset->changes. Cleaning an already
/// clean dataset changes nothing (idempotent). Records keep their relative order.
/// Errors: kNotFound / kInvalidArgument when a data file (bot list, source categories,
/// channel rules) is missing or malformed; the dataset is then unchanged.
Status Clean(const CleanOptions& options, Dataset* dataset);

/// The GA4 default channel groups, in the order their rules are tried.
const std::vector<std::string>& DefaultChannelGroups();

/// Rules that map (source, medium, campaign), already normalised, to a channel group
/// name: user rules first, then the GA4 default channel grouping. Immutable after Make();
/// const methods are thread-safe.
class ChannelGrouper {
 public:
  static Result<ChannelGrouper> Make(const std::string& source_categories_path,
                                     const std::string& channel_rules_path);
  ChannelGrouper(ChannelGrouper&&) noexcept;
  ChannelGrouper& operator=(ChannelGrouper&&) noexcept;
  ~ChannelGrouper();
  /// Return the channel group, e.g. "Paid Search", "Direct", "Unassigned".
  std::string_view Group(std::string_view source, std::string_view medium,
                         std::string_view campaign) const;

 private:
  struct Impl;
  explicit ChannelGrouper(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// A compiled crawler list. Immutable after Make(); Matches() is thread-safe.
class BotMatcher {
 public:
  /// Load and compile the patterns of a crawler-user-agents JSON file.
  static Result<BotMatcher> Make(const std::string& path);
  /// Compile the given patterns (tests).
  static Result<BotMatcher> FromPatterns(const std::vector<std::string>& patterns);
  BotMatcher(BotMatcher&&) noexcept;
  BotMatcher& operator=(BotMatcher&&) noexcept;
  ~BotMatcher();
  /// True when `user_agent` matches any pattern.
  bool Matches(std::string_view user_agent) const;
  /// Return the first pattern that matches, or "" (for quarantine reasons).
  std::string_view FirstMatch(std::string_view user_agent) const;
  size_t num_patterns() const;

 private:
  struct Impl;
  explicit BotMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Normalise a UTM source: trim, lower-case, URL-decode, apply aliases
/// ("fb", "facebook.com", "m.facebook.com" → "facebook").
std::string NormaliseSource(std::string_view source,
                            const std::map<std::string, std::string>& extra_aliases = {});
/// Normalise a UTM medium ("CPC", "ppc", "paid" → "cpc"; "e-mail" → "email").
std::string NormaliseMedium(std::string_view medium,
                           const std::map<std::string, std::string>& extra_aliases = {});
/// Normalise other UTM values (campaign, content, term): trim, lower-case, URL-decode.
std::string NormaliseUtmValue(std::string_view value);
/// Return the source named by a referrer URL's host ("https://www.google.com/search?q=x"
/// → "google"), or "" when it has none.
std::string SourceFromReferrer(std::string_view referrer);

}  // namespace mroi
