#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/api_params.h"
#include "mroi/experiment.h"
#include "mroi/experiment_readout.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"

// A/B tests from summary statistics (`mroi abtest proportions|means|bayes|power`, GET
// /api/abtest/...) and the read-out of the experiments tagged in the history (`mroi
// abtest data`): the request read from Params, the tests, and the JSON both front ends
// print.
namespace mroi::api {

/// Which summary-statistics test a request is for.
enum class AbtestKind : uint8_t { kProportions, kMeans, kBayes, kPower };

/// An A/B request, typed. Params names (CLI flags without "--"): control, variant,
/// alpha, power, allocation (proportions, means, bayes); prior, credible (bayes);
/// baseline, mde (required), relative ("true"/"false", "" = true), alpha, power,
/// allocation, sd, users (power).
struct AbtestRequest {
  AbtestKind kind = AbtestKind::kProportions;
  std::string control;  // "49/1000" (conversions/users) or "1000:12.5:30" (n:mean:sd)
  std::string variant;
  double alpha = 0.05;        // two-sided significance level. Default 0.05
  double power = 0.8;         // Default 0.8
  double allocation = 0.5;    // planned share of users in the variant. Default 0.5
  std::string prior = "1:1";  // Beta prior alpha:beta. Default 1:1
  double credible = 0.95;     // credible mass. Default 0.95
  double baseline = 0;        // power: control rate (or mean with sd)
  std::optional<double> mde;  // power: required
  bool relative = false;      // power: mde relative to baseline
  double sd = 0;              // power: > 0 sizes a test of means
  int64_t users = 0;          // power: > 0 gives the power of this many users
};

/// Read an AbtestRequest of `kind` from `params`. Errors kInvalidArgument: unknown name,
/// a flag given twice, a value that is not a number, --mde missing for power,
/// --control/--variant missing for the arm tests ("--control is required").
Result<AbtestRequest> ParseAbtestRequest(const Params& params, AbtestKind kind);

/// A count or a real inside an arm or look ("49/1000"): errors name `what`, as
/// "--variant users: 'abc' is not a whole number".
Result<int64_t> ParseAbtestCount(std::string_view text, std::string_view what);
Result<double> ParseAbtestReal(std::string_view text, std::string_view what);

/// "49/100" = 49 conversions of 100 users; errors name `flag`.
Result<ProportionArm> ParseProportionArm(const std::string& text,
                                         const std::string& flag);

/// Two-proportion z-test with the sample-ratio check and the verdict.
struct ProportionsReadout {
  ProportionArm control, variant;
  LiftResult test;
  SrmResult srm;
  std::string verdict;
};
Result<ProportionsReadout> RunProportionsTest(const AbtestRequest& request);
std::string ProportionsJson(const ProportionsReadout& readout);

/// Welch t-test of means from n:mean:sd summaries.
struct MeansReadout {
  MeanArm control, variant;
  LiftResult test;
  SrmResult srm;
  std::string verdict;
};
Result<MeansReadout> RunMeansTest(const AbtestRequest& request);
std::string MeansJson(const MeansReadout& readout);

/// Beta-binomial: chance to beat, expected loss, credible interval.
struct BayesReadout {
  ProportionArm control, variant;
  BetaPrior prior;
  BayesResult bayes;
  SrmResult srm;
  std::string verdict;
};
Result<BayesReadout> RunBayesTest(const AbtestRequest& request);
std::string BayesJson(const BayesReadout& readout);

/// Sample size (or power) of a test of proportions or means.
struct PowerReadout {
  AbtestRequest request;
  bool means = false;              // sized a test of means (--sd)
  double difference = 0;           // means: absolute difference to detect
  std::optional<SampleSize> size;  // the users needed (unless --users)
  std::optional<double> power;     // the power of --users
};
Result<PowerReadout> RunPowerTest(const AbtestRequest& request);
std::string PowerJson(const PowerReadout& readout);

/// ParseAbtestRequest + the test + its JSON: what the server calls.
Result<std::string> AbtestJson(const Params& params, AbtestKind kind);

/// The options of a units read-out (`abtest file|data`): Params names alpha, power,
/// split ("control=50,B=50"), control, no-cuped; `abtest data` adds experiment-field
/// and variants (repeatable, or comma-separated).
struct ReadoutRequest {
  double alpha = 0.05;
  double power = 0.8;
  std::string split;
  std::string control;
  bool no_cuped = false;
  std::string field = "utm_content";
  std::vector<std::string> variants;
};
Result<ReadoutRequest> ParseReadoutRequest(const Params& params);

/// The ReadoutOptions of `request` for `units` (the --split shares matched by name).
Result<ReadoutOptions> MakeReadoutOptions(const ReadoutRequest& request,
                                          const ExperimentUnits& units);

/// The JSON of `mroi abtest file|data --json`.
std::string ReadoutJson(const ExperimentUnits& units, const ExperimentReadout& readout,
                        const ReadoutOptions& options);

/// `abtest data` on a history already run: the persons with a variant tag are the
/// units. What the server calls.
Result<std::string> AbtestDataJson(const Params& params, const PipelineResult& history);

}  // namespace mroi::api
