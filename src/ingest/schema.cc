#include "ingest/schema.h"

#include <array>

#include <fmt/format.h>

namespace mroi::internal {

namespace {

std::vector<Schema> MakeSchemas() {
  std::vector<Schema> schemas(kNumInputKinds - 1);
  schemas[0] = {
      InputKind::kTouchpoints,
      {"timestamp", "anonymous_id", "user_id", "email", "event_type", "utm_source",
       "utm_medium", "utm_campaign", "utm_content", "utm_term", "referrer",
       "landing_page", "user_agent", "ip", "page_views", "duration_s", "cost"},
      {{{tp::kTimestamp}}, {{tp::kAnonymousId}, {tp::kUserId}}}};
  schemas[1] = {InputKind::kConversions,
                {"timestamp", "order_id", "user_id", "anonymous_id", "email", "revenue",
                 "cogs", "gross_profit", "currency"},
                {{{conv::kTimestamp}},
                 {{conv::kOrderId}},
                 {{conv::kRevenue}},
                 {{conv::kUserId}, {conv::kAnonymousId}, {conv::kEmail}}}};
  schemas[2] = {InputKind::kLeads,
                {"timestamp", "lead_id", "email", "anonymous_id", "user_id", "form",
                 "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"},
                {{{lead::kTimestamp}}, {{lead::kLeadId}}}};
  schemas[3] = {InputKind::kDeals,
                {"deal_id", "lead_id", "email", "user_id", "created_at", "closed_at",
                 "stage", "amount", "cogs"},
                {{{deal::kDealId}}, {{deal::kCreatedAt}}, {{deal::kStage}}}};
  schemas[4] = {InputKind::kSpend,
                {"date", "channel", "utm_source", "utm_medium", "campaign", "cost",
                 "impressions", "clicks", "cost_type", "tier"},
                {{{spend::kDate}},
                 {{spend::kCost}},
                 {{spend::kChannel}, {spend::kUtmSource, spend::kUtmMedium}}}};
  schemas[5] = {InputKind::kCosts,
                {"period", "category", "amount", "channel"},
                {{{cost::kPeriod}}, {{cost::kCategory}}, {{cost::kAmount}}}};
  schemas[6] = {InputKind::kEmail,
                {"date", "campaign", "sent", "delivered", "opens", "clicks",
                 "unsubscribes", "bounces"},
                {{{email::kDate}}, {{email::kCampaign}}}};
  return schemas;
}

std::string DescribeAlternative(const Schema& schema, const std::vector<int>& fields) {
  std::string text;
  for (size_t idx = 0; idx < fields.size(); ++idx) {
    if (idx > 0) text += "+";
    text += schema.fields[static_cast<size_t>(fields[idx])];
  }
  return text;
}

}  // namespace

const Schema& SchemaFor(InputKind kind) {
  static const std::vector<Schema> schemas = MakeSchemas();
  return schemas[static_cast<size_t>(kind)];
}

int FindField(const Schema& schema, std::string_view name) {
  for (size_t idx = 0; idx < schema.fields.size(); ++idx) {
    if (schema.fields[idx] == name) return static_cast<int>(idx);
  }
  return -1;
}

std::string NormaliseName(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
    name.remove_prefix(1);
  while (!name.empty() &&
         (name.back() == ' ' || name.back() == '\t' || name.back() == '\r')) {
    name.remove_suffix(1);
  }
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string MissingRequired(const Schema& schema, const std::vector<bool>& present) {
  for (const auto& requirement : schema.required) {
    bool met = false;
    for (const auto& alternative : requirement) {
      bool all = true;
      for (int field : alternative) all = all && present[static_cast<size_t>(field)];
      met = met || all;
    }
    if (met) continue;
    std::string names;
    for (size_t idx = 0; idx < requirement.size(); ++idx) {
      if (idx > 0) names += "' or '";
      names += DescribeAlternative(schema, requirement[idx]);
    }
    return fmt::format("missing required column '{}'", names);
  }
  return "";
}

}  // namespace mroi::internal
