// A/B tests from summary statistics: proportions, means, Bayes and power, and their JSON.
#include <cmath>

#include <fmt/format.h>

#include "mroi/api_abtest.h"

#include "abtest_internal.h"

namespace mroi::internal {

using Json = nlohmann::ordered_json;

void AddLiftJson(const LiftResult& test, bool t_test, Json* out) {
  (*out)["lift_abs"] = AbtestNumber(test.lift_abs);
  (*out)["lift_abs_ci_low"] = AbtestNumber(test.lift_abs_ci_low);
  (*out)["lift_abs_ci_high"] = AbtestNumber(test.lift_abs_ci_high);
  (*out)["lift_rel"] = AbtestNumber(test.lift_rel);
  (*out)["ci_low"] = AbtestNumber(test.ci_low);
  (*out)["ci_high"] = AbtestNumber(test.ci_high);
  if (t_test) {
    (*out)["t"] = AbtestNumber(test.statistic);
    (*out)["df"] = AbtestNumber(test.df);
  } else {
    (*out)["z"] = AbtestNumber(test.statistic);
  }
  (*out)["p_value"] = AbtestNumber(test.p_value);
  (*out)["alpha"] = test.alpha;
  (*out)["significant"] = test.significant();
}

void AddBayesJson(const BayesResult& bayes, Json* out) {
  (*out)["chance_to_beat"] = AbtestNumber(bayes.chance_to_beat);
  (*out)["expected_loss"] = AbtestNumber(bayes.expected_loss);
  (*out)["expected_loss_control"] = AbtestNumber(bayes.expected_loss_control);
}

void AddSrmJson(const SrmResult& srm, Json* out) {
  (*out)["srm_chi_square"] = AbtestNumber(srm.chi_square);
  (*out)["srm_p_value"] = AbtestNumber(srm.p_value);
  (*out)["srm_mismatch"] = srm.mismatch;
  (*out)["srm_warning"] = srm.warning.empty() ? Json(nullptr) : Json(srm.warning);
}

}  // namespace mroi::internal

