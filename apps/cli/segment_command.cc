// mroi segment: RFM scores and named segments of every customer of a transactions
// CSV, behavioural segments, and a cross-tabulation of the segments by a customer
// attribute (imported CSV) or a behavioural dimension. Text tables by default,
// --json for machines, --out for a per-customer CSV.
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "mroi/segments.h"

#include "commands.h"
#include "console.h"

namespace mroi::cli {

namespace {

struct SegmentFlags {
  std::string transactions;
  std::string as_of;
  std::string monetary = "total";
  std::string attributes;
  std::string by;
  std::string out;
  bool json = false;
};

constexpr std::string_view kBehaviourDimensions[] = {"cadence", "aov_band", "tenure"};

// The --by dimension and, when it came from --attributes, the join's counts.
struct ByDimension {
  SegmentDimension dimension;
  std::optional<AttributeDimension> attribute;
};

// Resolve --attributes/--by into a dimension, or nothing when neither was given.
Result<std::optional<ByDimension>> ResolveBy(const SegmentFlags& flags,
                                             const SegmentTransactions& input,
                                             const RfmResult& rfm) {
  if (flags.attributes.empty()) {
    if (flags.by.empty()) return std::optional<ByDimension>();
    MROI_ASSIGN_OR_RETURN(SegmentDimension dimension, BuiltinDimension(rfm, flags.by));
    return std::optional<ByDimension>(ByDimension{std::move(dimension), std::nullopt});
  }
  MROI_ASSIGN_OR_RETURN(CustomerAttributes attributes,
                        ReadCustomerAttributes(flags.attributes));
  std::string column = flags.by;
  if (column.empty()) {
    if (attributes.columns.size() != 1) {
      return InvalidArgument(fmt::format(
          "{} has {} attribute columns ({}); pick one with --by", flags.attributes,
          attributes.columns.size(), fmt::join(attributes.columns, ", ")));
    }
    column = attributes.columns.front();
  }
  MROI_ASSIGN_OR_RETURN(AttributeDimension joined,
                        JoinAttribute(attributes, column, input.customer_keys, rfm));
  SegmentDimension dimension = joined.dimension;
  return std::optional<ByDimension>(ByDimension{std::move(dimension), std::move(joined)});
}

nlohmann::json OptionalNumber(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json GroupJson(const GroupSummary& group) {
  return {{"value", group.value},
          {"customers", group.customers},
          {"share", group.share},
          {"revenue", group.revenue},
          {"recency_mean", OptionalNumber(group.recency_mean)},
          {"frequency_mean", OptionalNumber(group.frequency_mean)},
          {"monetary_mean", OptionalNumber(group.monetary_mean)}};
}

nlohmann::json ByJson(const RfmResult& rfm, const ByDimension& by,
                      const SegmentCrossTab& table, const std::string& attributes_path) {
  nlohmann::json out = {{"dimension", by.dimension.name},
                        {"source", by.attribute ? "attributes" : "behaviour"},
                        {"values", by.dimension.values}};
  nlohmann::json cells = nlohmann::json::array();
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
  nlohmann::json totals = nlohmann::json::array();
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

std::string RenderJson(const RfmResult& rfm, const std::optional<ByDimension>& by,
                       const std::optional<SegmentCrossTab>& table,
                       const std::string& attributes_path) {
  nlohmann::json segments = nlohmann::json::array();
  for (const RfmSegmentSummary& summary : SummariseRfmSegments(rfm)) {
    nlohmann::json row = GroupJson(summary.stats);
    row.erase("value");
    row["segment"] = RfmSegmentName(summary.segment);
    row["action"] = summary.action;
    segments.push_back(std::move(row));
  }
  nlohmann::json behaviour = nlohmann::json::object();
  for (std::string_view name : kBehaviourDimensions) {
    nlohmann::json groups = nlohmann::json::array();
    for (const GroupSummary& group :
         SummariseDimension(rfm, *BuiltinDimension(rfm, name))) {
      groups.push_back(GroupJson(group));
    }
    behaviour[std::string(name)] = std::move(groups);
  }
  nlohmann::json out = {{"as_of", FormatDate(rfm.as_of)},
                        {"customers", rfm.customers.size()},
                        {"transactions", rfm.transactions_used},
                        {"transactions_after_as_of", rfm.transactions_after_as_of},
                        {"monetary", MonetaryMeasureName(rfm.monetary)},
                        {"segments", std::move(segments)},
                        {"behaviour", std::move(behaviour)},
                        {"by", by ? ByJson(rfm, *by, *table, attributes_path) : nullptr}};
  return out.dump(2);
}

std::string Mean(const std::optional<double>& value) {
  return value ? fmt::format("{:.1f}", *value) : "-";
}

std::string Share(double share) { return fmt::format("{:.1f} %", share * 100.0); }

// "1234567.891" → "1,234,567.89" (amounts are never negative here).
std::string Money(double value) {
  const int64_t cents = std::llround(value * 100.0);
  return fmt::format("{}.{:02d}", Thousands(cents / 100), cents % 100);
}

std::string GroupTable(const std::string& title,
                       const std::vector<GroupSummary>& groups) {
  TextTable table(
      {title, "customers", "share", "revenue", "recency d", "frequency", "monetary"});
  for (const GroupSummary& group : groups) {
    table.AddRow({group.value, Thousands(group.customers), Share(group.share),
                  Money(group.revenue), Mean(group.recency_mean),
                  Mean(group.frequency_mean), Mean(group.monetary_mean)});
  }
  return table.Render();
}

std::string RenderByText(const ByDimension& by, const SegmentCrossTab& cross) {
  std::string out;
  if (by.attribute) {
    const AttributeDimension& joined = *by.attribute;
    out += fmt::format(
        "\nattributes: {} rows, {} matched; {} unknown customers counted and left out{}; "
        "{} customers without a row shown as {}\n",
        joined.attribute_rows, joined.matched_rows, joined.unknown_customers,
        joined.unknown_examples.empty()
            ? ""
            : fmt::format(" (e.g. {})", fmt::join(joined.unknown_examples, ", ")),
        joined.customers_without_row, kMissingAttribute);
  }
  const size_t width = cross.columns.size();
  for (const bool revenue : {false, true}) {
    std::vector<std::string> header = {
        fmt::format("{} by {}", revenue ? "revenue" : "customers", by.dimension.name)};
    header.insert(header.end(), cross.columns.begin(), cross.columns.end());
    TextTable table(header);
    for (size_t row = 0; row < cross.rows.size(); ++row) {
      std::vector<std::string> cells = {cross.rows[row]};
      for (size_t column = 0; column < width; ++column) {
        const size_t cell = row * width + column;
        cells.push_back(revenue ? Money(cross.revenue[cell])
                                : Thousands(cross.customers[cell]));
      }
      table.AddRow(std::move(cells));
    }
    out += "\n" + table.Render();
  }
  return out;
}

std::string RenderText(const RfmResult& rfm, const std::optional<ByDimension>& by,
                       const std::optional<SegmentCrossTab>& cross) {
  std::string out = fmt::format(
      "{} customers as of {} ({} transactions used, {} after the as-of date left out); "
      "recency in days, frequency in purchases, monetary = {} amount per customer\n\n",
      Thousands(static_cast<int64_t>(rfm.customers.size())), FormatDate(rfm.as_of),
      Thousands(rfm.transactions_used), Thousands(rfm.transactions_after_as_of),
      rfm.monetary == MonetaryMeasure::kTotal ? "total" : "mean per-purchase");
  TextTable table({"segment", "customers", "share", "revenue", "recency d", "frequency",
                   "monetary", "action"});
  for (const RfmSegmentSummary& summary : SummariseRfmSegments(rfm)) {
    const GroupSummary& group = summary.stats;
    table.AddRow({group.value, Thousands(group.customers), Share(group.share),
                  Money(group.revenue), Mean(group.recency_mean),
                  Mean(group.frequency_mean), Mean(group.monetary_mean),
                  std::string(summary.action)});
  }
  out += table.Render();
  for (std::string_view name : kBehaviourDimensions) {
    out += "\n" + GroupTable(std::string(name),
                             SummariseDimension(rfm, *BuiltinDimension(rfm, name)));
  }
  if (by) out += RenderByText(*by, *cross);
  return out;
}

// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

Status WriteCustomersCsv(const std::string& path, const SegmentTransactions& input,
                         const RfmResult& rfm, const std::optional<ByDimension>& by) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return IOError(fmt::format("{}: cannot open for writing", path));
  const SegmentDimension tenure = *BuiltinDimension(rfm, "tenure");
  static constexpr std::string_view kAovBands[] = {"low", "mid", "high"};
  out << "customer_id,recency_days,frequency,monetary,revenue,tenure_days,r_score,f_"
         "score,"
         "m_score,fm_score,segment,cadence,aov_band,tenure";
  if (by) out << ',' << CsvField(by->dimension.name);
  out << '\n';
  for (size_t customer_idx = 0; customer_idx < rfm.customers.size(); ++customer_idx) {
    const CustomerRfm& customer = rfm.customers[customer_idx];
    out << fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        CsvField(input.customer_keys[static_cast<size_t>(customer.customer_id)]),
        customer.recency_days, customer.frequency, customer.monetary, customer.revenue,
        customer.tenure_days, customer.recency_score, customer.frequency_score,
        customer.monetary_score, customer.fm_score, RfmSegmentName(customer.segment),
        PurchaseCadenceName(customer.cadence), kAovBands[customer.aov_band - 1],
        tenure.values[tenure.value_of_customer[customer_idx]]);
    if (by) {
      out << ','
          << CsvField(
                 by->dimension.values[by->dimension.value_of_customer[customer_idx]]);
    }
    out << '\n';
  }
  out.close();
  if (!out) return IOError(fmt::format("{}: write failed", path));
  return Status::OK();
}

int RunSegment(const SegmentFlags& flags) {
  RfmOptions options;
  auto monetary = ParseMonetaryMeasure(flags.monetary);
  if (!monetary.ok()) return ReportError(monetary.status());
  options.monetary = *monetary;
  if (!flags.as_of.empty()) {
    auto as_of = ParseDate(flags.as_of, TimeZone());
    if (!as_of.ok()) return ReportError(as_of.status().WithContext("--as-of"));
    options.as_of = *as_of;
  }
  auto input = ReadSegmentTransactions(flags.transactions);
  if (!input.ok()) return ReportError(input.status());
  auto rfm = ComputeRfm(input->transactions, options);
  if (!rfm.ok()) return ReportError(rfm.status().WithContext(flags.transactions));
  auto by = ResolveBy(flags, *input, *rfm);
  if (!by.ok()) return ReportError(by.status());
  std::optional<SegmentCrossTab> cross;
  if (*by)
    cross = CrossTabulate(*rfm, *BuiltinDimension(*rfm, "rfm_segment"), (*by)->dimension);
  if (!flags.out.empty()) {
    Status written = WriteCustomersCsv(flags.out, *input, *rfm, *by);
    if (!written.ok()) return ReportError(written);
  }
  if (flags.json) {
    fmt::print("{}\n", RenderJson(*rfm, *by, cross, flags.attributes));
  } else {
    fmt::print("{}", RenderText(*rfm, *by, cross));
    if (!flags.out.empty()) fmt::print("\nwrote {}\n", flags.out);
  }
  return 0;
}

}  // namespace

CommandRunner AddSegmentCommand(CLI::App* root) {
  auto flags = std::make_shared<SegmentFlags>();
  CLI::App* command = root->add_subcommand(
      "segment",
      "RFM quintile scores and named segments (champions ... lost) of every customer, "
      "behavioural segments, and segments by an imported attribute.\n"
      "Example: mroi segment --transactions orders.csv --attributes survey.csv --by "
      "heard_from --out segments.csv");
  command
      ->add_option("--transactions", flags->transactions,
                   "Transactions CSV with customer_id, date and amount columns")
      ->required();
  command->add_option("--as-of", flags->as_of,
                      "Date recency is measured at, YYYY-MM-DD (default: the last "
                      "transaction's day); later transactions are left out");
  command->add_option("--monetary", flags->monetary,
                      "M of RFM: total (default) or mean amount per purchase");
  command->add_option("--attributes", flags->attributes,
                      "CSV of customer_id + attribute columns (e.g. survey answers)");
  command->add_option("--by", flags->by,
                      "Cross-tabulate segments by this attribute column, or by cadence, "
                      "aov_band or tenure");
  command->add_option("--out", flags->out,
                      "Write one CSV row per customer (R, F, M, scores, segment) here");
  command->add_flag("--json", flags->json, "Print JSON instead of tables");
  return [flags] { return RunSegment(*flags); };
}

}  // namespace mroi::cli
