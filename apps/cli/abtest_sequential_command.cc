// mroi abtest sequential: always-valid monitoring (mixture SPRT) of cumulative looks
// given as a CSV or as one look on the flags.
#include <cmath>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mroi/api.h"

#include "abtest_text.h"
#include "console.h"

namespace mroi::cli {

namespace {

using Json = nlohmann::ordered_json;

// A finite number, or JSON null.
Json AbtestNumber(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

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
  const std::vector<std::string_view> header = SplitText(line, ',');
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
    const std::vector<std::string_view> fields = SplitText(line, ',');
    if (fields.size() != header.size()) {
      return InvalidArgument(fmt::format("{}:{}: {} fields, the header has {}", path,
                                         line_number, fields.size(), header.size()));
    }
    int64_t values[4];
    for (int name = 0; name < 4; ++name) {
      Result<int64_t> value =
          api::ParseAbtestCount(fields[static_cast<size_t>(columns[name])],
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
    Result<ProportionArm> control = api::ParseProportionArm(flags.control, "--control");
    if (!control.ok()) return ReportError(control.status());
    Result<ProportionArm> variant = api::ParseProportionArm(flags.variant, "--variant");
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
                        {"lift_abs", AbtestNumber(point.lift_abs)},
                        {"z", AbtestNumber(point.z)},
                        {"fixed_p_value", AbtestNumber(point.fixed_p_value)},
                        {"always_valid_p", AbtestNumber(point.always_valid_p)},
                        {"cs_low", AbtestNumber(point.cs_low)},
                        {"cs_high", AbtestNumber(point.cs_high)}});
    }
    Json out = {{"test", "sequential"},
                {"alpha", flags.alpha},
                {"tau", AbtestNumber(result->mixture_sd)},
                {"lift_abs", AbtestNumber(last.lift_abs)},
                {"z", AbtestNumber(last.z)},
                {"p_value", AbtestNumber(last.fixed_p_value)},
                {"always_valid_p", AbtestNumber(last.always_valid_p)},
                {"cs_low", AbtestNumber(last.cs_low)},
                {"cs_high", AbtestNumber(last.cs_high)},
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

}  // namespace

void AddAbtestSequentialCommand(CLI::App* command, AbtestRunners* runners) {
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

  runners->emplace_back(sequential,
                        [sequential_flags] { return RunSequential(*sequential_flags); });
}

}  // namespace mroi::cli
