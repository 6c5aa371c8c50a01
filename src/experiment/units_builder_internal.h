#pragma once

// Private to the experiment layer: collects unit rows (merging repeated units and
// dropping units seen in two variants) into ExperimentUnits, and picks the control.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mroi/experiment_readout.h"

namespace mroi::internal {

/// Builds ExperimentUnits row by row. Memory O(units). Not thread-safe.
class UnitsBuilder {
 public:
  /// Add one row. An empty `unit` makes the row a unit of its own.
  void Add(std::string_view unit, std::string_view variant, bool converted,
           double revenue, double pre);
  /// Finish: drop units seen in two variants, number the variants (first seen first, or
  /// sorted when `sort_variants`) and pick the control (`control`, else a variant
  /// named control/ctrl/baseline/original/a, else the first).
  /// Errors: fewer than 2 variants, `control` not among them.
  Result<ExperimentUnits> Finish(const std::string& control, bool sort_variants,
                                 ExperimentUnits base) &&;

 private:
  struct Unit {
    int32_t variant = 0;
    bool converted = false;
    bool conflicted = false;
    double revenue = 0;
    double pre = 0;
  };
  std::unordered_map<std::string, size_t> unit_index_;
  std::unordered_map<std::string, int32_t> variant_index_;
  std::vector<std::string> variant_names_;
  std::vector<Unit> units_;
  int64_t merged_rows_ = 0;
};

}  // namespace mroi::internal
