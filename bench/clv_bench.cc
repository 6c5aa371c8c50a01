// clv_bench: times mroi's customer models on generated data, for bench/clv_vs_lifetimes.sh.
//
//   clv_bench summary N [CSV]   N transactions over N/10 customers (seeded), timed through
//                               SummariseTransactions (days); CSV gets customer_id,date,amount
//                               so that lifetimes summarises the same purchases.
//   clv_bench fit N [CSV] [--continuous]
//                               N customers simulated from the CDNOW BG/NBD estimates (r 0.243,
//                               alpha 4.414, a 0.793, b 2.426; first purchases spread over a
//                               12-week cohort, calibration ends at week 39) with spend from
//                               Gamma-Gamma p 6.25, q 3.74, v 15.44; recency rounded down to
//                               whole days as in CDNOW (continuous with --continuous). Times
//                               FitModel for BG/NBD and Gamma-Gamma; CSV gets the summary
//                               (ID,frequency,recency,T,monetary_value) so that lifetimes fits
//                               the same data.
// Prints one JSON object: the timings in seconds, the fitted parameters and peak RSS
// (getrusage, whole process, including the generated data).
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/os.h>
#include <nlohmann/json.hpp>

#include "mroi/clv.h"
#include "mroi/time.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Peak resident set of this process so far, in MiB.
double PeakRssMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

constexpr mroi::UnixSeconds kStart = 1704067200;  // 2024-01-01T00:00:00Z
constexpr int kDays = 731;                        // two years of purchases

// N transactions of N / 10 customers (at least 1), uniform over two years, in random order.
std::vector<mroi::Transaction> GenerateTransactions(int64_t count) {
  const int64_t customers = std::max<int64_t>(1, count / 10);
  std::mt19937_64 engine(20240101);
  std::uniform_int_distribution<int64_t> customer(1, customers);
  std::uniform_int_distribution<int64_t> second(0, int64_t{kDays} * 86400 - 1);
  std::exponential_distribution<double> amount(1.0 / 30.0);
  std::vector<mroi::Transaction> out(static_cast<size_t>(count));
  for (mroi::Transaction& t : out) {
    t.customer_id = customer(engine);
    t.time = kStart + second(engine);
    t.amount = std::round((5.0 + amount(engine)) * 100.0) / 100.0;
  }
  return out;
}

int RunSummary(int64_t count, const char* csv_path) {
  std::vector<mroi::Transaction> transactions = GenerateTransactions(count);
  const double rss_data = PeakRssMib();
  mroi::SummaryOptions options;
  options.time_unit = mroi::TimeUnit::kDays;
  const auto start = Clock::now();
  mroi::Result<mroi::CustomerSummaries> summaries = mroi::SummariseTransactions(transactions, options);
  const double seconds = Seconds(start);
  const double rss_peak = PeakRssMib();
  if (!summaries.ok()) {
    fmt::print(stderr, "clv_bench: {}\n", summaries.status().ToString());
    return 1;
  }
  double sum_frequency = 0, sum_recency = 0, sum_age = 0, sum_monetary = 0;
  for (const mroi::CustomerSummary& c : summaries->customers) {
    sum_frequency += c.frequency;
    sum_recency += c.recency;
    sum_age += c.age;
    sum_monetary += c.monetary_value;
  }
  if (csv_path != nullptr) {
    std::vector<std::string> dates;
    for (int day = 0; day < kDays; ++day) {
      dates.push_back(mroi::FormatTimestamp(kStart + int64_t{day} * 86400).substr(0, 10));
    }
    auto out = fmt::output_file(csv_path);
    out.print("customer_id,date,amount\n");
    for (const mroi::Transaction& t : transactions) {
      out.print("{},{},{:.2f}\n", t.customer_id, dates[static_cast<size_t>((t.time - kStart) / 86400)],
                t.amount);
    }
  }
  nlohmann::json result = {{"mode", "summary"},
                           {"transactions", count},
                           {"customers", summaries->customers.size()},
                           {"seconds", seconds},
                           {"peak_rss_mib", rss_peak},
                           {"rss_after_generation_mib", rss_data},
                           {"sum_frequency", sum_frequency},
                           {"sum_recency", sum_recency},
                           {"sum_T", sum_age},
                           {"sum_monetary_value", sum_monetary}};
  fmt::print("{}\n", result.dump());
  return 0;
}

