#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/clv_data.h"
#include "mroi/result.h"

// Transactions files for the customer models (issue 6): a CSV of customer, date and
// amount, the UCI Online Retail layout or the CDNOW master layout, plain or gzip.
// Returns (cancellations, negative amounts) are netted against the same customer's
// purchases by NetReturns() before anything is summarised.

namespace mroi {

/// The file layouts ReadTransactionsCsv() recognises.
enum class TransactionLayout : unsigned char {
  /// A header with a customer, a date and (optionally) an amount column; one row is
  /// one transaction.
  kColumns,
  /// UCI Online Retail: InvoiceNo, StockCode, Description, Quantity, InvoiceDate,
  /// UnitPrice, CustomerID, Country; one row is one invoice line.
  kOnlineRetail,
  /// CDNOW: whitespace-separated `customer date(YYYYMMDD) number amount` (master)
  /// or `customer sample_id date number amount` (sample), header optional.
  kCdnow,
};

/// Return "columns", "online_retail" or "cdnow".
std::string_view TransactionLayoutName(TransactionLayout layout);

/// Settings of ReadTransactionsCsv().
struct TransactionReadOptions {
  /// Column names of the kColumns layout (case-insensitive). Empty = found by name:
  /// customer_id, customer, customerid, client_id, user_id, id; date, datetime,
  /// timestamp, time, order_date, invoicedate; amount, revenue, value, sales,
  /// total, monetary_value. Default: empty. A name given here disables the
  /// Online Retail detection.
  std::string customer_column;
  std::string date_column;
  std::string amount_column;
  /// Bad rows kept as examples ("path:line: reason"). Default 5.
  int max_issue_examples = 5;
};

/// Counts of what NetReturns() did.
struct NettingCounts {
  /// Transactions with a positive or zero amount (purchases) before netting.
  int64_t purchases = 0;
  /// Transactions with a negative amount (returns, cancellations).
  int64_t returns = 0;
  /// Amount of the returns subtracted from earlier purchases (positive number).
  double returned_amount_netted = 0;
  /// Amount of the returns with no earlier purchase left to subtract from (a return
  /// of something bought before the data starts); it is dropped.
  double returned_amount_unmatched = 0;
  /// Purchases whose amount the returns brought to zero: they are left out.
  int64_t purchases_cancelled = 0;
};

/// Purchases after netting, and the counts.
struct NettedTransactions {
  std::vector<Transaction> purchases;
  NettingCounts counts;
};

/// Net the returns (amount < 0) against the same customer's purchases.
///
/// Rule: per customer in time order (a purchase and a return at the same second:
/// the purchase first), a return of amount R is subtracted from the customer's most
/// recent purchase made at or before it that still has an amount left; when that
/// purchase reaches 0 the rest goes to the purchase before it, and so on back in
/// time. What is left when no earlier purchase remains is dropped and counted as
/// unmatched. A purchase netted down to 0 is a cancelled order and is left out
/// (it no longer counts as a purchase); purchases of amount 0 that no return
/// touched stay. Output sorted by (customer, time). Cost: O(n log n).
NettedTransactions NetReturns(std::span<const Transaction> transactions);

/// A transactions file read into purchases.
struct TransactionLog {
  TransactionLayout layout = TransactionLayout::kColumns;
  /// Netted purchases; Transaction::customer_id indexes customer_names.
  std::vector<Transaction> purchases;
  /// Customer ids as written in the file, in order of first appearance.
  std::vector<std::string> customer_names;
  /// False when a kColumns file has no amount column (every amount is then 0).
  bool has_amounts = true;
  /// Data rows (header and blank lines excluded).
  int64_t rows_read = 0;
  /// Rows whose customer id is empty, NA, NaN or NULL: left out and counted.
  int64_t rows_without_customer = 0;
  /// Rows that could not be read (field count, date, number): skipped and counted.
  int64_t rows_skipped = 0;
  /// The first TransactionReadOptions::max_issue_examples skipped rows.
  std::vector<std::string> skipped_examples;
  /// Transactions before netting: Online Retail invoices (lines of one invoice
  /// and customer summed, dated by their earliest line), otherwise rows.
  int64_t transactions = 0;
  NettingCounts netting;
};

/// Read a transactions file (gzip is detected and inflated, whatever the name).
///
/// The layout is detected from the first line: no comma, semicolon or tab and 4-5
/// whitespace-separated fields = CDNOW; a header holding InvoiceNo, Quantity,
/// UnitPrice, InvoiceDate and CustomerID = Online Retail (amount = Quantity *
/// UnitPrice, summed per invoice; invoices whose number starts with "C" are
/// cancellations, netted as returns); otherwise kColumns with ',', ';' or tab,
/// whichever the header holds most. Fields may be quoted ("" escapes a quote).
/// Dates: ISO date or date-time (UTC unless a zone is written), Unix seconds, or
/// YYYYMMDD. Rows without a customer are counted and left out; bad rows are
/// counted and skipped (never an error). Then NetReturns() runs.
/// Errors: kNotFound (no file), kIOError (read or gzip error), kInvalidArgument
/// "path:1: ..." for a missing customer or date column, "path: ..." for a file
/// with no data row or no usable row (the first bad rows are quoted).
/// Cost: one pass, memory O(transactions).
Result<TransactionLog> ReadTransactionsCsv(const std::string& path,
                                           const TransactionReadOptions& options);

}  // namespace mroi
