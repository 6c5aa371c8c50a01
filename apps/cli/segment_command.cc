// mroi segment: RFM scores and named segments of every customer of a transactions
// CSV, behavioural segments, and a cross-tabulation of the segments by a customer
// attribute (imported CSV) or a behavioural dimension. Text tables by default,
// --json for machines, --out for a per-customer CSV. The segments are computed by
// mroi::api (shared with the server); this file prints.
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "mroi/api.h"
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

using api::SegmentBy;

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

std::string RenderByText(const SegmentBy& by, const SegmentCrossTab& cross) {
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

std::string RenderText(const RfmResult& rfm, const std::optional<SegmentBy>& by,
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
  for (std::string_view name : api::kSegmentBehaviourDimensions) {
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
                         const RfmResult& rfm, const std::optional<SegmentBy>& by) {
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
  api::Params params;
  const std::pair<const char*, const std::string*> values[] = {
      {"as-of", &flags.as_of}, {"monetary", &flags.monetary}, {"by", &flags.by}};
  for (const auto& [name, value] : values) {
    if (!value->empty()) params.Add(name, *value);
  }
  Result<api::SegmentRequest> request = api::ParseSegmentRequest(params);
  if (!request.ok()) return ReportError(request.status());
  request->attributes = flags.attributes;
  // Check the flags before reading the file.
  if (auto options = api::SegmentRfmOptions(*request); !options.ok()) {
    return ReportError(options.status());
  }
  auto input = ReadSegmentTransactions(flags.transactions);
  if (!input.ok()) return ReportError(input.status());
  Result<api::SegmentResult> result =
      api::RunSegment(*request, *input, flags.transactions);
  if (!result.ok()) return ReportError(result.status());
  if (!flags.out.empty()) {
    Status written = WriteCustomersCsv(flags.out, *input, result->rfm, result->by);
    if (!written.ok()) return ReportError(written);
  }
  if (flags.json) {
    fmt::print("{}\n", api::SegmentJson(*result, *request));
  } else {
    fmt::print("{}", RenderText(result->rfm, result->by, result->cross));
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
