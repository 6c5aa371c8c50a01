// BuildJourneys: group each person's touches (counting sort by person, then by time)
// and cut them at the person's conversions and won deals.
#include "mroi/journeys.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace mroi {

namespace {

// A conversion or won deal: the end of a converting journey.
struct JourneyEndEvent {
  UnixSeconds time = 0;
  int32_t index = -1;  // Dataset::conversions or Dataset::deals index
  JourneyEnd kind = JourneyEnd::kConversion;
  double revenue = 0;
  double gross_profit = 0;
};

double OrZero(double value) { return IsMissing(value) ? 0.0 : value; }

// Value of a conversion; missing cogs count as zero (the cleaner imputes them).
JourneyEndEvent FromConversion(const Conversion& conversion, int32_t index) {
  JourneyEndEvent event;
  event.time = conversion.timestamp;
  event.index = index;
  event.kind = JourneyEnd::kConversion;
  event.revenue = OrZero(conversion.revenue);
  event.gross_profit = IsMissing(conversion.gross_profit)
                           ? event.revenue - OrZero(conversion.cogs)
                           : conversion.gross_profit;
  return event;
}

JourneyEndEvent FromDeal(const Deal& deal, int32_t index) {
  JourneyEndEvent event;
  event.time = deal.closed_at;
  event.index = index;
  event.kind = JourneyEnd::kDeal;
  event.revenue = OrZero(deal.amount);
  event.gross_profit = event.revenue - OrZero(deal.cogs);
  return event;
}

Status CheckPersons(const std::vector<int32_t>& persons, size_t rows, int64_t num_persons,
                    const char* table) {
  if (persons.size() != rows) {
    return FailedPrecondition(
        fmt::format("identity has {} {} persons but the dataset has {} rows; stitch this "
                    "dataset first",
                    persons.size(), table, rows));
  }
  for (int32_t person : persons) {
    if (person < -1 || person >= num_persons) {
      return FailedPrecondition(fmt::format("identity: {} person {} is outside -1 .. {}",
                                            table, person, num_persons - 1));
    }
  }
  return Status::OK();
}

// Items grouped by person with a counting sort: person p's items are
// items[begin[p] .. begin[p+1]), in the order they were added.
template <typename T>
struct ByPerson {
  std::vector<int64_t> begin;
  std::vector<T> items;
};

// Group (person, item) pairs by person in two passes over `for_each`, which calls
// its argument with (person, item) for every item; persons < 0 are skipped.
template <typename T, typename ForEach>
ByPerson<T> GroupByPerson(int64_t num_persons, const ForEach& for_each) {
  ByPerson<T> grouped;
  grouped.begin.assign(static_cast<size_t>(num_persons) + 1, 0);
  for_each([&](int32_t person, const T&) {
    if (person >= 0) ++grouped.begin[static_cast<size_t>(person) + 1];
  });
  for (size_t person = 0; person < static_cast<size_t>(num_persons); ++person) {
    grouped.begin[person + 1] += grouped.begin[person];
  }
  grouped.items.resize(static_cast<size_t>(grouped.begin.back()));
  std::vector<int64_t> next(grouped.begin.begin(), grouped.begin.end() - 1);
  for_each([&](int32_t person, const T& item) {
    if (person >= 0)
      grouped.items[static_cast<size_t>(next[static_cast<size_t>(person)]++)] = item;
  });
  return grouped;
}

// One eligible touch, copied out of the Touchpoint so that grouping, sorting and
// cutting read 16 contiguous bytes instead of a scattered Touchpoint.
struct TouchItem {
  UnixSeconds time = 0;
  int32_t index = -1;  // Dataset::touchpoints index
  StringId channel = kEmptyString;
};

bool Earlier(const TouchItem& a, const TouchItem& b) {
  return a.time != b.time ? a.time < b.time : a.index < b.index;
}

// Sort each person's touches by time, ties by touchpoint index (a stable sort).
void SortTouchesByTime(ByPerson<TouchItem>* touches) {
  for (size_t person = 0; person + 1 < touches->begin.size(); ++person) {
    auto first = touches->items.begin() + touches->begin[person];
    auto last = touches->items.begin() + touches->begin[person + 1];
    if (!std::is_sorted(first, last, Earlier)) std::sort(first, last, Earlier);
  }
}

// Appends journeys to a Journeys object.
class JourneyWriter {
 public:
  explicit JourneyWriter(Journeys* out) : out_(out) {}

