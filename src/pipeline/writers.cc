// The CSV outputs of a run: quarantine.csv, changes.csv and the cleaned records.
#include <fmt/format.h>

#include <filesystem>

#include "csv_writer.h"
#include "mroi/pipeline.h"

namespace mroi {

using internal::CsvWriter;

namespace {

std::string_view FileName(const Dataset& dataset, int32_t file) {
  if (file < 0 || static_cast<size_t>(file) >= dataset.files.size()) return "";
  return dataset.files[static_cast<size_t>(file)].path;
}

std::string TimeText(UnixSeconds seconds) {
  return seconds == kNoTime ? std::string() : FormatTimestamp(seconds);
}

int64_t PersonOf(const std::vector<int32_t>& persons, size_t row) {
  return row < persons.size() ? persons[row] : -1;
}

Status WriteTouchpoints(const PipelineResult& result, const std::string& path) {
  const Dataset& data = result.dataset;
  CsvWriter out;
  MROI_RETURN_IF_ERROR(CsvWriter::Open(path, &out));
  for (const char* name :
       {"person_id", "timestamp", "anonymous_id", "user_id", "email", "event_type",
        "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "channel",
        "referrer", "landing_page", "page_views", "duration_s", "cost", "source_file",
        "source_line"}) {
    out.Field(name);
  }
  out.EndRow();
  for (size_t row = 0; row < data.touchpoints.size(); ++row) {
    const Touchpoint& tp = data.touchpoints[row];
    out.Field(PersonOf(result.identity.touchpoint_person, row));
    out.Field(FormatTimestamp(tp.timestamp));
    for (StringId id : {tp.anonymous_id, tp.user_id, tp.email}) out.Field(data.str(id));
    out.Field(EventTypeName(tp.event_type));
    for (StringId id : {tp.utm_source, tp.utm_medium, tp.utm_campaign, tp.utm_content,
                        tp.utm_term, tp.channel, tp.referrer, tp.landing_page}) {
      out.Field(data.str(id));
    }
    out.Field(tp.page_views);
    out.Field(tp.duration_s);
    out.Field(tp.cost);
    out.Field(FileName(data, tp.origin.file));
    out.Field(tp.origin.line);
    out.EndRow();
  }
  return out.Close();
}

Status WriteConversions(const PipelineResult& result, const std::string& path) {
  const Dataset& data = result.dataset;
  CsvWriter out;
  MROI_RETURN_IF_ERROR(CsvWriter::Open(path, &out));
  for (const char* name : {"person_id", "timestamp", "order_id", "user_id", "anonymous_id",
                           "email", "revenue", "cogs", "gross_profit", "currency",
                           "cogs_imputed", "source_file", "source_line"}) {
    out.Field(name);
  }
  out.EndRow();
  for (size_t row = 0; row < data.conversions.size(); ++row) {
    const Conversion& conv = data.conversions[row];
    out.Field(PersonOf(result.identity.conversion_person, row));
    out.Field(FormatTimestamp(conv.timestamp));
    for (StringId id : {conv.order_id, conv.user_id, conv.anonymous_id, conv.email}) {
      out.Field(data.str(id));
    }
    out.Field(conv.revenue);
    out.Field(conv.cogs);
    out.Field(conv.gross_profit);
    out.Field(data.str(conv.currency));
    out.Field(int64_t{(conv.imputed & kImputedCogs) != 0 ? 1 : 0});
    out.Field(FileName(data, conv.origin.file));
    out.Field(conv.origin.line);
    out.EndRow();
  }
  return out.Close();
}

Status WriteLeads(const PipelineResult& result, const std::string& path) {
  const Dataset& data = result.dataset;
  CsvWriter out;
  MROI_RETURN_IF_ERROR(CsvWriter::Open(path, &out));
  for (const char* name :
       {"person_id", "timestamp", "lead_id", "email", "anonymous_id", "user_id", "form",
        "utm_source", "utm_medium", "utm_campaign", "channel", "source_file", "source_line"}) {
    out.Field(name);
  }
  out.EndRow();
  for (size_t row = 0; row < data.leads.size(); ++row) {
    const Lead& lead = data.leads[row];
    out.Field(PersonOf(result.identity.lead_person, row));
    out.Field(FormatTimestamp(lead.timestamp));
    for (StringId id : {lead.lead_id, lead.email, lead.anonymous_id, lead.user_id, lead.form,
                        lead.utm_source, lead.utm_medium, lead.utm_campaign, lead.channel}) {
      out.Field(data.str(id));
    }
    out.Field(FileName(data, lead.origin.file));
    out.Field(lead.origin.line);
    out.EndRow();
  }
  return out.Close();
}

Status WriteDeals(const PipelineResult& result, const std::string& path) {
  const Dataset& data = result.dataset;
  CsvWriter out;
  MROI_RETURN_IF_ERROR(CsvWriter::Open(path, &out));
  for (const char* name : {"person_id", "deal_id", "lead_id", "email", "user_id", "created_at",
                           "closed_at", "stage", "amount", "cogs", "source_file",
                           "source_line"}) {
    out.Field(name);
  }
  out.EndRow();
  for (size_t row = 0; row < data.deals.size(); ++row) {
    const Deal& deal = data.deals[row];
    out.Field(PersonOf(result.identity.deal_person, row));
    for (StringId id : {deal.deal_id, deal.lead_id, deal.email, deal.user_id}) {
      out.Field(data.str(id));
    }
    out.Field(TimeText(deal.created_at));
    out.Field(TimeText(deal.closed_at));
    out.Field(DealStageName(deal.stage));
    out.Field(deal.amount);
    out.Field(deal.cogs);
    out.Field(FileName(data, deal.origin.file));
    out.Field(deal.origin.line);
    out.EndRow();
  }
  return out.Close();
}

Status WriteSpend(const Dataset& data, const std::string& path) {
  CsvWriter out;
  MROI_RETURN_IF_ERROR(CsvWriter::Open(path, &out));
  for (const char* name : {"date", "channel", "utm_source", "utm_medium", "campaign", "cost",
                           "impressions", "clicks", "cost_type", "tier", "source_file",
                           "source_line"}) {
    out.Field(name);
  }
  out.EndRow();
  for (const SpendRow& row : data.spend) {
    out.Field(FormatDate(row.date));
    for (StringId id : {row.channel, row.utm_source, row.utm_medium, row.campaign}) {
      out.Field(data.str(id));
    }
    out.Field(row.cost);
    out.Field(row.impressions);
    out.Field(row.clicks);
    out.Field(data.str(row.cost_type));
    out.Field(data.str(row.tier));
    out.Field(FileName(data, row.origin.file));
    out.Field(row.origin.line);
    out.EndRow();
  }
  return out.Close();
}

}  // namespace

Status WriteQuarantineCsv(const Dataset& dataset, const std::string& path) {
  CsvWriter out;
  MROI_RETURN_IF_ERROR(CsvWriter::Open(path, &out));
  for (const char* name : {"file", "line", "rule", "column", "reason", "raw"}) out.Field(name);
  out.EndRow();
  for (const RowIssue& issue : dataset.quarantine) {
    out.Field(FileName(dataset, issue.origin.file));
    out.Field(issue.origin.line);
    out.Field(RuleName(issue.rule));
    out.Field(int64_t{issue.column});
    out.Field(issue.message);
    out.Field(issue.raw);
    out.EndRow();
  }
  return out.Close();
}

Status WriteChangesCsv(const Dataset& dataset, const std::string& path) {
  CsvWriter out;
  MROI_RETURN_IF_ERROR(CsvWriter::Open(path, &out));
  for (const char* name : {"file", "line", "rule", "field", "before", "after"}) out.Field(name);
  out.EndRow();
  for (const RowChange& change : dataset.changes) {
    out.Field(FileName(dataset, change.origin.file));
    out.Field(change.origin.line);
    out.Field(RuleName(change.rule));
    out.Field(dataset.str(change.field));
    out.Field(dataset.str(change.before));
    out.Field(dataset.str(change.after));
    out.EndRow();
  }
  return out.Close();
}

Status WriteCleanedData(const PipelineResult& result, const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return IOError(fmt::format("cannot create '{}': {}", dir, error.message()));
  MROI_RETURN_IF_ERROR(WriteTouchpoints(result, dir + "/touchpoints.csv"));
  MROI_RETURN_IF_ERROR(WriteConversions(result, dir + "/conversions.csv"));
  MROI_RETURN_IF_ERROR(WriteLeads(result, dir + "/leads.csv"));
  MROI_RETURN_IF_ERROR(WriteDeals(result, dir + "/deals.csv"));
  return WriteSpend(result.dataset, dir + "/spend.csv");
}

}  // namespace mroi
