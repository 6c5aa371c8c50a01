// Experiment units from the workspace data: persons whose touchpoints carry a tag.
#include <algorithm>
#include <limits>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mroi/experiment_readout.h"

#include "experiment/units_builder_internal.h"
#include "experiment/touchpoint_field_internal.h"

namespace mroi {

namespace {

// Per person: the tag of the first tagged touch, its time, and whether another tag
// was seen as well.
struct Exposure {
  StringId tag = kEmptyString;
  UnixSeconds first_time = std::numeric_limits<UnixSeconds>::max();
  bool conflicted = false;
};

}  // namespace

Result<ExperimentUnits> UnitsFromTouchpoints(const Dataset& dataset,
                                             const IdentityResult& identity,
                                             const TaggedUnitsOptions& options) {
  StringId Touchpoint::*field = internal::TouchpointField(options.field);
  if (field == nullptr) {
    return InvalidArgument(fmt::format(
        "--experiment-field '{}' is not a touchpoint tag: use utm_content, utm_campaign, "
        "utm_term, utm_source, utm_medium or landing_page",
        options.field));
  }
  if (identity.touchpoint_person.size() != dataset.touchpoints.size() ||
      identity.conversion_person.size() != dataset.conversions.size()) {
    return FailedPrecondition("identity was not computed on this dataset");
  }
  const std::unordered_set<std::string> wanted(options.variants.begin(),
                                               options.variants.end());
  std::vector<Exposure> exposure(
      static_cast<size_t>(std::max<int64_t>(identity.persons, 0)));
  ExperimentUnits base;
  base.source = "workspace data";
  base.has_revenue = true;
  base.pre_name = "revenue before exposure";
  for (size_t idx = 0; idx < dataset.touchpoints.size(); ++idx) {
    const Touchpoint& touch = dataset.touchpoints[idx];
    const StringId tag = touch.*field;
    const int32_t person = identity.touchpoint_person[idx];
    if (tag == kEmptyString || person < 0 ||
        static_cast<size_t>(person) >= exposure.size()) {
      continue;
    }
    if (!wanted.empty() && !wanted.contains(std::string(dataset.str(tag)))) continue;
    ++base.rows;
    Exposure& seen = exposure[static_cast<size_t>(person)];
    if (seen.tag != kEmptyString && seen.tag != tag) seen.conflicted = true;
    if (touch.timestamp < seen.first_time) {
      seen.first_time = touch.timestamp;
      if (seen.tag == kEmptyString) seen.tag = tag;
    }
  }
  std::vector<uint8_t> converted(exposure.size(), 0);
  std::vector<double> revenue(exposure.size(), 0);
  std::vector<double> pre(exposure.size(), 0);
  for (size_t idx = 0; idx < dataset.conversions.size(); ++idx) {
    const int32_t person = identity.conversion_person[idx];
    if (person < 0 || static_cast<size_t>(person) >= exposure.size()) continue;
    const Exposure& seen = exposure[static_cast<size_t>(person)];
    if (seen.tag == kEmptyString) continue;
    const Conversion& conversion = dataset.conversions[idx];
    const double value = std::max(0.0, conversion.revenue);
    if (conversion.timestamp >= seen.first_time) {
      converted[static_cast<size_t>(person)] = 1;
      revenue[static_cast<size_t>(person)] += value;
    } else {
      pre[static_cast<size_t>(person)] += value;
    }
  }
  internal::UnitsBuilder builder;
  int64_t conflicted = 0;
  for (size_t person = 0; person < exposure.size(); ++person) {
    const Exposure& seen = exposure[person];
    if (seen.tag == kEmptyString) continue;
    if (seen.conflicted) {
      ++conflicted;
      continue;
    }
    builder.Add(fmt::format("person {}", person), dataset.str(seen.tag),
                converted[person] != 0, revenue[person], pre[person]);
  }
  Result<ExperimentUnits> units =
      std::move(builder).Finish(options.control, true, std::move(base));
  if (!units.ok()) {
    return units.status().WithContext(fmt::format("{} tags", options.field));
  }
  units->units_in_several_variants += conflicted;
  if (conflicted > 0) {
    units->notes.push_back(fmt::format(
        "{} person(s) saw more than one variant and were left out", conflicted));
  }
  units->notes.push_back(
      "units are persons; converted = a conversion at or after the first tagged touch");
  return units;
}

}  // namespace mroi
