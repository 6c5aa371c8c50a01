#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "mroi/attribution.h"
#include "mroi/dataset.h"
#include "mroi/identity.h"
#include "mroi/journeys.h"
#include "mroi/markov.h"
#include "mroi/result.h"
#include "mroi/shapley.h"

// Bootstrap confidence intervals of any model's channel credit (issue 5): persons
// resampled with replacement, seeded per replicate, the model re-run per replicate
// on worker threads. BootstrapCredit() takes any model as a function;
// BootstrapMarkov(), BootstrapShapley() and BootstrapRuleModels() are thin
// wrappers around it.

namespace mroi {

/// Settings of every Bootstrap*() function.
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

/// One channel's credit as a CreditModel returns it.
struct ChannelCredit {
  std::string channel;
  Credit credit;
};

/// A model as the bootstrap sees it: journeys in, credit per channel out. It is
/// called from several worker threads at once (each on its own journeys), so it
/// must only read what it shares (the Dataset, options ...).
using CreditModel = std::function<Result<std::vector<ChannelCredit>>(const Journeys&)>;

/// Several models computed by one call (e.g. every rule model from one
/// AttributeJourneys() pass): one credit list per model, always as many lists, in
/// the same model order. Same thread rules as CreditModel.
using CreditModels =
    std::function<Result<std::vector<std::vector<ChannelCredit>>>(const Journeys&)>;

/// Bootstrap a model's credit.
/// Rules:
///  - the point estimate model(journeys) fixes the channels and their order: one
///    interval per channel of it, in its order;
///  - replicate r (0 .. B-1) draws as many PERSONS as there are, with replacement
///    (journeys grouped by Journeys::person, each person -1 journey its own unit),
///    copies the drawn persons' journeys (a person drawn twice counts twice) and
///    runs the model on them; a channel absent from a replicate counts 0 there, a
///    channel the point estimate does not have is ignored;
///  - the random integers come from std::mt19937_64 seeded by (seed, r) with a
///    rejection mapping, and replicate r always lands in slot r, so results are
///    bit-identical on every platform and for every thread count;
///  - percentiles interpolate linearly between order statistics (position
///    p (B - 1)), p = (1 - level) / 2 and 1 - p; se = standard deviation of the
///    replicates (B - 1 divisor).
/// Cost: B + 1 model runs plus B copies of the journeys, spread over
/// `bootstrap.threads` workers; memory B doubles per channel and measure.
/// Errors: kInvalidArgument for B < 1, level outside (0, 1), threads < 0; any
/// error of the model (the point estimate's, else the first failing replicate's in
/// replicate order).
Result<std::vector<ChannelInterval>> BootstrapCredit(const Journeys& journeys,
                                                     const CreditModel& model,
                                                     const BootstrapOptions& bootstrap);

/// As BootstrapCredit(), for several models computed together: each replicate is
/// drawn once and every model runs on the same resample (so B replicates cost one
/// call each, not one per model). Returns one interval list per model, in the
/// order of the lists `models` returns. Extra error: kInternal when a replicate
/// returns another number of lists than the point estimate.
Result<std::vector<std::vector<ChannelInterval>>> BootstrapCreditModels(
    const Journeys& journeys, const CreditModels& models,
    const BootstrapOptions& bootstrap);

/// Bootstrap the Markov credit: BootstrapCredit() with MarkovAttribution() as the
/// model (channels in MarkovResult::channels order).
Result<std::vector<ChannelInterval>> BootstrapMarkov(const Dataset& dataset,
                                                     const Journeys& journeys,
                                                     const MarkovOptions& options,
                                                     const BootstrapOptions& bootstrap);

/// As BootstrapMarkov(), with ShapleyAttribution() as the model.
Result<std::vector<ChannelInterval>> BootstrapShapley(const Dataset& dataset,
                                                      const Journeys& journeys,
                                                      const ShapleyOptions& options,
                                                      const BootstrapOptions& bootstrap);

/// The intervals of one rule model's channel credit.
struct ModelIntervals {
  AttributionModel model = AttributionModel::kLast;
  std::string name;                       // AttributionModelName(model)
  std::vector<ChannelInterval> channels;  // in AttributionResult::channels order
};

/// Bootstrap every rule model of `options.models` with ONE AttributeJourneys()
/// call per replicate (BootstrapCreditModels()). Channels: those of the point
/// estimate AttributeJourneys(dataset, identity, journeys, options), in its order;
/// w_shaped keeps finding leads through `identity` (resampling keeps person ids).
/// Returns one entry per model, in options.models order.
/// Errors: those of BootstrapCreditModels() and of AttributeJourneys() (a bad
/// attribution option, no model, a model that is not rule-based).
Result<std::vector<ModelIntervals>> BootstrapRuleModels(
    const Dataset& dataset, const IdentityResult& identity, const Journeys& journeys,
    const AttributionOptions& options, const BootstrapOptions& bootstrap);

/// Resample `journeys` by person as one bootstrap replicate does, with the
/// generator seeded by (seed, replicate). Exposed for tests.
Journeys ResampleJourneysByPerson(const Journeys& journeys, uint64_t seed, int replicate);

}  // namespace mroi
