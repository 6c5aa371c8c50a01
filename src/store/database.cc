// OpenWorkspaceDatabase: pick the backend from the URL's scheme; RedactUrl.
#include "store/database.h"

#include <fmt/format.h>

namespace mroi::internal {

std::string RedactUrl(const std::string& url) {
  const size_t scheme_end = url.find("://");
  const size_t at = url.find('@');
  if (scheme_end == std::string::npos || at == std::string::npos || at < scheme_end) return url;
  const size_t colon = url.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

Result<std::unique_ptr<Database>> OpenWorkspaceDatabase(const std::string& url,
                                                        const std::string& dir) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.rfind(kSqlite, 0) == 0) {
    std::string path = url.substr(kSqlite.size());
    if (path.empty()) return InvalidArgument("database URL 'sqlite:' names no file");
    if (path.front() != '/') path = dir + "/" + path;
    return OpenSqliteDatabase(path);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPostgresDatabase(url);
  }
  return InvalidArgument(fmt::format(
      "database URL '{}' is neither sqlite:PATH nor postgresql://user@host:port/db",
      RedactUrl(url)));
}

}  // namespace mroi::internal
