// The transactions reader: layout detection, row parsing, Online Retail invoices,
// then NetReturns (rules on ReadTransactionsCsv in mroi/clv_transactions.h).

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mroi/clv_transactions.h"
#include "mroi/time.h"

#include "clv/line_source_internal.h"

namespace mroi {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
constexpr size_t kMaxQuotedRow = 200;  // characters of a bad row quoted in a message

constexpr std::array<std::string_view, 6> kCustomerNames = {
    "customer_id", "customer", "customerid", "client_id", "user_id", "id"};
constexpr std::array<std::string_view, 6> kDateNames = {"date",      "datetime", "timestamp",
                                                        "time",      "order_date", "invoicedate"};
constexpr std::array<std::string_view, 6> kAmountNames = {"amount", "revenue", "value",
                                                          "sales",  "total",   "monetary_value"};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// Split one delimited line; quoted fields may hold the delimiter and "" for a
// quote. Returns false on an unterminated quote. Unquoted fields are trimmed.
bool SplitDelimited(std::string_view line, char delimiter, std::vector<std::string>* fields) {
  fields->clear();
  size_t pos = 0;
  while (true) {
    std::string field;
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos < line.size() && line[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < line.size()) {
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field += '"';
            pos += 2;
            continue;
          }
          ++pos;
          closed = true;
          break;
        }
        field += line[pos++];
      }
      if (!closed) return false;
      while (pos < line.size() && line[pos] != delimiter) ++pos;  // ignore text after the quote
    } else {
      const size_t end = std::min(line.find(delimiter, pos), line.size());
      field = std::string(Trim(line.substr(pos, end - pos)));
      pos = end;
    }
    fields->push_back(std::move(field));
    if (pos >= line.size()) break;
    ++pos;  // the delimiter
    if (pos == line.size()) {
      fields->emplace_back();
      break;
    }
  }
  return true;
}

void SplitWhitespace(std::string_view line, std::vector<std::string>* fields) {
  fields->clear();
  size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && std::isspace(static_cast<unsigned char>(line[pos]))) ++pos;
    const size_t start = pos;
    while (pos < line.size() && !std::isspace(static_cast<unsigned char>(line[pos]))) ++pos;
    if (pos > start) fields->emplace_back(line.substr(start, pos - start));
  }
}

bool IsMissingId(std::string_view text) {
  const std::string lower = Lower(Trim(text));
  return lower.empty() || lower == "na" || lower == "nan" || lower == "null" || lower == "none";
}

// "17850.0" (an id written as a float) → "17850".
std::string NormaliseId(std::string_view text) {
  text = Trim(text);
  if (text.size() > 2 && text.substr(text.size() - 2) == ".0" &&
      AllDigits(text.substr(0, text.size() - 2))) {
    text.remove_suffix(2);
  }
  return std::string(text);
}

std::optional<double> ParseNumber(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// YYYYMMDD (CDNOW), else whatever ParseTimestamp takes, in UTC.
Result<UnixSeconds> ParseWhen(std::string_view text) {
  text = Trim(text);
  if (text.size() == 8 && AllDigits(text)) {
    const int year = std::stoi(std::string(text.substr(0, 4)));
    const int month = std::stoi(std::string(text.substr(4, 2)));
    const int day = std::stoi(std::string(text.substr(6, 2)));
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      return InvalidArgument(fmt::format("'{}' is not a YYYYMMDD date", text));
    }
    return static_cast<UnixSeconds>(DaysFromCivil(year, static_cast<uint32_t>(month),
                                                  static_cast<uint32_t>(day))) *
           kSecondsPerDay;
  }
  return ParseTimestamp(text, TimeZone());
}

std::optional<size_t> FindColumn(const std::vector<std::string>& header, std::string_view wanted) {
  const std::string lower = Lower(wanted);
  for (size_t idx = 0; idx < header.size(); ++idx) {
    if (Lower(header[idx]) == lower) return idx;
  }
  return std::nullopt;
}

