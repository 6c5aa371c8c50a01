// The conversion rules: duplicate_order, refund_netted and orphan_refund.
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "clean/clean_internal.h"

namespace mroi::internal {

namespace {

bool IsRefund(const Conversion& conversion) { return conversion.revenue < 0; }

// Return, per order_id, the row of the kept order (revenue >= 0, not removed); with
// several kept copies (duplicate_order off) the one the policy would keep.
std::unordered_map<StringId, uint32_t> KeptOrders(const CleanOptions& options,
                                                  const std::vector<Conversion>& rows,
                                                  const std::vector<uint8_t>& removed) {
  std::unordered_map<StringId, uint32_t> kept;
  for (size_t row = 0; row < rows.size(); ++row) {
    if (removed[row] || IsRefund(rows[row]) || rows[row].order_id == kEmptyString) continue;
    auto [it, inserted] = kept.emplace(rows[row].order_id, static_cast<uint32_t>(row));
    if (!inserted && options.duplicate_order == DuplicateOrderPolicy::kLastWins) {
      it->second = static_cast<uint32_t>(row);
    }
  }
  return kept;
}

std::string LineOf(const Conversion& conversion) {
  return fmt::format("line {}", conversion.origin.line);
}

}  // namespace

void RemoveDuplicateOrders(const CleanOptions& options, Dataset* data, Removals* removals) {
  const std::vector<Conversion>& rows = data->conversions;
  std::unordered_map<StringId, uint32_t> kept = KeptOrders(options, rows, removals->conversions);
  const char* policy =
      options.duplicate_order == DuplicateOrderPolicy::kLastWins ? "last" : "first";
  for (size_t row = 0; row < rows.size(); ++row) {
    if (removals->conversions[row] || IsRefund(rows[row]) ||
        rows[row].order_id == kEmptyString) {
      continue;
    }
    uint32_t winner = kept.at(rows[row].order_id);
    if (winner == row) continue;
    removals->conversions[row] = 1;
    AddIssue(data, rows[row].origin, Rule::kDuplicateOrder,
             fmt::format("order '{}' appears again; the {} copy ({}) is kept",
                         data->str(rows[row].order_id), policy, LineOf(rows[winner])));
  }
}

void NetRefunds(const CleanOptions& options, Dataset* data, Removals* removals) {
  const bool net = options.enabled[static_cast<int>(Rule::kRefundNetted)];
  const bool orphan = options.enabled[static_cast<int>(Rule::kOrphanRefund)];
  std::vector<Conversion>& rows = data->conversions;
  std::unordered_map<StringId, uint32_t> kept = KeptOrders(options, rows, removals->conversions);
  const StringId revenue_field = data->strings.Intern("revenue");
  for (size_t row = 0; row < rows.size(); ++row) {
    if (removals->conversions[row] || !IsRefund(rows[row])) continue;
    const Conversion refund = rows[row];
    auto found = refund.order_id == kEmptyString ? kept.end() : kept.find(refund.order_id);
    if (found == kept.end()) {
      if (!orphan) continue;
      removals->conversions[row] = 1;
      AddIssue(data, refund.origin, Rule::kOrphanRefund,
               refund.order_id == kEmptyString
                   ? fmt::format("refund of {} has no order_id", FormatNumber(refund.revenue))
                   : fmt::format("refund of {} for order '{}', which is not in the data",
                                 FormatNumber(refund.revenue), data->str(refund.order_id)));
      continue;
    }
    if (!net) continue;
    Conversion& order = rows[found->second];
    double before = order.revenue;
    // Derive the order's cogs from its gross profit before its revenue moves.
    if (IsMissing(order.cogs) && !IsMissing(order.gross_profit)) {
      order.cogs = order.revenue - order.gross_profit;
    }
    order.revenue += refund.revenue;
    if (!IsMissing(refund.cogs) && !IsMissing(order.cogs)) order.cogs += refund.cogs;
    if (!IsMissing(order.cogs)) order.gross_profit = order.revenue - order.cogs;
    removals->conversions[row] = 1;
    AddIssue(data, refund.origin, Rule::kRefundNetted,
             fmt::format("refund of {} netted into order '{}' ({})", FormatNumber(refund.revenue),
                         data->str(refund.order_id), LineOf(order)));
    AddChange(data, order.origin, Rule::kRefundNetted, revenue_field,
              data->strings.Intern(FormatNumber(before)),
              data->strings.Intern(FormatNumber(order.revenue)));
  }
}

}  // namespace mroi::internal
