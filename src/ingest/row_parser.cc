#include "ingest/row_parser.h"

#include <cassert>

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

void RowParser::Intern(const std::string_view* values, int field, StringId* target) {
  const std::string_view text = values[field];
  if (text.empty()) {
    *target = kEmptyString;
    return;
  }
  const uint64_t hash = Dictionary::HashText(text);
  if (batch_ == nullptr) {
    *target = InternCached(text, hash, field);
    return;
  }
  const auto offset = static_cast<uint32_t>(batch_->text.size());
  batch_->text.append(text);
  batch_->strings.push_back(
      PendingString{target, hash, offset, static_cast<uint32_t>(text.size()), field});
}

StringId RowParser::InternCached(std::string_view text, uint64_t hash, int field) {
  FieldCache& cache = caches_[static_cast<size_t>(field)];
  if (!cache.enabled) return dataset_->strings.Intern(text, hash);
  CacheEntry& entry = cache.entries[hash & (kCacheEntries - 1)];
  ++cache.lookups;
  if (entry.hash == hash && entry.id >= 0 && dataset_->strings.Get(entry.id) == text) {
    ++cache.hits;
    return entry.id;
  }
  entry.hash = hash;
  entry.id = dataset_->strings.Intern(text, hash);
  if (cache.lookups == kCacheProbeRows && cache.hits * 2 < cache.lookups) {
    cache.enabled = false;
  }
  return entry.id;
}

template <typename Record>
Record& RowParser::Push(std::vector<Record> Dataset::*records, const Record& row) {
  if (batch_ == nullptr) return (dataset_->*records).emplace_back(row);
  std::vector<Record>& batch_records = batch_->rows.*records;
  // Reset() reserved kMaxRows, and the caller submits a full batch: the records
  // (the targets of the pending strings) never move.
  assert(batch_records.size() < batch_records.capacity());
  ++batch_->num_rows;
  return batch_records.emplace_back(row);
}

namespace {
template <typename Record>
void MoveRecords(std::vector<Record>* from, std::vector<Record>* to) {
  if (from->empty()) return;
  to->insert(to->end(), from->begin(), from->end());
  from->clear();
}
}  // namespace

void RowParser::Commit(RowBatch* batch) {
  if (batch->reserve_rows > 0) Reserve(batch->reserve_rows);
  Dictionary& dictionary = dataset_->strings;
  const std::vector<PendingString>& strings = batch->strings;
  const char* text = batch->text.data();
  // Strings of fields that skip the cache (ids, IPs) go to the big table: list
  // them, then prefetch in two stages while interning in order: the slot of the
  // string kSlotAhead listed strings ahead, the bytes its slot points to (which a
  // hit compares) kTextAhead ahead.
  constexpr size_t kSlotAhead = 12;
  constexpr size_t kTextAhead = 6;
  std::vector<uint32_t>& listed = uncached_;
  listed.clear();
  for (size_t idx = 0; idx < strings.size(); ++idx) {
    if (!caches_[static_cast<size_t>(strings[idx].field)].enabled) {
      listed.push_back(static_cast<uint32_t>(idx));
    }
  }
  for (size_t ahead = 0; ahead < listed.size() && ahead < kSlotAhead; ++ahead) {
    dictionary.Prefetch(strings[listed[ahead]].hash);
  }
  size_t next_listed = 0;
  for (size_t idx = 0; idx < strings.size(); ++idx) {
    if (next_listed < listed.size() && listed[next_listed] == idx) {
      if (next_listed + kSlotAhead < listed.size()) {
        dictionary.Prefetch(strings[listed[next_listed + kSlotAhead]].hash);
      }
      if (next_listed + kTextAhead < listed.size()) {
        dictionary.PrefetchText(strings[listed[next_listed + kTextAhead]].hash);
      }
      ++next_listed;
    }
    const PendingString& pending = strings[idx];
    *pending.target = InternCached(std::string_view(text + pending.offset, pending.length),
                                   pending.hash, pending.field);
  }
  Dataset& rows = batch->rows;
  MoveRecords(&rows.touchpoints, &dataset_->touchpoints);
  MoveRecords(&rows.conversions, &dataset_->conversions);
  MoveRecords(&rows.leads, &dataset_->leads);
  MoveRecords(&rows.deals, &dataset_->deals);
  MoveRecords(&rows.spend, &dataset_->spend);
  MoveRecords(&rows.costs, &dataset_->costs);
  MoveRecords(&rows.email, &dataset_->email);
}

