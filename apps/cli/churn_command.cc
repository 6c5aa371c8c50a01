// mroi churn: customers whose P(alive) fell below a threshold, ranked by value at
// risk (the CLV they would bring if still alive that the model expects lost), as a
// table, JSON or a CSV for a CRM campaign.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>

#include "clv_common.h"
#include "commands.h"

namespace mroi::cli {

namespace {

using clv::Input;
using clv::Number;

constexpr const char* kDefinition =
    "value_at_risk = (1 - p_alive) * clv_if_alive, where clv_if_alive = clv / p_alive is the CLV "
    "the customer brings if still alive (a dead customer buys nothing); ranked by value at risk, "
    "then by purchases at risk";

struct ChurnFlags {
  clv::InputFlags input;
  double threshold = 0.5;
  double horizon = -1;
  int months = 12;
  double discount_rate = 0.01;
  std::string out;
  int top = 20;
};

Status WriteChurnCsv(const std::string& path, const Input& input,
                     const std::vector<ChurnRisk>& at_risk) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return IOError(fmt::format("{}: cannot write", path));
  out << "rank,customer_id,p_alive,value_at_risk,clv_if_alive,expected_clv,purchases_at_risk,"
         "last_purchase,frequency,recency,T,monetary,time_unit\n";
  const std::string unit(TimeUnitName(input.summaries.time_unit));
  for (size_t rank = 0; rank < at_risk.size(); ++rank) {
    const ChurnRisk& risk = at_risk[rank];
    const CustomerSummary& c = input.summaries.customers[risk.customer_index];
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", rank + 1,
                       clv::CsvField(input.names[risk.customer_index]), risk.probability_alive,
                       risk.value_at_risk, risk.clv_if_alive, risk.clv, risk.purchases_at_risk,
                       clv::LastPurchaseDate(input, c), c.frequency, c.recency, c.age,
                       c.monetary_value, unit);
  }
  out.close();
  if (!out) return IOError(fmt::format("{}: write error", path));
  return Status::OK();
}

nlohmann::ordered_json RiskJson(const Input& input, size_t rank, const ChurnRisk& risk) {
  const CustomerSummary& c = input.summaries.customers[risk.customer_index];
  nlohmann::ordered_json row = {{"rank", rank + 1},
                        {"customer_id", input.names[risk.customer_index]},
                        {"p_alive", Number(risk.probability_alive)},
                        {"value_at_risk", Number(risk.value_at_risk)},
                        {"clv_if_alive", Number(risk.clv_if_alive)},
                        {"expected_clv", Number(risk.clv)},
                        {"purchases_at_risk", Number(risk.purchases_at_risk)},
                        {"frequency", Number(c.frequency)},
                        {"recency", Number(c.recency)},
                        {"T", Number(c.age)},
                        {"monetary", Number(c.monetary_value)}};
  if (input.calibration_end_day) row["last_purchase"] = clv::LastPurchaseDate(input, c);
  return row;
}

