#pragma once

#include <string>

#include "mroi/result.h"

// Helpers of the store tests: scratch folders, small input files, and a fresh
// PostgreSQL database on the server the ctest fixture started (tests/store).
namespace mroi::testing_store {

/// A new empty folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Write `text` to `path` (test setup; aborts the test binary on failure).
void WriteFile(const std::string& path, const std::string& text);

/// The base URL of the fixture's PostgreSQL server ("postgresql://postgres@127.0.0.1:N"),
/// read from $MROI_PG_URL_FILE, else the path compiled in by CMake,
/// or an error whose message says why there is none (shown by GTEST_SKIP).
Result<std::string> PostgresBaseUrl();

/// Drop and create the database `name` on the fixture's server; return its URL.
Result<std::string> FreshPostgresDatabase(const std::string& name);

}  // namespace mroi::testing_store