template <size_t N>
std::optional<size_t> FindAnyColumn(const std::vector<std::string>& header,
                                    const std::array<std::string_view, N>& names) {
  for (std::string_view name : names) {
    if (std::optional<size_t> found = FindColumn(header, name)) return found;
  }
  return std::nullopt;
}

// Sums the lines of one Online Retail invoice of one customer.
struct Invoice {
  int64_t customer_id = 0;
  UnixSeconds time = 0;
  double amount = 0;
  bool cancellation = false;
};

// Reads one file; holds the state between lines.
class TransactionsReader {
 public:
  TransactionsReader(const std::string& path, const TransactionReadOptions& options)
      : path_(path), options_(options) {}

  Result<TransactionLog> Read() {
    Status status = internal::ForEachLine(path_, [this](std::string_view line, int64_t number) {
      return OnLine(line, number);
    });
    MROI_RETURN_IF_ERROR(status);
    MROI_RETURN_IF_ERROR(header_error_);
    return Finish();
  }

 private:
  bool OnLine(std::string_view line, int64_t number) {
    if (Trim(line).empty()) return true;
    if (!layout_known_) {
      layout_known_ = true;
      header_error_ = DetectLayout(line, number);
      if (!header_error_.ok()) return false;
      if (log_.layout != TransactionLayout::kCdnow || !first_line_is_data_) return true;
    }
    ++log_.rows_read;
    switch (log_.layout) {
      case TransactionLayout::kColumns: ReadColumnsRow(line, number); break;
      case TransactionLayout::kOnlineRetail: ReadRetailRow(line, number); break;
      case TransactionLayout::kCdnow: ReadCdnowRow(line, number); break;
    }
    return true;
  }

  Status DetectLayout(std::string_view line, int64_t number) {
    const auto count = [&](char c) { return std::count(line.begin(), line.end(), c); };
    const bool user_columns = !options_.customer_column.empty() ||
                              !options_.date_column.empty() || !options_.amount_column.empty();
    if (!user_columns && count(',') == 0 && count(';') == 0 && count('\t') == 0) {
      SplitWhitespace(line, &fields_);
      if (fields_.size() == 4 || fields_.size() == 5) {
        log_.layout = TransactionLayout::kCdnow;
        first_line_is_data_ = AllDigits(fields_[0]);
        return Status::OK();
      }
    }
    delimiter_ = ',';
    if (count(';') > count(delimiter_)) delimiter_ = ';';
    if (count('\t') > count(delimiter_)) delimiter_ = '\t';
    if (!SplitDelimited(line, delimiter_, &header_)) {
      return HeaderError(number, "the header has an unterminated quote");
    }
    if (!user_columns) {
      auto invoice = FindColumn(header_, "invoiceno"), quantity = FindColumn(header_, "quantity"),
           price = FindColumn(header_, "unitprice"), date = FindColumn(header_, "invoicedate"),
           customer = FindColumn(header_, "customerid");
      if (invoice && quantity && price && date && customer) {
        log_.layout = TransactionLayout::kOnlineRetail;
        invoice_idx_ = *invoice;
        quantity_idx_ = *quantity;
        price_idx_ = *price;
        date_idx_ = *date;
        customer_idx_ = *customer;
        return Status::OK();
      }
    }
    log_.layout = TransactionLayout::kColumns;
    MROI_ASSIGN_OR_RETURN(customer_idx_, Locate(number, "customer", options_.customer_column,
                                                kCustomerNames));
    MROI_ASSIGN_OR_RETURN(date_idx_, Locate(number, "date", options_.date_column, kDateNames));
    Result<size_t> amount = Locate(number, "amount", options_.amount_column, kAmountNames);
    if (amount.ok()) {
      amount_idx_ = *amount;
    } else if (!options_.amount_column.empty()) {
      return amount.status();
    } else {
      log_.has_amounts = false;
    }
    return Status::OK();
  }

