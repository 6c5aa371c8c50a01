// mroi: the command-line front end. Parses flags, calls the library, prints.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <exception>
#include <map>

#include "commands.h"

namespace mroi::cli {

int ReportError(const Status& status) {
  fmt::print(stderr, "mroi: {}\n", status.message());
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kIOError:
      return 2;
    default:
      return 1;
  }
}

Result<double> ParseNumberFlag(const std::string& text, std::string_view flag) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidArgument(fmt::format("{} '{}' is not a number", flag, text));
  }
  return value;
}

}  // namespace mroi::cli

int main(int argc, char** argv) {
  CLI::App app{
      "mroi — the marketing ROI engine: clean raw marketing exports, stitch persons, "
      "build journeys, measure, attribute and report.\n\nStart with:  mroi demo --out mroi-demo"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mroi 0.1.0");
  std::map<CLI::App*, mroi::cli::CommandRunner> runners;
  auto add = [&](mroi::cli::CommandRunner runner, const char* name) {
    runners[app.get_subcommand(name)] = std::move(runner);
  };
  add(mroi::cli::AddDemoCommand(&app), "demo");
  add(mroi::cli::AddInitCommand(&app), "init");
  add(mroi::cli::AddImportCommand(&app), "import");
  add(mroi::cli::AddCleanCommand(&app), "clean");
  add(mroi::cli::AddJourneysCommand(&app), "journeys");
  add(mroi::cli::AddMetricsCommand(&app), "metrics");
  add(mroi::cli::AddAttributeCommand(&app), "attribute");
  add(mroi::cli::AddReportCommand(&app), "report");
  add(mroi::cli::AddClvCommand(&app), "clv");
  add(mroi::cli::AddChurnCommand(&app), "churn");
  add(mroi::cli::AddSegmentCommand(&app), "segment");
  add(mroi::cli::AddPlanCommand(&app), "plan");
  add(mroi::cli::AddAbtestCommand(&app), "abtest");
  add(mroi::cli::AddServeCommand(&app), "serve");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  try {
    for (auto& [command, runner] : runners) {
      if (command->parsed()) return runner();
    }
  } catch (const std::exception& error) {
    fmt::print(stderr, "mroi: internal error: {}\n", error.what());
    return 1;
  }
  return 1;
}