namespace mroi::api {

namespace {

using Json = nlohmann::ordered_json;
using internal::AbtestNumber;

// "1000:12.5:30" = n:mean:sd.
Result<MeanArm> ParseMeanArm(const std::string& text, const std::string& flag) {
  const std::vector<std::string_view> parts = internal::SplitText(text, ':');
  if (parts.size() != 3) {
    return InvalidArgument(
        fmt::format("{} '{}': write n:mean:sd, e.g. 1000:12.5:30", flag, text));
  }
  MeanArm arm;
  MROI_ASSIGN_OR_RETURN(arm.n, ParseAbtestCount(parts[0], flag + " n"));
  MROI_ASSIGN_OR_RETURN(arm.mean, ParseAbtestReal(parts[1], flag + " mean"));
  MROI_ASSIGN_OR_RETURN(arm.sd, ParseAbtestReal(parts[2], flag + " sd"));
  if (arm.n <= 0) {
    return InvalidArgument(fmt::format("{} has {} users: need at least 2", flag, arm.n));
  }
  if (arm.sd < 0) {
    return InvalidArgument(fmt::format("{} sd {} cannot be negative", flag, arm.sd));
  }
  return arm;
}

Status CheckPower(double power) {
  if (!(power > 0 && power < 1)) {
    return InvalidArgument(
        fmt::format("--power {} must lie strictly between 0 and 1", power));
  }
  return Status::OK();
}

Result<SrmResult> ArmSrm(int64_t control_users, int64_t variant_users,
                         double allocation) {
  if (!(allocation > 0 && allocation < 1)) {
    return InvalidArgument(
        fmt::format("--allocation {} (share of users in the variant) must lie strictly "
                    "between 0 and 1",
                    allocation));
  }
  return CheckSampleRatio({control_users, variant_users}, {1 - allocation, allocation});
}

}  // namespace

Result<ProportionsReadout> RunProportionsTest(const AbtestRequest& request) {
  ProportionsReadout out;
  MROI_ASSIGN_OR_RETURN(out.control, ParseProportionArm(request.control, "--control"));
  MROI_ASSIGN_OR_RETURN(out.variant, ParseProportionArm(request.variant, "--variant"));
  MROI_RETURN_IF_ERROR(CheckPower(request.power));
  MROI_ASSIGN_OR_RETURN(out.test,
                        CompareProportions(out.control, out.variant, request.alpha));
  MROI_ASSIGN_OR_RETURN(out.srm,
                        ArmSrm(out.control.users, out.variant.users, request.allocation));
  out.verdict = ProportionVerdict(out.test, out.control, out.variant, out.test.p_value,
                                  request.power);
  return out;
}

std::string ProportionsJson(const ProportionsReadout& readout) {
  Json out = {{"test", "proportions"},
              {"control",
               {{"users", readout.control.users},
                {"conversions", readout.control.conversions},
                {"rate", AbtestNumber(readout.test.control_value)}}},
              {"variant",
               {{"users", readout.variant.users},
                {"conversions", readout.variant.conversions},
                {"rate", AbtestNumber(readout.test.variant_value)}}}};
  internal::AddLiftJson(readout.test, false, &out);
  internal::AddSrmJson(readout.srm, &out);
  out["verdict"] = readout.verdict;
  return out.dump(2);
}

Result<MeansReadout> RunMeansTest(const AbtestRequest& request) {
  MeansReadout out;
  MROI_ASSIGN_OR_RETURN(out.control, ParseMeanArm(request.control, "--control"));
  MROI_ASSIGN_OR_RETURN(out.variant, ParseMeanArm(request.variant, "--variant"));
  MROI_RETURN_IF_ERROR(CheckPower(request.power));
  MROI_ASSIGN_OR_RETURN(out.test, CompareMeans(out.control, out.variant, request.alpha));
  MROI_ASSIGN_OR_RETURN(out.srm,
                        ArmSrm(out.control.n, out.variant.n, request.allocation));
  out.verdict =
      MeanVerdict(out.test, out.control, out.variant, out.test.p_value, request.power);
  return out;
}

std::string MeansJson(const MeansReadout& readout) {
  const MeanArm& control = readout.control;
  const MeanArm& variant = readout.variant;
  Json out = {
      {"test", "means"},
      {"control", {{"n", control.n}, {"mean", control.mean}, {"sd", control.sd}}},
      {"variant", {{"n", variant.n}, {"mean", variant.mean}, {"sd", variant.sd}}}};
  internal::AddLiftJson(readout.test, true, &out);
  internal::AddSrmJson(readout.srm, &out);
  out["verdict"] = readout.verdict;
  return out.dump(2);
}

Result<BayesReadout> RunBayesTest(const AbtestRequest& request) {
  BayesReadout out;
  MROI_ASSIGN_OR_RETURN(out.control, ParseProportionArm(request.control, "--control"));
  MROI_ASSIGN_OR_RETURN(out.variant, ParseProportionArm(request.variant, "--variant"));
  const std::vector<std::string_view> prior_parts =
      internal::SplitText(request.prior, ':');
  if (prior_parts.size() != 2) {
    return InvalidArgument(fmt::format(
        "--prior '{}': write alpha:beta of the Beta prior, e.g. 1:1", request.prior));
  }
  MROI_ASSIGN_OR_RETURN(out.prior.alpha,
                        ParseAbtestReal(prior_parts[0], "--prior alpha"));
  MROI_ASSIGN_OR_RETURN(out.prior.beta, ParseAbtestReal(prior_parts[1], "--prior beta"));
  MROI_ASSIGN_OR_RETURN(
      out.bayes, CompareBayes(out.control, out.variant, out.prior, request.credible));
  MROI_ASSIGN_OR_RETURN(out.srm,
                        ArmSrm(out.control.users, out.variant.users, request.allocation));
  out.verdict = BayesVerdict(out.bayes);
  return out;
}

std::string BayesJson(const BayesReadout& readout) {
  const ProportionArm& control = readout.control;
  const ProportionArm& variant = readout.variant;
  const BayesResult& bayes = readout.bayes;
  const double rate_control =
      static_cast<double>(control.conversions) / static_cast<double>(control.users);
  const double rate_variant =
      static_cast<double>(variant.conversions) / static_cast<double>(variant.users);
  Json out = {{"test", "bayes"},
              {"prior", {{"alpha", readout.prior.alpha}, {"beta", readout.prior.beta}}},
              {"control",
               {{"users", control.users},
                {"conversions", control.conversions},
                {"posterior_mean", AbtestNumber(bayes.control_mean)}}},
              {"variant",
               {{"users", variant.users},
                {"conversions", variant.conversions},
                {"posterior_mean", AbtestNumber(bayes.variant_mean)}}}};
  internal::AddBayesJson(bayes, &out);
  out["lift_abs"] = AbtestNumber(rate_variant - rate_control);
  out["lift_rel"] =
      AbtestNumber(rate_control > 0 ? rate_variant / rate_control - 1 : NAN);
  out["lift_rel_mean"] = AbtestNumber(bayes.lift_rel_mean);
  out["credible_mass"] = bayes.credible_mass;
  out["ci_low"] = AbtestNumber(bayes.ci_low);
  out["ci_high"] = AbtestNumber(bayes.ci_high);
  out["lift_abs_ci_low"] = AbtestNumber(bayes.lift_abs_ci_low);
  out["lift_abs_ci_high"] = AbtestNumber(bayes.lift_abs_ci_high);
  internal::AddSrmJson(readout.srm, &out);
  out["verdict"] = readout.verdict;
  return out.dump(2);
}

Result<PowerReadout> RunPowerTest(const AbtestRequest& request) {
  PowerReadout out;
  out.request = request;
  const double mde = request.mde.value_or(0);
  if (request.sd > 0) {
    // Means: --mde is the absolute difference (or relative to --baseline as the mean).
    out.means = true;
    out.difference = mde;
    if (request.relative) {
      if (!(request.baseline > 0)) {
        return InvalidArgument("--relative with --sd needs --baseline (the mean)");
      }
      out.difference = mde * request.baseline;
    }
    MROI_ASSIGN_OR_RETURN(
        out.size, MeanSampleSize(request.sd, out.difference, request.alpha, request.power,
                                 request.allocation));
    return out;
  }
  const PowerOptions options{request.baseline, mde,           request.relative,
                             request.alpha,    request.power, request.allocation};
  if (request.users > 0) {
    MROI_ASSIGN_OR_RETURN(out.power, ProportionPower(options, request.users));
    return out;
  }
  MROI_ASSIGN_OR_RETURN(out.size, ProportionSampleSize(options));
  return out;
}

std::string PowerJson(const PowerReadout& readout) {
  const AbtestRequest& request = readout.request;
  const double mde = request.mde.value_or(0);
  Json out;
  if (readout.means) {
    out = {{"test", "power"},
           {"metric", "mean"},
           {"sd", request.sd},
           {"difference", readout.difference},
           {"alpha", request.alpha},
           {"power", request.power},
           {"allocation", request.allocation},
           {"users_control", readout.size->users_control},
           {"users_variant", readout.size->users_variant},
           {"users_total", readout.size->users_total}};
  } else if (readout.power) {
    out = {{"test", "power"},
           {"baseline", request.baseline},
           {"mde", mde},
           {"relative", request.relative},
           {"alpha", request.alpha},
           {"allocation", request.allocation},
           {"users_total", request.users},
           {"power", AbtestNumber(*readout.power)}};
  } else {
    out = {{"test", "power"},
           {"baseline", request.baseline},
           {"variant_rate", AbtestNumber(readout.size->variant_rate)},
           {"mde", mde},
           {"relative", request.relative},
           {"alpha", request.alpha},
           {"power", request.power},
           {"allocation", request.allocation},
           {"users_control", readout.size->users_control},
           {"users_variant", readout.size->users_variant},
           {"users_total", readout.size->users_total}};
  }
  return out.dump(2);
}

Result<std::string> AbtestJson(const Params& params, AbtestKind kind) {
  MROI_ASSIGN_OR_RETURN(AbtestRequest request, ParseAbtestRequest(params, kind));
  switch (kind) {
    case AbtestKind::kProportions: {
      MROI_ASSIGN_OR_RETURN(ProportionsReadout readout, RunProportionsTest(request));
      return ProportionsJson(readout);
    }
    case AbtestKind::kMeans: {
      MROI_ASSIGN_OR_RETURN(MeansReadout readout, RunMeansTest(request));
      return MeansJson(readout);
    }
    case AbtestKind::kBayes: {
      MROI_ASSIGN_OR_RETURN(BayesReadout readout, RunBayesTest(request));
      return BayesJson(readout);
    }
    case AbtestKind::kPower: {
      MROI_ASSIGN_OR_RETURN(PowerReadout readout, RunPowerTest(request));
      return PowerJson(readout);
    }
  }
  return InvalidArgument("unknown A/B test kind");
}

}  // namespace mroi::api
