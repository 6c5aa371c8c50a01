// mroi abtest: A/B test read-outs (issue 8). Sub-commands proportions, means, bayes,
// power and sequential work on numbers given as flags; file reads a CSV of units and
// data reads the variant tags of the workspace touchpoints. Text by default, --json for
// scripts; bad input exits 2 with a message naming the flag or line at fault.
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/experiment.h"
#include "mroi/experiment_readout.h"

#include "commands.h"
#include "console.h"
#include "run_options.h"

namespace mroi::cli {

namespace {

using Json = nlohmann::ordered_json;

// ---- parsing flag values ----

Result<int64_t> ParseCount(std::string_view text, std::string_view what) {
  int64_t value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return InvalidArgument(fmt::format("{}: '{}' is not a whole number", what, text));
  }
  return value;
}

Result<double> ParseReal(std::string_view text, std::string_view what) {
  double value = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidArgument(fmt::format("{}: '{}' is not a number", what, text));
  }
  return value;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// "49/100" = 49 conversions of 100 users.
Result<ProportionArm> ParseArm(const std::string& text, const std::string& flag) {
  const std::vector<std::string_view> parts = Split(text, '/');
  if (parts.size() != 2) {
    return InvalidArgument(
        fmt::format("{} '{}': write conversions/users, e.g. 49/1000", flag, text));
  }
  ProportionArm arm;
  MROI_ASSIGN_OR_RETURN(arm.conversions, ParseCount(parts[0], flag + " conversions"));
  MROI_ASSIGN_OR_RETURN(arm.users, ParseCount(parts[1], flag + " users"));
  MROI_RETURN_IF_ERROR(ValidateArm(arm, flag));
  return arm;
}

// "1000:12.5:30" = n:mean:sd.
Result<MeanArm> ParseMeanArm(const std::string& text, const std::string& flag) {
  const std::vector<std::string_view> parts = Split(text, ':');
  if (parts.size() != 3) {
    return InvalidArgument(
        fmt::format("{} '{}': write n:mean:sd, e.g. 1000:12.5:30", flag, text));
  }
  MeanArm arm;
  MROI_ASSIGN_OR_RETURN(arm.n, ParseCount(parts[0], flag + " n"));
  MROI_ASSIGN_OR_RETURN(arm.mean, ParseReal(parts[1], flag + " mean"));
  MROI_ASSIGN_OR_RETURN(arm.sd, ParseReal(parts[2], flag + " sd"));
  if (arm.n <= 0)
    return InvalidArgument(fmt::format("{} has {} users: need at least 2", flag, arm.n));
  if (arm.sd < 0)
    return InvalidArgument(fmt::format("{} sd {} cannot be negative", flag, arm.sd));
  return arm;
}

Status CheckAllocation(double allocation) {
  if (!(allocation > 0 && allocation < 1)) {
    return InvalidArgument(
        fmt::format("--allocation {} (share of users in the variant) must lie strictly "
                    "between 0 and 1",
                    allocation));
  }
  return Status::OK();
}

Status CheckPower(double power) {
  if (!(power > 0 && power < 1)) {
    return InvalidArgument(
        fmt::format("--power {} must lie strictly between 0 and 1", power));
  }
  return Status::OK();
}

// ---- formatting ----

Json Num(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

std::string Pct(double share, int digits = 2) {
  if (!std::isfinite(share)) return "n/a";
  return fmt::format("{:.{}f} %", 100 * share, digits);
}

std::string SignedPct(double share) {
  if (!std::isfinite(share)) return "n/a";
  return fmt::format("{:+.2f} %", 100 * share);
}

void AddLiftJson(const LiftResult& test, bool t_test, Json* out) {
  (*out)["lift_abs"] = Num(test.lift_abs);
  (*out)["lift_abs_ci_low"] = Num(test.lift_abs_ci_low);
  (*out)["lift_abs_ci_high"] = Num(test.lift_abs_ci_high);
  (*out)["lift_rel"] = Num(test.lift_rel);
  (*out)["ci_low"] = Num(test.ci_low);
  (*out)["ci_high"] = Num(test.ci_high);
  if (t_test) {
    (*out)["t"] = Num(test.statistic);
    (*out)["df"] = Num(test.df);
  } else {
    (*out)["z"] = Num(test.statistic);
  }
  (*out)["p_value"] = Num(test.p_value);
  (*out)["alpha"] = test.alpha;
  (*out)["significant"] = test.significant();
}

void AddBayesJson(const BayesResult& bayes, Json* out) {
  (*out)["chance_to_beat"] = Num(bayes.chance_to_beat);
  (*out)["expected_loss"] = Num(bayes.expected_loss);
  (*out)["expected_loss_control"] = Num(bayes.expected_loss_control);
}

Json SrmJson(const SrmResult& srm) {
  return {{"srm_chi_square", Num(srm.chi_square)},
          {"srm_p_value", Num(srm.p_value)},
          {"srm_mismatch", srm.mismatch},
          {"srm_warning", srm.warning.empty() ? Json(nullptr) : Json(srm.warning)}};
}

void MergeInto(const Json& extra, Json* out) {
  for (auto it = extra.begin(); it != extra.end(); ++it) (*out)[it.key()] = it.value();
}

// The lift lines; rates (`in_points`) show the absolute lift in percentage points.
std::string LiftLines(const LiftResult& test, const char* statistic_name,
                      bool in_points) {
  const std::string level = fmt::format("{:g} %", 100 * (1 - test.alpha));
  const double scale = in_points ? 100 : 1;
  const char* unit = in_points ? " pp" : "";
  std::string text = fmt::format(
      "absolute lift  {:+.4g}{}  ({} CI {:+.4g}{} to {:+.4g}{})\n"
      "relative lift  {}  ({} CI {} to {})\n",
      scale * test.lift_abs, unit, level, scale * test.lift_abs_ci_low, unit,
      scale * test.lift_abs_ci_high, unit, SignedPct(test.lift_rel), level,
      SignedPct(test.ci_low), SignedPct(test.ci_high));
  if (test.df > 0) {
    text += fmt::format("{} = {:.3f} (df {:.1f}), p = {:.4g}\n", statistic_name,
                        test.statistic, test.df, test.p_value);
  } else {
    text += fmt::format("{} = {:.3f}, p = {:.4g}\n", statistic_name, test.statistic,
                        test.p_value);
  }
  return text;
}

void PrintSrm(const SrmResult& srm) {
  if (srm.mismatch) {
    fmt::print(stderr, "\n!!! {}\n\n", srm.warning);
    fmt::print("!!! {}\n", srm.warning);
  } else {
    fmt::print("sample ratio: p = {:.3g} against the planned split (no mismatch)\n",
               srm.p_value);
  }
}

// ---- proportions / bayes ----

struct ArmFlags {
  std::string control;
  std::string variant;
  double alpha = 0.05;
  double power = 0.8;
  double allocation = 0.5;
  bool json = false;
};

void AddArmFlags(CLI::App* command, ArmFlags* flags, const char* form) {
  command->add_option("--control", flags->control, fmt::format("control arm as {}", form))
      ->required();
  command->add_option("--variant", flags->variant, fmt::format("variant arm as {}", form))
      ->required();
  command->add_option("--alpha", flags->alpha,
                      "two-sided significance level (default 0.05)");
  command->add_option("--power", flags->power,
                      "power for the 'collect ~N more users' advice (default 0.8)");
  command->add_option("--allocation", flags->allocation,
                      "planned share of users in the variant, for the sample-ratio check "
                      "(default 0.5)");
  command->add_flag("--json", flags->json, "print JSON instead of text");
}

Result<SrmResult> ArmSrm(int64_t control_users, int64_t variant_users,
                         double allocation) {
  MROI_RETURN_IF_ERROR(CheckAllocation(allocation));
  return CheckSampleRatio({control_users, variant_users}, {1 - allocation, allocation});
}

int RunProportions(const ArmFlags& flags) {
  Result<ProportionArm> control = ParseArm(flags.control, "--control");
  if (!control.ok()) return ReportError(control.status());
  Result<ProportionArm> variant = ParseArm(flags.variant, "--variant");
  if (!variant.ok()) return ReportError(variant.status());
  if (Status power = CheckPower(flags.power); !power.ok()) return ReportError(power);
  Result<LiftResult> test = CompareProportions(*control, *variant, flags.alpha);
  if (!test.ok()) return ReportError(test.status());
  Result<SrmResult> srm = ArmSrm(control->users, variant->users, flags.allocation);
  if (!srm.ok()) return ReportError(srm.status());
  const std::string verdict =
      ProportionVerdict(*test, *control, *variant, test->p_value, flags.power);
  if (flags.json) {
    Json out = {{"test", "proportions"},
                {"control",
                 {{"users", control->users},
                  {"conversions", control->conversions},
                  {"rate", Num(test->control_value)}}},
                {"variant",
                 {{"users", variant->users},
                  {"conversions", variant->conversions},
                  {"rate", Num(test->variant_value)}}}};
    AddLiftJson(*test, false, &out);
    MergeInto(SrmJson(*srm), &out);
    out["verdict"] = verdict;
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("control  {} of {} converted ({})\nvariant  {} of {} converted ({})\n",
             Thousands(control->conversions), Thousands(control->users),
             Pct(test->control_value), Thousands(variant->conversions),
             Thousands(variant->users), Pct(test->variant_value));
  fmt::print("{}", LiftLines(*test, "z", true));
  PrintSrm(*srm);
  fmt::print("\nverdict: {}\n", verdict);
  return 0;
}

struct BayesFlags {
  ArmFlags arms;
  std::string prior = "1:1";
  double credible = 0.95;
};

int RunBayes(const BayesFlags& flags) {
  Result<ProportionArm> control = ParseArm(flags.arms.control, "--control");
  if (!control.ok()) return ReportError(control.status());
  Result<ProportionArm> variant = ParseArm(flags.arms.variant, "--variant");
  if (!variant.ok()) return ReportError(variant.status());
  const std::vector<std::string_view> prior_parts = Split(flags.prior, ':');
  if (prior_parts.size() != 2) {
    return ReportError(InvalidArgument(fmt::format(
        "--prior '{}': write alpha:beta of the Beta prior, e.g. 1:1", flags.prior)));
  }
  BetaPrior prior;
  Result<double> prior_alpha = ParseReal(prior_parts[0], "--prior alpha");
  if (!prior_alpha.ok()) return ReportError(prior_alpha.status());
  Result<double> prior_beta = ParseReal(prior_parts[1], "--prior beta");
  if (!prior_beta.ok()) return ReportError(prior_beta.status());
  prior.alpha = *prior_alpha;
  prior.beta = *prior_beta;
  Result<BayesResult> bayes = CompareBayes(*control, *variant, prior, flags.credible);
  if (!bayes.ok()) return ReportError(bayes.status());
  Result<SrmResult> srm = ArmSrm(control->users, variant->users, flags.arms.allocation);
  if (!srm.ok()) return ReportError(srm.status());
  const std::string verdict = BayesVerdict(*bayes);
  const double rate_c =
      static_cast<double>(control->conversions) / static_cast<double>(control->users);
  const double rate_v =
      static_cast<double>(variant->conversions) / static_cast<double>(variant->users);
  if (flags.arms.json) {
    Json out = {{"test", "bayes"},
                {"prior", {{"alpha", prior.alpha}, {"beta", prior.beta}}},
                {"control",
                 {{"users", control->users},
                  {"conversions", control->conversions},
                  {"posterior_mean", Num(bayes->control_mean)}}},
                {"variant",
                 {{"users", variant->users},
                  {"conversions", variant->conversions},
                  {"posterior_mean", Num(bayes->variant_mean)}}}};
    AddBayesJson(*bayes, &out);
    out["lift_abs"] = Num(rate_v - rate_c);
    out["lift_rel"] = Num(rate_c > 0 ? rate_v / rate_c - 1 : NAN);
    out["lift_rel_mean"] = Num(bayes->lift_rel_mean);
    out["credible_mass"] = bayes->credible_mass;
    out["ci_low"] = Num(bayes->ci_low);
    out["ci_high"] = Num(bayes->ci_high);
    out["lift_abs_ci_low"] = Num(bayes->lift_abs_ci_low);
    out["lift_abs_ci_high"] = Num(bayes->lift_abs_ci_high);
    MergeInto(SrmJson(*srm), &out);
    out["verdict"] = verdict;
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("Beta({:g}, {:g}) prior; posterior mean rate: control {}, variant {}\n",
             prior.alpha, prior.beta, Pct(bayes->control_mean), Pct(bayes->variant_mean));
  fmt::print("chance to beat control  {}\n", Pct(bayes->chance_to_beat, 1));
  fmt::print(
      "expected loss           {:.4f} pp if you ship the variant, {:.4f} pp if you keep "
      "the control\n",
      100 * bayes->expected_loss, 100 * bayes->expected_loss_control);
  fmt::print("relative lift           {:g} % credible interval {} to {}\n",
             100 * bayes->credible_mass, SignedPct(bayes->ci_low),
             SignedPct(bayes->ci_high));
  PrintSrm(*srm);
  fmt::print("\nverdict: {}\n", verdict);
  return 0;
}

// ---- means ----

int RunMeans(const ArmFlags& flags) {
  Result<MeanArm> control = ParseMeanArm(flags.control, "--control");
  if (!control.ok()) return ReportError(control.status());
  Result<MeanArm> variant = ParseMeanArm(flags.variant, "--variant");
  if (!variant.ok()) return ReportError(variant.status());
  if (Status power = CheckPower(flags.power); !power.ok()) return ReportError(power);
  Result<LiftResult> test = CompareMeans(*control, *variant, flags.alpha);
  if (!test.ok()) return ReportError(test.status());
  Result<SrmResult> srm = ArmSrm(control->n, variant->n, flags.allocation);
  if (!srm.ok()) return ReportError(srm.status());
  const std::string verdict =
      MeanVerdict(*test, *control, *variant, test->p_value, flags.power);
  if (flags.json) {
    Json out = {
        {"test", "means"},
        {"control", {{"n", control->n}, {"mean", control->mean}, {"sd", control->sd}}},
        {"variant", {{"n", variant->n}, {"mean", variant->mean}, {"sd", variant->sd}}}};
    AddLiftJson(*test, true, &out);
    MergeInto(SrmJson(*srm), &out);
    out["verdict"] = verdict;
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print(
      "control  n {}  mean {:.4g}  sd {:.4g}\nvariant  n {}  mean {:.4g}  sd {:.4g}\n",
      Thousands(control->n), control->mean, control->sd, Thousands(variant->n),
      variant->mean, variant->sd);
  fmt::print("{}", LiftLines(*test, "Welch t", false));
  PrintSrm(*srm);
  fmt::print("\nverdict: {}\n", verdict);
  return 0;
}

// ---- power ----

struct PowerFlags {
  double baseline = 0;
  double mde = 0;
  bool relative = false;
  double alpha = 0.05;
  double power = 0.8;
  double allocation = 0.5;
  double sd = 0;
  int64_t users = 0;
  bool json = false;
};

int RunPower(const PowerFlags& flags) {
  if (flags.sd > 0) {
    // Means: --mde is the absolute difference (or relative to --baseline as the mean).
    double delta = flags.mde;
    if (flags.relative) {
      if (!(flags.baseline > 0)) {
        return ReportError(
            InvalidArgument("--relative with --sd needs --baseline (the mean)"));
      }
      delta = flags.mde * flags.baseline;
    }
    Result<SampleSize> size =
        MeanSampleSize(flags.sd, delta, flags.alpha, flags.power, flags.allocation);
    if (!size.ok()) return ReportError(size.status());
    if (flags.json) {
      Json out = {{"test", "power"},
                  {"metric", "mean"},
                  {"sd", flags.sd},
                  {"difference", delta},
                  {"alpha", flags.alpha},
                  {"power", flags.power},
                  {"allocation", flags.allocation},
                  {"users_control", size->users_control},
                  {"users_variant", size->users_variant},
                  {"users_total", size->users_total}};
      fmt::print("{}\n", out.dump(2));
      return 0;
    }
    fmt::print(
        "to detect a difference of {:g} in a mean with sd {:g} (alpha {:g}, power "
        "{:g}):\n"
        "  {} users in the control, {} in the variant, {} in total\n",
        delta, flags.sd, flags.alpha, flags.power, Thousands(size->users_control),
        Thousands(size->users_variant), Thousands(size->users_total));
    return 0;
  }
  const PowerOptions options{flags.baseline, flags.mde,   flags.relative,
                             flags.alpha,    flags.power, flags.allocation};
  if (flags.users > 0) {
    Result<double> power = ProportionPower(options, flags.users);
    if (!power.ok()) return ReportError(power.status());
    if (flags.json) {
      Json out = {{"test", "power"},
                  {"baseline", flags.baseline},
                  {"mde", flags.mde},
                  {"relative", flags.relative},
                  {"alpha", flags.alpha},
                  {"allocation", flags.allocation},
                  {"users_total", flags.users},
                  {"power", Num(*power)}};
      fmt::print("{}\n", out.dump(2));
      return 0;
    }
    fmt::print("with {} users the test detects {} {} on a {} baseline with power {}\n",
               Thousands(flags.users),
               flags.relative ? SignedPct(flags.mde) : fmt::format("{:+g}", flags.mde),
               flags.relative ? "(relative)" : "(absolute)", Pct(flags.baseline),
               Pct(*power, 1));
    return 0;
  }
  Result<SampleSize> size = ProportionSampleSize(options);
  if (!size.ok()) return ReportError(size.status());
  if (flags.json) {
    Json out = {{"test", "power"},
                {"baseline", flags.baseline},
                {"variant_rate", Num(size->variant_rate)},
                {"mde", flags.mde},
                {"relative", flags.relative},
                {"alpha", flags.alpha},
                {"power", flags.power},
                {"allocation", flags.allocation},
                {"users_control", size->users_control},
                {"users_variant", size->users_variant},
                {"users_total", size->users_total}};
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print(
      "to detect {} -> {} ({} relative) with alpha {:g} (two-sided) and power {:g}:\n"
      "  {} users in the control, {} in the variant, {} in total\n",
      Pct(flags.baseline), Pct(size->variant_rate),
      SignedPct(size->variant_rate / flags.baseline - 1), flags.alpha, flags.power,
      Thousands(size->users_control), Thousands(size->users_variant),
      Thousands(size->users_total));
  return 0;
}

// ---- sequential ----

struct SequentialFlags {
  std::string looks;
  std::string control;
  std::string variant;
  double alpha = 0.05;
  double tau = 0;
  bool json = false;
};

// A CSV of cumulative looks: control_users,control_conversions,variant_users,
// variant_conversions (header required, columns found by name).
Result<std::vector<SequentialLook>> ReadLooks(const std::string& path) {
  std::ifstream file(path);
  if (!file) return NotFound(fmt::format("{}: cannot open the looks file", path));
  std::string line;
  if (!std::getline(file, line))
    return InvalidArgument(fmt::format("{}: the file is empty", path));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const std::vector<std::string_view> header = Split(line, ',');
  int columns[4] = {-1, -1, -1, -1};
  const char* names[4] = {"control_users", "control_conversions", "variant_users",
                          "variant_conversions"};
  for (size_t idx = 0; idx < header.size(); ++idx) {
    for (int name = 0; name < 4; ++name) {
      if (header[idx] == names[name]) columns[name] = static_cast<int>(idx);
    }
  }
  for (int name = 0; name < 4; ++name) {
    if (columns[name] < 0) {
      return InvalidArgument(fmt::format(
          "{}: no column '{}' (need control_users, control_conversions, variant_users, "
          "variant_conversions)",
          path, names[name]));
    }
  }
  std::vector<SequentialLook> looks;
  int64_t line_number = 1;
  while (std::getline(file, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string_view> fields = Split(line, ',');
    if (fields.size() != header.size()) {
      return InvalidArgument(fmt::format("{}:{}: {} fields, the header has {}", path,
                                         line_number, fields.size(), header.size()));
    }
    int64_t values[4];
    for (int name = 0; name < 4; ++name) {
      Result<int64_t> value =
          ParseCount(fields[static_cast<size_t>(columns[name])],
                     fmt::format("{}:{} {}", path, line_number, names[name]));
      if (!value.ok()) return value.status();
      values[name] = *value;
    }
    looks.push_back({{values[0], values[1]}, {values[2], values[3]}});
  }
  return looks;
}

int RunSequential(const SequentialFlags& flags) {
  std::vector<SequentialLook> looks;
  if (!flags.looks.empty()) {
    Result<std::vector<SequentialLook>> read = ReadLooks(flags.looks);
    if (!read.ok()) return ReportError(read.status());
    looks = std::move(read).value();
  } else {
    if (flags.control.empty() || flags.variant.empty()) {
      return ReportError(
          InvalidArgument("give --looks FILE (cumulative counts per look) or --control "
                          "x/n --variant y/m"));
    }
    Result<ProportionArm> control = ParseArm(flags.control, "--control");
    if (!control.ok()) return ReportError(control.status());
    Result<ProportionArm> variant = ParseArm(flags.variant, "--variant");
    if (!variant.ok()) return ReportError(variant.status());
    looks.push_back({*control, *variant});
  }
  SequentialOptions options;
  options.alpha = flags.alpha;
  options.mixture_sd = flags.tau;
  Result<SequentialResult> result = MonitorSequential(looks, options);
  if (!result.ok()) return ReportError(result.status());
  const std::string verdict = SequentialVerdict(*result, flags.alpha);
  const SequentialPoint& last = result->looks.back();
  if (flags.json) {
    Json points = Json::array();
    for (const SequentialPoint& point : result->looks) {
      points.push_back({{"users_control", point.users_control},
                        {"users_variant", point.users_variant},
                        {"lift_abs", Num(point.lift_abs)},
                        {"z", Num(point.z)},
                        {"fixed_p_value", Num(point.fixed_p_value)},
                        {"always_valid_p", Num(point.always_valid_p)},
                        {"cs_low", Num(point.cs_low)},
                        {"cs_high", Num(point.cs_high)}});
    }
    Json out = {{"test", "sequential"},
                {"alpha", flags.alpha},
                {"tau", Num(result->mixture_sd)},
                {"lift_abs", Num(last.lift_abs)},
                {"z", Num(last.z)},
                {"p_value", Num(last.fixed_p_value)},
                {"always_valid_p", Num(last.always_valid_p)},
                {"cs_low", Num(last.cs_low)},
                {"cs_high", Num(last.cs_high)},
                {"stop", result->stop},
                {"stopped_at_look", result->stopped_at_look >= 0
                                        ? Json(result->stopped_at_look + 1)
                                        : Json(nullptr)},
                {"looks", points},
                {"verdict", verdict}};
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  TextTable table({"look", "users control", "users variant", "lift (pp)", "fixed p",
                   "always-valid p", "confidence sequence (pp)"});
  for (size_t idx = 0; idx < result->looks.size(); ++idx) {
    const SequentialPoint& point = result->looks[idx];
    table.AddRow(
        {fmt::format("{}", idx + 1), Thousands(point.users_control),
         Thousands(point.users_variant), fmt::format("{:+.3f}", 100 * point.lift_abs),
         fmt::format("{:.4f}", point.fixed_p_value),
         fmt::format("{:.4f}", point.always_valid_p),
         fmt::format("{:+.3f} to {:+.3f}", 100 * point.cs_low, 100 * point.cs_high)});
  }
  fmt::print("mixture SPRT, tau = {:.4g} (absolute rate difference)\n{}",
             result->mixture_sd, table.Render());
  fmt::print("\nverdict: {}\n", verdict);
  return 0;
}

// ---- file / data read-outs ----

struct ReadoutFlags {
  double alpha = 0.05;
  double power = 0.8;
  std::string split;
  std::string control;
  bool no_cuped = false;
};

void AddReadoutFlags(CLI::App* command, ReadoutFlags* flags) {
  command->add_option(
      "--control", flags->control,
      "name of the control variant (default: control/ctrl/baseline/original/A, "
      "else the first)");
  command->add_option("--alpha", flags->alpha,
                      "two-sided significance level (default 0.05)");
  command->add_option("--power", flags->power,
                      "power for the 'collect ~N more users' advice (default 0.8)");
  command->add_option("--split", flags->split,
                      "planned split for the sample-ratio check, e.g. control=50,B=50 "
                      "(default: equal)");
  command->add_flag("--no-cuped", flags->no_cuped,
                    "do not adjust revenue by the pre-period covariate");
}

Result<ReadoutOptions> MakeReadoutOptions(const ReadoutFlags& flags,
                                          const ExperimentUnits& units) {
  ReadoutOptions options;
  options.alpha = flags.alpha;
  options.power = flags.power;
  options.cuped = !flags.no_cuped;
  if (!flags.split.empty()) {
    options.planned_shares.assign(units.variant_names.size(), -1.0);
    for (std::string_view part : Split(flags.split, ',')) {
      const size_t equals = part.find('=');
      if (equals == std::string_view::npos) {
        return InvalidArgument(
            fmt::format("--split '{}': write name=share pairs", flags.split));
      }
      const std::string name(part.substr(0, equals));
      MROI_ASSIGN_OR_RETURN(const double share,
                            ParseReal(part.substr(equals + 1), "--split share"));
      if (!(share > 0))
        return InvalidArgument(fmt::format("--split share of {} must be > 0", name));
      bool found = false;
      for (size_t idx = 0; idx < units.variant_names.size(); ++idx) {
        if (units.variant_names[idx] == name) {
          options.planned_shares[idx] = share;
          found = true;
        }
      }
      if (!found)
        return InvalidArgument(fmt::format("--split names '{}', not a variant", name));
    }
    for (size_t idx = 0; idx < units.variant_names.size(); ++idx) {
      if (options.planned_shares[idx] < 0) {
        return InvalidArgument(fmt::format("--split gives no share for variant '{}'",
                                           units.variant_names[idx]));
      }
    }
  }
  return options;
}

Json MetricJson(const MetricReadout& metric) {
  Json out = {{"metric", metric.metric}};
  out["control_value"] = Num(metric.test.control_value);
  out["variant_value"] = Num(metric.test.variant_value);
  AddLiftJson(metric.test, metric.metric != "conversion", &out);
  out["p_holm"] = Num(metric.p_holm);
  out["p_bh"] = Num(metric.p_bh);
  if (metric.bayes) AddBayesJson(*metric.bayes, &out);
  if (metric.cuped) {
    out["cuped"] = {{"theta", Num(metric.cuped->theta)},
                    {"correlation", Num(metric.cuped->correlation)},
                    {"variance_reduction", Num(metric.cuped->variance_reduction)},
                    {"unadjusted_lift_abs", Num(metric.unadjusted->lift_abs)},
                    {"unadjusted_p_value", Num(metric.unadjusted->p_value)}};
  } else {
    out["cuped"] = nullptr;
  }
  out["verdict"] = metric.verdict;
  return out;
}

void PrintReadout(const ExperimentUnits& units, const ExperimentReadout& readout,
                  const ReadoutOptions& options, bool json) {
  if (json) {
    Json variants = Json::array();
    for (const VariantReadout& variant : readout.variants) {
      Json metrics = Json::array();
      for (const MetricReadout& metric : variant.metrics)
        metrics.push_back(MetricJson(metric));
      variants.push_back({{"name", variant.name},
                          {"users", variant.users},
                          {"conversions", variant.conversions},
                          {"revenue", Num(variant.revenue)},
                          {"metrics", metrics}});
    }
    Json out = {{"test", "readout"},
                {"source", units.source},
                {"units", units.num_units()},
                {"rows", units.rows},
                {"merged_rows", units.merged_rows},
                {"units_in_several_variants", units.units_in_several_variants},
                {"covariate", units.pre.empty() ? Json(nullptr) : Json(units.pre_name)},
                {"alpha", options.alpha},
                {"control",
                 {{"name", readout.control},
                  {"users", readout.control_users},
                  {"conversions", readout.control_conversions},
                  {"revenue", Num(readout.control_revenue)}}},
                {"variants", variants},
                {"tests", readout.tests}};
    MergeInto(SrmJson(readout.srm), &out);
    out["notes"] = units.notes;
    out["verdict"] = readout.verdict;
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{}: {} units, control '{}'\n", units.source, Thousands(units.num_units()),
             readout.control);
  for (const std::string& note : readout.notes) fmt::print("  note: {}\n", note);
  PrintSrm(readout.srm);
  TextTable arms({"variant", "users", "conversions", "rate", "revenue/user"});
  auto add_arm = [&](const std::string& name, int64_t users, int64_t conversions,
                     double revenue) {
    const double count = static_cast<double>(users);
    arms.AddRow({name, Thousands(users), Thousands(conversions),
                 Pct(static_cast<double>(conversions) / count),
                 units.has_revenue ? fmt::format("{:.2f}", revenue / count) : "-"});
  };
  add_arm(readout.control == "control" ? readout.control : readout.control + " (control)",
          readout.control_users, readout.control_conversions, readout.control_revenue);
  for (const VariantReadout& variant : readout.variants) {
    add_arm(variant.name, variant.users, variant.conversions, variant.revenue);
  }
  fmt::print("\n{}", arms.Render());
  TextTable tests({"variant", "metric", "lift", "CI", "p", "p Holm", "p BH", "P(beat)"});
  for (const VariantReadout& variant : readout.variants) {
    for (const MetricReadout& metric : variant.metrics) {
      tests.AddRow({variant.name, metric.metric + (metric.cuped ? " (CUPED)" : ""),
                    SignedPct(metric.test.lift_rel),
                    fmt::format("{} to {}", SignedPct(metric.test.ci_low),
                                SignedPct(metric.test.ci_high)),
                    fmt::format("{:.4f}", metric.test.p_value),
                    fmt::format("{:.4f}", metric.p_holm),
                    fmt::format("{:.4f}", metric.p_bh),
                    metric.bayes ? Pct(metric.bayes->chance_to_beat, 1) : "-"});
    }
  }
  fmt::print("\n{}", tests.Render());
  for (const VariantReadout& variant : readout.variants) {
    for (const MetricReadout& metric : variant.metrics) {
      if (metric.cuped) {
        fmt::print("CUPED on {} revenue: theta {:.3f}, variance reduced by {}\n",
                   variant.name, metric.cuped->theta,
                   Pct(metric.cuped->variance_reduction, 1));
      }
    }
  }
  fmt::print("\nverdict:\n");
  for (std::string_view line : Split(readout.verdict, '\n')) fmt::print("  {}\n", line);
}

int RunReadout(const ExperimentUnits& units, const ReadoutFlags& flags, bool json) {
  Result<ReadoutOptions> options = MakeReadoutOptions(flags, units);
  if (!options.ok()) return ReportError(options.status());
  Result<ExperimentReadout> readout = AnalyzeExperiment(units, *options);
  if (!readout.ok()) return ReportError(readout.status());
  PrintReadout(units, *readout, *options, json);
  return 0;
}

struct FileFlags {
  std::string path;
  UnitsCsvOptions columns;
  ReadoutFlags readout;
  bool json = false;
};

int RunFile(const FileFlags& flags) {
  UnitsCsvOptions columns = flags.columns;
  columns.control = flags.readout.control;
  Result<ExperimentUnits> units = ReadUnitsCsv(flags.path, columns);
  if (!units.ok()) return ReportError(units.status());
  return RunReadout(*units, flags.readout, flags.json);
}

struct DataFlags {
  RunFlags run;
  std::string field = "utm_content";
  std::vector<std::string> variants;
  ReadoutFlags readout;
};

int RunData(const DataFlags& flags) {
  Progress progress(!flags.run.json && !flags.run.quiet);
  Result<PipelineResult> result = RunFromFlags(flags.run, &progress);
  if (!result.ok()) return ReportError(result.status());
  TaggedUnitsOptions options;
  options.field = flags.field;
  options.variants = flags.variants;
  options.control = flags.readout.control;
  Result<ExperimentUnits> units =
      UnitsFromTouchpoints(result->dataset, result->identity, options);
  if (!units.ok()) return ReportError(units.status());
  return RunReadout(*units, flags.readout, flags.run.json);
}

}  // namespace

CommandRunner AddAbtestCommand(CLI::App* root) {
  CLI::App* command = root->add_subcommand(
      "abtest",
      "A/B test read-outs: z-test, Welch t, Bayesian chance to beat, sample size, "
      "sample-ratio mismatch, always-valid sequential monitoring, CUPED, Holm/BH.\n"
      "Example: mroi abtest proportions --control 49/1000 --variant 61/1000\n"
      "         mroi abtest power --baseline 0.05 --mde 0.1 --relative\n"
      "         mroi abtest file units.csv --json\n"
      "         mroi abtest data --data DIR --experiment-field utm_content");
  command->require_subcommand(1);

  auto proportion_flags = std::make_shared<ArmFlags>();
  CLI::App* proportions = command->add_subcommand(
      "proportions", "two-proportion z-test of conversion rates with lift intervals");
  AddArmFlags(proportions, proportion_flags.get(), "conversions/users, e.g. 49/1000");

  auto mean_flags = std::make_shared<ArmFlags>();
  CLI::App* means = command->add_subcommand(
      "means", "Welch t-test of means (revenue per user) from n:mean:sd summaries");
  AddArmFlags(means, mean_flags.get(), "n:mean:sd, e.g. 1000:12.5:30");

  auto bayes_flags = std::make_shared<BayesFlags>();
  CLI::App* bayes = command->add_subcommand(
      "bayes", "beta-binomial: chance to beat control, expected loss, credible interval");
  AddArmFlags(bayes, &bayes_flags->arms, "conversions/users, e.g. 49/1000");
  bayes->add_option("--prior", bayes_flags->prior, "Beta prior alpha:beta (default 1:1)");
  bayes->add_option("--credible", bayes_flags->credible,
                    "mass of the credible interval (default 0.95)");

  auto power_flags = std::make_shared<PowerFlags>();
  CLI::App* power = command->add_subcommand(
      "power", "users needed to detect an effect (or the power of a given size)");
  power->add_option("--baseline", power_flags->baseline,
                    "control conversion rate (or the control mean with --sd)");
  power
      ->add_option("--mde", power_flags->mde,
                   "minimum detectable effect: absolute (0.01 = +1 pp), or relative with "
                   "--relative (0.1 = +10 %)")
      ->required();
  power->add_flag("--relative", power_flags->relative, "--mde is relative to --baseline");
  power->add_option("--alpha", power_flags->alpha,
                    "two-sided significance level (default 0.05)");
  power->add_option("--power", power_flags->power, "wanted power (default 0.8)");
  power->add_option("--allocation", power_flags->allocation,
                    "share of users in the variant (default 0.5)");
  power->add_option("--sd", power_flags->sd,
                    "standard deviation of a continuous metric: size a test of means");
  power->add_option("--users", power_flags->users,
                    "total users you have: print the power instead of the size");
  power->add_flag("--json", power_flags->json, "print JSON instead of text");

  auto sequential_flags = std::make_shared<SequentialFlags>();
  CLI::App* sequential = command->add_subcommand(
      "sequential",
      "always-valid monitoring (mixture SPRT): p-values and confidence sequences you may "
      "check after every look");
  sequential->add_option("--looks", sequential_flags->looks,
                         "CSV of cumulative looks: control_users, control_conversions, "
                         "variant_users, variant_conversions");
  sequential->add_option("--control", sequential_flags->control,
                         "one look: conversions/users");
  sequential->add_option("--variant", sequential_flags->variant,
                         "one look: conversions/users");
  sequential->add_option("--alpha", sequential_flags->alpha,
                         "significance level (default 0.05)");
  sequential->add_option(
      "--tau", sequential_flags->tau,
      "mixture sd of the effect, absolute rate difference (default: 10 % "
      "of the control rate at the first look with 100 users per arm)");
  sequential->add_flag("--json", sequential_flags->json, "print JSON instead of text");

  auto file_flags = std::make_shared<FileFlags>();
  CLI::App* file = command->add_subcommand(
      "file",
      "read a CSV of units (unit, variant, converted, revenue, pre-period covariate): "
      "every "
      "variant against the control on conversion and revenue, SRM, CUPED, corrections");
  file->add_option("FILE", file_flags->path, "units CSV (.csv or .csv.gz)")->required();
  file->add_option("--unit-column", file_flags->columns.unit_column, "unit id column");
  file->add_option("--variant-column", file_flags->columns.variant_column,
                   "variant column");
  file->add_option("--converted-column", file_flags->columns.converted_column,
                   "converted column (0/1, true/false, yes/no)");
  file->add_option("--revenue-column", file_flags->columns.revenue_column,
                   "revenue column");
  file->add_option("--pre-column", file_flags->columns.pre_column,
                   "pre-period covariate column (CUPED)");
  AddReadoutFlags(file, &file_flags->readout);
  file->add_flag("--json", file_flags->json, "print JSON instead of text");

  auto data_flags = std::make_shared<DataFlags>();
  CLI::App* data = command->add_subcommand(
      "data",
      "read an experiment off the workspace data: persons whose touchpoints carry a "
      "variant "
      "tag are the units, converted = they converted after the first tagged touch");
  AddRunFlags(data, &data_flags->run);
  data->add_option(
      "--experiment-field", data_flags->field,
      "touchpoint field with the variant: utm_content (default), utm_campaign, "
      "utm_term, utm_source, utm_medium, landing_page");
  data->add_option("--variants", data_flags->variants,
                   "the tags that belong to the experiment (default: every tag)")
      ->delimiter(',');
  AddReadoutFlags(data, &data_flags->readout);

  return [=] {
    if (proportions->parsed()) return RunProportions(*proportion_flags);
    if (means->parsed()) return RunMeans(*mean_flags);
    if (bayes->parsed()) return RunBayes(*bayes_flags);
    if (power->parsed()) return RunPower(*power_flags);
    if (sequential->parsed()) return RunSequential(*sequential_flags);
    if (file->parsed()) return RunFile(*file_flags);
    if (data->parsed()) return RunData(*data_flags);
    return ReportError(InvalidArgument(
        "choose mroi abtest proportions, means, bayes, power, sequential, file or data"));
  };
}

}  // namespace mroi::cli
