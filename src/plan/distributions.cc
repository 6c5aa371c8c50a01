// Distributions of one planning assumption: parsing "lognormal:3000:0.25" and friends,
// their quantiles (Boost.Math), and the distributions the history implies.
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include "mroi/plan_montecarlo.h"

namespace mroi {

namespace {

constexpr std::string_view kForms =
    "a number, uniform:LO..HI, triangular:LO:MODE:HI, normal:MEAN:SD, "
    "lognormal:MEDIAN:SIGMA (costs) or beta:K/N / beta:A:B (rates)";

std::optional<double> ToNumber(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Split `text` at every `separator`.
std::vector<std::string_view> Split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t found = text.find(separator, start);
    if (found == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, found - start));
    start = found + separator.size();
  }
}

Result<std::vector<double>> Numbers(std::string_view text, std::string_view separator,
                                    size_t count, std::string_view flag,
                                    std::string_view whole) {
  std::vector<std::string_view> parts = Split(text, separator);
  std::vector<double> values;
  for (std::string_view part : parts) {
    std::optional<double> value = ToNumber(part);
    if (!value) break;
    values.push_back(*value);
  }
  if (parts.size() != count || values.size() != count) {
    return InvalidArgument(
        fmt::format("{} '{}': cannot read the distribution; write {}", flag, whole, kForms));
  }
  return values;
}

bool InDomain(double value, ValueDomain domain) {
  return value > 0 && (domain == ValueDomain::kPositive || value <= 1);
}

std::string_view DomainWords(ValueDomain domain) {
  return domain == ValueDomain::kRate ? "a rate must lie in (0, 1]"
                                      : "a cost or size must be above 0";
}

Status OutOfDomain(std::string_view flag, std::string_view whole, ValueDomain domain) {
  return InvalidArgument(fmt::format("{} '{}': {}", flag, whole, DomainWords(domain)));
}

}  // namespace

Distribution Distribution::Fixed(double value, ValueDomain domain) {
  Distribution distribution;
  distribution.domain = domain;
  distribution.first = value;
  distribution.point = value;
  distribution.text = fmt::format("{:g}", value);
  return distribution;
}

Distribution Distribution::Lognormal(double median, double sigma) {
  Distribution distribution;
  distribution.kind = DistributionKind::kLognormal;
  distribution.first = median;
  distribution.second = sigma;
  distribution.point = median;
  distribution.text = fmt::format("lognormal:{:g}:{:.3g}", median, sigma);
  return distribution;
}

Distribution Distribution::BetaFromCounts(double successes, double trials) {
  Distribution distribution;
  distribution.kind = DistributionKind::kBeta;
  distribution.domain = ValueDomain::kRate;
  distribution.first = successes + 1;
  distribution.second = trials - successes + 1;
  distribution.point = successes / trials;
  distribution.text = fmt::format("beta:{:g}/{:g}", successes, trials);
  return distribution;
}