nlohmann::json FitJson(const mroi::Result<mroi::ModelFit>& fit, double seconds) {
  if (!fit.ok()) return {{"seconds", seconds}, {"error", fit.status().ToString()}};
  nlohmann::json params = nlohmann::json::object();
  for (const mroi::ParameterEstimate& p : fit->parameters) params[p.name] = p.value;
  return {{"seconds", seconds},
          {"params", params},
          {"converged", fit->converged},
          {"log_likelihood", fit->log_likelihood},
          {"customers", fit->num_customers},
          {"distinct_rows", fit->num_distinct_rows},
          {"evaluations", fit->num_evaluations}};
}

int RunFit(int64_t count, const char* csv_path, bool continuous) {
  const std::vector<double> bg_truth = {0.243, 4.414, 0.793, 2.426};
  const std::vector<double> gg_truth = {6.25, 3.74, 15.44};
  auto bg_model = mroi::MakeModel(mroi::ClvModel::kBgNbd, bg_truth, mroi::TimeUnit::kWeeks);
  auto gg_model = mroi::MakeModel(mroi::ClvModel::kGammaGamma, gg_truth, mroi::TimeUnit::kWeeks);
  if (!bg_model.ok() || !gg_model.ok()) {
    fmt::print(stderr, "clv_bench: cannot make the generating models\n");
    return 1;
  }
  // First purchase on a day of the 12-week cohort; calibration ends after day 273 (week 39).
  std::mt19937_64 engine(19970101);
  std::uniform_int_distribution<int> first_day(0, 83);
  std::vector<double> ages(static_cast<size_t>(count));
  for (double& age : ages) age = (273.0 - first_day(engine)) / 7.0;
  const auto simulate_start = Clock::now();
  auto simulated = mroi::SimulateCustomers(*bg_model, ages, 1);
  if (!simulated.ok()) {
    fmt::print(stderr, "clv_bench: {}\n", simulated.status().ToString());
    return 1;
  }
  if (!continuous) {
    for (mroi::CustomerSummary& c : simulated->customers) c.recency = std::floor(c.recency * 7.0) / 7.0;
  }
  auto data = mroi::SimulateSpend(*gg_model, *simulated, 2);
  if (!data.ok()) {
    fmt::print(stderr, "clv_bench: {}\n", data.status().ToString());
    return 1;
  }
  const double simulate_seconds = Seconds(simulate_start);
  simulated = mroi::CustomerSummaries{};
  const double rss_data = PeakRssMib();
  mroi::FitOptions options;
  options.fail_on_non_convergence = false;
  auto bg_start = Clock::now();
  auto bg_fit = mroi::FitModel(mroi::ClvModel::kBgNbd, *data, options);
  const double bg_seconds = Seconds(bg_start);
  auto gg_start = Clock::now();
  auto gg_fit = mroi::FitModel(mroi::ClvModel::kGammaGamma, *data, options);
  const double gg_seconds = Seconds(gg_start);
  const double rss_peak = PeakRssMib();
  if (csv_path != nullptr) {
    auto out = fmt::output_file(csv_path);
    out.print("ID,frequency,recency,T,monetary_value\n");
    for (const mroi::CustomerSummary& c : data->customers) {
      out.print("{},{},{},{},{}\n", c.customer_id, c.frequency, c.recency, c.age, c.monetary_value);
    }
  }
  int64_t repeaters = 0;
  for (const mroi::CustomerSummary& c : data->customers) repeaters += c.frequency > 0 ? 1 : 0;
  nlohmann::json result = {{"mode", "fit"},
                           {"customers", count},
                           {"repeat_customers", repeaters},
                           {"recency", continuous ? "continuous" : "days"},
                           {"simulate_seconds", simulate_seconds},
                           {"bg_nbd", FitJson(bg_fit, bg_seconds)},
                           {"gamma_gamma", FitJson(gg_fit, gg_seconds)},
                           {"peak_rss_mib", rss_peak},
                           {"rss_after_simulation_mib", rss_data}};
  fmt::print("{}\n", result.dump());
  return bg_fit.ok() && gg_fit.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  const int64_t count = argc > 2 ? std::strtoll(argv[2], nullptr, 10) : 0;
  if ((mode != "summary" && mode != "fit") || count < 2) {
    fmt::print(stderr, "usage: clv_bench summary N [CSV] | clv_bench fit N [CSV] [--continuous]\n");
    return 2;
  }
  const char* csv_path = nullptr;
  bool continuous = false;
  for (int i = 3; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--continuous") {
      continuous = true;
    } else {
      csv_path = argv[i];
    }
  }
  return mode == "summary" ? RunSummary(count, csv_path) : RunFit(count, csv_path, continuous);
}
