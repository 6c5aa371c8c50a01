// mroi churn: customers whose P(alive) fell below a threshold, ranked by value at
// risk (the CLV they would bring if still alive that the model expects lost), as a
// table, JSON or a CSV for a CRM campaign. The ranking runs in mroi::api (shared with
// the server); this file prints.
#include <fstream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "clv_common.h"
#include "commands.h"

namespace mroi::cli {

namespace {

using api::ClvInput;

struct ChurnFlags {
  clv::InputFlags input;
  double threshold = 0.5;
  double horizon = -1;
  int months = 12;
  double discount_rate = 0.01;
  std::string out;
  int top = 20;
};

Status WriteChurnCsv(const std::string& path, const ClvInput& input,
                     const std::vector<ChurnRisk>& at_risk) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return IOError(fmt::format("{}: cannot write", path));
  out << "rank,customer_id,p_alive,value_at_risk,clv_if_alive,expected_clv,purchases_at_"
         "risk,"
         "last_purchase,frequency,recency,T,monetary,time_unit\n";
  const std::string unit(TimeUnitName(input.summaries.time_unit));
  for (size_t rank = 0; rank < at_risk.size(); ++rank) {
    const ChurnRisk& risk = at_risk[rank];
    const CustomerSummary& c = input.summaries.customers[risk.customer_index];
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", rank + 1,
                       clv::CsvField(input.names[risk.customer_index]),
                       risk.probability_alive, risk.value_at_risk, risk.clv_if_alive,
                       risk.clv, risk.purchases_at_risk, api::LastPurchaseDate(input, c),
                       c.frequency, c.recency, c.age, c.monetary_value, unit);
  }
  out.close();
  if (!out) return IOError(fmt::format("{}: write error", path));
  return Status::OK();
}

int RunChurn(const ChurnFlags& flags) {
  Result<api::ClvRequest> request =
      clv::RequestOf(flags.input, api::ClvCommand::kChurn,
                     {{"threshold", fmt::format("{}", flags.threshold)},
                      {"horizon", fmt::format("{}", flags.horizon)},
                      {"months", std::to_string(flags.months)},
                      {"discount-rate", fmt::format("{}", flags.discount_rate)},
                      {"top", std::to_string(flags.top)}});
  if (!request.ok()) return ReportError(request.status());
  if (Status checked = api::CheckClvRequest(*request); !checked.ok())
    return ReportError(checked);
  Result<ClvInput> input = clv::LoadInput(*request, flags.input);
  if (!input.ok()) return ReportError(input.status());
  Result<api::ChurnResult> result = api::RunChurn(*request, &*input);
  if (result.ok() && result->models.warning) {
    fmt::print(stderr, "mroi: warning: {}\n", *result->models.warning);
  }
  if (!result.ok()) return ReportError(result.status());
  const std::vector<ChurnRisk>* at_risk = &result->at_risk;
  if (!flags.out.empty()) {
    Status written = WriteChurnCsv(flags.out, *input, *at_risk);
    if (!written.ok()) return ReportError(written);
  }
  if (flags.input.json) {
    fmt::print("{}\n", api::ChurnJson(*result, *request, *input));
    return 0;
  }
  const ClvModel* model = &result->models.model;
  const ModelFit* spend = result->models.spend ? &*result->models.spend : nullptr;
  const ClvOptions& options = result->models.options;
  const double value_total = result->value_at_risk_total;
  const double purchases_total = result->purchases_at_risk_total;
  const size_t shown = result->shown;
  const TimeUnit unit = input->summaries.time_unit;
  const std::string unit_name(TimeUnitName(unit));
  const char* clv_unit = unit == TimeUnit::kPeriods ? "periods" : "months";
  fmt::print("Churn risk with {} (time unit: {}) from {}\n", ClvModelName(*model),
             unit_name, input->source);
  for (const std::string& note : input->notes) fmt::print("note: {}\n", note);
  fmt::print("\n{} of {} customers have P(alive) < {:g}.\n",
             Thousands(static_cast<int64_t>(at_risk->size())),
             Thousands(static_cast<int64_t>(input->summaries.customers.size())),
             flags.threshold);
  if (spend != nullptr) {
    fmt::print(
        "Value at risk: {:.2f} of CLV over {} {} (discounted {:g}% per month) that these "
        "customers would bring if still alive.\n",
        value_total, options.horizon_months, clv_unit,
        100 * options.monthly_discount_rate);
  } else {
    fmt::print(
        "Purchases at risk over the next {:g} {}: {:.1f} (no spend model: ranked by "
        "purchases at risk).\n",
        options.purchase_horizon, unit_name, purchases_total);
  }
  fmt::print("Definition: {}.\n\n", api::kChurnDefinition);
  TextTable table({"rank", "customer", "P(alive)", "value at risk", "CLV if alive",
                   "last purchase", "frequency", "monetary"});
  for (size_t rank = 0; rank < shown; ++rank) {
    const ChurnRisk& risk = (*at_risk)[rank];
    const CustomerSummary& c = input->summaries.customers[risk.customer_index];
    std::string last = api::LastPurchaseDate(*input, c);
    if (last.empty()) last = fmt::format("{:.1f} {} ago", c.age - c.recency, unit_name);
    table.AddRow({std::to_string(rank + 1), input->names[risk.customer_index],
                  fmt::format("{:.3f}", risk.probability_alive),
                  fmt::format("{:.2f}", risk.value_at_risk),
                  fmt::format("{:.2f}", risk.clv_if_alive), last,
                  fmt::format("{:g}", c.frequency),
                  fmt::format("{:.2f}", c.monetary_value)});
  }
  fmt::print("{}", table.Render());
  if (shown < at_risk->size()) {
    fmt::print("... {} more (--top 0 shows all)\n",
               Thousands(static_cast<int64_t>(at_risk->size() - shown)));
  }
  if (!flags.out.empty()) fmt::print("every customer at risk written to {}\n", flags.out);
  return 0;
}

}  // namespace

CommandRunner AddChurnCommand(CLI::App* root) {
  CLI::App* command = root->add_subcommand(
      "churn",
      "Customers whose P(alive) fell below a threshold, ranked by value at risk, as a "
      "CSV "
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
  command->add_option("--top", flags->top,
                      "customers shown (default 20; 0 = all at risk)");
  return [flags] { return RunChurn(*flags); };
}

}  // namespace mroi::cli