void RowBatch::Reset(InputKind kind) {
  strings.clear();
  text.clear();
  num_rows = 0;
  reserve_rows = 0;
  switch (kind) {
    case InputKind::kTouchpoints:
      rows.touchpoints.clear();
      rows.touchpoints.reserve(kMaxRows);
      break;
    case InputKind::kConversions:
      rows.conversions.clear();
      rows.conversions.reserve(kMaxRows);
      break;
    case InputKind::kLeads:
      rows.leads.clear();
      rows.leads.reserve(kMaxRows);
      break;
    case InputKind::kDeals:
      rows.deals.clear();
      rows.deals.reserve(kMaxRows);
      break;
    case InputKind::kSpend:
      rows.spend.clear();
      rows.spend.reserve(kMaxRows);
      break;
    case InputKind::kCosts:
      rows.costs.clear();
      rows.costs.reserve(kMaxRows);
      break;
    case InputKind::kEmail:
      rows.email.clear();
      rows.email.reserve(kMaxRows);
      break;
    case InputKind::kGoals:
      break;
  }
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
  Touchpoint& stored = Push(&Dataset::touchpoints, row);
  Intern(values, tp::kAnonymousId, &stored.anonymous_id);
  Intern(values, tp::kUserId, &stored.user_id);
  Intern(values, tp::kEmail, &stored.email);
  Intern(values, tp::kUtmSource, &stored.utm_source);
  Intern(values, tp::kUtmMedium, &stored.utm_medium);
  Intern(values, tp::kUtmCampaign, &stored.utm_campaign);
  Intern(values, tp::kUtmContent, &stored.utm_content);
  Intern(values, tp::kUtmTerm, &stored.utm_term);
  Intern(values, tp::kReferrer, &stored.referrer);
  Intern(values, tp::kLandingPage, &stored.landing_page);
  Intern(values, tp::kUserAgent, &stored.user_agent);
  Intern(values, tp::kIp, &stored.ip);
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
  Conversion& stored = Push(&Dataset::conversions, row);
  Intern(values, conv::kOrderId, &stored.order_id);
  Intern(values, conv::kUserId, &stored.user_id);
  Intern(values, conv::kAnonymousId, &stored.anonymous_id);
  Intern(values, conv::kEmail, &stored.email);
  Intern(values, conv::kCurrency, &stored.currency);
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
  Lead& stored = Push(&Dataset::leads, row);
  Intern(values, lead::kLeadId, &stored.lead_id);
  Intern(values, lead::kEmail, &stored.email);
  Intern(values, lead::kAnonymousId, &stored.anonymous_id);
  Intern(values, lead::kUserId, &stored.user_id);
  Intern(values, lead::kForm, &stored.form);
  Intern(values, lead::kUtmSource, &stored.utm_source);
  Intern(values, lead::kUtmMedium, &stored.utm_medium);
  Intern(values, lead::kUtmCampaign, &stored.utm_campaign);
  Intern(values, lead::kUtmContent, &stored.utm_content);
  Intern(values, lead::kUtmTerm, &stored.utm_term);
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
  Deal& stored = Push(&Dataset::deals, row);
  Intern(values, deal::kDealId, &stored.deal_id);
  Intern(values, deal::kLeadId, &stored.lead_id);
  Intern(values, deal::kEmail, &stored.email);
  Intern(values, deal::kUserId, &stored.user_id);
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
  SpendRow& stored = Push(&Dataset::spend, row);
  Intern(values, spend::kChannel, &stored.channel);
  Intern(values, spend::kUtmSource, &stored.utm_source);
  Intern(values, spend::kUtmMedium, &stored.utm_medium);
  Intern(values, spend::kCampaign, &stored.campaign);
  Intern(values, spend::kCostType, &stored.cost_type);
  Intern(values, spend::kTier, &stored.tier);
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
  CostRow& stored = Push(&Dataset::costs, row);
  Intern(values, cost::kCategory, &stored.category);
  Intern(values, cost::kChannel, &stored.channel);
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
  EmailRow& stored = Push(&Dataset::email, row);
  Intern(values, email::kCampaign, &stored.campaign);
  return true;
}

}  // namespace mroi::internal
