#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/result.h"

namespace mroi {

/// Size of the generated demo.
enum class DemoScale : uint8_t { kSmall, kMedium, kLarge };
Result<DemoScale> DemoScaleFromName(std::string_view name);

/// What the demo generator makes.
struct DemoOptions {
  /// Folder to write into; files go to out_dir + "/data/". Created if missing.
  std::string out_dir = "mroi-demo";
  uint64_t seed = 42;
  DemoScale scale = DemoScale::kSmall;
};

/// What was written, for the caller to run the pipeline on.
struct DemoManifest {
  std::string data_dir;                 // out_dir/data
  std::string truth_path;               // out_dir/truth/defects.csv
  std::string persons_truth_path;       // out_dir/truth/persons.csv
  std::vector<std::string> files;       // every data file written
  int64_t persons = 0;
  int64_t touchpoints = 0;
  int64_t conversions = 0;
};

/// Generate a realistic, seeded dataset of every input kind: B2B leads/deals and
/// e-commerce orders, 8+ channels with believable CPC/CTR/CR, multi-device persons,
/// bot traffic, duplicate forms and orders, refunds, messy UTMs, missing cogs. The same
/// seed gives byte-identical files. Records the truth beside the data:
///   truth/defects.csv  file,line,rule   — each row the eraser should remove, and why
///   truth/persons.csv  kind,id,person   — which ids are one person
/// Errors: kIOError when out_dir cannot be written.
Result<DemoManifest> GenerateDemo(const DemoOptions& options);

/// A simulated weekly history written by GenerateDemoWeekly().
struct DemoWeekly {
  std::string path;
  int weeks = 0;
  std::vector<std::string> channels;  // the demo's paid channels
  std::vector<double> true_roi;       // the simulation's ROI per channel, same order
};

/// Write a two-year weekly marketing-mix table (DATE, revenue, "<channel>_S" spend,
/// one "_control" column) for the demo's paid channels, simulated with known adstock,
/// saturation, trend and seasonality (SimulateMmm) — the history `mroi plan mmm
/// --weekly` needs, which the demo's half year of spend is too short for. The same seed
/// gives the same file. Errors: kIOError when `path` cannot be written.
Result<DemoWeekly> GenerateDemoWeekly(const std::string& path, uint64_t seed);

}  // namespace mroi
