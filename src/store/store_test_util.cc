#include "store/store_test_util.h"

#include <libpq-fe.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace mroi::testing_store {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "mroi-store-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) std::abort();
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  if (!file) std::abort();
}

Result<std::string> PostgresBaseUrl() {
  const char* url_file = std::getenv("MROI_PG_URL_FILE");
#ifdef MROI_PG_URL_FILE
  if (url_file == nullptr) url_file = MROI_PG_URL_FILE;
#endif
  if (url_file == nullptr) {
    return NotFound("MROI_PG_URL_FILE is not set (run through ctest, whose fixture "
                    "store_pg_start starts a PostgreSQL server)");
  }
  std::ifstream file(url_file);
  if (!file) {
    std::ifstream reason_file(std::string(url_file) + ".skip");
    std::stringstream reason;
    reason << reason_file.rdbuf();
    return NotFound(fmt::format(
        "no PostgreSQL server for the tests: {}",
        reason.str().empty() ? fmt::format("no {} (run through ctest, whose fixture "
                                           "store_pg_start starts one)",
                                           url_file)
                             : reason.str()));
  }
  std::string url;
  std::getline(file, url);
  return url;
}

Result<std::string> FreshPostgresDatabase(const std::string& name) {
  MROI_ASSIGN_OR_RETURN(std::string base, PostgresBaseUrl());
  PGconn* conn = PQconnectdb((base + "/postgres").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return IOError(fmt::format("cannot reach the test server: {}", message));
  }
  // Test-only DDL; `name` comes from the test's own code.
  for (const std::string& sql : {fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", name),
                                 fmt::format("CREATE DATABASE {}", name)}) {
    PGresult* result = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (!ok) {
      PQfinish(conn);
      return Internal(fmt::format("{}: {}", sql, message));
    }
  }
  PQfinish(conn);
  return base + "/" + name;
}

}  // namespace mroi::testing_store
