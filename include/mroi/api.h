#pragma once

// The API layer: every analysis of the CLI as a function of a request (Params: flag
// name → values) and the data it needs, returning the JSON the CLI prints with --json.
// The CLI, the server and the Python module call these so all give identical output and
// identical error messages.
#include "mroi/api_abtest.h"
#include "mroi/api_analyses.h"
#include "mroi/api_clv.h"
#include "mroi/api_format.h"
#include "mroi/api_funnel.h"
#include "mroi/api_optimize.h"
#include "mroi/api_params.h"
#include "mroi/api_segment.h"