Result<Distribution> ParseDistribution(std::string_view text, ValueDomain domain,
                                       std::string_view flag) {
  if (std::optional<double> value = ToNumber(text)) {
    if (!InDomain(*value, domain)) return OutOfDomain(flag, text, domain);
    return Distribution::Fixed(*value, domain);
  }
  const size_t colon = text.find(':');
  const std::string_view family = text.substr(0, colon);
  const std::string_view rest =
      colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  Distribution distribution;
  distribution.domain = domain;
  distribution.text = std::string(text);
  if (family == "uniform") {
    MROI_ASSIGN_OR_RETURN(std::vector<double> values, Numbers(rest, "..", 2, flag, text));
    if (values[0] >= values[1]) {
      return InvalidArgument(fmt::format("{} '{}': LO must be below HI", flag, text));
    }
    if (!InDomain(values[0], domain) || !InDomain(values[1], domain)) {
      return OutOfDomain(flag, text, domain);
    }
    distribution.kind = DistributionKind::kUniform;
    distribution.first = values[0];
    distribution.second = values[1];
    distribution.point = (values[0] + values[1]) / 2;
  } else if (family == "triangular") {
    MROI_ASSIGN_OR_RETURN(std::vector<double> values, Numbers(rest, ":", 3, flag, text));
    if (values[0] >= values[2] || values[1] < values[0] || values[1] > values[2]) {
      return InvalidArgument(
          fmt::format("{} '{}': need LO <= MODE <= HI with LO < HI", flag, text));
    }
    if (!InDomain(values[0], domain) || !InDomain(values[2], domain)) {
      return OutOfDomain(flag, text, domain);
    }
    distribution.kind = DistributionKind::kTriangular;
    distribution.first = values[0];
    distribution.second = values[1];
    distribution.third = values[2];
    distribution.point = values[1];
  } else if (family == "normal") {
    MROI_ASSIGN_OR_RETURN(std::vector<double> values, Numbers(rest, ":", 2, flag, text));
    if (values[1] <= 0) {
      return InvalidArgument(fmt::format("{} '{}': SD must be above 0", flag, text));
    }
    if (!InDomain(values[0], domain)) return OutOfDomain(flag, text, domain);
    distribution.kind = DistributionKind::kNormal;
    distribution.first = values[0];
    distribution.second = values[1];
    distribution.point = values[0];
  } else if (family == "lognormal") {
    if (domain == ValueDomain::kRate) {
      return InvalidArgument(fmt::format(
          "{} '{}': lognormal is for costs; give a rate as beta:K/N, uniform, triangular "
          "or normal",
          flag, text));
    }
    MROI_ASSIGN_OR_RETURN(std::vector<double> values, Numbers(rest, ":", 2, flag, text));
    if (values[0] <= 0 || values[1] < 0) {
      return InvalidArgument(fmt::format(
          "{} '{}': need MEDIAN > 0 and SIGMA >= 0 (the sd of the log)", flag, text));
    }
    distribution = Distribution::Lognormal(values[0], values[1]);
    distribution.text = std::string(text);
  } else if (family == "beta") {
    if (domain != ValueDomain::kRate) {
      return InvalidArgument(fmt::format(
          "{} '{}': beta is for rates; give a cost as lognormal:MEDIAN:SIGMA", flag, text));
    }
    if (rest.find('/') != std::string_view::npos) {
      MROI_ASSIGN_OR_RETURN(std::vector<double> values, Numbers(rest, "/", 2, flag, text));
      if (values[1] <= 0 || values[0] < 0 || values[0] > values[1]) {
        return InvalidArgument(fmt::format(
            "{} '{}': need 0 <= K <= N and N > 0 (K successes out of N)", flag, text));
      }
      if (values[0] == 0) {
        return InvalidArgument(fmt::format(
            "{} '{}': K = 0 measures a rate of 0: the plan cannot reach any target", flag,
            text));
      }
      distribution = Distribution::BetaFromCounts(values[0], values[1]);
    } else {
      MROI_ASSIGN_OR_RETURN(std::vector<double> values, Numbers(rest, ":", 2, flag, text));
      if (values[0] <= 0 || values[1] <= 0) {
        return InvalidArgument(fmt::format("{} '{}': need A > 0 and B > 0", flag, text));
      }
      distribution.kind = DistributionKind::kBeta;
      distribution.first = values[0];
      distribution.second = values[1];
      distribution.point = values[0] / (values[0] + values[1]);
    }
    distribution.text = std::string(text);
  } else {
    return InvalidArgument(fmt::format("{} '{}': unknown distribution; write {}", flag,
                                       text, kForms));
  }
  return distribution;
}

double DistributionQuantile(const Distribution& distribution, double probability) {
  switch (distribution.kind) {
    case DistributionKind::kFixed:
      return distribution.first;
    case DistributionKind::kUniform:
      return distribution.first + probability * (distribution.second - distribution.first);
    case DistributionKind::kTriangular:
      return boost::math::quantile(
          boost::math::triangular_distribution<double>(distribution.first, distribution.second,
                                                       distribution.third),
          probability);
    case DistributionKind::kNormal: {
      const boost::math::normal_distribution<double> normal(distribution.first,
                                                            distribution.second);
      const double low = boost::math::cdf(normal, 0.0);
      const double high = distribution.domain == ValueDomain::kRate
                              ? boost::math::cdf(normal, 1.0)
                              : 1.0;
      return boost::math::quantile(normal, low + probability * (high - low));
    }
    case DistributionKind::kLognormal:
      if (distribution.second == 0) return distribution.first;
      return boost::math::quantile(
          boost::math::lognormal_distribution<double>(std::log(distribution.first),
                                                      distribution.second),
          probability);
    case DistributionKind::kBeta:
      return boost::math::quantile(
          boost::math::beta_distribution<double>(distribution.first, distribution.second),
          probability);
  }
  return distribution.point;
}

Distribution CostFromHistory(double rate, const std::vector<double>& monthly,
                             std::string_view what, std::string* note) {
  std::vector<double> logs;
  for (double value : monthly) {
    if (value > 0 && std::isfinite(value)) logs.push_back(std::log(value));
  }
  if (static_cast<int>(logs.size()) < kMinMonthsForSigma) {
    if (note != nullptr) {
      *note = fmt::format(
          "{}: {} month(s) of history, fewer than {}: assumed a month-to-month spread "
          "(log-sd) of {:g}",
          what, logs.size(), kMinMonthsForSigma, kDefaultCostSigma);
    }
    return Distribution::Lognormal(rate, kDefaultCostSigma);
  }
  double mean = 0;
  for (double value : logs) mean += value;
  mean /= static_cast<double>(logs.size());
  double squares = 0;
  for (double value : logs) squares += (value - mean) * (value - mean);
  const double sigma = std::sqrt(squares / static_cast<double>(logs.size() - 1));
  if (note != nullptr) note->clear();
  return Distribution::Lognormal(rate, sigma);
}

}  // namespace mroi
