// The result of a scale-out run from merged statistics (FinishStats, RfmTable), and the
// single-machine reference (SingleMachineJson): both render through RenderStats().
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/api_clv.h"
#include "mroi/report.h"

#include "scale/partition_stats_internal.h"
#include "scale/scale_internal.h"

namespace mroi::scale {

namespace {

using Json = nlohmann::json;

Json CreditJson(const Credit& credit) {
  return {{"conversions", credit.conversions},
          {"revenue", credit.revenue},
          {"gross_profit", credit.gross_profit}};
}

// The AttributionResult the merged sums stand for (channels and campaigns by name, as
// AttributeJourneys orders them).
AttributionResult RebuildAttribution(const PartitionStats& stats) {
  AttributionResult result;
  std::map<std::string, int32_t> channel_id;
  for (const auto& [channel, credit] : stats.channel_credit) {
    channel_id[channel] = static_cast<int32_t>(result.channels.size());
    result.channels.push_back(channel);
  }
  for (size_t m = 0; m < stats.models.size(); ++m) {
    ModelCredit model;
    model.model = stats.models[m];
    model.name = std::string(AttributionModelName(model.model));
    model.fallback_journeys = stats.fallback_journeys[m];
    for (const auto& [channel, credit] : stats.channel_credit)
      model.channels.push_back(credit[m]);
    for (const auto& [campaign, credit] : stats.campaign_credit)
      model.campaigns.push_back(credit[m]);
    result.models.push_back(std::move(model));
  }
  for (const auto& [campaign, credit] : stats.campaign_credit) {
    result.campaigns.push_back({channel_id[campaign.first], campaign.second});
  }
  result.total = stats.total;
  result.converting_journeys = stats.converting_journeys;
  result.empty_converting_journeys = stats.empty_converting_journeys;
  result.touches = stats.touches;
  return result;
}

std::string StateName(const MarkovCounts& counts, MarkovCounts::StateKey key) {
  if (key == MarkovCounts::kStartState) return "(start)";
  if (key == MarkovCounts::kConversionState) return "(conversion)";
  if (key == MarkovCounts::kNullState) return "(null)";
  std::string name;
  for (int slot = 0; slot < 4; ++slot) {
    const uint64_t id = (key >> (16 * slot)) & 0xffff;
    if (id == 0) break;
    if (!name.empty()) name += " > ";
    name += id - 1 < counts.channels.size() ? counts.channels[id - 1] : "?";
  }
  return name;
}

Result<Json> ClvJson(const PartitionStats& stats, const ScaleOptions& options) {
  MROI_ASSIGN_OR_RETURN(RfmColumns rfm, RfmTable(stats, options));
  if (rfm.customer.empty()) return Json(nullptr);
  api::ClvInput input;
  input.summaries.time_unit = TimeUnit::kWeeks;
  for (size_t i = 0; i < rfm.customer.size(); ++i) {
    CustomerSummary customer;
    customer.customer_id = static_cast<int64_t>(i);
    customer.frequency = rfm.frequency[i];
    customer.recency = rfm.recency[i];
    customer.age = rfm.T[i];
    customer.monetary_value = rfm.monetary_value[i];
    input.summaries.customers.push_back(customer);
    input.names.push_back(fmt::format("{:016x}", rfm.customer[i]));
  }
  input.source = "scale";
  api::ClvRequest request;
  Result<api::ClvFitResult> fit = api::RunClvFit(request, input);
  if (!fit.ok()) return Json{{"error", fit.status().message()}};
  fit->seconds = 0;  // timing is not a result
  return Json::parse(api::ClvFitJson(*fit, input));
}

}  // namespace

Result<std::string> RenderStats(const PartitionStats& stats, const Dataset& shared,
                                const ScaleOptions& options) {
  Json out;
  Json cleaning = Json::object();
  for (int k = 0; k < kNumInputKinds; ++k) {
    const auto kind = static_cast<InputKind>(k);
    if (!internal::IsPerPersonKind(kind)) continue;
    const KindCounts& counts = stats.cleaning[static_cast<size_t>(k)];
    cleaning[std::string(InputKindName(kind))] = {
        {"rows_in", counts.rows_in},
        {"rows_kept", counts.rows_kept},
        {"rows_quarantined", counts.rows_quarantined},
        {"by_rule", counts.by_rule}};
  }
  out["cleaning"] = cleaning;
  out["identity"] = {{"ids", stats.ids}, {"persons", stats.persons}};
  out["journeys"] = {{"journeys", stats.journeys}, {"converting", stats.converting}};

  const CostTable costs = CostTableFromDataset(shared);
  const AttributionResult attribution = RebuildAttribution(stats);
  if (!attribution.models.empty()) {
    MROI_ASSIGN_OR_RETURN(std::vector<ModelRoi> tables,
                          ModelRoiTables(attribution, costs));
    MROI_ASSIGN_OR_RETURN(ModelComparison comparison, CompareModels(attribution));
    std::vector<ModelRoi> shown;
    for (ModelRoi& table : tables) {
      if (std::find(options.models.begin(), options.models.end(), table.model) !=
          options.models.end()) {
        shown.push_back(std::move(table));
      }
    }
    out["attribution"] =
        Json::parse(RenderAttributionJson(attribution, shown, &comparison));
  } else {
    out["attribution"] = nullptr;
  }

  Json markov = {{"order", stats.markov.order},
                 {"journeys", stats.markov.journeys},
                 {"converting_journeys", stats.markov.converting_journeys}};
  std::map<std::pair<std::string, std::string>, int64_t> transitions;
  for (const auto& [edge, n] : stats.markov.transitions) {
    transitions[{StateName(stats.markov, edge.first),
                 StateName(stats.markov, edge.second)}] += n;
  }
  Json rows = Json::array();
  for (const auto& [edge, n] : transitions)
    rows.push_back({{"from", edge.first}, {"to", edge.second}, {"count", n}});
  markov["transitions"] = rows;
  Json effects = Json::object();
  if (stats.markov.journeys > 0) {
    MarkovOptions markov_options;
    markov_options.order = stats.markov.order;
    MROI_ASSIGN_OR_RETURN(MarkovResult solved, SolveMarkov(stats.markov, markov_options));
    for (size_t c = 0; c < solved.channels.size(); ++c) {
      effects[solved.channels[c]] = {{"removal_effect", solved.removal_effects[c]},
                                     {"credit", CreditJson(solved.credit[c])}};
    }
  }
  markov["channels"] = effects;
  out["markov"] = markov;

  Json metrics = Json::object();
  for (const auto& [channel, sums] : stats.channels) {
    auto cost = costs.channels.find(channel);
    metrics[channel] = {
        {"touchpoints", sums.touchpoints},
        {"leads", sums.leads},
        {"conversions", sums.conversions},
        {"revenue", sums.revenue},
        {"gross_profit", sums.gross_profit},
        {"spend", cost == costs.channels.end() ? 0.0 : cost->second.direct}};
  }
  for (const auto& [channel, cost] : costs.channels) {
    if (!metrics.contains(channel)) {
      metrics[channel] = {{"touchpoints", 0},    {"leads", 0},
                          {"conversions", 0.0},  {"revenue", 0.0},
                          {"gross_profit", 0.0}, {"spend", cost.direct}};
    }
  }
  out["metrics"] = metrics;

  int64_t repeat = 0;
  for (const auto& [key, customer] : stats.customers)
    repeat += customer.purchase_days > 1;
  out["rfm"] = {{"customers", stats.customers.size()},
                {"repeat_customers", repeat},
                {"observation_end_day",
                 stats.customers.empty() ? Json(nullptr) : Json(stats.max_purchase_day)}};
  MROI_ASSIGN_OR_RETURN(out["clv"], ClvJson(stats, options));
  return out.dump();
}

Result<RfmColumns> RfmTable(const PartitionStats& merged,
                            const ScaleOptions& /*options*/) {
  RfmColumns out;
  constexpr double kDaysPerWeek = 7.0;
  for (const auto& [key, customer] : merged.customers) {  // std::map: sorted by key
    out.customer.push_back(key);
    const int64_t repeats = customer.purchase_days - 1;
    out.frequency.push_back(static_cast<double>(repeats));
    out.recency.push_back(static_cast<double>(customer.last_day - customer.first_day) /
                          kDaysPerWeek);
    out.T.push_back(static_cast<double>(merged.max_purchase_day - customer.first_day) /
                    kDaysPerWeek);
    out.monetary_value.push_back(
        repeats > 0 ? customer.repeat_amount / static_cast<double>(repeats) : 0.0);
  }
  return out;
}

Result<std::string> FinishStats(const PartitionStats& merged,
                                const std::vector<Chunk>& shared_inputs,
                                const ScaleOptions& options) {
  Dataset shared;
  for (const Chunk& chunk : shared_inputs) {
    if (internal::IsPerPersonKind(chunk.kind)) {
      return InvalidArgument(
          fmt::format("FinishStats: '{}' is not a shared input (spend, "
                      "costs, goals, email)",
                      chunk.name));
    }
    MROI_RETURN_IF_ERROR(internal::ParseChunkBytes(chunk.name, chunk.kind, chunk.header,
                                                   chunk.bytes, options.pipeline.ingest,
                                                   &shared));
  }
  MROI_RETURN_IF_ERROR(Clean(options.pipeline.clean, &shared));
  return RenderStats(merged, shared, options);
}

Result<std::string> SingleMachineJson(const std::vector<Chunk>& whole_files,
                                      const ScaleOptions& options, RfmColumns* rfm) {
  Dataset dataset;
  for (const Chunk& file : whole_files) {
    MROI_RETURN_IF_ERROR(internal::ParseChunkBytes(file.name, file.kind, file.header,
                                                   file.bytes, options.pipeline.ingest,
                                                   &dataset));
  }
  MROI_ASSIGN_OR_RETURN(PipelineResult run,
                        RunPipelineOnDataset(std::move(dataset), options.pipeline));
  MROI_ASSIGN_OR_RETURN(PartitionStats stats, StatsOfRun(run, options));
  if (rfm != nullptr) {
    MROI_ASSIGN_OR_RETURN(*rfm, RfmTable(stats, options));
  }
  return RenderStats(stats, run.dataset, options);
}

}  // namespace mroi::scale
