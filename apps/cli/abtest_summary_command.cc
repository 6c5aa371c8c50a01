// mroi abtest proportions|means|bayes|power: A/B tests on summary statistics given as
// flags. The flags become an api::Params and mroi::api runs the test (the server calls
// the same code); this file prints text or the API's JSON.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "mroi/api.h"

#include "abtest_text.h"
#include "console.h"

namespace mroi::cli {

namespace {

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

struct BayesFlags {
  ArmFlags arms;
  std::string prior = "1:1";
  double credible = 0.95;
};

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

// A number as text that reads back as the same double.
std::string Text(double value) { return fmt::format("{}", value); }

api::Params ArmParams(const ArmFlags& flags) {
  api::Params params;
  params.Add("control", flags.control);
  params.Add("variant", flags.variant);
  params.Add("alpha", Text(flags.alpha));
  params.Add("power", Text(flags.power));
  params.Add("allocation", Text(flags.allocation));
  return params;
}

int RunProportions(const ArmFlags& flags) {
  Result<api::AbtestRequest> request =
      api::ParseAbtestRequest(ArmParams(flags), api::AbtestKind::kProportions);
  if (!request.ok()) return ReportError(request.status());
  Result<api::ProportionsReadout> readout = api::RunProportionsTest(*request);
  if (!readout.ok()) return ReportError(readout.status());
  if (flags.json) {
    fmt::print("{}\n", api::ProportionsJson(*readout));
    return 0;
  }
  const ProportionArm* control = &readout->control;
  const ProportionArm* variant = &readout->variant;
  const LiftResult* test = &readout->test;
  const SrmResult* srm = &readout->srm;
  const std::string& verdict = readout->verdict;
  fmt::print("control  {} of {} converted ({})\nvariant  {} of {} converted ({})\n",
             Thousands(control->conversions), Thousands(control->users),
             Pct(test->control_value), Thousands(variant->conversions),
             Thousands(variant->users), Pct(test->variant_value));
  fmt::print("{}", LiftLines(*test, "z", true));
  PrintSrm(*srm);
  fmt::print("\nverdict: {}\n", verdict);
  return 0;
}

int RunBayes(const BayesFlags& flags) {
  api::Params params = ArmParams(flags.arms);
  params.Add("prior", flags.prior);
  params.Add("credible", Text(flags.credible));
  Result<api::AbtestRequest> request =
      api::ParseAbtestRequest(params, api::AbtestKind::kBayes);
  if (!request.ok()) return ReportError(request.status());
  Result<api::BayesReadout> readout = api::RunBayesTest(*request);
  if (!readout.ok()) return ReportError(readout.status());
  if (flags.arms.json) {
    fmt::print("{}\n", api::BayesJson(*readout));
    return 0;
  }
  const BetaPrior& prior = readout->prior;
  const BayesResult* bayes = &readout->bayes;
  const SrmResult* srm = &readout->srm;
  const std::string& verdict = readout->verdict;
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

int RunMeans(const ArmFlags& flags) {
  Result<api::AbtestRequest> request =
      api::ParseAbtestRequest(ArmParams(flags), api::AbtestKind::kMeans);
  if (!request.ok()) return ReportError(request.status());
  Result<api::MeansReadout> readout = api::RunMeansTest(*request);
  if (!readout.ok()) return ReportError(readout.status());
  if (flags.json) {
    fmt::print("{}\n", api::MeansJson(*readout));
    return 0;
  }
  const MeanArm* control = &readout->control;
  const MeanArm* variant = &readout->variant;
  const LiftResult* test = &readout->test;
  const SrmResult* srm = &readout->srm;
  const std::string& verdict = readout->verdict;
  fmt::print(
      "control  n {}  mean {:.4g}  sd {:.4g}\nvariant  n {}  mean {:.4g}  sd {:.4g}\n",
      Thousands(control->n), control->mean, control->sd, Thousands(variant->n),
      variant->mean, variant->sd);
  fmt::print("{}", LiftLines(*test, "Welch t", false));
  PrintSrm(*srm);
  fmt::print("\nverdict: {}\n", verdict);
  return 0;
}

int RunPower(const PowerFlags& flags) {
  api::Params params;
  params.Add("baseline", Text(flags.baseline));
  params.Add("mde", Text(flags.mde));
  if (flags.relative) params.Add("relative", "true");
  params.Add("alpha", Text(flags.alpha));
  params.Add("power", Text(flags.power));
  params.Add("allocation", Text(flags.allocation));
  params.Add("sd", Text(flags.sd));
  params.Add("users", std::to_string(flags.users));
  Result<api::AbtestRequest> request =
      api::ParseAbtestRequest(params, api::AbtestKind::kPower);
  if (!request.ok()) return ReportError(request.status());
  Result<api::PowerReadout> readout = api::RunPowerTest(*request);
  if (!readout.ok()) return ReportError(readout.status());
  if (flags.json) {
    fmt::print("{}\n", api::PowerJson(*readout));
    return 0;
  }
  if (readout->means) {
    fmt::print(
        "to detect a difference of {:g} in a mean with sd {:g} (alpha {:g}, power "
        "{:g}):\n"
        "  {} users in the control, {} in the variant, {} in total\n",
        readout->difference, flags.sd, flags.alpha, flags.power,
        Thousands(readout->size->users_control), Thousands(readout->size->users_variant),
        Thousands(readout->size->users_total));
    return 0;
  }
  if (readout->power) {
    fmt::print("with {} users the test detects {} {} on a {} baseline with power {}\n",
               Thousands(flags.users),
               flags.relative ? SignedPct(flags.mde) : fmt::format("{:+g}", flags.mde),
               flags.relative ? "(relative)" : "(absolute)", Pct(flags.baseline),
               Pct(*readout->power, 1));
    return 0;
  }
  const SampleSize& size = *readout->size;
  fmt::print(
      "to detect {} -> {} ({} relative) with alpha {:g} (two-sided) and power {:g}:\n"
      "  {} users in the control, {} in the variant, {} in total\n",
      Pct(flags.baseline), Pct(size.variant_rate),
      SignedPct(size.variant_rate / flags.baseline - 1), flags.alpha, flags.power,
      Thousands(size.users_control), Thousands(size.users_variant),
      Thousands(size.users_total));
  return 0;
}

}  // namespace

void AddAbtestSummaryCommands(CLI::App* command, AbtestRunners* runners) {
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

  runners->emplace_back(proportions,
                        [proportion_flags] { return RunProportions(*proportion_flags); });
  runners->emplace_back(means, [mean_flags] { return RunMeans(*mean_flags); });
  runners->emplace_back(bayes, [bayes_flags] { return RunBayes(*bayes_flags); });
  runners->emplace_back(power, [power_flags] { return RunPower(*power_flags); });
}

}  // namespace mroi::cli
