// Returns and cancellations netted against the same customer's earlier purchases
// (the rule is documented on NetReturns in mroi/clv_transactions.h).

#include <algorithm>
#include <cmath>
#include <vector>

#include "mroi/clv_transactions.h"

namespace mroi {
namespace {

// A purchase netted below this share of its original amount counts as cancelled
// (guards against rounding when a cancellation repeats the order's lines exactly).
constexpr double kCancelledShare = 1e-9;

// Net one customer's transactions [begin, end), already in time order with
// purchases first at equal times; appends the surviving purchases to `out`.
void NetCustomer(std::span<const Transaction> sorted, std::vector<Transaction>* out,
                 NettingCounts* counts) {
  std::vector<Transaction> purchases;
  std::vector<double> original;
  std::vector<size_t> open;  // purchases with an amount left, oldest first
  for (const Transaction& t : sorted) {
    if (!(t.amount < 0)) {  // NaN stays a purchase: the summariser rejects it
      ++counts->purchases;
      purchases.push_back(t);
      original.push_back(t.amount);
      if (t.amount > 0) open.push_back(purchases.size() - 1);
      continue;
    }
    ++counts->returns;
    double left = -t.amount;
    while (left > 0 && !open.empty()) {
      double& amount = purchases[open.back()].amount;
      const double taken = std::min(amount, left);
      amount -= taken;
      left -= taken;
      counts->returned_amount_netted += taken;
      if (amount <= kCancelledShare * original[open.back()]) {
        amount = 0;
        open.pop_back();
      }
    }
    counts->returned_amount_unmatched += left;
  }
  for (size_t idx = 0; idx < purchases.size(); ++idx) {
    if (original[idx] > 0 && purchases[idx].amount == 0) {
      ++counts->purchases_cancelled;
      continue;
    }
    out->push_back(purchases[idx]);
  }
}

}  // namespace

NettedTransactions NetReturns(std::span<const Transaction> transactions) {
  std::vector<Transaction> sorted(transactions.begin(), transactions.end());
  std::sort(sorted.begin(), sorted.end(), [](const Transaction& l, const Transaction& r) {
    if (l.customer_id != r.customer_id) return l.customer_id < r.customer_id;
    if (l.time != r.time) return l.time < r.time;
    return (l.amount < 0) < (r.amount < 0);  // purchases before returns
  });
  NettedTransactions out;
  out.purchases.reserve(sorted.size());
  size_t begin = 0;
  while (begin < sorted.size()) {
    size_t end = begin;
    while (end < sorted.size() && sorted[end].customer_id == sorted[begin].customer_id) ++end;
    NetCustomer(std::span<const Transaction>(sorted).subspan(begin, end - begin), &out.purchases,
                &out.counts);
    begin = end;
  }
  return out;
}

}  // namespace mroi
