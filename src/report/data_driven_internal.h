#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mroi/report.h"

// The data-driven models of the report and the bootstrap of every model's credit
// (BuildReport() calls FillDataDriven() after the rule models).
namespace mroi::internal {

/// The point estimate of one data-driven model.
struct DataDrivenPoint {
  std::vector<ChannelCredit> credit;    // channels in the model's order
  std::vector<double> removal_effects;  // Markov only: parallel to `credit`
  double conversion_probability = 0;    // Markov only
  int64_t states = 0;                   // Markov only
  std::string note;                     // DataDrivenModel::note
};

/// A data-driven model of the report: its name, label and how to run it on a set
/// of journeys (called from bootstrap worker threads too, so it only reads what it
/// captures). Adding a model to the report, e.g. simplified Shapley, is one more
/// entry in DataDrivenSpecs().
struct DataDrivenSpec {
  std::string name;
  std::string label;
  int markov_order = 0;
  std::function<Result<DataDrivenPoint>(const Journeys&)> run;
};

/// The data-driven models `options` asks for, in report order: one Markov model
/// per order, then Shapley, then simplified Shapley. `dataset` must outlive the returned
/// functions. Error kInvalidArgument for a Markov order outside 1..kMaxMarkovOrder.
Result<std::vector<DataDrivenSpec>> DataDrivenSpecs(const Dataset& dataset,
                                                    const ReportOptions& options);

/// Compute the data-driven models on `journeys` (the journeys the rule models of
/// data->attribution were computed on, with `attribution` their options) and, unless
/// options.bootstrap.replicates is 0, the intervals of every rule and data-driven
/// model (one resample per replicate shared by all). Needs data->metrics (costs)
/// and data->attribution filled.
/// Errors: kInvalidArgument for a bad Markov order or bootstrap option; those of
/// the bootstrap.
Status FillDataDriven(const PipelineResult& result, const Journeys& journeys,
                      const AttributionOptions& attribution, const ReportOptions& options,
                      ReportData* data);

/// One model's channel rows as the renderers walk them.
struct ModelRows {
  std::string name;
  const DataDrivenModel* data_driven = nullptr;  // nullptr for a rule model
  const std::vector<RoiRow>* rows = nullptr;
};

/// Every model with credit: the rule models (ReportData::model_roi order), then
/// the data-driven models that were not skipped.
std::vector<ModelRows> ReportModels(const ReportData& data);

/// The credit of `channel` in `rows`; zero when absent.
Credit CreditOf(const std::vector<RoiRow>& rows, const std::string& channel);

/// Last click's credit of `channel`; zero when absent.
Credit LastClickCredit(const ReportData& data, const std::string& channel);

/// The interval of `channel` under model `name`, or nullptr (no bootstrap, or the
/// channel is not the model's).
const ChannelInterval* FindInterval(const ReportData& data, const std::string& name,
                                    const std::string& channel);

}  // namespace mroi::internal
