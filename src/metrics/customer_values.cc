// ComputeCustomerValues(): every customer's value to date and, when BG/NBD and
// Gamma-Gamma can be fitted on all customers, the value predicted over a horizon.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "mroi/ltv.h"
#include "mroi/pipeline.h"

#include "metrics/ltv_internal.h"
#include "metrics/metrics_internal.h"

namespace mroi {
namespace {

Status CheckOptions(const LtvOptions& options) {
  if (options.clv.horizon_months < 1) {
    return InvalidArgument(fmt::format("the LTV horizon must be at least 1 month, not {}",
                                       options.clv.horizon_months));
  }
  if (!std::isfinite(options.clv.monthly_discount_rate) ||
      options.clv.monthly_discount_rate < 0) {
    return InvalidArgument("the monthly discount rate must be a number >= 0");
  }
  if (!(options.clv.confidence_level > 0 && options.clv.confidence_level < 1)) {
    return InvalidArgument("the confidence level must lie strictly between 0 and 1");
  }
  if (options.min_repeat_customers < 2) {
    return InvalidArgument("min_repeat_customers must be at least 2");
  }
  if (options.time_unit == TimeUnit::kPeriods) {
    return InvalidArgument("the LTV models need days, weeks or months as time unit");
  }
  return Status::OK();
}

// Fit BG/NBD and Gamma-Gamma on every customer and store each one's predicted value.
// Returns "" on success, else why the values stay historical.
std::string Predict(const std::vector<Transaction>& transactions, UnixSeconds data_end,
                    const LtvOptions& options, const std::vector<int32_t>& slot_of_person,
                    CustomerValues* values) {
  CustomerModelSummary& model = values->model;
  SummaryOptions summary_options;
  summary_options.time_unit = options.time_unit;
  summary_options.observation_end = data_end - 1;
  Result<CustomerSummaries> summaries =
      SummariseTransactions(transactions, summary_options);
  if (!summaries.ok())
    return "the customer summaries failed: " + summaries.status().message();
  model.repeat_customers = std::count_if(
      summaries->customers.begin(), summaries->customers.end(),
      [](const CustomerSummary& customer) { return customer.frequency > 0; });
  if (model.repeat_customers < options.min_repeat_customers) {
    return fmt::format(
        "only {} customer{} bought again on a later day ({} needed to fit BG/NBD and "
        "Gamma-Gamma); the LTV is historical only",
        model.repeat_customers, model.repeat_customers == 1 ? "" : "s",
        options.min_repeat_customers);
  }
  Result<ModelFit> purchases = FitModel(ClvModel::kBgNbd, *summaries, options.fit);
  if (!purchases.ok()) {
    return "BG/NBD could not be fitted (" + purchases.status().message() +
           "); the LTV is historical only";
  }
  Result<ModelFit> spend = FitModel(ClvModel::kGammaGamma, *summaries, options.fit);
  if (!spend.ok()) {
    return "Gamma-Gamma could not be fitted (" + spend.status().message() +
           "); the LTV is historical only";
  }
  if (!(spend->value("q") > 1)) {
    return fmt::format(
        "Gamma-Gamma gave q = {:.3g} <= 1, so the mean spend is not defined; the LTV is "
        "historical only",
        spend->value("q"));
  }
  Result<std::vector<CustomerPrediction>> predictions =
      PredictCustomers(*purchases, &*spend, *summaries, options.clv);
  if (!predictions.ok()) {
    return "the CLV prediction failed (" + predictions.status().message() +
           "); the LTV is historical only";
  }
  for (const CustomerPrediction& prediction : *predictions) {
    const int64_t person = prediction.customer_id;
    if (person < 0 || static_cast<size_t>(person) >= slot_of_person.size()) continue;
    const int32_t slot = slot_of_person[static_cast<size_t>(person)];
    if (slot < 0) continue;
    CustomerValue& value = values->customers[static_cast<size_t>(slot)];
    value.future_value = prediction.clv.estimate;
    value.future_value_low = prediction.clv.lower;
    value.future_value_high = prediction.clv.upper;
  }
  model.fitted = true;
  model.transaction_parameters = purchases->parameters;
  model.spend_parameters = spend->parameters;
  return "";
}

}  // namespace

Result<CustomerValues> ComputeCustomerValues(const Dataset& dataset,
                                             const IdentityResult& identity,
                                             const Journeys& journeys,
                                             const MetricsOptions& metrics_options,
                                             const LtvOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOptions(options));
  CustomerTransactionOptions transaction_options;
  transaction_options.gross_margin = metrics_options.gross_margin;
  MROI_ASSIGN_OR_RETURN(
      std::vector<Transaction> transactions,
      CustomerTransactions(dataset, identity, journeys, transaction_options));
  MROI_ASSIGN_OR_RETURN(std::vector<CustomerAcquisition> acquisitions,
                        CustomerAcquisitions(dataset, identity, journeys));

  CustomerValues values;
  CustomerModelSummary& model = values.model;
  model.time_unit = options.time_unit;
  model.horizon_months = options.clv.horizon_months;
  model.monthly_discount_rate = options.clv.monthly_discount_rate;
  model.confidence_level = options.clv.confidence_level;
  model.customers = static_cast<int64_t>(acquisitions.size());

  const internal::DayMapper mapper(metrics_options.time_zone);
  const Period data_period = DataPeriod(dataset, metrics_options.time_zone);
  values.data_end = mapper.Midnight(data_period.end);
  std::vector<int32_t> slot_of_person(
      static_cast<size_t>(std::max<int64_t>(identity.persons, 0)), -1);
  values.customers.reserve(acquisitions.size());
  for (CustomerAcquisition& acquisition : acquisitions) {
    slot_of_person[static_cast<size_t>(acquisition.person)] =
        static_cast<int32_t>(values.customers.size());
    CustomerValue value;
    value.first_conversion_day = mapper.Day(acquisition.first_conversion);
    value.months_observed = std::max(
        1.0, static_cast<double>(values.data_end - acquisition.first_conversion) /
                 86400.0 / internal::kDaysPerMonth);
    value.acquisition = std::move(acquisition);
    values.customers.push_back(std::move(value));
  }
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    const size_t at = static_cast<size_t>(journey);
    const int32_t person = journeys.person[at];
    if (!journeys.converting(journey) || person < 0) continue;
    CustomerValue& value =
        values
            .customers[static_cast<size_t>(slot_of_person[static_cast<size_t>(person)])];
    bool imputed = false;
    ++value.conversions;
    value.revenue += std::isfinite(journeys.revenue[at]) ? journeys.revenue[at] : 0.0;
    value.gross_profit += internal::JourneyGrossProfit(
        dataset, journeys, journey, metrics_options.gross_margin, &imputed);
  }

  if (!options.predict) {
    model.note = "prediction turned off; the LTV is historical only";
  } else if (transactions.empty()) {
    model.note = "no customer to model; the LTV is historical only";
  } else {
    // The models take amounts >= 0: a net negative order (refunded) counts as 0.
    for (Transaction& transaction : transactions) {
      transaction.amount = std::max(0.0, transaction.amount);
    }
    model.note = Predict(transactions, values.data_end, options, slot_of_person, &values);
  }
  return values;
}

Result<CustomerValues> ComputeCustomerValues(const PipelineResult& result,
                                             const MetricsOptions& metrics_options,
                                             const LtvOptions& options) {
  return ComputeCustomerValues(result.dataset, result.identity, result.journeys,
                               metrics_options, options);
}

}  // namespace mroi
