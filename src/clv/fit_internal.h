#pragma once

// Checks shared by fitting, evaluation and prediction.

#include <span>

#include "clv/clv_internal.h"
#include "mroi/clv_models.h"
#include "mroi/result.h"

namespace mroi::internal {

/// OK when `parameters` has the model's count and every value is finite and > 0.
Status CheckParameters(ClvModel model, std::span<const double> parameters);

/// Validate `data` for `model` and aggregate it (spend rows for Gamma-Gamma).
Result<AggregatedRows> PrepareRows(ClvModel model, const CustomerSummaries& data);

}  // namespace mroi::internal