int RunChurn(const ChurnFlags& flags) {
  Result<ClvModel> model = ParseClvModel(flags.input.model);
  if (!model.ok()) return ReportError(model.status());
  if (!(flags.threshold > 0 && flags.threshold <= 1)) {
    return ReportError(
        InvalidArgument(fmt::format("--threshold {} must be in (0, 1]", flags.threshold)));
  }
  if (flags.top < 0) return ReportError(InvalidArgument("--top must be >= 0 (0: all at risk)"));
  Result<Input> input = clv::LoadInput(flags.input, *model);
  if (!input.ok()) return ReportError(input.status());
  Result<clv::FittedModels> models = clv::FitForPrediction(*model, &*input);
  if (!models.ok()) return ReportError(models.status());
  const TimeUnit unit = input->summaries.time_unit;
  ClvOptions options;
  options.purchase_horizon = flags.horizon < 0 ? clv::DefaultHorizon(unit) : flags.horizon;
  options.horizon_months = flags.months;
  options.monthly_discount_rate = flags.discount_rate;
  const ModelFit* spend = models->spend ? &*models->spend : nullptr;
  auto predictions = PredictCustomers(models->purchases, spend, input->summaries, options);
  if (!predictions.ok()) return ReportError(predictions.status());
  ChurnOptions churn_options;
  churn_options.threshold = flags.threshold;
  Result<std::vector<ChurnRisk>> at_risk = RankChurnRisk(*predictions, churn_options);
  if (!at_risk.ok()) return ReportError(at_risk.status());
  if (!flags.out.empty()) {
    Status written = WriteChurnCsv(flags.out, *input, *at_risk);
    if (!written.ok()) return ReportError(written);
  }
  double value_total = 0, purchases_total = 0;
  for (const ChurnRisk& risk : *at_risk) {
    value_total += risk.value_at_risk;
    purchases_total += risk.purchases_at_risk;
  }
  const size_t shown = flags.top == 0 ? at_risk->size()
                                      : std::min(at_risk->size(), static_cast<size_t>(flags.top));
  const std::string unit_name(TimeUnitName(unit));
  const char* clv_unit = unit == TimeUnit::kPeriods ? "periods" : "months";
  if (flags.input.json) {
    nlohmann::ordered_json out = {{"model", ClvModelName(*model)},
                          {"time_unit", unit_name},
                          {"spend_model", spend != nullptr ? nlohmann::ordered_json("gamma_gamma")
                                                         : nlohmann::ordered_json(nullptr)},
                          {"threshold", flags.threshold},
                          {"n_customers", input->summaries.customers.size()},
                          {"n_at_risk", at_risk->size()},
                          {"value_at_risk_total", Number(value_total)},
                          {"purchases_at_risk_total", Number(purchases_total)},
                          {"horizon", Number(options.purchase_horizon)},
                          {"horizon_unit", unit_name},
                          {"clv_horizon", options.horizon_months},
                          {"clv_horizon_unit", clv_unit},
                          {"discount_rate", options.monthly_discount_rate},
                          {"definition", kDefinition},
                          {"customers_shown", shown}};
    clv::AddParameterJson(models->purchases, &out);
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (size_t rank = 0; rank < shown; ++rank) rows.push_back(RiskJson(*input, rank, (*at_risk)[rank]));
    out["customers"] = rows;
    out["input"] = clv::InputJson(*input);
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("Churn risk with {} (time unit: {}) from {}\n", ClvModelName(*model), unit_name,
             input->source);
  for (const std::string& note : input->notes) fmt::print("note: {}\n", note);
  fmt::print("\n{} of {} customers have P(alive) < {:g}.\n", Thousands(static_cast<int64_t>(at_risk->size())),
             Thousands(static_cast<int64_t>(input->summaries.customers.size())), flags.threshold);
  if (spend != nullptr) {
    fmt::print("Value at risk: {:.2f} of CLV over {} {} (discounted {:g}% per month) that these "
               "customers would bring if still alive.\n",
               value_total, options.horizon_months, clv_unit, 100 * options.monthly_discount_rate);
  } else {
    fmt::print("Purchases at risk over the next {:g} {}: {:.1f} (no spend model: ranked by "
               "purchases at risk).\n",
               options.purchase_horizon, unit_name, purchases_total);
  }
  fmt::print("Definition: {}.\n\n", kDefinition);
  TextTable table({"rank", "customer", "P(alive)", "value at risk", "CLV if alive",
                   "last purchase", "frequency", "monetary"});
  for (size_t rank = 0; rank < shown; ++rank) {
    const ChurnRisk& risk = (*at_risk)[rank];
    const CustomerSummary& c = input->summaries.customers[risk.customer_index];
    std::string last = clv::LastPurchaseDate(*input, c);
    if (last.empty()) last = fmt::format("{:.1f} {} ago", c.age - c.recency, unit_name);
    table.AddRow({std::to_string(rank + 1), input->names[risk.customer_index],
                  fmt::format("{:.3f}", risk.probability_alive),
                  fmt::format("{:.2f}", risk.value_at_risk), fmt::format("{:.2f}", risk.clv_if_alive),
                  last, fmt::format("{:g}", c.frequency), fmt::format("{:.2f}", c.monetary_value)});
  }
  fmt::print("{}", table.Render());
  if (shown < at_risk->size()) {
    fmt::print("... {} more (--top 0 shows all)\n", Thousands(static_cast<int64_t>(at_risk->size() - shown)));
  }
  if (!flags.out.empty()) fmt::print("every customer at risk written to {}\n", flags.out);
  return 0;
}

}  // namespace

CommandRunner AddChurnCommand(CLI::App* root) {
  CLI::App* command = root->add_subcommand(
      "churn",
      "Customers whose P(alive) fell below a threshold, ranked by value at risk, as a CSV "
      "for a CRM campaign.\n"
      "Example: mroi churn --data mroi-demo/data --out churn.csv\n"
      "         mroi churn --transactions orders.csv --threshold 0.3 --json");
  auto flags = std::make_shared<ChurnFlags>();
  clv::AddInputFlags(command, &flags->input,
                     "purchase model: bg_nbd (default), pareto_nbd, mbg_nbd or bg_bb");
  command->add_option("--threshold", flags->threshold,
                      "at risk when P(alive) is below this (default 0.5)");
  command->add_option("--horizon", flags->horizon,
                      "purchases at risk over this many time units (default one year)");
  command->add_option("--months", flags->months, "CLV horizon in months (default 12)");
  command->add_option("--discount-rate", flags->discount_rate,
                      "CLV discount rate per month (default 0.01)");
  command->add_option("--out", flags->out,
                      "CSV of every customer at risk, ranked (customer_id, p_alive, "
                      "value_at_risk, last_purchase, frequency, monetary, ...)");
  command->add_option("--top", flags->top, "customers shown (default 20; 0 = all at risk)");
  return [flags] { return RunChurn(*flags); };
}

}  // namespace mroi::cli
