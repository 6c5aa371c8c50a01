#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/dictionary.h"
#include "mroi/time.h"

namespace mroi {

/// The kinds of input file (SPEC.md "Input data").
enum class InputKind : uint8_t {
  kTouchpoints,
  kConversions,
  kLeads,
  kDeals,
  kSpend,
  kCosts,
  kEmail,
  kGoals,
};
inline constexpr int kNumInputKinds = 8;

/// Return "touchpoints", "conversions", ...
std::string_view InputKindName(InputKind kind);

/// A missing number in a record.
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool IsMissing(double value) { return std::isnan(value); }
/// A missing timestamp in a record.
inline constexpr UnixSeconds kNoTime = std::numeric_limits<int64_t>::min();

/// Where a record came from: the index of its file in Dataset::files and the
/// 1-based physical line where the row starts (the header is line 1).
struct RowOrigin {
  int32_t file = -1;
  int64_t line = 0;
};

/// Bits of Touchpoint/Conversion/Deal::imputed: which fields a rule filled in.
enum ImputedField : uint8_t {
  kImputedNone = 0,
  kImputedCogs = 1 << 0,      // cogs = revenue * (1 - gross margin)
  kImputedCampaign = 1 << 1,  // campaign = "(not set)"
  kImputedSource = 1 << 2,    // utm_source/medium taken from the referrer or "(direct)"
  kImputedEventType = 1 << 3, // event_type defaulted to session
};

/// The type of a touchpoint; `session` when the file does not say.
enum class EventType : uint8_t { kSession, kClick, kImpression, kEmailClick };
std::string_view EventTypeName(EventType type);

/// One marketing contact (impression, click, session, email click).
/// String fields are ids in Dataset::strings (kEmptyString = missing).
struct Touchpoint {
  UnixSeconds timestamp = 0;
  RowOrigin origin;
  StringId anonymous_id = kEmptyString;
  StringId user_id = kEmptyString;
  StringId email = kEmptyString;
  StringId utm_source = kEmptyString;
  StringId utm_medium = kEmptyString;
  StringId utm_campaign = kEmptyString;
  StringId utm_content = kEmptyString;
  StringId utm_term = kEmptyString;
  StringId referrer = kEmptyString;
  StringId landing_page = kEmptyString;
  StringId user_agent = kEmptyString;
  StringId ip = kEmptyString;
  StringId channel = kEmptyString;  // channel group, set by the cleaner ("Paid Search")
  EventType event_type = EventType::kSession;
  uint8_t imputed = kImputedNone;
  double page_views = kMissing;
  double duration_s = kMissing;
  double cost = kMissing;
};

/// One order / purchase / won-deal value. Refund rows (negative revenue) are
/// netted into their order by the cleaner.
struct Conversion {
  UnixSeconds timestamp = 0;
  RowOrigin origin;
  StringId order_id = kEmptyString;
  StringId user_id = kEmptyString;
  StringId anonymous_id = kEmptyString;
  StringId email = kEmptyString;
  StringId currency = kEmptyString;
  uint8_t imputed = kImputedNone;
  double revenue = 0;
  double cogs = kMissing;          // filled from gross_profit or imputed by the cleaner
  double gross_profit = kMissing;  // revenue - cogs after cleaning
};

/// One form submission.
struct Lead {
  UnixSeconds timestamp = 0;
  RowOrigin origin;
  StringId lead_id = kEmptyString;
  StringId email = kEmptyString;
  StringId anonymous_id = kEmptyString;
  StringId user_id = kEmptyString;
  StringId form = kEmptyString;
  StringId utm_source = kEmptyString;
  StringId utm_medium = kEmptyString;
  StringId utm_campaign = kEmptyString;
  StringId utm_content = kEmptyString;
  StringId utm_term = kEmptyString;
  StringId channel = kEmptyString;  // set by the cleaner
  uint8_t imputed = kImputedNone;
};

/// The stage of a CRM opportunity.
enum class DealStage : uint8_t { kOpen, kWon, kLost };
std::string_view DealStageName(DealStage stage);

/// One CRM opportunity.
struct Deal {
  RowOrigin origin;
  StringId deal_id = kEmptyString;
  StringId lead_id = kEmptyString;
  StringId email = kEmptyString;
  StringId user_id = kEmptyString;
  UnixSeconds created_at = 0;
  UnixSeconds closed_at = kNoTime;
  DealStage stage = DealStage::kOpen;
  uint8_t imputed = kImputedNone;
  double amount = kMissing;
  double cogs = kMissing;
};

/// The cost of a channel/campaign on one day.
struct SpendRow {
  UnixDays date = 0;
  RowOrigin origin;
  StringId channel = kEmptyString;     // as given, or the group of source+medium
  StringId utm_source = kEmptyString;
  StringId utm_medium = kEmptyString;
  StringId campaign = kEmptyString;
  StringId cost_type = kEmptyString;   // media, content, personnel, tools, events
  StringId tier = kEmptyString;        // core, emerging, experimental
  uint8_t imputed = kImputedNone;
  double cost = 0;
  double impressions = kMissing;
  double clicks = kMissing;
};

/// An indirect cost for a month; channel empty = shared.
struct CostRow {
  int32_t month = 0;  // year * 12 + (month - 1)
  RowOrigin origin;
  StringId category = kEmptyString;
  StringId channel = kEmptyString;
  double amount = 0;
};

/// One email campaign send.
struct EmailRow {
  UnixDays date = 0;
  RowOrigin origin;
  StringId campaign = kEmptyString;
  double sent = kMissing;
  double delivered = kMissing;
  double opens = kMissing;
  double clicks = kMissing;
  double unsubscribes = kMissing;
  double bounces = kMissing;
};

/// A SMART goal from goals*.json.
struct Goal {
  std::string metric;
  double target = 0;
  UnixDays start = 0;
  UnixDays end = 0;
  std::string scope = "all";       // "all", "channel:<name>", "campaign:<name>"
  std::string direction = "increase";  // "increase" or "decrease"
  RowOrigin origin;
};

/// The named cleaning rules (SPEC.md "Cleaning"). Names are a contract: see RuleName().
enum class Rule : uint8_t {
  // Rules that remove a row (it lands in the quarantine).
  kParseError,
  kBotUserAgent,
  kBotRate,
  kInvalidClick,
  kDuplicateLead,
  kDuplicateOrder,
  kRefundNetted,    // a refund row folded into its order
  kOrphanRefund,    // a refund whose order is unknown
  // Rules that change a row and keep it (counted in the change log).
  kUtmNormalised,
  kImputed,
  // Flags: the row is kept unchanged and counted.
  kClickWithoutSession,
};
inline constexpr int kNumRules = 11;

/// Return the rule's output name: "parse_error", "bot_user_agent", "bot_rate",
/// "invalid_click", "duplicate_lead", "duplicate_order", "refund_netted",
/// "orphan_refund", "utm_normalised", "imputed", "click_without_session".
std::string_view RuleName(Rule rule);
/// Return the rule named `name`, or an error listing the names.
Result<Rule> RuleFromName(std::string_view name);
/// True for the rules whose rows leave the data (parse_error .. orphan_refund).
bool RuleRemovesRow(Rule rule);

/// A row removed from the data, with why. Every removed row has exactly one.
struct RowIssue {
  RowOrigin origin;
  Rule rule = Rule::kParseError;
  int32_t column = -1;   // 0-based column of the offending field; -1 = the whole row
  std::string raw;       // the row's text for parse errors (<= 1 KiB), else empty
  std::string message;   // human reason: "revenue 'abc' is not a number"
};

/// A row kept but changed or flagged by a rule; 32 bytes, so that a change to
/// every row of a large file stays affordable. Strings are ids in Dataset::strings.
struct RowChange {
  RowOrigin origin;
  Rule rule = Rule::kUtmNormalised;
  StringId field = kEmptyString;   // "utm_source", "cogs", "revenue", ...
  StringId before = kEmptyString;  // old value as text ("FB ")
  StringId after = kEmptyString;   // new value as text ("facebook")
};

/// One input file and what became of its rows.
struct InputFileInfo {
  std::string path;
  InputKind kind = InputKind::kTouchpoints;
  int64_t rows_in = 0;   // data rows read (header excluded)
};

/// All records of one run, after ingest and (later) cleaning; owned by the caller.
/// The invariant, per file: rows_in = rows kept in the vectors + rows in `quarantine`.
/// Thread safety: none; one thread at a time.
struct Dataset {
  Dictionary strings;
  std::vector<InputFileInfo> files;
  std::vector<Touchpoint> touchpoints;
  std::vector<Conversion> conversions;
  std::vector<Lead> leads;
  std::vector<Deal> deals;
  std::vector<SpendRow> spend;
  std::vector<CostRow> costs;
  std::vector<EmailRow> email;
  std::vector<Goal> goals;
  std::vector<RowIssue> quarantine;
  std::vector<RowChange> changes;

  std::string_view str(StringId id) const { return strings.Get(id); }
};

/// Per-file accounting of a dataset: rows_in, kept, quarantined and counts per rule.
struct FileAccount {
  std::string path;
  InputKind kind = InputKind::kTouchpoints;
  int64_t rows_in = 0;
  int64_t rows_kept = 0;
  int64_t rows_quarantined = 0;
  std::map<std::string, int64_t> by_rule;  // removing rules only
};

/// Count, per file, the kept rows (by RowOrigin::file) and the quarantined rows.
std::vector<FileAccount> AccountFiles(const Dataset& dataset);

}  // namespace mroi
