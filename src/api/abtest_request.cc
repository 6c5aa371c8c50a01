// A/B requests read from Params, and the parsers of the values inside an arm.
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "mroi/api_abtest.h"

#include "abtest_internal.h"

namespace mroi::internal {

std::vector<std::string_view> SplitText(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

}  // namespace mroi::internal

namespace mroi::api {

namespace {

Status CheckNames(const Params& params, AbtestKind kind) {
  switch (kind) {
    case AbtestKind::kProportions:
      return params.CheckNames({"control", "variant", "alpha", "power", "allocation"},
                               "abtest proportions");
    case AbtestKind::kMeans:
      return params.CheckNames({"control", "variant", "alpha", "power", "allocation"},
                               "abtest means");
    case AbtestKind::kBayes:
      return params.CheckNames(
          {"control", "variant", "alpha", "power", "allocation", "prior", "credible"},
          "abtest bayes");
    case AbtestKind::kPower:
      return params.CheckNames(
          {"baseline", "mde", "relative", "alpha", "power", "allocation", "sd", "users"},
          "abtest power");
  }
  return Status::OK();
}

}  // namespace

Result<int64_t> ParseAbtestCount(std::string_view text, std::string_view what) {
  int64_t value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return InvalidArgument(fmt::format("{}: '{}' is not a whole number", what, text));
  }
  return value;
}

Result<double> ParseAbtestReal(std::string_view text, std::string_view what) {
  double value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidArgument(fmt::format("{}: '{}' is not a number", what, text));
  }
  return value;
}

Result<ProportionArm> ParseProportionArm(const std::string& text,
                                         const std::string& flag) {
  const std::vector<std::string_view> parts = internal::SplitText(text, '/');
  if (parts.size() != 2) {
    return InvalidArgument(
        fmt::format("{} '{}': write conversions/users, e.g. 49/1000", flag, text));
  }
  ProportionArm arm;
  MROI_ASSIGN_OR_RETURN(arm.conversions,
                        ParseAbtestCount(parts[0], flag + " conversions"));
  MROI_ASSIGN_OR_RETURN(arm.users, ParseAbtestCount(parts[1], flag + " users"));
  MROI_RETURN_IF_ERROR(ValidateArm(arm, flag));
  return arm;
}

Result<AbtestRequest> ParseAbtestRequest(const Params& params, AbtestKind kind) {
  MROI_RETURN_IF_ERROR(CheckNames(params, kind));
  AbtestRequest request;
  request.kind = kind;
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "control", &request.control));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "variant", &request.variant));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "alpha", &request.alpha));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "power", &request.power));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "allocation", &request.allocation));
  MROI_RETURN_IF_ERROR(ReadOptionalText(params, "prior", &request.prior));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "credible", &request.credible));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "baseline", &request.baseline));
  if (params.Has("mde")) {
    double mde = 0;
    MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "mde", &mde));
    request.mde = mde;
  }
  MROI_ASSIGN_OR_RETURN(request.relative, params.Switch("relative"));
  MROI_RETURN_IF_ERROR(ReadOptionalNumber(params, "sd", &request.sd));
  if (params.Has("users")) {
    MROI_ASSIGN_OR_RETURN(std::string users, params.Single("users"));
    MROI_ASSIGN_OR_RETURN(request.users, ParseWholeNumber(users, "--users"));
  }
  if (kind == AbtestKind::kPower) {
    if (!request.mde) {
      return InvalidArgument(
          "--mde is required: the minimum detectable effect, e.g. --mde 0.01");
    }
  } else {
    if (request.control.empty()) return InvalidArgument("--control is required");
    if (request.variant.empty()) return InvalidArgument("--variant is required");
  }
  return request;
}

}  // namespace mroi::api