  Result<size_t> Locate(int64_t number, std::string_view what, const std::string& chosen,
                        const std::array<std::string_view, 6>& names) {
    const std::string listed = fmt::format("{}", fmt::join(header_, ", "));
    if (!chosen.empty()) {
      if (std::optional<size_t> found = FindColumn(header_, chosen)) return *found;
      return HeaderError(number, fmt::format("no {} column '{}' (the header has: {})", what,
                                             chosen, listed));
    }
    if (std::optional<size_t> found = FindAnyColumn(header_, names)) return *found;
    return HeaderError(number, fmt::format("no {} column: expected one of {} (the header has: {})",
                                           what, fmt::join(names, ", "), listed));
  }

  Status HeaderError(int64_t number, const std::string& reason) const {
    return InvalidArgument(fmt::format("{}:{}: {}", path_, number, reason));
  }

  void Skip(std::string_view line, int64_t number, const std::string& reason) {
    ++log_.rows_skipped;
    if (static_cast<int>(log_.skipped_examples.size()) < options_.max_issue_examples) {
      std::string_view quoted = line.substr(0, kMaxQuotedRow);
      log_.skipped_examples.push_back(
          fmt::format("{}:{}: {} (row: {})", path_, number, reason, quoted));
    }
  }

  int64_t CustomerIndex(std::string_view text) {
    std::string name = NormaliseId(text);
    auto [it, inserted] =
        customer_ids_.try_emplace(name, static_cast<int64_t>(log_.customer_names.size()));
    if (inserted) log_.customer_names.push_back(std::move(name));
    return it->second;
  }

  // Parse the customer, date and amount texts of a row; false when skipped or
  // without a customer (already counted).
  bool ParseRow(std::string_view line, int64_t number, std::string_view customer,
                std::string_view date, std::optional<std::string_view> amount_text,
                Transaction* out) {
    if (IsMissingId(customer)) {
      ++log_.rows_without_customer;
      return false;
    }
    Result<UnixSeconds> when = ParseWhen(date);
    if (!when.ok()) {
      Skip(line, number, fmt::format("bad date: {}", when.status().message()));
      return false;
    }
    double amount = 0;
    if (amount_text) {
      std::optional<double> parsed = ParseNumber(*amount_text);
      if (!parsed) {
        Skip(line, number, fmt::format("amount '{}' is not a number", *amount_text));
        return false;
      }
      amount = *parsed;
    }
    out->customer_id = CustomerIndex(customer);
    out->time = *when;
    out->amount = amount;
    return true;
  }

  bool SplitRow(std::string_view line, int64_t number) {
    if (!SplitDelimited(line, delimiter_, &fields_)) {
      Skip(line, number, "unterminated quote");
      return false;
    }
    if (fields_.size() != header_.size()) {
      Skip(line, number, fmt::format("{} fields, the header has {}", fields_.size(), header_.size()));
      return false;
    }
    return true;
  }

  void ReadColumnsRow(std::string_view line, int64_t number) {
    if (!SplitRow(line, number)) return;
    std::optional<std::string_view> amount;
    if (log_.has_amounts) amount = fields_[amount_idx_];
    Transaction t;
    if (ParseRow(line, number, fields_[customer_idx_], fields_[date_idx_], amount, &t)) {
      transactions_.push_back(t);
    }
  }

  void ReadCdnowRow(std::string_view line, int64_t number) {
    SplitWhitespace(line, &fields_);
    if (fields_.size() != 4 && fields_.size() != 5) {
      Skip(line, number, fmt::format("{} fields, CDNOW rows have 4 (or 5)", fields_.size()));
      return;
    }
    const size_t n = fields_.size();
    Transaction t;
    if (ParseRow(line, number, fields_[0], fields_[n - 3], fields_[n - 1], &t)) {
      transactions_.push_back(t);
    }
  }

