#pragma once

// Adstock and Hill transforms of the marketing-mix model (Robyn's definitions:
// transformation.R of facebookexperimental/Robyn; Jin et al., "Bayesian methods for
// media mix modeling with carryover and shape effects", Google 2017). Pure functions
// on std::vector, shared by the fit, the simulator and the tests.

#include <vector>

#include "mroi/mmm.h"

namespace mroi::internal {

/// Geometric adstock a_t = x_t + theta * a_{t-1}, a_{-1} = 0. REQUIRES theta in [0, 1).
std::vector<double> GeometricAdstock(const std::vector<double>& spend, double theta);

/// Weibull adstock weights w_0..w_{window-1} (kWeibullCdf or kWeibullPdf; see
/// AdstockKind). `scale` is in periods (> 0), `shape` > 0. REQUIRES window >= 1.
std::vector<double> WeibullWeights(AdstockKind kind, double shape, double scale, int window);

/// Geometric weights theta^l for l = 0.. until they drop below `cutoff`.
std::vector<double> GeometricWeights(double theta, double cutoff = 1e-4);

/// Convolve with lag weights: a_t = sum_l weights[l] * x_{t-l} (x before 0 is 0).
std::vector<double> ApplyLagWeights(const std::vector<double>& spend,
                                    const std::vector<double>& weights);

/// Hill saturation x^alpha / (x^alpha + k^alpha); 0 for x <= 0. REQUIRES k > 0.
double Hill(double x, double alpha, double half_saturation);

/// Robyn's inflexion point: min + gamma * (max - min) of `adstocked`.
double HillInflexion(const std::vector<double>& adstocked, double gamma);

}  // namespace mroi::internal
