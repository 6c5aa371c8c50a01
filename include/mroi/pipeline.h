#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "mroi/clean.h"
#include "mroi/dataset.h"
#include "mroi/identity.h"
#include "mroi/ingest.h"
#include "mroi/journeys.h"
#include "mroi/result.h"

namespace mroi {

/// Settings of every stage of one run.
struct PipelineOptions {
  IngestOptions ingest;
  CleanOptions clean;
  IdentityOptions identity;
  JourneyOptions journeys;
  /// Called as each stage starts ("ingest", "clean", "identity", "journeys"); may be empty.
  std::function<void(const std::string&)> on_stage;
};

/// Read a JSON config file into `options` (keys as in docs/config.md; comments
/// allowed). Unknown keys are an error naming the key.
Status LoadConfigFile(const std::string& path, PipelineOptions* options);

/// Seconds spent in each stage.
struct StageTimings {
  double ingest_s = 0;
  double clean_s = 0;
  double identity_s = 0;
  double journeys_s = 0;
};

/// Everything one run produced.
struct PipelineResult {
  Dataset dataset;
  IdentityResult identity;
  Journeys journeys;
  StageTimings timings;
};

/// Run ingest → clean → identity → journeys over `inputs`.
/// Errors: the first file that cannot be read at all, or a bad cleaning resource.
Result<PipelineResult> RunPipeline(const std::vector<InputSpec>& inputs,
                                   const PipelineOptions& options);

/// Run clean → identity → journeys over rows already read into `dataset` (by
/// ReadInput, or loaded from a workspace); timings.ingest_s stays 0.
/// Errors: a bad cleaning resource (bot list, channel rules).
Result<PipelineResult> RunPipelineOnDataset(Dataset dataset, const PipelineOptions& options);

/// Count the changes by rule name (utm_normalised, imputed, refund_netted, flags).
std::map<std::string, int64_t> CountChanges(const Dataset& dataset);

/// Render the summary of `mroi clean --json`:
/// {"files":[{"path","kind","rows_in","rows_kept","rows_quarantined","by_rule":{...}}],
///  "changes":{"utm_normalised":n,"imputed":n,"refund_netted":n},
///  "flags":{"click_without_session":n},"identity":{"ids":n,"persons":n},
///  "quarantine":[{"file","line","rule","column","reason"}...] (first `max_issues`)}
std::string CleanSummaryJson(const PipelineResult& result, int64_t max_issues = 1000);

/// Render the summary of `mroi journeys --json`.
std::string JourneySummaryJson(const PipelineResult& result, const JourneySummary& summary);

/// Write quarantine.csv (file,line,rule,column,reason,raw), one row per removed row.
Status WriteQuarantineCsv(const Dataset& dataset, const std::string& path);
/// Write changes.csv (file,line,rule,field,before,after), one row per change.
Status WriteChangesCsv(const Dataset& dataset, const std::string& path);
/// Write the cleaned records of every kind as canonical CSVs into `dir`, with a
/// person_id column where identity applies (touchpoints.csv, conversions.csv, ...).
Status WriteCleanedData(const PipelineResult& result, const std::string& dir);

/// Write journeys.csv (journey_id, person_id, converting, end_time, revenue,
/// gross_profit, length, path) with the path as "A > B > C".
Status WriteJourneysCsv(const PipelineResult& result, const std::string& path);

/// Precision and recall of one class of removed rows against a known truth.
struct RuleScore {
  std::string rule;
  int64_t truth = 0;      // rows the truth says this rule should remove
  int64_t flagged = 0;    // rows the eraser removed with this rule
  int64_t correct = 0;    // both
  double precision() const { return flagged == 0 ? 1.0 : double(correct) / double(flagged); }
  double recall() const { return truth == 0 ? 1.0 : double(correct) / double(truth); }
};

/// How well a run matched the truth the demo generator recorded.
struct TruthScore {
  std::vector<RuleScore> rules;  // one per rule seen in truth or quarantine, then "any"
  RuleScore any_removal;         // removed at all, whatever the rule
  /// Pairwise identity scores: pairs of ids put in one person by both the truth and
  /// the run, over pairs in one person by the run (precision) or by the truth (recall).
  double identity_precision = 1;
  double identity_recall = 1;
  int64_t truth_persons = 0;
};

/// Compare a run with truth/defects.csv (file,line,rule; file names compared by base
/// name) and truth/persons.csv (kind,id,person). Errors: the files cannot be read.
Result<TruthScore> ScoreAgainstTruth(const PipelineResult& result,
                                     const std::string& defects_csv,
                                     const std::string& persons_csv);

}  // namespace mroi
