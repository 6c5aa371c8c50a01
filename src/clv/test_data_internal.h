#pragma once

// Test helpers of the clv layer: where the shared CDNOW data live, and a
// comparison with published (rounded) figures.

#include <cmath>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace mroi::testing {

/// The lifetimes CDNOW folder of ../shared/data (may be absent).
inline std::string CdnowDir() {
  return std::string(MROI_SOURCE_DIR) + "/../shared/data/lifetimes_cdnow/";
}

inline bool HaveCdnow() { return std::filesystem::exists(CdnowDir() + "cdnow_customers_summary.csv"); }

/// Expect `actual` to round to a published figure with `decimals` decimals, within
/// 1e-3 relative or half a unit of the last digit, whichever is larger.
inline void ExpectPublished(double actual, double published, int decimals, const std::string& what) {
  const double tolerance = std::max(1e-3 * std::fabs(published), 0.5 * std::pow(10.0, -decimals));
  EXPECT_NEAR(actual, published, tolerance) << what;
}

}  // namespace mroi::testing

#define MROI_SKIP_WITHOUT_CDNOW()                                                           \
  if (!::mroi::testing::HaveCdnow())                                                        \
  GTEST_SKIP() << "shared data not found at " << ::mroi::testing::CdnowDir()                \
               << " (the CDNOW files of ../shared/data are optional)"
