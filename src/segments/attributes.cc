// Imported customer attributes (e.g. survey answers) and their join onto the
// customers of an RfmResult as a segment dimension.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mroi/segments.h"

#include "csv_lines_internal.h"

namespace mroi {
namespace {

constexpr size_t kMaxUnknownExamples = 10;

bool IsCustomerColumn(const std::string& name) {
  const std::string lower = internal::LowerAscii(name);
  return std::find(std::begin(internal::kCustomerColumnNames),
                   std::end(internal::kCustomerColumnNames),
                   lower) != std::end(internal::kCustomerColumnNames);
}

// Find the customer column and the attribute columns of the header.
Status ReadHeader(const std::vector<std::string>& header, size_t* customer_column,
                  std::vector<std::string>* attribute_columns) {
  std::optional<size_t> customer;
  std::unordered_set<std::string> seen;
  for (size_t column_idx = 0; column_idx < header.size(); ++column_idx) {
    const std::string& name = header[column_idx];
    if (name.empty())
      return InvalidArgument(fmt::format("column {} has no name", column_idx + 1));
    if (!seen.insert(internal::LowerAscii(name)).second) {
      return InvalidArgument(fmt::format("column '{}' appears twice", name));
    }
    if (IsCustomerColumn(name)) {
      if (customer) {
        return InvalidArgument(fmt::format("two customer id columns ('{}' and '{}')",
                                           header[*customer], name));
      }
      customer = column_idx;
    } else {
      attribute_columns->push_back(name);
    }
  }
  if (!customer) {
    return InvalidArgument(fmt::format(
        "no customer id column (expected one of: {}); the header has: {}",
        fmt::join(internal::kCustomerColumnNames, ", "), fmt::join(header, ", ")));
  }
  if (attribute_columns->empty())
    return InvalidArgument("no attribute column besides the customer id");
  *customer_column = *customer;
  return Status::OK();
}

Result<CustomerAttributes> ParseLines(internal::CsvLineSource* lines,
                                      std::string_view source) {
  auto located = [&](const Status& status) {
    return InvalidArgument(
        fmt::format("{}:{}: {}", source, lines->line_number(), status.message()));
  };
  CustomerAttributes out;
  out.source = std::string(source);
  std::string line;
  if (!lines->Next(&line))
    return InvalidArgument(fmt::format("{}: empty file (no header)", source));
  internal::StripByteOrderMark(&line);
  auto header = internal::SplitCsvFields(line);
  if (!header.ok()) return located(header.status());
  size_t customer_column = 0;
  Status header_status = ReadHeader(*header, &customer_column, &out.columns);
  if (!header_status.ok()) return located(header_status);

  std::unordered_map<std::string, int64_t> line_of_customer;
  while (lines->Next(&line)) {
    if (internal::IsBlankLine(line)) continue;
    auto fields = internal::SplitCsvFields(line);
    if (!fields.ok()) return located(fields.status());
    if (fields->size() != header->size()) {
      return located(InvalidArgument(
          fmt::format("{} fields, the header has {}", fields->size(), header->size())));
    }
    std::string key = std::move((*fields)[customer_column]);
    if (key.empty()) return located(InvalidArgument("empty customer id"));
    auto [entry, inserted] = line_of_customer.try_emplace(key, lines->line_number());
    if (!inserted) {
      return located(InvalidArgument(fmt::format(
          "customer '{}' appears twice (first on line {})", key, entry->second)));
    }
    std::vector<std::string> values;
    values.reserve(out.columns.size());
    for (size_t column_idx = 0; column_idx < fields->size(); ++column_idx) {
      if (column_idx != customer_column)
        values.push_back(std::move((*fields)[column_idx]));
    }
    out.customer_keys.push_back(std::move(key));
    out.values.push_back(std::move(values));
  }
  if (lines->failed()) return IOError(fmt::format("{}: read error", source));
  if (out.customer_keys.empty()) {
    return InvalidArgument(fmt::format("{}: no attribute rows (only a header)", source));
  }
  return out;
}

std::optional<double> AsNumber(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Sort labels numerically when all are numbers, else as text; special labels last.
void OrderValues(std::vector<std::string>* labels) {
  std::vector<std::string> special;
  std::vector<std::string> plain;
  for (std::string& label : *labels) {
    (label == kBlankAttribute || label == kMissingAttribute ? special : plain)
        .push_back(std::move(label));
  }
  const bool numeric =
      std::all_of(plain.begin(), plain.end(),
                  [](const std::string& label) { return AsNumber(label); });
  if (numeric) {
    std::sort(plain.begin(), plain.end(), [](const std::string& a, const std::string& b) {
      const double left = *AsNumber(a);
      const double right = *AsNumber(b);
      return left != right ? left < right : a < b;
    });
  } else {
    std::sort(plain.begin(), plain.end());
  }
  std::sort(
      special.begin(), special.end(), [](const std::string& a, const std::string& b) {
        return a == kBlankAttribute && b != kBlankAttribute;  // (blank) before (missing)
      });
  plain.insert(plain.end(), special.begin(), special.end());
  *labels = std::move(plain);
}

}  // namespace

Result<CustomerAttributes> ParseCustomerAttributes(std::string_view text,
                                                   std::string_view source) {
  internal::CsvLineSource lines = internal::CsvLineSource::FromText(text);
  return ParseLines(&lines, source);
}

Result<CustomerAttributes> ReadCustomerAttributes(const std::string& path) {
  MROI_ASSIGN_OR_RETURN(internal::CsvLineSource lines,
                        internal::CsvLineSource::FromFile(path));
  return ParseLines(&lines, path);
}

Result<AttributeDimension> JoinAttribute(const CustomerAttributes& attributes,
                                         std::string_view column,
                                         std::span<const std::string> customer_keys,
                                         const RfmResult& rfm) {
  const auto column_it =
      std::find(attributes.columns.begin(), attributes.columns.end(), column);
  if (column_it == attributes.columns.end()) {
    return InvalidArgument(
        fmt::format("{} has no column '{}'; its attribute columns are: {}",
                    attributes.source, column, fmt::join(attributes.columns, ", ")));
  }
  const auto column_idx = static_cast<size_t>(column_it - attributes.columns.begin());
  std::unordered_map<std::string_view, size_t> customer_of_key;
  for (size_t customer_idx = 0; customer_idx < rfm.customers.size(); ++customer_idx) {
    const int64_t id = rfm.customers[customer_idx].customer_id;
    if (id < 0 || static_cast<size_t>(id) >= customer_keys.size()) {
      return InvalidArgument(fmt::format("customer id {} has no key ({} keys given)", id,
                                         customer_keys.size()));
    }
    customer_of_key.emplace(customer_keys[static_cast<size_t>(id)], customer_idx);
  }
  AttributeDimension out;
  out.attribute_rows = static_cast<int64_t>(attributes.customer_keys.size());
  std::vector<std::string> label_of_customer(rfm.customers.size(),
                                             std::string(kMissingAttribute));
  for (size_t row_idx = 0; row_idx < attributes.customer_keys.size(); ++row_idx) {
    const std::string& key = attributes.customer_keys[row_idx];
    auto found = customer_of_key.find(key);
    if (found == customer_of_key.end()) {
      ++out.unknown_customers;
      if (out.unknown_examples.size() < kMaxUnknownExamples)
        out.unknown_examples.push_back(key);
      continue;
    }
    ++out.matched_rows;
    const std::string& value = attributes.values[row_idx][column_idx];
    label_of_customer[found->second] =
        value.empty() ? std::string(kBlankAttribute) : value;
  }
  out.customers_without_row =
      static_cast<int64_t>(rfm.customers.size()) - out.matched_rows;

  std::vector<std::string> labels(label_of_customer.begin(), label_of_customer.end());
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  OrderValues(&labels);
  std::unordered_map<std::string_view, int32_t> index_of_label;
  for (size_t value_idx = 0; value_idx < labels.size(); ++value_idx) {
    index_of_label.emplace(labels[value_idx], static_cast<int32_t>(value_idx));
  }
  out.dimension.name = std::string(column);
  out.dimension.value_of_customer.reserve(rfm.customers.size());
  for (const std::string& label : label_of_customer) {
    out.dimension.value_of_customer.push_back(index_of_label.at(label));
  }
  out.dimension.values = std::move(labels);
  return out;
}

}  // namespace mroi
