#pragma once

// Customer models (SPEC.md "Customer models", issue 6): summaries, the BG/NBD,
// Pareto/NBD, MBG/NBD, BG/BB and Gamma-Gamma models, predictions and checks,
// transactions files and churn risk.
#include "mroi/clv_churn.h"         // IWYU pragma: export
#include "mroi/clv_data.h"          // IWYU pragma: export
#include "mroi/clv_models.h"        // IWYU pragma: export
#include "mroi/clv_predict.h"       // IWYU pragma: export
#include "mroi/clv_transactions.h"  // IWYU pragma: export
