// Fuzz target of the server's request parsing (src/server/http_rules.cc): the first
// byte picks the rule, the rest is the input. Invariants: a JSON body is either refused
// or gives flat parameters whose canonical query is stable; a static path is refused or
// resolves to a regular file inside the dashboard folder; percent-encoding leaves only
// unreserved characters and %XX escapes.
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "server/http_rules_internal.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// A dashboard folder with one file and a symlink leading out of it, made once.
const std::string& StaticRoot() {
  static const std::string root = [] {
    namespace fs = std::filesystem;
    const fs::path base = fs::temp_directory_path() / "mroi_http_rules_fuzz";
    std::error_code error;
    fs::create_directories(base / "dist" / "assets", error);
    std::ofstream(base / "dist" / "index.html") << "<!doctype html>";
    std::ofstream(base / "dist" / "assets" / "app.js") << "1";
    std::ofstream(base / "secret.txt") << "secret";
    fs::create_symlink(base / "secret.txt", base / "dist" / "leak.txt", error);
    return fs::canonical(base / "dist").string();
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto params = mroi::internal::ParamsFromJsonBody(input);
      if (!params.ok()) return 0;
      const std::string canonical = mroi::internal::CanonicalQuery(*params);
      Check(canonical == mroi::internal::CanonicalQuery(*params));
      (void)mroi::internal::CheckParams(*params, {"a", "b"}, "fuzz");
      break;
    }
    case 1: {
      const std::string path = "/" + std::string(input);
      auto resolved = mroi::internal::ResolveStaticPath(StaticRoot(), path);
      if (!resolved.ok()) return 0;
      const std::string& root = StaticRoot();
      Check(resolved->compare(0, root.size(), root) == 0);
      Check(resolved->size() == root.size() || (*resolved)[root.size()] == '/');
      Check(std::filesystem::is_regular_file(*resolved));
      break;
    }
    default: {
      const std::string encoded = mroi::internal::PercentEncode(input);
      for (size_t i = 0; i < encoded.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(encoded[i]);
        if (c == '%') {
          Check(i + 2 < encoded.size());
          Check(std::isxdigit(static_cast<unsigned char>(encoded[i + 1])) &&
                std::isxdigit(static_cast<unsigned char>(encoded[i + 2])));
          i += 2;
        } else {
          Check(std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~');
        }
      }
      break;
    }
  }
  return 0;
}
