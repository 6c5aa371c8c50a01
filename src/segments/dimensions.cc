// Segment dimensions (RFM segment, cadence, order-value band, tenure), their
// per-group summaries and the cross-tabulation of two dimensions.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mroi/segments.h"

namespace mroi {
namespace {

constexpr std::array<std::string_view, 4> kBuiltinNames = {"rfm_segment", "cadence",
                                                           "aov_band", "tenure"};

std::vector<std::string> TenureLabels(const std::vector<int32_t>& edges) {
  if (edges.empty()) return {"all"};
  std::vector<std::string> labels;
  int32_t lower = 0;
  for (int32_t edge : edges) {
    labels.push_back(lower == edge ? fmt::format("{}d", edge)
                                   : fmt::format("{}-{}d", lower, edge));
    lower = edge + 1;
  }
  labels.push_back(fmt::format(">{}d", edges.back()));
  return labels;
}

// Running sums of one group.
struct GroupTotals {
  int64_t customers = 0;
  double revenue = 0;
  double recency = 0;
  double frequency = 0;
  double monetary = 0;
};

GroupSummary Finish(std::string value, const GroupTotals& totals, size_t all_customers) {
  GroupSummary summary;
  summary.value = std::move(value);
  summary.customers = totals.customers;
  summary.revenue = totals.revenue;
  if (all_customers > 0) {
    summary.share =
        static_cast<double>(totals.customers) / static_cast<double>(all_customers);
  }
  if (totals.customers > 0) {
    const auto count = static_cast<double>(totals.customers);
    summary.recency_mean = totals.recency / count;
    summary.frequency_mean = totals.frequency / count;
    summary.monetary_mean = totals.monetary / count;
  }
  return summary;
}

}  // namespace

std::array<std::string_view, 4> BuiltinDimensionNames() { return kBuiltinNames; }

Result<SegmentDimension> BuiltinDimension(const RfmResult& rfm, std::string_view name) {
  SegmentDimension dimension;
  dimension.name = std::string(name);
  dimension.value_of_customer.reserve(rfm.customers.size());
  if (name == "rfm_segment") {
    for (RfmSegment segment : AllRfmSegments()) {
      dimension.values.emplace_back(RfmSegmentName(segment));
    }
    for (const CustomerRfm& customer : rfm.customers) {
      dimension.value_of_customer.push_back(static_cast<int32_t>(customer.segment));
    }
  } else if (name == "cadence") {
    dimension.values = {"one_time", "repeat", "loyal"};
    for (const CustomerRfm& customer : rfm.customers) {
      dimension.value_of_customer.push_back(static_cast<int32_t>(customer.cadence));
    }
  } else if (name == "aov_band") {
    dimension.values = {"low", "mid", "high"};
    for (const CustomerRfm& customer : rfm.customers) {
      dimension.value_of_customer.push_back(customer.aov_band - 1);
    }
  } else if (name == "tenure") {
    dimension.values = TenureLabels(rfm.tenure_edges_days);
    for (const CustomerRfm& customer : rfm.customers) {
      dimension.value_of_customer.push_back(customer.tenure_band);
    }
  } else {
    return InvalidArgument(
        fmt::format("unknown segment dimension '{}'; built-in ones are {}", name,
                    fmt::join(kBuiltinNames, ", ")));
  }
  return dimension;
}

std::vector<GroupSummary> SummariseDimension(const RfmResult& rfm,
                                             const SegmentDimension& dimension) {
  std::vector<GroupTotals> totals(dimension.values.size());
  for (size_t customer_idx = 0; customer_idx < rfm.customers.size(); ++customer_idx) {
    const CustomerRfm& customer = rfm.customers[customer_idx];
    GroupTotals& group = totals[dimension.value_of_customer[customer_idx]];
    ++group.customers;
    group.revenue += customer.revenue;
    group.recency += customer.recency_days;
    group.frequency += static_cast<double>(customer.frequency);
    group.monetary += customer.monetary;
  }
  std::vector<GroupSummary> summaries;
  summaries.reserve(totals.size());
  for (size_t value_idx = 0; value_idx < totals.size(); ++value_idx) {
    summaries.push_back(
        Finish(dimension.values[value_idx], totals[value_idx], rfm.customers.size()));
  }
  return summaries;
}

std::vector<RfmSegmentSummary> SummariseRfmSegments(const RfmResult& rfm) {
  Result<SegmentDimension> dimension = BuiltinDimension(rfm, "rfm_segment");
  std::vector<GroupSummary> groups = SummariseDimension(rfm, *dimension);
  std::vector<RfmSegmentSummary> summaries;
  for (RfmSegment segment : AllRfmSegments()) {
    summaries.push_back({segment, std::move(groups[static_cast<size_t>(segment)]),
                         RfmSegmentAction(segment)});
  }
  return summaries;
}

SegmentCrossTab CrossTabulate(const RfmResult& rfm, const SegmentDimension& rows,
                              const SegmentDimension& columns) {
  SegmentCrossTab table;
  table.row_dimension = rows.name;
  table.column_dimension = columns.name;
  table.rows = rows.values;
  table.columns = columns.values;
  const size_t width = columns.values.size();
  table.customers.assign(rows.values.size() * width, 0);
  table.revenue.assign(rows.values.size() * width, 0.0);
  for (size_t customer_idx = 0; customer_idx < rfm.customers.size(); ++customer_idx) {
    const size_t cell =
        static_cast<size_t>(rows.value_of_customer[customer_idx]) * width +
        static_cast<size_t>(columns.value_of_customer[customer_idx]);
    ++table.customers[cell];
    table.revenue[cell] += rfm.customers[customer_idx].revenue;
  }
  return table;
}

}  // namespace mroi
