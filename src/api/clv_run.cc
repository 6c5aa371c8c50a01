// The customer models run on loaded customers: fit, predict, check and churn risk.
#include <algorithm>
#include <chrono>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mroi/api_clv.h"

namespace mroi::api {

namespace {

// A parameter below this or above kHuge has run to the edge of the parameter space.
constexpr double kTiny = 1e-4;
constexpr double kHuge = 1e4;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool HasSpend(const CustomerSummaries& summaries) {
  int usable = 0;
  for (const CustomerSummary& customer : summaries.customers) {
    if (customer.frequency > 0 && customer.monetary_value > 0 && ++usable >= 2)
      return true;
  }
  return false;
}

// Why a fit did not converge, when a parameter ran to the edge of the space; "" when
// it converged.
std::string BoundaryDiagnosis(const ModelFit& fit) {
  if (fit.converged) return "";
  std::vector<std::string> at_edge;
  for (const ParameterEstimate& parameter : fit.parameters) {
    if (parameter.value < kTiny || parameter.value > kHuge) {
      at_edge.push_back(fmt::format("{} = {:.3g}", parameter.name, parameter.value));
    }
  }
  if (at_edge.empty()) {
    return "no interior maximum was confirmed (Hessian not positive definite): the "
           "standard "
           "errors are undefined";
  }
  std::string text = fmt::format(
      "the likelihood keeps rising towards the edge of the parameter space ({}), so "
      "there is "
      "no interior maximum and no standard errors",
      fmt::join(at_edge, ", "));
  const bool dropout_model =
      fit.model == ClvModel::kBgNbd || fit.model == ClvModel::kMbgNbd;
  const double a = fit.value("a"), b = fit.value("b");
  if (dropout_model && a / (a + b) < kTiny) {
    text += fmt::format(
        "; the mean dropout probability a/(a+b) = {:.2g} is effectively 0: these data "
        "show no "
        "sign of customers dropping out within the window, and the model reduces to the "
        "NBD "
        "(no churn)",
        a / (a + b));
  }
  return text;
}

// Default purchase horizon: one year (365 days, 52 weeks, 12 months), 1 period.
double DefaultHorizon(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDays:
      return 365;
    case TimeUnit::kWeeks:
      return 52;
    case TimeUnit::kMonths:
      return 12;
    case TimeUnit::kPeriods:
      return 1;
  }
  return 52;
}

// Fit the purchase model and, when the data allow it, the Gamma-Gamma spend model, then
// predict every customer. A spend model that cannot be used becomes a note.
Result<ClvPredictResult> FitAndPredict(const ClvRequest& request, ClvInput* input) {
  ClvPredictResult out;
  MROI_ASSIGN_OR_RETURN(out.model, ParseClvModel(request.model));
  if (!IsTransactionModel(out.model)) {
    return InvalidArgument(
        "--model must be a purchase model (bg_nbd, pareto_nbd, mbg_nbd, bg_bb); the "
        "gamma_gamma spend model is fitted alongside when the data hold monetary values");
  }
  const auto start = std::chrono::steady_clock::now();
  FitOptions options;
  options.fail_on_non_convergence = false;  // a limit point is still usable: say so
  MROI_ASSIGN_OR_RETURN(out.purchases, FitModel(out.model, input->summaries, options));
  if (!out.purchases.converged) {
    out.warning = fmt::format(
        "the {} fit did not converge: {}; the predictions use the parameters it reached "
        "and "
        "their intervals are undefined (null)",
        ClvModelName(out.model), BoundaryDiagnosis(out.purchases));
    input->notes.push_back(*out.warning);
  }
  if (HasSpend(input->summaries)) {
    Result<ModelFit> spend =
        FitModel(ClvModel::kGammaGamma, input->summaries, FitOptions{});
    if (!spend.ok()) {
      input->notes.push_back("no spend model (no CLV): " + spend.status().message());
    } else if (spend->value("q") <= 1) {
      input->notes.push_back(
          "no spend model (no CLV): Gamma-Gamma q <= 1, the mean spend is undefined");
    } else {
      out.spend = std::move(spend).value();
    }
  } else {
    input->notes.push_back("no monetary values: no spend model, no CLV");
  }
  out.seconds_fit = SecondsSince(start);
  const TimeUnit unit = input->summaries.time_unit;
  out.options.purchase_horizon =
      request.horizon ? *request.horizon : DefaultHorizon(unit);
  out.options.horizon_months = request.months;
  out.options.monthly_discount_rate = request.discount_rate;
  const ModelFit* spend = out.spend ? &*out.spend : nullptr;
  MROI_ASSIGN_OR_RETURN(out.predictions, PredictCustomers(out.purchases, spend,
                                                          input->summaries, out.options));
  for (const CustomerPrediction& prediction : out.predictions) {
    out.total_purchases += prediction.expected_purchases.estimate;
    out.total_clv += prediction.clv.estimate;
  }
  return out;
}

}  // namespace

