// gen_weekly WEEKS CHANNELS OUT [SEED]: writes a simulated weekly marketing-mix history
// (SimulateMmm: geometric adstock, Hill saturation, trend, yearly seasonality, one
// control, 5 % noise) as a CSV that `mroi plan mmm --weekly` reads: DATE, revenue,
// ch<i>_S spend columns, control0_control. Prints the true ROI per channel on stderr.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "mroi/mmm.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: gen_weekly WEEKS CHANNELS OUT [SEED]\n");
    return 2;
  }
  mroi::MmmSimulationOptions options;
  options.periods = std::atoi(argv[1]);
  options.channels = std::atoi(argv[2]);
  options.seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1;
  mroi::Result<mroi::MmmSimulation> simulation = mroi::SimulateMmm(options);
  if (!simulation.ok()) {
    std::fprintf(stderr, "gen_weekly: %s\n", simulation.status().message().c_str());
    return 2;
  }
  const mroi::WeeklySeries& series = simulation->series;
  std::FILE* out = std::fopen(argv[3], "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "gen_weekly: cannot write %s\n", argv[3]);
    return 2;
  }
  std::string header = "DATE,revenue";
  for (const std::string& channel : series.channels) header += "," + channel + "_S";
  for (const std::string& control : series.control_names) header += "," + control + "_control";
  fmt::print(out, "{}\n", header);
  for (size_t t = 0; t < series.periods.size(); ++t) {
    fmt::print(out, "{},{:.6f}", mroi::FormatDate(series.periods[t]), series.outcome[t]);
    for (const auto& spend : series.spend) fmt::print(out, ",{:.4f}", spend[t]);
    for (const auto& control : series.controls) fmt::print(out, ",{:.6f}", control[t]);
    fmt::print(out, "\n");
  }
  std::fclose(out);
  for (const mroi::MmmTrueChannel& channel : simulation->truth) {
    fmt::print(stderr, "{} true roi {:.4f} theta {:.3f}\n", channel.name, channel.roi,
               channel.theta);
  }
  return 0;
}
