// The report's data-driven models (Markov orders, Shapley) and the bootstrap
// intervals of every model's channel credit.
#include <utility>

#include <fmt/format.h>

#include "mroi/report.h"

#include "report/data_driven_internal.h"

namespace mroi::internal {

namespace {

std::vector<ChannelCredit> Zip(const std::vector<std::string>& channels,
                               const std::vector<Credit>& credit) {
  std::vector<ChannelCredit> out;
  out.reserve(channels.size());
  for (size_t c = 0; c < channels.size() && c < credit.size(); ++c) {
    out.push_back({channels[c], credit[c]});
  }
  return out;
}

// Credit, costs and ratios of one credit list, by ChannelRoi() on a one-model view
// of it, so that rule and data-driven models share the same cost and ratio rules
// (channels with costs but no credit appended with credit 0).
Result<std::vector<RoiRow>> CreditRoi(const std::vector<ChannelCredit>& credit,
                                      const CostTable& costs) {
  AttributionResult view;
  ModelCredit model;
  for (const ChannelCredit& entry : credit) {
    view.channels.push_back(entry.channel);
    model.channels.push_back(entry.credit);
  }
  view.models.push_back(std::move(model));
  return ChannelRoi(view, view.models.front().model, costs);
}

Result<DataDrivenModel> RunPoint(const DataDrivenSpec& spec, const Journeys& journeys,
                                 const CostTable& costs) {
  DataDrivenModel model;
  model.name = spec.name;
  model.label = spec.label;
  model.markov_order = spec.markov_order;
  auto point = spec.run(journeys);
  if (!point.ok()) {
    model.skipped = point.status().message();
    return model;
  }
  MROI_ASSIGN_OR_RETURN(model.channels, CreditRoi(point->credit, costs));
  if (spec.markov_order > 0) {
    // CreditRoi() keeps the credit's channel order and appends cost-only channels
    // (removal effect 0), so the point's effects index the first rows.
    model.removal_effects.assign(model.channels.size(), 0.0);
    for (size_t c = 0; c < point->removal_effects.size() && c < model.channels.size(); ++c) {
      model.removal_effects[c] = point->removal_effects[c];
    }
    model.conversion_probability = point->conversion_probability;
    model.states = point->states;
  }
  model.note = std::move(point->note);
  return model;
}

}  // namespace

Result<std::vector<DataDrivenSpec>> DataDrivenSpecs(const Dataset& dataset,
                                                    const ReportOptions& options) {
  std::vector<DataDrivenSpec> specs;
  const std::string& none_label = options.attribution.none_label;
  for (int order : options.markov_orders) {
    if (order < 1 || order > kMaxMarkovOrder) {
      return InvalidArgument(
          fmt::format("Markov order must be 1..{}, got {}", kMaxMarkovOrder, order));
    }
    MarkovOptions markov = options.markov;
    markov.order = order;
    markov.none_label = none_label;
    specs.push_back(
        {fmt::format("markov_{}", order), fmt::format("Markov chain, order {}", order),
         order, [&dataset, markov](const Journeys& journeys) -> Result<DataDrivenPoint> {
           MROI_ASSIGN_OR_RETURN(MarkovResult result,
                                 MarkovAttribution(dataset, journeys, markov));
           return DataDrivenPoint{Zip(result.channels, result.credit),
                                  std::move(result.removal_effects),
                                  result.conversion_probability, result.states, ""};
         }});
  }
  if (options.shapley) {
    ShapleyOptions shapley = options.shapley_options;
    shapley.none_label = none_label;
    specs.push_back(
        {"shapley", "Shapley value (exact)", 0,
         [&dataset, shapley](const Journeys& journeys) -> Result<DataDrivenPoint> {
           MROI_ASSIGN_OR_RETURN(ShapleyResult result,
                                 ShapleyAttribution(dataset, journeys, shapley));
           return DataDrivenPoint{
               Zip(result.channels, result.credit), {}, 0, 0, std::move(result.note)};
         }});
  }
  if (options.shapley_simplified) {
    ShapleyOptions shapley = options.shapley_options;
    shapley.none_label = none_label;
    specs.push_back(
        {"shapley_simplified", "Simplified Shapley (Zhao et al. 2018)", 0,
         [&dataset, shapley](const Journeys& journeys) -> Result<DataDrivenPoint> {
           MROI_ASSIGN_OR_RETURN(ShapleyResult result, ShapleySimplifiedAttribution(
                                                           dataset, journeys, shapley));
           return DataDrivenPoint{
               Zip(result.channels, result.credit), {}, 0, 0, std::move(result.note)};
         }});
  }
  return specs;
}

Status FillDataDriven(const PipelineResult& result, const Journeys& journeys,
                      const AttributionOptions& attribution, const ReportOptions& options,
                      ReportData* data) {
  if (options.bootstrap.replicates < 0) {
    return InvalidArgument(
        fmt::format("bootstrap replicates must be >= 0 (0 = none), got {}",
                    options.bootstrap.replicates));
  }
  MROI_ASSIGN_OR_RETURN(std::vector<DataDrivenSpec> specs,
                        DataDrivenSpecs(result.dataset, options));
  const CostTable costs = CostTableFromMetrics(data->metrics);
  std::vector<const DataDrivenSpec*> computed;
  for (const DataDrivenSpec& spec : specs) {
    MROI_ASSIGN_OR_RETURN(DataDrivenModel model, RunPoint(spec, journeys, costs));
    if (model.skipped.empty()) computed.push_back(&spec);
    data->data_driven.push_back(std::move(model));
  }
  data->bootstrap = options.bootstrap;
  if (options.bootstrap.replicates == 0) return Status::OK();

  // Every model on the same resample: the rule models in one pass, then each
  // computed data-driven model.
  CreditModels models =
      [&](const Journeys& sample) -> Result<std::vector<std::vector<ChannelCredit>>> {
    MROI_ASSIGN_OR_RETURN(
        AttributionResult rules,
        AttributeJourneys(result.dataset, result.identity, sample, attribution));
    std::vector<std::vector<ChannelCredit>> out;
    for (const ModelCredit& model : rules.models)
      out.push_back(Zip(rules.channels, model.channels));
    for (const DataDrivenSpec* spec : computed) {
      MROI_ASSIGN_OR_RETURN(DataDrivenPoint point, spec->run(sample));
      out.push_back(std::move(point.credit));
    }
    return out;
  };
  MROI_ASSIGN_OR_RETURN(auto intervals,
                        BootstrapCreditModels(journeys, models, options.bootstrap));
  std::vector<std::string> names;
  for (const ModelCredit& model : data->attribution.models) names.push_back(model.name);
  for (const DataDrivenSpec* spec : computed) names.push_back(spec->name);
  for (size_t m = 0; m < names.size() && m < intervals.size(); ++m) {
    data->intervals[names[m]] = std::move(intervals[m]);
  }
  return Status::OK();
}

std::vector<ModelRows> ReportModels(const ReportData& data) {
  std::vector<ModelRows> out;
  for (const ModelRoi& model : data.model_roi)
    out.push_back({model.name, nullptr, &model.channels});
  for (const DataDrivenModel& model : data.data_driven) {
    if (model.skipped.empty()) out.push_back({model.name, &model, &model.channels});
  }
  return out;
}

Credit CreditOf(const std::vector<RoiRow>& rows, const std::string& channel) {
  for (const RoiRow& row : rows) {
    if (row.channel == channel) return row.credit;
  }
  return {};
}

Credit LastClickCredit(const ReportData& data, const std::string& channel) {
  for (const ModelRoi& model : data.model_roi) {
    if (model.model == AttributionModel::kLast) return CreditOf(model.channels, channel);
  }
  return {};
}

const ChannelInterval* FindInterval(const ReportData& data, const std::string& name,
                                    const std::string& channel) {
  auto model = data.intervals.find(name);
  if (model == data.intervals.end()) return nullptr;
  for (const ChannelInterval& interval : model->second) {
    if (interval.channel == channel) return &interval;
  }
  return nullptr;
}

}  // namespace mroi::internal
