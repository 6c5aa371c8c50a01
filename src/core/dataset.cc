#include "mroi/dataset.h"

#include <fmt/format.h>

namespace mroi {

std::string_view InputKindName(InputKind kind) {
  switch (kind) {
    case InputKind::kTouchpoints: return "touchpoints";
    case InputKind::kConversions: return "conversions";
    case InputKind::kLeads: return "leads";
    case InputKind::kDeals: return "deals";
    case InputKind::kSpend: return "spend";
    case InputKind::kCosts: return "costs";
    case InputKind::kEmail: return "email";
    case InputKind::kGoals: return "goals";
  }
  return "unknown";
}

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kSession: return "session";
    case EventType::kClick: return "click";
    case EventType::kImpression: return "impression";
    case EventType::kEmailClick: return "email_click";
  }
  return "session";
}

std::string_view DealStageName(DealStage stage) {
  switch (stage) {
    case DealStage::kOpen: return "open";
    case DealStage::kWon: return "won";
    case DealStage::kLost: return "lost";
  }
  return "open";
}

std::string_view RuleName(Rule rule) {
  switch (rule) {
    case Rule::kParseError: return "parse_error";
    case Rule::kBotUserAgent: return "bot_user_agent";
    case Rule::kBotRate: return "bot_rate";
    case Rule::kInvalidClick: return "invalid_click";
    case Rule::kDuplicateLead: return "duplicate_lead";
    case Rule::kDuplicateOrder: return "duplicate_order";
    case Rule::kRefundNetted: return "refund_netted";
    case Rule::kOrphanRefund: return "orphan_refund";
    case Rule::kUtmNormalised: return "utm_normalised";
    case Rule::kImputed: return "imputed";
    case Rule::kClickWithoutSession: return "click_without_session";
  }
  return "unknown";
}

Result<Rule> RuleFromName(std::string_view name) {
  std::string names;
  for (int rule_idx = 0; rule_idx < kNumRules; ++rule_idx) {
    auto rule = static_cast<Rule>(rule_idx);
    if (RuleName(rule) == name) return rule;
    if (!names.empty()) names += ", ";
    names += RuleName(rule);
  }
  return InvalidArgument(fmt::format("unknown rule '{}'; the rules are: {}", name, names));
}

bool RuleRemovesRow(Rule rule) {
  return static_cast<int>(rule) <= static_cast<int>(Rule::kOrphanRefund);
}

namespace {
template <typename Record>
void CountKept(const std::vector<Record>& records, std::vector<FileAccount>* accounts) {
  for (const Record& record : records) {
    auto file = static_cast<size_t>(record.origin.file);
    if (file < accounts->size()) ++(*accounts)[file].rows_kept;
  }
}
}  // namespace

std::vector<FileAccount> AccountFiles(const Dataset& dataset) {
  std::vector<FileAccount> accounts(dataset.files.size());
  for (size_t file_idx = 0; file_idx < dataset.files.size(); ++file_idx) {
    accounts[file_idx].path = dataset.files[file_idx].path;
    accounts[file_idx].kind = dataset.files[file_idx].kind;
    accounts[file_idx].rows_in = dataset.files[file_idx].rows_in;
  }
  CountKept(dataset.touchpoints, &accounts);
  CountKept(dataset.conversions, &accounts);
  CountKept(dataset.leads, &accounts);
  CountKept(dataset.deals, &accounts);
  CountKept(dataset.spend, &accounts);
  CountKept(dataset.costs, &accounts);
  CountKept(dataset.email, &accounts);
  CountKept(dataset.goals, &accounts);
  for (const RowIssue& issue : dataset.quarantine) {
    auto file = static_cast<size_t>(issue.origin.file);
    if (file >= accounts.size()) continue;
    ++accounts[file].rows_quarantined;
    ++accounts[file].by_rule[std::string(RuleName(issue.rule))];
  }
  return accounts;
}

}  // namespace mroi
