// RFM and behavioural segments behind `mroi segment` and GET /api/segments.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "mroi/api_clv.h"
#include "mroi/api_segment.h"
#include "mroi/time.h"

namespace mroi::api {

namespace {

using nlohmann::json;

// Resolve --attributes/--by into a dimension, or nothing when neither was given.
Result<std::optional<SegmentBy>> ResolveBy(const SegmentRequest& request,
                                           const SegmentTransactions& input,
                                           const RfmResult& rfm) {
  if (request.attributes.empty()) {
    if (request.by.empty()) return std::optional<SegmentBy>();
    MROI_ASSIGN_OR_RETURN(SegmentDimension dimension, BuiltinDimension(rfm, request.by));
    return std::optional<SegmentBy>(SegmentBy{std::move(dimension), std::nullopt});
  }
  MROI_ASSIGN_OR_RETURN(CustomerAttributes attributes,
                        ReadCustomerAttributes(request.attributes));
  std::string column = request.by;
  if (column.empty()) {
    if (attributes.columns.size() != 1) {
      return InvalidArgument(fmt::format(
          "{} has {} attribute columns ({}); pick one with --by", request.attributes,
          attributes.columns.size(), fmt::join(attributes.columns, ", ")));
    }
    column = attributes.columns.front();
  }
  MROI_ASSIGN_OR_RETURN(AttributeDimension joined,
                        JoinAttribute(attributes, column, input.customer_keys, rfm));
  SegmentDimension dimension = joined.dimension;
  return std::optional<SegmentBy>(SegmentBy{std::move(dimension), std::move(joined)});
}

json OptionalNumber(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json GroupJson(const GroupSummary& group) {
  return {{"value", group.value},
          {"customers", group.customers},
          {"share", group.share},
          {"revenue", group.revenue},
          {"recency_mean", OptionalNumber(group.recency_mean)},
          {"frequency_mean", OptionalNumber(group.frequency_mean)},
          {"monetary_mean", OptionalNumber(group.monetary_mean)}};
}

json ByJson(const RfmResult& rfm, const SegmentBy& by, const SegmentCrossTab& table,
            const std::string& attributes_path) {
  json out = {{"dimension", by.dimension.name},
              {"source", by.attribute ? "attributes" : "behaviour"},
              {"values", by.dimension.values}};
  json cells = json::array();
  const size_t width = table.columns.size();
  for (size_t row = 0; row < table.rows.size(); ++row) {
    for (size_t column = 0; column < width; ++column) {
      const int64_t customers = table.customers[row * width + column];
      if (customers == 0) continue;
      cells.push_back({{"segment", table.rows[row]},
                       {"value", table.columns[column]},
                       {"customers", customers},
                       {"revenue", table.revenue[row * width + column]}});
    }
  }
  out["cells"] = std::move(cells);
  json totals = json::array();
  for (const GroupSummary& group : SummariseDimension(rfm, by.dimension)) {
    totals.push_back(GroupJson(group));
  }
  out["totals"] = std::move(totals);
  if (by.attribute) {
    const AttributeDimension& joined = *by.attribute;
    out["attributes"] = {{"file", attributes_path},
                         {"rows", joined.attribute_rows},
                         {"matched", joined.matched_rows},
                         {"unknown_customers", joined.unknown_customers},
                         {"unknown_examples", joined.unknown_examples},
                         {"customers_without_row", joined.customers_without_row}};
  }
  return out;
}

}  // namespace

Result<SegmentRequest> ParseSegmentRequest(const Params& params) {
  MROI_RETURN_IF_ERROR(params.CheckNames({"as-of", "monetary", "by"}, "segment"));
  SegmentRequest request;
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "as-of", &request.as_of));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "monetary", &request.monetary));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "by", &request.by));
  return request;
}

Result<RfmOptions> SegmentRfmOptions(const SegmentRequest& request) {
  RfmOptions options;
  MROI_ASSIGN_OR_RETURN(options.monetary, ParseMonetaryMeasure(request.monetary));
  if (!request.as_of.empty()) {
    Result<UnixDays> as_of = ParseDate(request.as_of, TimeZone());
    if (!as_of.ok()) return as_of.status().WithContext("--as-of");
    options.as_of = *as_of;
  }
  return options;
}

Result<SegmentTransactions> SegmentTransactionsFromHistory(
    const PipelineResult& history) {
  MROI_ASSIGN_OR_RETURN(TransactionLog log, TransactionsFromHistory(history));
  SegmentTransactions out;
  out.customer_keys = std::move(log.customer_names);
  out.transactions = std::move(log.purchases);
  return out;
}

Result<SegmentResult> RunSegment(const SegmentRequest& request,
                                 const SegmentTransactions& input,
                                 const std::string& source) {
  MROI_ASSIGN_OR_RETURN(RfmOptions options, SegmentRfmOptions(request));
  SegmentResult out;
  Result<RfmResult> rfm = ComputeRfm(input.transactions, options);
  if (!rfm.ok()) return rfm.status().WithContext(source);
  out.rfm = std::move(rfm).value();
  MROI_ASSIGN_OR_RETURN(out.by, ResolveBy(request, input, out.rfm));
  if (out.by) {
    MROI_ASSIGN_OR_RETURN(SegmentDimension rows,
                          BuiltinDimension(out.rfm, "rfm_segment"));
    out.cross = CrossTabulate(out.rfm, rows, out.by->dimension);
  }
  return out;
}

std::string SegmentJson(const SegmentResult& result, const SegmentRequest& request) {
  const RfmResult& rfm = result.rfm;
  json segments = json::array();
  for (const RfmSegmentSummary& summary : SummariseRfmSegments(rfm)) {
    json row = GroupJson(summary.stats);
    row.erase("value");
    row["segment"] = RfmSegmentName(summary.segment);
    row["action"] = summary.action;
    segments.push_back(std::move(row));
  }
  json behaviour = json::object();
  for (std::string_view name : kSegmentBehaviourDimensions) {
    json groups = json::array();
    Result<SegmentDimension> dimension = BuiltinDimension(rfm, name);
    if (dimension.ok()) {
      for (const GroupSummary& group : SummariseDimension(rfm, *dimension)) {
        groups.push_back(GroupJson(group));
      }
    }
    behaviour[std::string(name)] = std::move(groups);
  }
  json out = {
      {"as_of", FormatDate(rfm.as_of)},
      {"customers", rfm.customers.size()},
      {"transactions", rfm.transactions_used},
      {"transactions_after_as_of", rfm.transactions_after_as_of},
      {"monetary", MonetaryMeasureName(rfm.monetary)},
      {"segments", std::move(segments)},
      {"behaviour", std::move(behaviour)},
      {"by", result.by ? ByJson(rfm, *result.by, *result.cross, request.attributes)
                       : json(nullptr)}};
  return out.dump(2);
}

Result<std::string> SegmentJson(const Params& params, const PipelineResult& history,
                                const std::string& history_name) {
  MROI_ASSIGN_OR_RETURN(SegmentRequest request, ParseSegmentRequest(params));
  MROI_RETURN_IF_ERROR(SegmentRfmOptions(request).status());
  MROI_ASSIGN_OR_RETURN(SegmentTransactions input,
                        SegmentTransactionsFromHistory(history));
  MROI_ASSIGN_OR_RETURN(SegmentResult result, RunSegment(request, input, history_name));
  return SegmentJson(result, request);
}

}  // namespace mroi::api