  void AddTouches(const TouchItem* first, const TouchItem* last) {
    for (; first != last; ++first) {
      out_->touch_channel.push_back(first->channel);
      out_->touch_index.push_back(first->index);
      out_->touch_time.push_back(first->time);
    }
  }

  void EndConverting(int32_t person, const JourneyEndEvent& event) {
    Close(person, event.kind, event.index, event.time, event.revenue, event.gross_profit);
  }

  void EndNonConverting(int32_t person) {
    Close(person, JourneyEnd::kNone, -1, out_->touch_time.back(), 0, 0);
  }

 private:
  void Close(int32_t person, JourneyEnd end, int32_t index, UnixSeconds time,
             double revenue, double gross_profit) {
    out_->offsets.push_back(static_cast<int64_t>(out_->touch_index.size()));
    out_->person.push_back(person);
    out_->end.push_back(end);
    out_->end_index.push_back(index);
    out_->end_time.push_back(time);
    out_->revenue.push_back(revenue);
    out_->gross_profit.push_back(gross_profit);
  }

  Journeys* out_;
};

// Cut one person's time-ordered touches at its time-ordered ends.
void CutPerson(int32_t person, const TouchItem* touches, size_t num_touches,
               const JourneyEndEvent* ends, size_t num_ends,
               const JourneyOptions& options, JourneyWriter* writer) {
  auto time_of = [&](size_t pos) { return touches[pos].time; };
  size_t cursor = 0;  // first touch after the previous end
  for (size_t end_idx = 0; end_idx < num_ends; ++end_idx) {
    const JourneyEndEvent& event = ends[end_idx];
    const UnixSeconds window_start =
        event.time < std::numeric_limits<UnixSeconds>::min() + options.lookback_s
            ? std::numeric_limits<UnixSeconds>::min()
            : event.time - options.lookback_s;
    size_t first = cursor;
    while (cursor < num_touches && time_of(cursor) <= event.time) {
      if (time_of(cursor) < window_start) first = cursor + 1;
      ++cursor;
    }
    writer->AddTouches(touches + first, touches + cursor);
    writer->EndConverting(person, event);
  }
  if (options.include_non_converting && cursor < num_touches) {
    writer->AddTouches(touches + cursor, touches + num_touches);
    writer->EndNonConverting(person);
  }
}

}  // namespace

