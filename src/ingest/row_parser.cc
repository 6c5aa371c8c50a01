#include "ingest/row_parser.h"

#include <fmt/format.h>

#include "ingest/field_parsers.h"

namespace mroi::internal {

RowParser::RowParser(InputKind kind, const IngestOptions& options, Dataset* dataset,
                     int32_t file)
    : kind_(kind),
      schema_(SchemaFor(kind)),
      options_(options),
      dataset_(dataset),
      file_(file),
      caches_(schema_.fields.size()) {
  for (FieldCache& cache : caches_) cache.entries.resize(kCacheEntries);
}

bool RowParser::Append(const std::string_view* values, int64_t line, FieldError* error) {
  const RowOrigin origin{file_, line};
  switch (kind_) {
    case InputKind::kTouchpoints:
      return AppendTouchpoint(values, origin, error);
    case InputKind::kConversions:
      return AppendConversion(values, origin, error);
    case InputKind::kLeads:
      return AppendLead(values, origin, error);
    case InputKind::kDeals:
      return AppendDeal(values, origin, error);
    case InputKind::kSpend:
      return AppendSpend(values, origin, error);
    case InputKind::kCosts:
      return AppendCost(values, origin, error);
    case InputKind::kEmail:
      return AppendEmail(values, origin, error);
    case InputKind::kGoals:
      break;
  }
  error->message = "goals are read as JSON, not as rows";
  return false;
}

namespace {
template <typename Record>
void ReserveMore(std::vector<Record>* records, size_t rows) {
  records->reserve(records->size() + rows);
}
}  // namespace

void RowParser::Reserve(size_t rows) {
  switch (kind_) {
    case InputKind::kTouchpoints:
      ReserveMore(&dataset_->touchpoints, rows);
      break;
    case InputKind::kConversions:
      ReserveMore(&dataset_->conversions, rows);
      break;
    case InputKind::kLeads:
      ReserveMore(&dataset_->leads, rows);
      break;
    case InputKind::kDeals:
      ReserveMore(&dataset_->deals, rows);
      break;
    case InputKind::kSpend:
      ReserveMore(&dataset_->spend, rows);
      break;
    case InputKind::kCosts:
      ReserveMore(&dataset_->costs, rows);
      break;
    case InputKind::kEmail:
      ReserveMore(&dataset_->email, rows);
      break;
    case InputKind::kGoals:
      break;
  }
}

bool RowParser::Required(const std::string_view* values, int field,
                         FieldError* error) const {
  if (!TrimSpace(values[field]).empty()) return true;
  error->field = field;
  error->message = fmt::format("missing required value '{}'", schema_.fields[field]);
  return false;
}

bool RowParser::Timestamp(const std::string_view* values, int field, UnixSeconds* out,
                          FieldError* error) const {
  std::string why;
  if (ParseTimestampFast(values[field], options_.default_zone, out, &why)) return true;
  error->field = field;
  error->message = fmt::format("{} {}", schema_.fields[field], why);
  return false;
}

bool RowParser::Date(const std::string_view* values, int field, UnixDays* out,
                     FieldError* error) const {
  std::string why;
  if (ParseDateFast(values[field], options_.default_zone, out, &why)) return true;
  error->field = field;
  error->message = fmt::format("{} {}", schema_.fields[field], why);
  return false;
}

bool RowParser::Number(const std::string_view* values, int field, bool allow_negative,
                       double* out, FieldError* error) const {
  const std::string_view text = values[field];
  if (text.empty() || TrimSpace(text).empty()) return true;
  double value = 0;
  if (!ParseNumber(text, &value)) {
    error->field = field;
    error->message =
        fmt::format("{} '{}' is not a number", schema_.fields[field], Shorten(text));
    return false;
  }
  if (!allow_negative && value < 0) {
    error->field = field;
    error->message =
        fmt::format("{} '{}' is negative", schema_.fields[field], Shorten(text));
    return false;
  }
  *out = value;
  return true;
}

StringId RowParser::Intern(const std::string_view* values, int field) {
  const std::string_view text = values[field];
  if (text.empty()) return kEmptyString;
  FieldCache& cache = caches_[static_cast<size_t>(field)];
  if (!cache.enabled) return dataset_->strings.Intern(text);
  const uint64_t hash = Dictionary::HashText(text);
  CacheEntry& entry = cache.entries[hash & (kCacheEntries - 1)];
  ++cache.lookups;
  if (entry.hash == hash && entry.id >= 0 && dataset_->strings.Get(entry.id) == text) {
    ++cache.hits;
    return entry.id;
  }
  entry.hash = hash;
  entry.id = dataset_->strings.Intern(text);
  if (cache.lookups == kCacheProbeRows && cache.hits * 2 < cache.lookups) {
    cache.enabled = false;
  }
  return entry.id;
}

bool RowParser::AppendTouchpoint(const std::string_view* values, RowOrigin origin,
                                 FieldError* error) {
  Touchpoint row;
  row.origin = origin;
  if (!Required(values, tp::kTimestamp, error) ||
      !Timestamp(values, tp::kTimestamp, &row.timestamp, error)) {
    return false;
  }
  if (TrimSpace(values[tp::kAnonymousId]).empty() &&
      TrimSpace(values[tp::kUserId]).empty()) {
    error->field = tp::kAnonymousId;
    error->message = "missing required value 'anonymous_id' or 'user_id'";
    return false;
  }
  const std::string_view event_type = values[tp::kEventType];
  auto type = ParseEventType(event_type);
  if (!type) {
    error->field = tp::kEventType;
    error->message = fmt::format(
        "event_type '{}' is not one of impression, click, session, email_click",
        Shorten(event_type));
    return false;
  }
  row.event_type = *type;
  if (TrimSpace(event_type).empty()) row.imputed |= kImputedEventType;
  if (!Number(values, tp::kPageViews, false, &row.page_views, error) ||
      !Number(values, tp::kDurationS, false, &row.duration_s, error) ||
      !Number(values, tp::kCost, false, &row.cost, error)) {
    return false;
  }
  row.anonymous_id = Intern(values, tp::kAnonymousId);
  row.user_id = Intern(values, tp::kUserId);
  row.email = Intern(values, tp::kEmail);
  row.utm_source = Intern(values, tp::kUtmSource);
  row.utm_medium = Intern(values, tp::kUtmMedium);
  row.utm_campaign = Intern(values, tp::kUtmCampaign);
  row.utm_content = Intern(values, tp::kUtmContent);
  row.utm_term = Intern(values, tp::kUtmTerm);
  row.referrer = Intern(values, tp::kReferrer);
  row.landing_page = Intern(values, tp::kLandingPage);
  row.user_agent = Intern(values, tp::kUserAgent);
  row.ip = Intern(values, tp::kIp);
  dataset_->touchpoints.push_back(row);
  return true;
}

bool RowParser::AppendConversion(const std::string_view* values, RowOrigin origin,
                                 FieldError* error) {
  Conversion row;
  row.origin = origin;
  if (!Required(values, conv::kTimestamp, error) ||
      !Timestamp(values, conv::kTimestamp, &row.timestamp, error) ||
      !Required(values, conv::kOrderId, error) ||
      !Required(values, conv::kRevenue, error)) {
    return false;
  }
  if (TrimSpace(values[conv::kUserId]).empty() &&
      TrimSpace(values[conv::kAnonymousId]).empty() &&
      TrimSpace(values[conv::kEmail]).empty()) {
    error->field = conv::kUserId;
    error->message = "missing required value 'user_id', 'anonymous_id' or 'email'";
    return false;
  }
  // Revenue may be negative: a refund, netted by the cleaner.
  if (!Number(values, conv::kRevenue, true, &row.revenue, error) ||
      !Number(values, conv::kCogs, false, &row.cogs, error) ||
      !Number(values, conv::kGrossProfit, true, &row.gross_profit, error)) {
    return false;
  }
  row.order_id = Intern(values, conv::kOrderId);
  row.user_id = Intern(values, conv::kUserId);
  row.anonymous_id = Intern(values, conv::kAnonymousId);
  row.email = Intern(values, conv::kEmail);
  row.currency = Intern(values, conv::kCurrency);
  dataset_->conversions.push_back(row);
  return true;
}

bool RowParser::AppendLead(const std::string_view* values, RowOrigin origin,
                           FieldError* error) {
  Lead row;
  row.origin = origin;
  if (!Required(values, lead::kTimestamp, error) ||
      !Timestamp(values, lead::kTimestamp, &row.timestamp, error) ||
      !Required(values, lead::kLeadId, error)) {
    return false;
  }
  row.lead_id = Intern(values, lead::kLeadId);
  row.email = Intern(values, lead::kEmail);
  row.anonymous_id = Intern(values, lead::kAnonymousId);
  row.user_id = Intern(values, lead::kUserId);
  row.form = Intern(values, lead::kForm);
  row.utm_source = Intern(values, lead::kUtmSource);
  row.utm_medium = Intern(values, lead::kUtmMedium);
  row.utm_campaign = Intern(values, lead::kUtmCampaign);
  row.utm_content = Intern(values, lead::kUtmContent);
  row.utm_term = Intern(values, lead::kUtmTerm);
  dataset_->leads.push_back(row);
  return true;
}

bool RowParser::AppendDeal(const std::string_view* values, RowOrigin origin,
                           FieldError* error) {
  Deal row;
  row.origin = origin;
  if (!Required(values, deal::kDealId, error) ||
      !Required(values, deal::kCreatedAt, error) ||
      !Timestamp(values, deal::kCreatedAt, &row.created_at, error) ||
      !Required(values, deal::kStage, error)) {
    return false;
  }
  if (!TrimSpace(values[deal::kClosedAt]).empty() &&
      !Timestamp(values, deal::kClosedAt, &row.closed_at, error)) {
    return false;
  }
  auto stage = ParseDealStage(values[deal::kStage]);
  if (!stage) {
    error->field = deal::kStage;
    error->message = fmt::format("stage '{}' is not one of open, won, lost",
                                 Shorten(values[deal::kStage]));
    return false;
  }
  row.stage = *stage;
  if (!Number(values, deal::kAmount, false, &row.amount, error) ||
      !Number(values, deal::kCogs, false, &row.cogs, error)) {
    return false;
  }
  row.deal_id = Intern(values, deal::kDealId);
  row.lead_id = Intern(values, deal::kLeadId);
  row.email = Intern(values, deal::kEmail);
  row.user_id = Intern(values, deal::kUserId);
  dataset_->deals.push_back(row);
  return true;
}

bool RowParser::AppendSpend(const std::string_view* values, RowOrigin origin,
                            FieldError* error) {
  SpendRow row;
  row.origin = origin;
  if (!Required(values, spend::kDate, error) ||
      !Date(values, spend::kDate, &row.date, error) ||
      !Required(values, spend::kCost, error) ||
      !Number(values, spend::kCost, false, &row.cost, error)) {
    return false;
  }
  if (TrimSpace(values[spend::kChannel]).empty() &&
      (TrimSpace(values[spend::kUtmSource]).empty() ||
       TrimSpace(values[spend::kUtmMedium]).empty())) {
    error->field = spend::kChannel;
    error->message = "missing required value 'channel' or 'utm_source'+'utm_medium'";
    return false;
  }
  if (!Number(values, spend::kImpressions, false, &row.impressions, error) ||
      !Number(values, spend::kClicks, false, &row.clicks, error)) {
    return false;
  }
  row.channel = Intern(values, spend::kChannel);
  row.utm_source = Intern(values, spend::kUtmSource);
  row.utm_medium = Intern(values, spend::kUtmMedium);
  row.campaign = Intern(values, spend::kCampaign);
  row.cost_type = Intern(values, spend::kCostType);
  row.tier = Intern(values, spend::kTier);
  dataset_->spend.push_back(row);
  return true;
}

bool RowParser::AppendCost(const std::string_view* values, RowOrigin origin,
                           FieldError* error) {
  CostRow row;
  row.origin = origin;
  if (!Required(values, cost::kPeriod, error)) return false;
  std::string why;
  if (!ParseMonthOrDate(values[cost::kPeriod], &row.month, &why)) {
    error->field = cost::kPeriod;
    error->message = fmt::format("period {}", why);
    return false;
  }
  if (!Required(values, cost::kCategory, error) ||
      !Required(values, cost::kAmount, error) ||
      !Number(values, cost::kAmount, false, &row.amount, error)) {
    return false;
  }
  row.category = Intern(values, cost::kCategory);
  row.channel = Intern(values, cost::kChannel);
  dataset_->costs.push_back(row);
  return true;
}

bool RowParser::AppendEmail(const std::string_view* values, RowOrigin origin,
                            FieldError* error) {
  EmailRow row;
  row.origin = origin;
  if (!Required(values, email::kDate, error) ||
      !Date(values, email::kDate, &row.date, error) ||
      !Required(values, email::kCampaign, error)) {
    return false;
  }
  if (!Number(values, email::kSent, false, &row.sent, error) ||
      !Number(values, email::kDelivered, false, &row.delivered, error) ||
      !Number(values, email::kOpens, false, &row.opens, error) ||
      !Number(values, email::kClicks, false, &row.clicks, error) ||
      !Number(values, email::kUnsubscribes, false, &row.unsubscribes, error) ||
      !Number(values, email::kBounces, false, &row.bounces, error)) {
    return false;
  }
  row.campaign = Intern(values, email::kCampaign);
  dataset_->email.push_back(row);
  return true;
}

}  // namespace mroi::internal
