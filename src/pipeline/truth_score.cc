// Scores a run against the truth recorded by the demo generator: per-rule precision
// and recall of the eraser, and pairwise precision and recall of identity stitching.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include "mroi/pipeline.h"

namespace mroi {

namespace {

std::vector<std::string> SplitComma(const std::string& line) {
  std::vector<std::string> fields(1);
  for (char c : line) {
    if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

Result<std::vector<std::vector<std::string>>> ReadSimpleCsv(const std::string& path,
                                                            size_t columns) {
  std::ifstream file(path);
  if (!file) return NotFound(fmt::format("truth file '{}' cannot be opened", path));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(file, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    auto fields = SplitComma(line);
    if (fields.size() != columns) {
      return InvalidArgument(fmt::format("truth file '{}': bad row '{}'", path, line));
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

using RowKey = std::pair<std::string, int64_t>;  // file base name, line

void ScoreRules(const PipelineResult& result,
                const std::vector<std::vector<std::string>>& defects, TruthScore* score) {
  std::map<RowKey, std::string> truth;
  for (const auto& row : defects) {
    truth[{BaseName(row[0]), std::stoll(row[1])}] = row[2];
  }
  std::map<RowKey, std::string> flagged;
  for (const RowIssue& issue : result.dataset.quarantine) {
    auto file = static_cast<size_t>(issue.origin.file);
    std::string name = file < result.dataset.files.size()
                           ? BaseName(result.dataset.files[file].path)
                           : std::string();
    flagged[{name, issue.origin.line}] = std::string(RuleName(issue.rule));
  }
  std::map<std::string, RuleScore> by_rule;
  for (const auto& [key, rule] : truth) {
    RuleScore& entry = by_rule[rule];
    ++entry.truth;
    auto found = flagged.find(key);
    if (found != flagged.end()) {
      ++score->any_removal.correct;
      if (found->second == rule) ++entry.correct;
    }
  }
  for (const auto& [key, rule] : flagged) ++by_rule[rule].flagged;
  score->any_removal.rule = "any";
  score->any_removal.truth = static_cast<int64_t>(truth.size());
  score->any_removal.flagged = static_cast<int64_t>(flagged.size());
  for (auto& [rule, entry] : by_rule) {
    entry.rule = rule;
    score->rules.push_back(entry);
  }
}

int64_t Pairs(int64_t count) { return count * (count - 1) / 2; }

void ScoreIdentity(const PipelineResult& result,
                   const std::vector<std::vector<std::string>>& persons, TruthScore* score) {
  const Dataset& data = result.dataset;
  const IdentityResult& identity = result.identity;
  // (kind, id text) -> person of the run.
  std::map<std::pair<std::string, std::string_view>, int32_t> ours;
  auto note = [&](const char* kind, StringId id, int32_t person) {
    if (id != kEmptyString && person >= 0) ours.emplace(std::make_pair(kind, data.str(id)), person);
  };
  for (size_t row = 0; row < data.touchpoints.size(); ++row) {
    const Touchpoint& tp = data.touchpoints[row];
    int32_t person = identity.touchpoint_person[row];
    note("anonymous_id", tp.anonymous_id, person);
    note("user_id", tp.user_id, person);
    note("email", tp.email, person);
  }
  for (size_t row = 0; row < data.conversions.size(); ++row) {
    const Conversion& conv = data.conversions[row];
    int32_t person = identity.conversion_person[row];
    note("anonymous_id", conv.anonymous_id, person);
    note("user_id", conv.user_id, person);
    note("email", conv.email, person);
  }
  for (size_t row = 0; row < data.leads.size(); ++row) {
    const Lead& lead = data.leads[row];
    int32_t person = identity.lead_person[row];
    note("lead_id", lead.lead_id, person);
    note("email", lead.email, person);
    note("anonymous_id", lead.anonymous_id, person);
    note("user_id", lead.user_id, person);
  }
  for (size_t row = 0; row < data.deals.size(); ++row) {
    const Deal& deal = data.deals[row];
    int32_t person = identity.deal_person[row];
    note("deal_id", deal.deal_id, person);
    note("lead_id", deal.lead_id, person);
    note("email", deal.email, person);
    note("user_id", deal.user_id, person);
  }
  std::map<std::pair<std::string, int32_t>, int64_t> cells;
  std::map<std::string, int64_t> truth_sizes;
  std::map<int32_t, int64_t> our_sizes;
  std::set<std::string> truth_persons;
  for (const auto& row : persons) {
    truth_persons.insert(row[2]);
    auto found = ours.find({row[0], std::string_view(row[1])});
    if (found == ours.end()) continue;  // id removed with its rows (e.g. a bot)
    ++cells[{row[2], found->second}];
    ++truth_sizes[row[2]];
    ++our_sizes[found->second];
  }
  int64_t together = 0;
  for (const auto& [cell, count] : cells) together += Pairs(count);
  int64_t truth_pairs = 0;
  for (const auto& [person, count] : truth_sizes) truth_pairs += Pairs(count);
  int64_t our_pairs = 0;
  for (const auto& [person, count] : our_sizes) our_pairs += Pairs(count);
  score->identity_precision = our_pairs == 0 ? 1.0 : double(together) / double(our_pairs);
  score->identity_recall = truth_pairs == 0 ? 1.0 : double(together) / double(truth_pairs);
  score->truth_persons = static_cast<int64_t>(truth_persons.size());
}

}  // namespace

Result<TruthScore> ScoreAgainstTruth(const PipelineResult& result,
                                     const std::string& defects_csv,
                                     const std::string& persons_csv) {
  MROI_ASSIGN_OR_RETURN(auto defects, ReadSimpleCsv(defects_csv, 3));
  MROI_ASSIGN_OR_RETURN(auto persons, ReadSimpleCsv(persons_csv, 3));
  TruthScore score;
  try {
    ScoreRules(result, defects, &score);
  } catch (const std::exception&) {
    return InvalidArgument(fmt::format("truth file '{}' has a bad line number", defects_csv));
  }
  ScoreIdentity(result, persons, &score);
  return score;
}

}  // namespace mroi
