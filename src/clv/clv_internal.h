#pragma once

// Shared internals of the customer models: aggregated rows, the per-model
// log-likelihoods with analytic gradients and the raw prediction formulas on plain
// parameter vectors (natural scale, ClvParameterNames() order).

#include <cstdint>
#include <span>
#include <vector>

#include "mroi/clv_data.h"
#include "mroi/clv_models.h"

namespace mroi::internal {

/// Customers with identical data merged into one weighted row, sorted by frequency
/// (the likelihoods compute the frequency-only terms once per distinct frequency).
struct AggregatedRows {
  std::vector<double> frequency;
  std::vector<double> recency;   // transaction models
  std::vector<double> age;       // transaction models
  std::vector<double> monetary;  // Gamma-Gamma
  std::vector<double> weight;
  double total_weight = 0;
  size_t size() const { return weight.size(); }
};

/// Merge rows with equal (frequency, recency, age). Cost: O(n log n).
AggregatedRows AggregateTransactionRows(const CustomerSummaries& data);
/// Merge the rows with frequency > 0 and monetary_value > 0 on (frequency, monetary).
AggregatedRows AggregateSpendRows(const CustomerSummaries& data);

/// Return the weighted total log-likelihood of `model` on `rows`; when `gradient`
/// is not empty (size k) it receives the gradient (natural scale). Returns NaN when
/// a value is not finite or a series did not converge. Thread-compatible.
double ModelLogLikelihood(ClvModel model, std::span<const double> params, const AggregatedRows& rows,
                          std::span<double> gradient);

double BgNbdFamilyLogLikelihood(std::span<const double> params, const AggregatedRows& rows,
                                std::span<double> gradient, bool modified);
double ParetoNbdLogLikelihood(std::span<const double> params, const AggregatedRows& rows,
                              std::span<double> gradient);
double BgBbLogLikelihood(std::span<const double> params, const AggregatedRows& rows,
                         std::span<double> gradient);
double GammaGammaLogLikelihood(std::span<const double> params, const AggregatedRows& rows,
                               std::span<double> gradient);

/// Gauss hypergeometric 2F1(a, b; c; z) by its series, 0 <= z < 1; NaN when the
/// series did not converge within its term budget or c + n hits 0.
double Hyp2F1(double a, double b, double c, double z);

/// Digamma with errors reported as NaN (no exceptions).
double Digamma(double x);
/// log B(a, b).
double LogBeta(double a, double b);

// Raw predictions of one customer; NaN when undefined or not computable.
double BgNbdFamilyProbabilityAlive(std::span<const double> p, bool modified, double x, double t_x, double age);
double BgNbdFamilyConditionalExpected(std::span<const double> p, bool modified, double x, double t_x,
                                      double age, double horizon);
double BgNbdFamilyProbabilityOfCount(std::span<const double> p, bool modified, double t, int64_t count);

double ParetoNbdProbabilityAlive(std::span<const double> p, double x, double t_x, double age);
double ParetoNbdConditionalExpected(std::span<const double> p, double x, double t_x, double age,
                                    double horizon);
double ParetoNbdExpected(std::span<const double> p, double t);
double ParetoNbdProbabilityOfCount(std::span<const double> p, double t, int64_t count);

double BgBbProbabilityAlive(std::span<const double> p, double x, double t_x, double n);
double BgBbConditionalExpected(std::span<const double> p, double x, double t_x, double n,
                               double horizon);
double BgBbExpected(std::span<const double> p, double n);
double BgBbProbabilityOfCount(std::span<const double> p, double n, int64_t count);

double GammaGammaConditionalSpend(std::span<const double> p, double x, double monetary);

// Dispatch over the transaction models.
double RawProbabilityAlive(ClvModel model, std::span<const double> p, const CustomerSummary& c);
double RawConditionalExpected(ClvModel model, std::span<const double> p, const CustomerSummary& c,
                              double horizon);
double RawExpected(ClvModel model, std::span<const double> p, double t);
double RawProbabilityOfCount(ClvModel model, std::span<const double> p, double t, int64_t count);

}  // namespace mroi::internal
