#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mroi/dataset.h"
#include "mroi/journeys.h"
#include "mroi/markov.h"
#include "mroi/result.h"
#include "mroi/shapley.h"

// Bootstrap confidence intervals of the data-driven credit (issue 5): persons
// resampled with replacement, seeded per replicate, run on worker threads.

namespace mroi {

/// Settings of BootstrapMarkov() / BootstrapShapley().
struct BootstrapOptions {
  /// Number of bootstrap replicates B (>= 1). Default 200.
  int replicates = 200;
  /// Seed of the resampling; replicate r draws from a generator seeded by (seed, r),
  /// so the result does not depend on the number of threads. Default 1.
  uint64_t seed = 1;
  /// Coverage of the two-sided percentile interval, in (0, 1). Default 0.95
  /// (the 2.5 % and 97.5 % percentiles).
  double level = 0.95;
  /// Worker threads; 0 = std::thread::hardware_concurrency(). Never more than B.
  int threads = 0;
};

/// Percentile interval of one channel's credit over the bootstrap replicates.
struct ChannelInterval {
  std::string channel;
  double conversions_low = 0;
  double conversions_high = 0;
  double revenue_low = 0;
  double revenue_high = 0;
  double conversions_se = 0;  // standard deviation of the replicates (B - 1 divisor)
  double revenue_se = 0;
};

/// Bootstrap the Markov credit: B times, draw as many PERSONS as there are (with
/// replacement; journeys grouped by Journeys::person, each person -1 journey its
/// own unit), copy the drawn persons' journeys (a person drawn twice counts twice)
/// and run MarkovAttribution(). A channel absent from a replicate counts 0 there.
/// Percentiles interpolate linearly between order statistics (position
/// p (B - 1)). The random integers come from std::mt19937_64 with a rejection
/// mapping, so results are identical on every platform and thread count.
/// Returns one interval per channel of the point estimate, in its order.
/// Errors: kInvalidArgument for B < 1, level outside (0, 1), threads < 0; any
/// error of the model (the first replicate's, in replicate order).
Result<std::vector<ChannelInterval>> BootstrapMarkov(const Dataset& dataset,
                                                     const Journeys& journeys,
                                                     const MarkovOptions& options,
                                                     const BootstrapOptions& bootstrap);

/// As BootstrapMarkov(), with ShapleyAttribution() as the model.
Result<std::vector<ChannelInterval>> BootstrapShapley(const Dataset& dataset,
                                                      const Journeys& journeys,
                                                      const ShapleyOptions& options,
                                                      const BootstrapOptions& bootstrap);

/// Resample `journeys` by person as one bootstrap replicate does, with the
/// generator seeded by (seed, replicate). Exposed for tests.
Journeys ResampleJourneysByPerson(const Journeys& journeys, uint64_t seed, int replicate);

}  // namespace mroi