Result<Journeys> BuildJourneys(const Dataset& dataset, const IdentityResult& identity,
                               const JourneyOptions& options) {
  if (options.lookback_s < 0) {
    return InvalidArgument(
        fmt::format("lookback must be >= 0 seconds, got {}", options.lookback_s));
  }
  const int64_t num_persons = identity.persons;
  if (num_persons < 0 || num_persons > std::numeric_limits<int32_t>::max()) {
    return FailedPrecondition(
        fmt::format("identity: {} persons is out of range", num_persons));
  }
  MROI_RETURN_IF_ERROR(CheckPersons(
      identity.touchpoint_person, dataset.touchpoints.size(), num_persons, "touchpoint"));
  MROI_RETURN_IF_ERROR(CheckPersons(
      identity.conversion_person, dataset.conversions.size(), num_persons, "conversion"));
  MROI_RETURN_IF_ERROR(
      CheckPersons(identity.deal_person, dataset.deals.size(), num_persons, "deal"));

  // Touches by person, then by time.
  ByPerson<TouchItem> touches =
      GroupByPerson<TouchItem>(num_persons, [&](const auto& emit) {
        for (size_t index = 0; index < dataset.touchpoints.size(); ++index) {
          const Touchpoint& touch = dataset.touchpoints[index];
          if (!options.include_impressions && touch.event_type == EventType::kImpression)
            continue;
          emit(identity.touchpoint_person[index],
               TouchItem{touch.timestamp, static_cast<int32_t>(index), touch.channel});
        }
      });
  SortTouchesByTime(&touches);

  // Ends: every conversion, then the won deals no conversion already counts.
  std::vector<uint8_t> order_ids;  // per StringId: 1 = the order_id of a conversion
  if (options.won_deals_as_conversions) {
    order_ids.assign(static_cast<size_t>(dataset.strings.size()), 0);
    for (const Conversion& conversion : dataset.conversions) {
      if (conversion.order_id > 0 && conversion.order_id < dataset.strings.size()) {
        order_ids[static_cast<size_t>(conversion.order_id)] = 1;
      }
    }
  }
  auto is_deal_conversion = [&](const Deal& deal) {
    if (!options.won_deals_as_conversions || deal.stage != DealStage::kWon ||
        deal.closed_at == kNoTime) {
      return false;
    }
    return !(deal.deal_id > 0 && deal.deal_id < dataset.strings.size() &&
             order_ids[static_cast<size_t>(deal.deal_id)] != 0);
  };
  auto for_each_end = [&](const auto& emit) {
    for (size_t index = 0; index < dataset.conversions.size(); ++index) {
      emit(identity.conversion_person[index],
           FromConversion(dataset.conversions[index], static_cast<int32_t>(index)));
    }
    for (size_t index = 0; index < dataset.deals.size(); ++index) {
      if (!is_deal_conversion(dataset.deals[index])) continue;
      emit(identity.deal_person[index],
           FromDeal(dataset.deals[index], static_cast<int32_t>(index)));
    }
  };
  ByPerson<JourneyEndEvent> ends =
      GroupByPerson<JourneyEndEvent>(num_persons, for_each_end);
  for (size_t person = 0; person < static_cast<size_t>(num_persons); ++person) {
    std::stable_sort(ends.items.begin() + ends.begin[person],
                     ends.items.begin() + ends.begin[person + 1],
                     [](const JourneyEndEvent& a, const JourneyEndEvent& b) {
                       return a.time < b.time;
                     });
  }

  Journeys journeys;
  journeys.touch_channel.reserve(touches.items.size());
  journeys.touch_index.reserve(touches.items.size());
  journeys.touch_time.reserve(touches.items.size());
  // At most one journey per end plus one non-converting journey per person.
  const auto max_journeys = ends.items.size() + static_cast<size_t>(num_persons) +
                            dataset.conversions.size() + dataset.deals.size();
  journeys.offsets.reserve(max_journeys + 1);
  journeys.person.reserve(max_journeys);
  journeys.end.reserve(max_journeys);
  journeys.end_index.reserve(max_journeys);
  journeys.end_time.reserve(max_journeys);
  journeys.revenue.reserve(max_journeys);
  journeys.gross_profit.reserve(max_journeys);
  JourneyWriter writer(&journeys);
  for (size_t person = 0; person < static_cast<size_t>(num_persons); ++person) {
    CutPerson(static_cast<int32_t>(person), touches.items.data() + touches.begin[person],
              static_cast<size_t>(touches.begin[person + 1] - touches.begin[person]),
              ends.items.data() + ends.begin[person],
              static_cast<size_t>(ends.begin[person + 1] - ends.begin[person]), options,
              &writer);
  }
  // Conversions and won deals of rows without a person: zero-length journeys, last.
  for_each_end([&](int32_t person, const JourneyEndEvent& event) {
    if (person < 0) writer.EndConverting(-1, event);
  });
  return journeys;
}

}  // namespace mroi
