// Simulation from the customer models (for checks, tests and benchmarks).

#include <cmath>
#include <random>

#include <fmt/format.h>

#include "clv/fit_internal.h"
#include "mroi/clv_predict.h"

namespace mroi {
namespace {

double DrawGamma(std::mt19937_64& engine, double shape, double rate) {
  return std::gamma_distribution<double>(shape, 1.0 / rate)(engine);
}

double DrawBeta(std::mt19937_64& engine, double a, double b) {
  const double x = DrawGamma(engine, a, 1.0), y = DrawGamma(engine, b, 1.0);
  return x / (x + y);
}

// Continuous-time customer: purchases of a Poisson(lambda) process until dropout.
// `dropout_after_purchase` returns true when the customer leaves after a purchase.
template <typename Dropout>
CustomerSummary SimulateContinuous(std::mt19937_64& engine, double lambda, double age, double holdout,
                                   double death_time, Dropout dropout_after_purchase) {
  CustomerSummary c;
  c.age = age;
  std::exponential_distribution<double> gap(lambda);
  double time = 0;
  while (true) {
    time += gap(engine);
    if (time > age + holdout || time > death_time) break;
    if (time <= age) {
      c.frequency += 1;
      c.recency = time;
    } else {
      c.holdout_frequency += 1;
    }
    if (dropout_after_purchase()) break;
  }
  return c;
}

}  // namespace

Result<CustomerSummaries> SimulateCustomers(const ModelFit& fit, std::span<const double> ages,
                                            uint64_t seed, double holdout_duration) {
  if (!IsTransactionModel(fit.model)) {
    return InvalidArgument("SimulateCustomers needs a purchase-count model; use SimulateSpend for Gamma-Gamma");
  }
  const std::vector<double> p = fit.values();
  MROI_RETURN_IF_ERROR(internal::CheckParameters(fit.model, p));
  const bool discrete = fit.model == ClvModel::kBgBb;
  if (!std::isfinite(holdout_duration) || holdout_duration < 0 ||
      (discrete && std::floor(holdout_duration) != holdout_duration)) {
    return InvalidArgument(fmt::format("holdout duration {} must be finite, >= 0 (whole for BG/BB)",
                                       holdout_duration));
  }
  CustomerSummaries out;
  out.time_unit = fit.time_unit;
  out.holdout_duration = holdout_duration;
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const double infinity = std::numeric_limits<double>::infinity();
  for (size_t idx = 0; idx < ages.size(); ++idx) {
    const double age = ages[idx];
    if (!std::isfinite(age) || age < 0 || (discrete && std::floor(age) != age)) {
      return InvalidArgument(fmt::format("age {} (entry {}) must be finite, >= 0 (whole for BG/BB)", age, idx));
    }
    CustomerSummary c;
    switch (fit.model) {
      case ClvModel::kBgNbd:
      case ClvModel::kMbgNbd: {
        const double lambda = DrawGamma(engine, p[0], p[1]);
        const double dropout = DrawBeta(engine, p[2], p[3]);
        const bool dead_at_start = fit.model == ClvModel::kMbgNbd && uniform(engine) < dropout;
        c = SimulateContinuous(engine, lambda, age, holdout_duration, dead_at_start ? 0.0 : infinity,
                               [&] { return uniform(engine) < dropout; });
        break;
      }
      case ClvModel::kParetoNbd: {
        const double lambda = DrawGamma(engine, p[0], p[1]);
        const double mu = DrawGamma(engine, p[2], p[3]);
        const double death = std::exponential_distribution<double>(mu)(engine);
        c = SimulateContinuous(engine, lambda, age, holdout_duration, death, [] { return false; });
        break;
      }
      case ClvModel::kBgBb: {
        const double purchase = DrawBeta(engine, p[0], p[1]);
        const double dropout = DrawBeta(engine, p[2], p[3]);
        c.age = age;
        for (double period = 1; period <= age + holdout_duration; ++period) {
          if (uniform(engine) < dropout) break;
          if (uniform(engine) >= purchase) continue;
          if (period <= age) {
            c.frequency += 1;
            c.recency = period;
          } else {
            c.holdout_frequency += 1;
          }
        }
        break;
      }
      case ClvModel::kGammaGamma: break;
    }
    c.customer_id = static_cast<int64_t>(idx) + 1;
    out.customers.push_back(c);
  }
  return out;
}

Result<CustomerSummaries> SimulateSpend(const ModelFit& spend_model, const CustomerSummaries& data,
                                        uint64_t seed) {
  if (spend_model.model != ClvModel::kGammaGamma) {
    return InvalidArgument(fmt::format("SimulateSpend needs a gamma_gamma model, not {}",
                                       ClvModelName(spend_model.model)));
  }
  const std::vector<double> p = spend_model.values();
  MROI_RETURN_IF_ERROR(internal::CheckParameters(spend_model.model, p));
  CustomerSummaries out = data;
  std::mt19937_64 engine(seed);
  for (CustomerSummary& c : out.customers) {
    if (!(c.frequency > 0)) continue;
    const double nu = DrawGamma(engine, p[1], p[2]);
    // The mean of x gamma(p, nu) spends is gamma(p x, nu x).
    c.monetary_value = DrawGamma(engine, p[0] * c.frequency, nu * c.frequency);
  }
  return out;
}

}  // namespace mroi
