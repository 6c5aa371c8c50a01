// paths_bench FILE [ORDERS...]: mroi's exact Markov chains on an aggregated-paths file,
// timed in process as ChannelAttribution's markov_model() is timed inside R (file
// already in memory): parse the text, count the transitions, solve. Best of 5 runs.
// Prints one JSON line per order: {"order", "parse_s", "count_s", "solve_s", "total_s"}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mroi/data_driven.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: paths_bench FILE [ORDERS...]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (!in || text.empty()) {
    std::fprintf(stderr, "paths_bench: cannot read %s\n", argv[1]);
    return 2;
  }
  std::vector<int> orders;
  for (int i = 2; i < argc; ++i) orders.push_back(std::atoi(argv[i]));
  if (orders.empty()) orders = {1, 2, 3, 4};
  constexpr int kRuns = 5;
  for (int order : orders) {
    double best_parse = 1e300, best_count = 1e300, best_solve = 1e300, best_total = 1e300;
    for (int run = 0; run < kRuns; ++run) {
      auto start = std::chrono::steady_clock::now();
      auto paths = mroi::ParseAggregatedPaths(text, argv[1]);
      const double parse = Seconds(start);
      if (!paths.ok()) {
        std::fprintf(stderr, "%s\n", paths.status().ToString().c_str());
        return 1;
      }
      mroi::MarkovOptions options;
      options.order = order;
      auto counted = std::chrono::steady_clock::now();
      auto counts = mroi::CountMarkovPaths(*paths, options);
      const double count = Seconds(counted);
      auto solved = std::chrono::steady_clock::now();
      auto result = counts.ok() ? mroi::SolveMarkov(*counts, options)
                                : mroi::Result<mroi::MarkovResult>(counts.status());
      const double solve = Seconds(solved);
      if (!result.ok()) {
        std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
        return 1;
      }
      best_parse = std::min(best_parse, parse);
      best_count = std::min(best_count, count);
      best_solve = std::min(best_solve, solve);
      best_total = std::min(best_total, parse + count + solve);
    }
    std::printf(
        "{\"order\":%d,\"parse_s\":%.4f,\"count_s\":%.4f,\"solve_s\":%.4f,\"total_s\":%.4f}\n",
        order, best_parse, best_count, best_solve, best_total);
  }
  return 0;
}
