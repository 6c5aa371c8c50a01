// GenerateDemoWeekly: a two-year weekly marketing-mix history for the demo's paid
// channels, simulated with known truth (SimulateMmm) and written as a weekly table.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <numeric>

#include "mroi/demo.h"
#include "mroi/mmm.h"

namespace mroi {

namespace {

// The demo's paid channels, in the order the simulated channels take their names.
constexpr const char* kDemoWeeklyChannels[] = {"Paid Search", "Paid Social", "Display",
                                               "Affiliates", "Email"};
constexpr int kDemoWeeklyChannelCount = 5;
constexpr int kDemoWeeks = 104;
// Mean weekly revenue the history is scaled to (spend scales alike, so ROI is kept).
constexpr double kDemoMeanWeeklyRevenue = 20000;

}  // namespace

Result<DemoWeekly> GenerateDemoWeekly(const std::string& path, uint64_t seed) {
  MmmSimulationOptions options;
  options.periods = kDemoWeeks;
  options.channels = kDemoWeeklyChannelCount;
  options.seed = seed;
  MROI_ASSIGN_OR_RETURN(MmmSimulation simulation, SimulateMmm(options));
  WeeklySeries& series = simulation.series;
  const double mean_outcome =
      std::accumulate(series.outcome.begin(), series.outcome.end(), 0.0) /
      static_cast<double>(series.outcome.size());
  const double scale = kDemoMeanWeeklyRevenue / mean_outcome;

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(path.c_str(), "wb"),
                                                      &std::fclose);
  if (out == nullptr) return IOError(fmt::format("cannot write {}", path));
  std::string header = "DATE,revenue";
  for (const char* channel : kDemoWeeklyChannels) header += fmt::format(",{}_S", channel);
  for (const std::string& control : series.control_names) header += "," + control + "_control";
  fmt::print(out.get(), "{}\n", header);
  for (size_t t = 0; t < series.periods.size(); ++t) {
    fmt::print(out.get(), "{},{:.2f}", FormatDate(series.periods[t]), series.outcome[t] * scale);
    for (const auto& spend : series.spend) fmt::print(out.get(), ",{:.2f}", spend[t] * scale);
    for (const auto& control : series.controls) fmt::print(out.get(), ",{:.6f}", control[t]);
    fmt::print(out.get(), "\n");
  }
  if (std::fflush(out.get()) != 0) return IOError(fmt::format("cannot write {}", path));

  DemoWeekly weekly;
  weekly.path = path;
  weekly.weeks = kDemoWeeks;
  for (int c = 0; c < kDemoWeeklyChannelCount; ++c) {
    weekly.channels.push_back(kDemoWeeklyChannels[c]);
    weekly.true_roi.push_back(simulation.truth[static_cast<size_t>(c)].roi);
  }
  return weekly;
}

}  // namespace mroi
