// The record ↔ table-row mapping of every input kind, and batched inserts.
#include "store/row_codec.h"

#include <cmath>

#include <fmt/format.h>

namespace mroi::internal {

namespace {

Result<EventType> EventTypeFromName(std::string_view name) {
  for (auto type : {EventType::kSession, EventType::kClick, EventType::kImpression,
                    EventType::kEmailClick}) {
    if (EventTypeName(type) == name) return type;
  }
  return Internal(fmt::format("stored event_type '{}' is unknown", name));
}

Result<DealStage> DealStageFromName(std::string_view name) {
  for (auto stage : {DealStage::kOpen, DealStage::kWon, DealStage::kLost}) {
    if (DealStageName(stage) == name) return stage;
  }
  return Internal(fmt::format("stored deal stage '{}' is unknown", name));
}

uint8_t Imputed(int64_t value) { return static_cast<uint8_t>(value); }

const KindTable kTouchpoints = {
    "touchpoints",
    {"timestamp", "anonymous_id", "user_id", "email", "utm_source", "utm_medium",
     "utm_campaign", "utm_content", "utm_term", "referrer", "landing_page", "user_agent", "ip",
     "channel", "event_type", "imputed", "page_views", "duration_s", "cost"}};
const KindTable kConversions = {
    "conversions",
    {"timestamp", "order_id", "user_id", "anonymous_id", "email", "currency", "imputed",
     "revenue", "cogs", "gross_profit"}};
const KindTable kLeads = {
    "leads",
    {"timestamp", "lead_id", "email", "anonymous_id", "user_id", "form", "utm_source",
     "utm_medium", "utm_campaign", "utm_content", "utm_term", "channel", "imputed"}};
const KindTable kDeals = {"deals",
                          {"deal_id", "lead_id", "email", "user_id", "created_at", "closed_at",
                           "stage", "imputed", "amount", "cogs"}};
const KindTable kSpend = {"spend",
                          {"date", "channel", "utm_source", "utm_medium", "campaign",
                           "cost_type", "tier", "imputed", "cost", "impressions", "clicks"}};
const KindTable kCosts = {"costs", {"month", "category", "channel", "amount"}};
const KindTable kEmail = {"email",
                          {"date", "campaign", "sent", "delivered", "opens", "clicks",
                           "unsubscribes", "bounces"}};
const KindTable kGoals = {"goals",
                          {"metric", "target", "start_day", "end_day", "scope", "direction"}};
const KindTable kQuarantine = {"quarantine", {"rule", "column_index", "reason", "raw"}};

void Write(const Dataset& ds, const Touchpoint& row, RowWriter* w) {
  w->Int(row.timestamp);
  for (StringId id : {row.anonymous_id, row.user_id, row.email, row.utm_source, row.utm_medium,
                      row.utm_campaign, row.utm_content, row.utm_term, row.referrer,
                      row.landing_page, row.user_agent, row.ip, row.channel}) {
    w->Text(ds.str(id));
  }
  w->Text(EventTypeName(row.event_type));
  w->Int(row.imputed);
  w->Double(row.page_views);
  w->Double(row.duration_s);
  w->Double(row.cost);
}

Status Read(RowReader* r, Dataset* ds, Touchpoint* row) {
  Dictionary* s = &ds->strings;
  row->timestamp = r->Int();
  for (StringId* id : {&row->anonymous_id, &row->user_id, &row->email, &row->utm_source,
                       &row->utm_medium, &row->utm_campaign, &row->utm_content, &row->utm_term,
                       &row->referrer, &row->landing_page, &row->user_agent, &row->ip,
                       &row->channel}) {
    *id = r->Text(s);
  }
  MROI_ASSIGN_OR_RETURN(row->event_type, EventTypeFromName(r->String()));
  row->imputed = Imputed(r->Int());
  row->page_views = r->Double();
  row->duration_s = r->Double();
  row->cost = r->Double();
  return Status::OK();
}

void Write(const Dataset& ds, const Conversion& row, RowWriter* w) {
  w->Int(row.timestamp);
  for (StringId id : {row.order_id, row.user_id, row.anonymous_id, row.email, row.currency}) {
    w->Text(ds.str(id));
  }
  w->Int(row.imputed);
  w->Double(row.revenue);
  w->Double(row.cogs);
  w->Double(row.gross_profit);
}

Status Read(RowReader* r, Dataset* ds, Conversion* row) {
  row->timestamp = r->Int();
  for (StringId* id :
       {&row->order_id, &row->user_id, &row->anonymous_id, &row->email, &row->currency}) {
    *id = r->Text(&ds->strings);
  }
  row->imputed = Imputed(r->Int());
  row->revenue = r->Double();
  row->cogs = r->Double();
  row->gross_profit = r->Double();
  return Status::OK();
}

void Write(const Dataset& ds, const Lead& row, RowWriter* w) {
  w->Int(row.timestamp);
  for (StringId id : {row.lead_id, row.email, row.anonymous_id, row.user_id, row.form,
                      row.utm_source, row.utm_medium, row.utm_campaign, row.utm_content,
                      row.utm_term, row.channel}) {
    w->Text(ds.str(id));
  }
  w->Int(row.imputed);
}

Status Read(RowReader* r, Dataset* ds, Lead* row) {
  row->timestamp = r->Int();
  for (StringId* id : {&row->lead_id, &row->email, &row->anonymous_id, &row->user_id,
                       &row->form, &row->utm_source, &row->utm_medium, &row->utm_campaign,
                       &row->utm_content, &row->utm_term, &row->channel}) {
    *id = r->Text(&ds->strings);
  }
  row->imputed = Imputed(r->Int());
  return Status::OK();
}

void Write(const Dataset& ds, const Deal& row, RowWriter* w) {
  for (StringId id : {row.deal_id, row.lead_id, row.email, row.user_id}) w->Text(ds.str(id));
  w->Int(row.created_at);
  w->Time(row.closed_at);
  w->Text(DealStageName(row.stage));
  w->Int(row.imputed);
  w->Double(row.amount);
  w->Double(row.cogs);
}

Status Read(RowReader* r, Dataset* ds, Deal* row) {
  for (StringId* id : {&row->deal_id, &row->lead_id, &row->email, &row->user_id}) {
    *id = r->Text(&ds->strings);
  }
  row->created_at = r->Int();
  row->closed_at = r->Time();
  MROI_ASSIGN_OR_RETURN(row->stage, DealStageFromName(r->String()));
  row->imputed = Imputed(r->Int());
  row->amount = r->Double();
  row->cogs = r->Double();
  return Status::OK();
}

void Write(const Dataset& ds, const SpendRow& row, RowWriter* w) {
  w->Int(row.date);
  for (StringId id : {row.channel, row.utm_source, row.utm_medium, row.campaign, row.cost_type,
                      row.tier}) {
    w->Text(ds.str(id));
  }
  w->Int(row.imputed);
  w->Double(row.cost);
  w->Double(row.impressions);
  w->Double(row.clicks);
}

Status Read(RowReader* r, Dataset* ds, SpendRow* row) {
  row->date = static_cast<UnixDays>(r->Int());
  for (StringId* id : {&row->channel, &row->utm_source, &row->utm_medium, &row->campaign,
                       &row->cost_type, &row->tier}) {
    *id = r->Text(&ds->strings);
  }
  row->imputed = Imputed(r->Int());
  row->cost = r->Double();
  row->impressions = r->Double();
  row->clicks = r->Double();
  return Status::OK();
}

void Write(const Dataset& ds, const CostRow& row, RowWriter* w) {
  w->Int(row.month);
  w->Text(ds.str(row.category));
  w->Text(ds.str(row.channel));
  w->Double(row.amount);
}

Status Read(RowReader* r, Dataset* ds, CostRow* row) {
  row->month = static_cast<int32_t>(r->Int());
  row->category = r->Text(&ds->strings);
  row->channel = r->Text(&ds->strings);
  row->amount = r->Double();
  return Status::OK();
}

void Write(const Dataset& ds, const EmailRow& row, RowWriter* w) {
  w->Int(row.date);
  w->Text(ds.str(row.campaign));
  for (double value :
       {row.sent, row.delivered, row.opens, row.clicks, row.unsubscribes, row.bounces}) {
    w->Double(value);
  }
}

Status Read(RowReader* r, Dataset* ds, EmailRow* row) {
  row->date = static_cast<UnixDays>(r->Int());
  row->campaign = r->Text(&ds->strings);
  for (double* value : {&row->sent, &row->delivered, &row->opens, &row->clicks,
                        &row->unsubscribes, &row->bounces}) {
    *value = r->Double();
  }
  return Status::OK();
}

void Write(const Dataset& /*ds*/, const Goal& row, RowWriter* w) {
  w->String(row.metric);
  w->Double(row.target);
  w->Int(row.start);
  w->Int(row.end);
  w->String(row.scope);
  w->String(row.direction);
}

Status Read(RowReader* r, Dataset* /*ds*/, Goal* row) {
  row->metric = r->String();
  row->target = r->Double();
  row->start = static_cast<UnixDays>(r->Int());
  row->end = static_cast<UnixDays>(r->Int());
  row->scope = r->String();
  row->direction = r->String();
  return Status::OK();
}

// Calls `visit` with the vector of `kind` (the one place that switches on the kind).
template <typename DatasetT, typename Visit>
decltype(auto) WithVector(DatasetT& ds, InputKind kind, Visit&& visit) {
  switch (kind) {
    case InputKind::kTouchpoints: return visit(ds.touchpoints);
    case InputKind::kConversions: return visit(ds.conversions);
    case InputKind::kLeads: return visit(ds.leads);
    case InputKind::kDeals: return visit(ds.deals);
    case InputKind::kSpend: return visit(ds.spend);
    case InputKind::kCosts: return visit(ds.costs);
    case InputKind::kEmail: return visit(ds.email);
    case InputKind::kGoals: break;
  }
  return visit(ds.goals);
}

}  // namespace

void RowWriter::Double(double value) {
  if (std::isnan(value)) {
    out_->push_back({});
  } else {
    out_->push_back({Param::Type::kDouble, 0, value, {}});
  }
}

void RowWriter::Text(std::string_view value) {
  if (value.empty()) {
    out_->push_back({});
  } else {
    out_->push_back({Param::Type::kText, 0, 0, value});
  }
}

void RowWriter::Time(int64_t value) {
  if (value == kNoTime) {
    out_->push_back({});
  } else {
    Int(value);
  }
}

int64_t RowReader::Time() {
  if (statement_->IsNull(column_)) {
    ++column_;
    return kNoTime;
  }
  return Int();
}

const KindTable& TableOf(InputKind kind) {
  switch (kind) {
    case InputKind::kTouchpoints: return kTouchpoints;
    case InputKind::kConversions: return kConversions;
    case InputKind::kLeads: return kLeads;
    case InputKind::kDeals: return kDeals;
    case InputKind::kSpend: return kSpend;
    case InputKind::kCosts: return kCosts;
    case InputKind::kEmail: return kEmail;
    case InputKind::kGoals: break;
  }
  return kGoals;
}

const KindTable& QuarantineTable() { return kQuarantine; }

void WriteRecord(const Dataset& dataset, InputKind kind, size_t row_index, RowWriter* writer) {
  WithVector(dataset, kind, [&](const auto& rows) { Write(dataset, rows[row_index], writer); });
}

size_t RecordCount(const Dataset& dataset, InputKind kind) {
  return WithVector(dataset, kind, [](const auto& rows) { return rows.size(); });
}

RowOrigin RecordOrigin(const Dataset& dataset, InputKind kind, size_t row_index) {
  return WithVector(dataset, kind, [&](const auto& rows) { return rows[row_index].origin; });
}

Status ReadRecord(InputKind kind, RowOrigin origin, RowReader* reader, Dataset* dataset) {
  return WithVector(*dataset, kind, [&](auto& rows) {
    typename std::decay_t<decltype(rows)>::value_type row;
    row.origin = origin;
    MROI_RETURN_IF_ERROR(Read(reader, dataset, &row));
    rows.push_back(std::move(row));
    return Status::OK();
  });
}

void WriteIssue(const RowIssue& issue, RowWriter* writer) {
  writer->Text(RuleName(issue.rule));
  writer->Int(issue.column);
  writer->Blob(issue.message);
  writer->Blob(issue.raw);
}

Result<RowIssue> ReadIssue(RowOrigin origin, RowReader* reader) {
  RowIssue issue;
  issue.origin = origin;
  const std::string rule = reader->String();
  auto parsed = RuleFromName(rule);
  if (!parsed.ok()) return Internal(fmt::format("stored quarantine rule '{}' is unknown", rule));
  issue.rule = *parsed;
  issue.column = static_cast<int32_t>(reader->Int());
  issue.message = reader->Blob();
  issue.raw = reader->Blob();
  return issue;
}

BatchInserter::BatchInserter(Database* database, const KindTable& table, int batch_rows)
    : database_(database), table_(table), batch_rows_(batch_rows) {
  params_.reserve(static_cast<size_t>(batch_rows) * (table.columns.size() + 2));
}

Result<Statement*> BatchInserter::StatementFor(int rows) {
  auto found = statements_.find(rows);
  if (found != statements_.end()) return found->second.get();
  // Constant text: table and column names from the code, placeholders $1..$N.
  const size_t width = table_.columns.size() + 2;
  std::string sql = fmt::format("INSERT INTO {} (import_id, line", table_.table);
  for (std::string_view column : table_.columns) sql += fmt::format(", {}", column);
  sql += ") VALUES ";
  int number = 0;
  for (int row = 0; row < rows; ++row) {
    sql += row == 0 ? "(" : ", (";
    for (size_t column = 0; column < width; ++column) {
      sql += fmt::format("{}${}", column == 0 ? "" : ", ", ++number);
    }
    sql += ")";
  }
  MROI_ASSIGN_OR_RETURN(auto statement, database_->Prepare(sql));
  Statement* raw = statement.get();
  statements_[rows] = std::move(statement);
  return raw;
}

Status BatchInserter::Flush() {
  if (rows_ == 0) return Status::OK();
  MROI_ASSIGN_OR_RETURN(Statement * statement, StatementFor(rows_));
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& param = params_[i];
    const int index = static_cast<int>(i) + 1;
    switch (param.type) {
      case Param::Type::kNull: statement->BindNull(index); break;
      case Param::Type::kInt: statement->BindInt(index, param.integer); break;
      case Param::Type::kDouble: statement->BindDouble(index, param.number); break;
      case Param::Type::kText: statement->BindText(index, param.text); break;
      case Param::Type::kBlob: statement->BindBlob(index, param.text); break;
    }
  }
  MROI_RETURN_IF_ERROR(statement->Execute());
  rows_written_ += rows_;
  rows_ = 0;
  params_.clear();
  return Status::OK();
}

}  // namespace mroi::internal
