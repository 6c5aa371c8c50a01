// The JSON summaries printed by `mroi clean --json` and `mroi journeys --json`.
#include <nlohmann/json.hpp>

#include "mroi/pipeline.h"

namespace mroi {

namespace {

using Json = nlohmann::ordered_json;

Json FilesJson(const Dataset& dataset) {
  Json files = Json::array();
  for (const FileAccount& account : AccountFiles(dataset)) {
    Json by_rule = Json::object();
    for (const auto& [rule, count] : account.by_rule) by_rule[rule] = count;
    files.push_back({{"path", account.path},
                     {"kind", std::string(InputKindName(account.kind))},
                     {"rows_in", account.rows_in},
                     {"rows_kept", account.rows_kept},
                     {"rows_quarantined", account.rows_quarantined},
                     {"by_rule", by_rule}});
  }
  return files;
}

Json IdentityJson(const IdentityResult& identity) {
  static constexpr const char* kKindNames[kNumIdKinds] = {"anonymous_id", "user_id", "email",
                                                          "lead_id", "deal_id"};
  Json by_kind = Json::object();
  for (int kind_idx = 0; kind_idx < kNumIdKinds; ++kind_idx) {
    by_kind[kKindNames[kind_idx]] = identity.ids_by_kind[static_cast<size_t>(kind_idx)];
  }
  return {{"ids", identity.ids}, {"persons", identity.persons}, {"ids_by_kind", by_kind}};
}

Json TimingsJson(const StageTimings& timings) {
  return {{"ingest_s", timings.ingest_s},
          {"clean_s", timings.clean_s},
          {"identity_s", timings.identity_s},
          {"journeys_s", timings.journeys_s}};
}

}  // namespace

std::string CleanSummaryJson(const PipelineResult& result, int64_t max_issues) {
  const Dataset& dataset = result.dataset;
  std::map<std::string, int64_t> changes = CountChanges(dataset);
  Json quarantine = Json::array();
  for (const RowIssue& issue : dataset.quarantine) {
    if (static_cast<int64_t>(quarantine.size()) >= max_issues) break;
    auto file = static_cast<size_t>(issue.origin.file);
    quarantine.push_back({{"file", file < dataset.files.size() ? dataset.files[file].path : ""},
                          {"line", issue.origin.line},
                          {"rule", std::string(RuleName(issue.rule))},
                          {"column", issue.column},
                          {"reason", issue.message}});
  }
  int64_t rows_in = 0;
  for (const InputFileInfo& file : dataset.files) rows_in += file.rows_in;
  Json summary = {
      {"files", FilesJson(dataset)},
      {"changes",
       {{"utm_normalised", changes["utm_normalised"]},
        {"imputed", changes["imputed"]},
        {"refund_netted", changes["refund_netted"]}}},
      {"flags", {{"click_without_session", changes["click_without_session"]}}},
      {"identity", IdentityJson(result.identity)},
      {"totals",
       {{"rows_in", rows_in},
        {"rows_quarantined", static_cast<int64_t>(dataset.quarantine.size())},
        {"rows_kept", rows_in - static_cast<int64_t>(dataset.quarantine.size())}}},
      {"quarantine", quarantine},
      {"quarantine_truncated", static_cast<int64_t>(dataset.quarantine.size()) > max_issues},
      {"timings", TimingsJson(result.timings)}};
  return summary.dump(2);
}

std::string JourneySummaryJson(const PipelineResult& result, const JourneySummary& summary) {
  Json top_paths = Json::array();
  for (const PathCount& path : summary.top_paths) {
    top_paths.push_back({{"path", path.path},
                         {"journeys", path.journeys},
                         {"conversions", path.conversions},
                         {"revenue", path.revenue}});
  }
  Json json = {{"journeys", summary.journeys},
               {"converting", summary.converting},
               {"non_converting", summary.non_converting},
               {"touches", summary.touches},
               {"empty_converting", summary.empty_converting},
               {"mean_length", summary.mean_length},
               {"median_length", summary.median_length},
               {"length_histogram", summary.length_histogram},
               {"median_days_to_conversion", summary.median_days_to_conversion},
               {"top_paths", top_paths},
               {"identity", IdentityJson(result.identity)},
               {"timings", TimingsJson(result.timings)}};
  return json.dump(2);
}

}  // namespace mroi
