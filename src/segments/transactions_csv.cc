// A strict reader of transactions CSVs (customer, date, amount) for `mroi segment`.
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mroi/segments.h"

#include "csv_lines_internal.h"

namespace mroi {
namespace {

constexpr std::string_view kDateColumnNames[] = {"date", "time", "timestamp",
                                                 "invoicedate", "order_date"};
constexpr std::string_view kAmountColumnNames[] = {"amount", "revenue", "value",
                                                   "dollar_value", "monetary"};

// Position of the one header field named like `names`, or an error.
template <size_t N>
Result<size_t> FindColumn(const std::vector<std::string>& header,
                          const std::string_view (&names)[N], std::string_view what) {
  std::optional<size_t> found;
  for (size_t column_idx = 0; column_idx < header.size(); ++column_idx) {
    const std::string name = internal::LowerAscii(header[column_idx]);
    for (std::string_view candidate : names) {
      if (name != candidate) continue;
      if (found) {
        return InvalidArgument(fmt::format("two {} columns ('{}' and '{}')", what,
                                           header[*found], header[column_idx]));
      }
      found = column_idx;
    }
  }
  if (!found) {
    return InvalidArgument(
        fmt::format("no {} column (expected one of: {}); the header has: {}", what,
                    fmt::join(names, ", "), fmt::join(header, ", ")));
  }
  return *found;
}

// YYYYMMDD (8 digits) or anything ParseTimestamp accepts, as UTC seconds.
Result<UnixSeconds> ParseTransactionTime(std::string_view text) {
  if (text.size() == 8 &&
      text.find_first_not_of("0123456789") == std::string_view::npos) {
    const std::string dashed =
        fmt::format("{}-{}-{}", text.substr(0, 4), text.substr(4, 2), text.substr(6, 2));
    return ParseTimestamp(dashed, TimeZone());
  }
  return ParseTimestamp(text, TimeZone());
}

Result<double> ParseAmount(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end || !std::isfinite(value)) {
    return InvalidArgument(fmt::format("amount '{}' is not a finite number", text));
  }
  if (value < 0) {
    return InvalidArgument(fmt::format(
        "amount {} is negative (net returns and cancellations out first)", text));
  }
  return value;
}

struct Columns {
  size_t customer = 0;
  size_t date = 0;
  size_t amount = 0;
  size_t count = 0;
};

Result<SegmentTransactions> ParseLines(internal::CsvLineSource* lines,
                                       std::string_view source) {
  auto located = [&](const Status& status) {
    return InvalidArgument(
        fmt::format("{}:{}: {}", source, lines->line_number(), status.message()));
  };
  std::string line;
  if (!lines->Next(&line))
    return InvalidArgument(fmt::format("{}: empty file (no header)", source));
  internal::StripByteOrderMark(&line);
  auto header = internal::SplitCsvFields(line);
  if (!header.ok()) return located(header.status());
  Columns columns;
  columns.count = header->size();
  auto customer = FindColumn(*header, internal::kCustomerColumnNames, "customer id");
  if (!customer.ok()) return located(customer.status());
  auto date = FindColumn(*header, kDateColumnNames, "date");
  if (!date.ok()) return located(date.status());
  auto amount = FindColumn(*header, kAmountColumnNames, "amount");
  if (!amount.ok()) return located(amount.status());
  columns.customer = *customer;
  columns.date = *date;
  columns.amount = *amount;

  SegmentTransactions out;
  std::unordered_map<std::string, int64_t> customer_index;
  while (lines->Next(&line)) {
    if (internal::IsBlankLine(line)) continue;
    auto fields = internal::SplitCsvFields(line);
    if (!fields.ok()) return located(fields.status());
    if (fields->size() != columns.count) {
      return located(InvalidArgument(
          fmt::format("{} fields, the header has {}", fields->size(), columns.count)));
    }
    const std::string& key = (*fields)[columns.customer];
    if (key.empty()) return located(InvalidArgument("empty customer id"));
    auto time = ParseTransactionTime((*fields)[columns.date]);
    if (!time.ok()) return located(time.status());
    auto value = ParseAmount((*fields)[columns.amount]);
    if (!value.ok()) return located(value.status());
    auto [entry, inserted] =
        customer_index.try_emplace(key, static_cast<int64_t>(out.customer_keys.size()));
    if (inserted) out.customer_keys.push_back(key);
    out.transactions.push_back({entry->second, *time, *value});
  }
  if (lines->failed()) return IOError(fmt::format("{}: read error", source));
  if (out.transactions.empty()) {
    return InvalidArgument(fmt::format("{}: no transactions (only a header)", source));
  }
  return out;
}

}  // namespace

Result<SegmentTransactions> ParseSegmentTransactions(std::string_view text,
                                                     std::string_view source) {
  internal::CsvLineSource lines = internal::CsvLineSource::FromText(text);
  return ParseLines(&lines, source);
}

Result<SegmentTransactions> ReadSegmentTransactions(const std::string& path) {
  MROI_ASSIGN_OR_RETURN(internal::CsvLineSource lines,
                        internal::CsvLineSource::FromFile(path));
  return ParseLines(&lines, path);
}

}  // namespace mroi