  void ReadRetailRow(std::string_view line, int64_t number) {
    if (!SplitRow(line, number)) return;
    std::optional<double> quantity = ParseNumber(fields_[quantity_idx_]);
    std::optional<double> price = ParseNumber(fields_[price_idx_]);
    if (!IsMissingId(fields_[customer_idx_]) && (!quantity || !price)) {
      Skip(line, number, fmt::format("quantity '{}' or unit price '{}' is not a number",
                                     fields_[quantity_idx_], fields_[price_idx_]));
      return;
    }
    Transaction t;
    if (!ParseRow(line, number, fields_[customer_idx_], fields_[date_idx_], std::nullopt, &t)) {
      return;
    }
    const std::string& invoice_no = fields_[invoice_idx_];
    std::string key = fmt::format("{}\x1f{}", invoice_no, t.customer_id);
    auto [it, inserted] = invoice_index_.try_emplace(std::move(key), invoices_.size());
    if (inserted) {
      const bool cancellation = !invoice_no.empty() && (invoice_no[0] == 'C' || invoice_no[0] == 'c');
      invoices_.push_back({t.customer_id, t.time, 0.0, cancellation});
    }
    Invoice& invoice = invoices_[it->second];
    invoice.time = std::min(invoice.time, t.time);
    invoice.amount += *quantity * *price;
  }

  Result<TransactionLog> Finish() {
    if (log_.layout == TransactionLayout::kOnlineRetail) {
      transactions_.reserve(invoices_.size());
      for (const Invoice& invoice : invoices_) {
        const double amount = invoice.cancellation ? -std::fabs(invoice.amount) : invoice.amount;
        transactions_.push_back({invoice.customer_id, invoice.time, amount});
      }
    }
    if (log_.rows_read == 0) return InvalidArgument(fmt::format("{}: no data rows", path_));
    if (transactions_.empty()) {
      std::string first = log_.skipped_examples.empty() ? "" : "; first: " + log_.skipped_examples[0];
      return InvalidArgument(fmt::format(
          "{}: no usable row ({} rows: {} without a customer id, {} unreadable){}", path_,
          log_.rows_read, log_.rows_without_customer, log_.rows_skipped, first));
    }
    log_.transactions = static_cast<int64_t>(transactions_.size());
    NettedTransactions netted = NetReturns(transactions_);
    transactions_ = {};
    log_.purchases = std::move(netted.purchases);
    log_.netting = netted.counts;
    return std::move(log_);
  }

  const std::string& path_;
  const TransactionReadOptions& options_;
  TransactionLog log_;
  Status header_error_;
  bool layout_known_ = false;
  bool first_line_is_data_ = false;
  char delimiter_ = ',';
  std::vector<std::string> header_;
  std::vector<std::string> fields_;
  size_t customer_idx_ = 0, date_idx_ = 0, amount_idx_ = 0;
  size_t invoice_idx_ = 0, quantity_idx_ = 0, price_idx_ = 0;
  std::unordered_map<std::string, int64_t> customer_ids_;
  std::unordered_map<std::string, size_t> invoice_index_;
  std::vector<Invoice> invoices_;
  std::vector<Transaction> transactions_;
};

}  // namespace

std::string_view TransactionLayoutName(TransactionLayout layout) {
  switch (layout) {
    case TransactionLayout::kColumns: return "columns";
    case TransactionLayout::kOnlineRetail: return "online_retail";
    case TransactionLayout::kCdnow: return "cdnow";
  }
  return "unknown";
}

Result<TransactionLog> ReadTransactionsCsv(const std::string& path,
                                           const TransactionReadOptions& options) {
  if (options.max_issue_examples < 0) {
    return InvalidArgument("max_issue_examples must be >= 0");
  }
  return TransactionsReader(path, options).Read();
}

}  // namespace mroi
