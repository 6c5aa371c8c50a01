// Collecting unit rows into ExperimentUnits.
#include <algorithm>
#include <cctype>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "experiment/units_builder_internal.h"

namespace mroi::internal {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& letter : out) {
    letter = static_cast<char>(std::tolower(static_cast<unsigned char>(letter)));
  }
  return out;
}

constexpr std::string_view kControlNames[] = {"control", "ctrl", "baseline", "original",
                                              "a"};

}  // namespace

void UnitsBuilder::Add(std::string_view unit, std::string_view variant, bool converted,
                       double revenue, double pre) {
  auto [variant_it, new_variant] = variant_index_.try_emplace(
      std::string(variant), static_cast<int32_t>(variant_names_.size()));
  if (new_variant) variant_names_.emplace_back(variant);
  const int32_t variant_id = variant_it->second;
  if (!unit.empty()) {
    auto [unit_it, new_unit] = unit_index_.try_emplace(std::string(unit), units_.size());
    if (!new_unit) {
      Unit& seen = units_[unit_it->second];
      ++merged_rows_;
      if (seen.variant != variant_id) seen.conflicted = true;
      seen.converted = seen.converted || converted;
      seen.revenue += revenue;
      return;
    }
  }
  units_.push_back(Unit{variant_id, converted, false, revenue, pre});
}

Result<ExperimentUnits> UnitsBuilder::Finish(const std::string& control,
                                             bool sort_variants,
                                             ExperimentUnits base) && {
  ExperimentUnits out = std::move(base);
  // Variants that keep at least one unit, renumbered.
  std::vector<int64_t> kept_per_variant(variant_names_.size(), 0);
  for (const Unit& unit : units_) {
    if (unit.conflicted) {
      ++out.units_in_several_variants;
    } else {
      ++kept_per_variant[static_cast<size_t>(unit.variant)];
    }
  }
  std::vector<int32_t> order;
  for (size_t idx = 0; idx < variant_names_.size(); ++idx) {
    if (kept_per_variant[idx] > 0) order.push_back(static_cast<int32_t>(idx));
  }
  if (sort_variants) {
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      return variant_names_[a] < variant_names_[b];
    });
  }
  if (order.size() < 2) {
    return InvalidArgument(
        fmt::format("{}: found {} variant(s) with units; an A/B test needs a control and "
                    "at least one "
                    "variant",
                    out.source, order.size()));
  }
  std::vector<int32_t> new_id(variant_names_.size(), -1);
  for (size_t idx = 0; idx < order.size(); ++idx) {
    new_id[static_cast<size_t>(order[idx])] = static_cast<int32_t>(idx);
    out.variant_names.push_back(variant_names_[static_cast<size_t>(order[idx])]);
  }
  out.control = -1;
  if (!control.empty()) {
    for (size_t idx = 0; idx < out.variant_names.size(); ++idx) {
      if (out.variant_names[idx] == control) out.control = static_cast<int32_t>(idx);
    }
    if (out.control < 0) {
      return InvalidArgument(
          fmt::format("{}: control '{}' is not a variant (variants: {})", out.source,
                      control, fmt::join(out.variant_names, ", ")));
    }
  } else {
    for (std::string_view name : kControlNames) {
      for (size_t idx = 0; idx < out.variant_names.size() && out.control < 0; ++idx) {
        if (Lower(out.variant_names[idx]) == name)
          out.control = static_cast<int32_t>(idx);
      }
    }
    if (out.control < 0) {
      out.control = 0;
      out.notes.push_back(
          fmt::format("control: '{}' (the first variant; choose with --control)",
                      out.variant_names[0]));
    }
  }
  const bool keep_pre = !out.pre_name.empty();
  for (const Unit& unit : units_) {
    if (unit.conflicted) continue;
    out.variant.push_back(new_id[static_cast<size_t>(unit.variant)]);
    out.converted.push_back(unit.converted ? 1 : 0);
    out.revenue.push_back(unit.revenue);
    if (keep_pre) out.pre.push_back(unit.pre);
  }
  out.merged_rows = merged_rows_;
  if (out.units_in_several_variants > 0) {
    out.notes.push_back(
        fmt::format("{} unit(s) appear in more than one variant and were left out",
                    out.units_in_several_variants));
  }
  return out;
}

}  // namespace mroi::internal
