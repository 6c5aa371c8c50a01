// Customers of one pipeline run: their transactions and how they were acquired
// (first touch of the first converting journey).
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "mroi/ltv.h"
#include "mroi/pipeline.h"

#include "metrics/ltv_internal.h"
#include "metrics/metrics_internal.h"

namespace mroi {
namespace internal {

Status CheckJourneysMatch(const Dataset& dataset, const IdentityResult& identity,
                          const Journeys& journeys) {
  const int64_t count = journeys.num_journeys();
  const size_t size = static_cast<size_t>(count);
  if (journeys.offsets.size() != size + 1 || journeys.end.size() != size ||
      journeys.end_index.size() != size || journeys.end_time.size() != size ||
      journeys.revenue.size() != size || journeys.gross_profit.size() != size ||
      journeys.touch_channel.size() != journeys.touch_index.size() ||
      journeys.offsets.back() != static_cast<int64_t>(journeys.touch_channel.size())) {
    return InvalidArgument("journeys are inconsistent: column lengths differ");
  }
  for (int64_t journey = 0; journey < count; ++journey) {
    const size_t at = static_cast<size_t>(journey);
    const int32_t person = journeys.person[at];
    if (person >= identity.persons) {
      return InvalidArgument(
          fmt::format("journey {} names person {}, but identity has {} persons: journeys "
                      "and identity "
                      "were not built on the same data",
                      journey, person, identity.persons));
    }
    const int32_t record = journeys.end_index[at];
    const size_t records = journeys.end[at] == JourneyEnd::kConversion
                               ? dataset.conversions.size()
                           : journeys.end[at] == JourneyEnd::kDeal ? dataset.deals.size()
                                                                   : SIZE_MAX;
    if (record >= 0 && records != SIZE_MAX && static_cast<size_t>(record) >= records) {
      return InvalidArgument(
          fmt::format("journey {} ends in record {}, but the dataset has {}: journeys "
                      "were not built on "
                      "this dataset",
                      journey, record, records));
    }
  }
  for (size_t touch = 0; touch < journeys.touch_index.size(); ++touch) {
    const int32_t index = journeys.touch_index[touch];
    if (index >= 0 && static_cast<size_t>(index) >= dataset.touchpoints.size()) {
      return InvalidArgument(fmt::format(
          "journey touch {} is touchpoint {}, but the dataset has {}: journeys were not "
          "built on this dataset",
          touch, index, dataset.touchpoints.size()));
    }
  }
  return Status::OK();
}

}  // namespace internal

Result<std::vector<Transaction>> CustomerTransactions(
    const Dataset& dataset, const IdentityResult& identity, const Journeys& journeys,
    const CustomerTransactionOptions& options) {
  if (!std::isfinite(options.gross_margin)) {
    return InvalidArgument("gross_margin must be a finite number");
  }
  MROI_RETURN_IF_ERROR(internal::CheckJourneysMatch(dataset, identity, journeys));
  std::vector<Transaction> transactions;
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    const size_t at = static_cast<size_t>(journey);
    if (!journeys.converting(journey) || journeys.person[at] < 0) continue;
    double amount = journeys.revenue[at];
    if (options.amount == TransactionAmount::kGrossProfit) {
      bool imputed = false;
      amount = internal::JourneyGrossProfit(dataset, journeys, journey,
                                            options.gross_margin, &imputed);
    }
    transactions.push_back({journeys.person[at], journeys.end_time[at],
                            std::isfinite(amount) ? amount : 0.0});
  }
  return transactions;
}

Result<std::vector<Transaction>> CustomerTransactions(
    const PipelineResult& result, const CustomerTransactionOptions& options) {
  return CustomerTransactions(result.dataset, result.identity, result.journeys, options);
}

Result<std::vector<CustomerAcquisition>> CustomerAcquisitions(
    const Dataset& dataset, const IdentityResult& identity, const Journeys& journeys) {
  MROI_RETURN_IF_ERROR(internal::CheckJourneysMatch(dataset, identity, journeys));
  const size_t persons = static_cast<size_t>(std::max<int64_t>(identity.persons, 0));
  std::vector<int64_t> first_journey(persons, -1);
  for (int64_t journey = 0; journey < journeys.num_journeys(); ++journey) {
    const size_t at = static_cast<size_t>(journey);
    const int32_t person = journeys.person[at];
    if (!journeys.converting(journey) || person < 0) continue;
    int64_t& first = first_journey[static_cast<size_t>(person)];
    if (first < 0 ||
        journeys.end_time[static_cast<size_t>(first)] > journeys.end_time[at]) {
      first = journey;
    }
  }
  const StringId not_set = dataset.strings.Find(internal::kNotSetCampaign);
  std::vector<CustomerAcquisition> acquisitions;
  for (size_t person = 0; person < persons; ++person) {
    const int64_t journey = first_journey[person];
    if (journey < 0) continue;
    CustomerAcquisition acquisition;
    acquisition.person = static_cast<int32_t>(person);
    acquisition.first_conversion = journeys.end_time[static_cast<size_t>(journey)];
    acquisition.channel = internal::kNoChannel;
    acquisition.campaign = internal::kNotSetCampaign;
    const int64_t begin = journeys.offsets[static_cast<size_t>(journey)];
    if (begin < journeys.offsets[static_cast<size_t>(journey) + 1]) {
      const StringId channel = journeys.touch_channel[static_cast<size_t>(begin)];
      if (channel != kEmptyString)
        acquisition.channel = std::string(dataset.str(channel));
      const int32_t touch = journeys.touch_index[static_cast<size_t>(begin)];
      if (touch >= 0) {
        const StringId campaign =
            dataset.touchpoints[static_cast<size_t>(touch)].utm_campaign;
        if (campaign != kEmptyString && campaign != not_set) {
          acquisition.campaign = std::string(dataset.str(campaign));
        }
      }
    }
    acquisitions.push_back(std::move(acquisition));
  }
  return acquisitions;
}

}  // namespace mroi
