// The customers of a customer-model request: a summary CSV, a transactions file or the
// pipeline's history, summarised in the request's time unit.
#include <algorithm>
#include <climits>

#include <fmt/format.h>

#include "mroi/api_clv.h"
#include "mroi/api_format.h"
#include "mroi/ingest.h"
#include "mroi/ltv.h"
#include "mroi/time.h"

namespace mroi::api {

namespace {

constexpr int64_t kSecondsPerDay = 86'400;

Result<UnixSeconds> ParseDay(const std::string& text, const char* flag) {
  Result<UnixDays> day = ParseDate(text, TimeZone());
  if (!day.ok()) {
    return InvalidArgument(
        fmt::format("{} '{}': {}", flag, text, day.status().message()));
  }
  return static_cast<UnixSeconds>(*day) * kSecondsPerDay;
}

std::string Money(double value) { return fmt::format("{:.2f}", value); }

void AddTransactionNotes(const TransactionLog& log, size_t customers_with_purchases,
                         std::vector<std::string>* notes) {
  notes->push_back(fmt::format("{} rows without a customer id were left out",
                               WithThousands(log.rows_without_customer)));
  if (log.rows_skipped > 0) {
    notes->push_back(fmt::format("{} unreadable rows were skipped (first: {})",
                                 WithThousands(log.rows_skipped),
                                 log.skipped_examples.front()));
  }
  const NettingCounts& netting = log.netting;
  if (netting.returns > 0) {
    notes->push_back(fmt::format(
        "{} returns/cancellations were netted against the same customer's latest earlier "
        "purchases: {} subtracted, {} with no earlier purchase dropped, {} orders "
        "cancelled in "
        "full left out",
        WithThousands(netting.returns), Money(netting.returned_amount_netted),
        Money(netting.returned_amount_unmatched),
        WithThousands(netting.purchases_cancelled)));
  }
  const size_t without = log.customer_names.size() - customers_with_purchases;
  if (without > 0) {
    notes->push_back(
        fmt::format("{} customers with no purchase left (all cancelled or after "
                    "the calibration end) were left out",
                    WithThousands(static_cast<int64_t>(without))));
  }
  if (!log.has_amounts) {
    notes->push_back("the file has no amount column: no spend model, no CLV");
  }
}

}  // namespace

Result<TransactionLog> TransactionsFromHistory(const PipelineResult& history) {
  CustomerTransactionOptions options;
  options.amount = TransactionAmount::kRevenue;
  TransactionLog log;
  MROI_ASSIGN_OR_RETURN(log.purchases, CustomerTransactions(history, options));
  // Name each person by the first email, else user id, of their conversions.
  std::vector<std::string> person_names(static_cast<size_t>(history.identity.persons));
  for (size_t conversion_idx = 0; conversion_idx < history.dataset.conversions.size();
       ++conversion_idx) {
    const int32_t person = history.identity.conversion_person[conversion_idx];
    if (person < 0 || !person_names[static_cast<size_t>(person)].empty()) continue;
    const Conversion& conversion = history.dataset.conversions[conversion_idx];
    const StringId key =
        conversion.email != kEmptyString ? conversion.email : conversion.user_id;
    if (key != kEmptyString)
      person_names[static_cast<size_t>(person)] = history.dataset.str(key);
  }
  // Customers are the persons with a purchase, numbered in order of appearance.
  std::vector<int64_t> customer_of(person_names.size(), -1);
  for (Transaction& purchase : log.purchases) {
    const auto person = static_cast<size_t>(purchase.customer_id);
    if (customer_of[person] < 0) {
      customer_of[person] = static_cast<int64_t>(log.customer_names.size());
      log.customer_names.push_back(person_names[person].empty()
                                       ? fmt::format("person {}", person)
                                       : person_names[person]);
    }
    purchase.customer_id = customer_of[person];
  }
  log.rows_read = static_cast<int64_t>(log.purchases.size());
  log.transactions = log.rows_read;
  return log;
}

Result<ClvInput> LoadClvInput(const ClvRequest& request, const ClvSource& source) {
  const int inputs = !source.summary_path.empty() + !source.transactions_path.empty() +
                     !source.data_dir.empty() + (source.history != nullptr);
  if (inputs != 1) {
    return InvalidArgument(
        "give one input: --summary FILE, --transactions FILE or --data DIR");
  }
  MROI_ASSIGN_OR_RETURN(ClvModel model, ParseClvModel(request.model));
  TimeUnit unit = model == ClvModel::kBgBb ? TimeUnit::kPeriods : TimeUnit::kWeeks;
  if (!request.time_unit.empty()) {
    MROI_ASSIGN_OR_RETURN(unit, ParseTimeUnit(request.time_unit));
  }
  ClvInput input;
  if (!source.summary_path.empty()) {
    if (!request.calibration_end.empty() || !request.observation_end.empty()) {
      return InvalidArgument(
          "--calibration-end and --observation-end apply to --transactions");
    }
    MROI_ASSIGN_OR_RETURN(input.summaries,
                          ReadCustomerSummaryCsv(source.summary_path, unit));
    for (const CustomerSummary& customer : input.summaries.customers) {
      input.names.push_back(std::to_string(customer.customer_id));
    }
    input.source = source.summary_path;
    return input;
  }
  if (unit == TimeUnit::kPeriods) {
    return InvalidArgument(
        "transactions are summarised in days, weeks or months; the discrete BG/BB model "
        "(periods) needs --summary with frequency, recency and periods");
  }
  const std::string& name = source.history != nullptr  ? source.history_name
                            : !source.data_dir.empty() ? source.data_dir
                                                       : source.transactions_path;
  TransactionLog log;
  if (source.history != nullptr) {
    MROI_ASSIGN_OR_RETURN(log, TransactionsFromHistory(*source.history));
  } else if (!source.data_dir.empty()) {
    MROI_ASSIGN_OR_RETURN(std::vector<InputSpec> inputs, DiscoverInputs(source.data_dir));
    MROI_ASSIGN_OR_RETURN(PipelineResult history, RunPipeline(inputs, PipelineOptions()));
    MROI_ASSIGN_OR_RETURN(log, TransactionsFromHistory(history));
  } else {
    MROI_ASSIGN_OR_RETURN(
        log, ReadTransactionsCsv(source.transactions_path, source.read_options));
  }
  SummaryOptions summary_options;
  summary_options.time_unit = unit;
  if (!request.calibration_end.empty()) {
    MROI_ASSIGN_OR_RETURN(summary_options.calibration_end,
                          ParseDay(request.calibration_end, "--calibration-end"));
  }
  if (!request.observation_end.empty()) {
    MROI_ASSIGN_OR_RETURN(summary_options.observation_end,
                          ParseDay(request.observation_end, "--observation-end"));
  }
  if (log.purchases.empty()) {
    return InvalidArgument(
        fmt::format("{}: no purchase left after netting returns", name));
  }
  int64_t last_day = INT64_MIN;
  for (const Transaction& purchase : log.purchases) {
    last_day = std::max(last_day, purchase.time / kSecondsPerDay);
  }
  const int64_t observation_day = summary_options.observation_end
                                      ? *summary_options.observation_end / kSecondsPerDay
                                      : last_day;
  input.calibration_end_day = summary_options.calibration_end
                                  ? *summary_options.calibration_end / kSecondsPerDay
                                  : observation_day;
  MROI_ASSIGN_OR_RETURN(input.summaries,
                        SummariseTransactions(log.purchases, summary_options));
  for (const CustomerSummary& customer : input.summaries.customers) {
    input.names.push_back(log.customer_names[static_cast<size_t>(customer.customer_id)]);
  }
  AddTransactionNotes(log, input.summaries.customers.size(), &input.notes);
  log.purchases = {};
  input.log = std::move(log);
  input.source = name;
  return input;
}

}  // namespace mroi::api
