#pragma once

// Experiments found in the workspace data by the naming convention of their variant
// tags (docs/experiments.md "Experiments in the data"): values of a touchpoint tag that
// share a stem and end in a variant suffix, e.g. utm_content reel_a / reel_b.

#include <cstdint>
#include <string>
#include <vector>

#include "mroi/dataset.h"

namespace mroi {

/// One experiment found in the tags.
struct TaggedExperiment {
  std::string name;                   // the stem shared by the variants ("reel")
  std::string field;                  // the touchpoint tag searched ("utm_content")
  std::vector<std::string> variants;  // the tag values, control first, then sorted
  std::string control;                // = variants[0]
  int64_t touchpoints = 0;            // touchpoints carrying one of the variants
};

/// Find experiments among the values of `field` (as TaggedUnitsOptions::field): a value
/// is a variant when it splits at its last '_' or '-' into a non-empty stem and a
/// variant suffix — one letter (a, b, c ...), v<digits> (v1, v2), or control, ctrl,
/// baseline, original, variant, treatment, test (any case). Two or more variants with
/// one stem make an experiment. The control is the control/ctrl/baseline/original
/// variant, else "a", else the lowest v<n>, else the first in sorted order.
/// Unknown fields give no experiment. Cost: one pass over the touchpoints.
std::vector<TaggedExperiment> FindTaggedExperiments(const Dataset& dataset,
                                                    const std::string& field = "utm_content");

}  // namespace mroi
