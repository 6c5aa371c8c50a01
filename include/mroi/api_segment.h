#pragma once

#include <optional>
#include <string>

#include "mroi/api_params.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"
#include "mroi/segments.h"

// RFM and behavioural segments (`mroi segment`, GET /api/segments): the request read
// from Params, the segments of a transactions file or of the pipeline's history, and
// the JSON both front ends print.
namespace mroi::api {

/// A segment request as given ("" = not given). Params names: as-of, monetary, by.
/// `attributes` (a CSV of customer attributes) is a file path: set by the CLI only,
/// never read from Params (a server must not open paths from a query).
struct SegmentRequest {
  std::string as_of;               // YYYY-MM-DD; "" = the last transaction's day
  std::string monetary = "total";  // total or mean. Default: total
  std::string attributes;          // CSV path; CLI only
  std::string by;                  // attribute column, or cadence, aov_band, tenure
};

/// Read a SegmentRequest from `params`. Errors kInvalidArgument: unknown name (including
/// attributes), a flag given twice.
Result<SegmentRequest> ParseSegmentRequest(const Params& params);

/// The RFM options of the request: --monetary and --as-of checked before any data is
/// read. Errors kInvalidArgument: "--as-of: ..." for a bad date, a bad monetary measure.
Result<RfmOptions> SegmentRfmOptions(const SegmentRequest& request);

/// The purchases of the history's persons as segment transactions (customers named as
/// TransactionsFromHistory names them; net revenue).
Result<SegmentTransactions> SegmentTransactionsFromHistory(const PipelineResult& history);

/// The --by dimension and, when it came from --attributes, the join's counts.
struct SegmentBy {
  SegmentDimension dimension;
  std::optional<AttributeDimension> attribute;
};

/// The segments of every customer and the optional cross-tabulation by --by.
struct SegmentResult {
  RfmResult rfm;
  std::optional<SegmentBy> by;
  std::optional<SegmentCrossTab> cross;  // RFM segment x --by, when --by is given
};

/// Score and segment `input`; `source` names it in errors ("orders.csv: ...").
/// Errors kInvalidArgument from ComputeRfm, --by or --attributes.
Result<SegmentResult> RunSegment(const SegmentRequest& request,
                                 const SegmentTransactions& input,
                                 const std::string& source);

/// The JSON of `mroi segment --json` (indented by 2, no final newline).
std::string SegmentJson(const SegmentResult& result, const SegmentRequest& request);

/// ParseSegmentRequest + the history's transactions + RunSegment + SegmentJson: what the
/// server calls; `history_name` names the history in errors.
Result<std::string> SegmentJson(const Params& params, const PipelineResult& history,
                                const std::string& history_name);

/// The behavioural dimensions every output shows, in order.
inline constexpr std::string_view kSegmentBehaviourDimensions[] = {"cadence", "aov_band",
                                                                   "tenure"};

}  // namespace mroi::api