const char* const kClvNoHoldoutNote =
    "no holdout: give --calibration-end DATE with --transactions (or the "
    "frequency_holdout and "
    "duration_holdout columns in --summary) to compare predicted and actual holdout "
    "purchases";

const char* const kChurnDefinition =
    "value_at_risk = (1 - p_alive) * clv_if_alive, where clv_if_alive = clv / p_alive is "
    "the "
    "CLV the customer brings if still alive (a dead customer buys nothing); ranked by "
    "value at "
    "risk, then by purchases at risk";

Result<ClvFitResult> RunClvFit(const ClvRequest& request, const ClvInput& input) {
  MROI_RETURN_IF_ERROR(CheckClvRequest(request));
  ClvFitResult out;
  MROI_ASSIGN_OR_RETURN(out.model, ParseClvModel(request.model));
  if (out.model == ClvModel::kGammaGamma && !HasSpend(input.summaries)) {
    return InvalidArgument(
        "gamma_gamma needs spend: a monetary_value (or zbar) column in --summary, or "
        "amounts "
        "in --transactions, for at least 2 customers with repeat purchases");
  }
  FitOptions options;
  options.fail_on_non_convergence = false;
  const auto start = std::chrono::steady_clock::now();
  MROI_ASSIGN_OR_RETURN(out.fit, FitModel(out.model, input.summaries, options));
  out.seconds = SecondsSince(start);
  out.diagnosis = BoundaryDiagnosis(out.fit);
  return out;
}

Result<ClvPredictResult> RunClvPredict(const ClvRequest& request, ClvInput* input) {
  MROI_RETURN_IF_ERROR(CheckClvRequest(request));
  std::optional<size_t> chosen;
  if (!request.customer.empty()) {
    auto found = std::find(input->names.begin(), input->names.end(), request.customer);
    if (found == input->names.end()) {
      return NotFound(
          fmt::format("customer '{}' is not in {}", request.customer, input->source));
    }
    chosen = static_cast<size_t>(found - input->names.begin());
  }
  MROI_ASSIGN_OR_RETURN(ClvPredictResult out, FitAndPredict(request, input));
  // Rows shown: one customer, or the top ones by CLV (purchases without spend).
  if (chosen) {
    out.shown = {*chosen};
    return out;
  }
  out.shown.resize(out.predictions.size());
  std::iota(out.shown.begin(), out.shown.end(), size_t{0});
  const bool by_clv = out.spend.has_value();
  auto value = [&](size_t idx) {
    const CustomerPrediction& prediction = out.predictions[idx];
    return by_clv ? prediction.clv.estimate : prediction.expected_purchases.estimate;
  };
  std::stable_sort(out.shown.begin(), out.shown.end(),
                   [&](size_t left, size_t right) { return value(left) > value(right); });
  if (request.top > 0 && out.shown.size() > static_cast<size_t>(request.top)) {
    out.shown.resize(static_cast<size_t>(request.top));
  }
  return out;
}

Result<ClvCheckResult> RunClvCheck(const ClvRequest& request, const ClvInput& input) {
  MROI_RETURN_IF_ERROR(CheckClvRequest(request));
  ClvCheckResult out;
  MROI_ASSIGN_OR_RETURN(out.model, ParseClvModel(request.model));
  MROI_ASSIGN_OR_RETURN(out.fit, FitModel(out.model, input.summaries, FitOptions{}));
  MROI_ASSIGN_OR_RETURN(out.histogram, CompareFrequencyHistogram(out.fit, input.summaries,
                                                                 request.buckets));
  if (input.summaries.holdout_duration > 0) {
    MROI_ASSIGN_OR_RETURN(out.holdout,
                          CompareHoldout(out.fit, input.summaries, request.buckets));
  }
  return out;
}

Result<ChurnResult> RunChurn(const ClvRequest& request, ClvInput* input) {
  MROI_RETURN_IF_ERROR(CheckClvRequest(request));
  ChurnResult out;
  MROI_ASSIGN_OR_RETURN(out.models, FitAndPredict(request, input));
  ChurnOptions options;
  options.threshold = request.threshold;
  MROI_ASSIGN_OR_RETURN(out.at_risk, RankChurnRisk(out.models.predictions, options));
  for (const ChurnRisk& risk : out.at_risk) {
    out.value_at_risk_total += risk.value_at_risk;
    out.purchases_at_risk_total += risk.purchases_at_risk;
  }
  out.shown = request.top == 0
                  ? out.at_risk.size()
                  : std::min(out.at_risk.size(), static_cast<size_t>(request.top));
  return out;
}

}  // namespace mroi::api
