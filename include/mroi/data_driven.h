#pragma once

// Data-driven attribution (SPEC.md "Attribution", issue 5): exact Markov-chain
// removal effects of order 1..4 and exact Shapley values, both computed from
// mergeable count structs (counts of partitions of the journeys can be built
// separately, merged with Merge(), and solved once, giving the same answer as the
// whole), aggregated-paths input, and bootstrap confidence intervals.

#include "mroi/aggregated_paths.h"
#include "mroi/bootstrap.h"
#include "mroi/markov.h"
#include "mroi/shapley.h"
