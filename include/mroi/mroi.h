#pragma once

/// The umbrella header: everything a front end (CLI, server, Python) may call.
#include "mroi/attribution.h"
#include "mroi/clv.h"
#include "mroi/clean.h"
#include "mroi/data_driven.h"
#include "mroi/dataset.h"
#include "mroi/demo.h"
#include "mroi/dictionary.h"
#include "mroi/identity.h"
#include "mroi/ingest.h"
#include "mroi/journeys.h"
#include "mroi/metrics.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"
#include "mroi/status.h"
#include "mroi/time.h"
