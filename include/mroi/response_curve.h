#pragma once

// The diminishing-returns response of each channel, as a marketing-mix model fits it
// (adstock carry-over, then Hill saturation) and as the budget allocator uses it. The
// model's period is its time step (a week for weekly data): a steady spend `s` per
// period gives, once carry-over has built up, an adstocked level `carryover * s` and an
// expected outcome per period of
//     coefficient * x^alpha / (x^alpha + half_saturation^alpha),  x = carryover * s.
// Outcome is in the model's outcome unit; `outcome_value` turns it into currency.

#include <string>
#include <string_view>
#include <vector>

#include "mroi/result.h"

namespace mroi {

/// Parameters of one channel's steady-state response.
struct ResponseParams {
  double coefficient = 0;           // outcome per period at full saturation (>= 0)
  double hill_alpha = 1;            // Hill shape (> 0); > 1 gives an S-curve
  double half_saturation = 1;       // adstocked level giving half the coefficient (> 0)
  double carryover = 1;             // sum of the adstock weights (>= 1 for geometric)
};

/// Expected outcome per period at a steady spend per period; 0 when spend <= 0.
double SteadyStateResponse(const ResponseParams& params, double spend_per_period);
/// d SteadyStateResponse / d spend at `spend_per_period` (marginal outcome of one more
/// unit of spend per period); 0 when spend < 0.
double MarginalResponse(const ResponseParams& params, double spend_per_period);

/// One channel's response curve: the point estimate and bootstrap refits.
struct ResponseCurve {
  std::string channel;
  /// "core", "emerging", "experimental", or empty when not assigned.
  std::string tier;
  ResponseParams point;
  /// Refits on bootstrap resamples (may be empty): intervals come from these.
  std::vector<ResponseParams> draws;
  /// Mean spend per period over the fitted history (the "current" allocation).
  double mean_spend = 0;
  /// Lowest and highest spend per period seen in the history: the curve is measured
  /// between them and extrapolated outside.
  double min_spend = 0;
  double max_spend = 0;
};

/// A set of fitted response curves: what `mroi plan mmm --save` writes and
/// `mroi plan optimize --model` reads.
struct ResponseModel {
  /// What the outcome is ("revenue", "conversions", ...).
  std::string outcome = "revenue";
  /// The model's period ("week").
  std::string period = "week";
  /// Currency per unit of outcome (1 when the outcome is revenue).
  double outcome_value = 1;
  /// Gross margin applied to outcome value when optimising gross profit.
  double gross_margin = 1;
  /// Outcome per period not explained by the channels (base), mean over the history.
  double base_per_period = 0;
  std::vector<ResponseCurve> curves;
};

/// JSON text of `model` (schema "mroi.response_model/1"); numbers round-trip exactly.
std::string ResponseModelToJson(const ResponseModel& model);
/// Parse what ResponseModelToJson wrote (extra fields are ignored, so the output of
/// `mroi plan mmm --json` also reads). Errors: kInvalidArgument naming the bad field.
Result<ResponseModel> ResponseModelFromJson(std::string_view json);
/// Read and parse a response model file. Errors: kIOError, kInvalidArgument.
Result<ResponseModel> LoadResponseModel(const std::string& path);

}  // namespace mroi
