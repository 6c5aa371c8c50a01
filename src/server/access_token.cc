// The access token of `mroi serve` off loopback: 32 random bytes from the OS kernel,
// kept as 64 hex digits in <dir>/.mroi-token (mode 0600).
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mroi/server.h"

namespace mroi {

namespace {

constexpr size_t kTokenBytes = 32;
constexpr std::string_view kTokenFileName = ".mroi-token";

Result<std::string> RandomHex(size_t bytes) {
  std::array<unsigned char, kTokenBytes> buffer{};
  size_t filled = 0;
  while (filled < bytes) {
    ssize_t got = getrandom(buffer.data() + filled, bytes - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return IOError(fmt::format("getrandom failed: {}", std::strerror(errno)));
    }
    filled += static_cast<size_t>(got);
  }
  std::string hex;
  for (size_t idx = 0; idx < bytes; ++idx) hex += fmt::format("{:02x}", buffer[idx]);
  return hex;
}

bool IsToken(std::string_view text) {
  return text.size() == 2 * kTokenBytes &&
         std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isxdigit(c) != 0; });
}

Result<std::string> ReadToken(const std::string& path) {
  std::ifstream in(path);
  if (!in) return IOError(fmt::format("cannot read {}", path));
  std::string token;
  std::getline(in, token);
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) {
    token.pop_back();
  }
  if (!IsToken(token)) {
    return InvalidArgument(fmt::format(
        "{} does not hold a token (64 hex digits); delete it to make a new one", path));
  }
  return token;
}

}  // namespace

Result<AccessToken> LoadOrCreateAccessToken(const std::string& dir) {
  AccessToken out;
  out.path = (std::filesystem::path(dir) / kTokenFileName).string();
  // O_EXCL: of two servers starting at once, one makes the token and the other reads it.
  int fd = ::open(out.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno != EEXIST) {
      return IOError(fmt::format("cannot create {}: {}", out.path, std::strerror(errno)));
    }
    MROI_ASSIGN_OR_RETURN(out.token, ReadToken(out.path));
    return out;
  }
  auto token = RandomHex(kTokenBytes);
  std::string line = token.ok() ? *token + "\n" : "";
  bool written = token.ok() && ::write(fd, line.data(), line.size()) ==
                                   static_cast<ssize_t>(line.size());
  bool closed = ::close(fd) == 0;
  if (!written || !closed) {
    std::filesystem::remove(out.path);
    if (!token.ok()) return token.status();
    return IOError(fmt::format("cannot write {}", out.path));
  }
  out.token = *token;
  out.created = true;
  return out;
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.substr(0, 4) != "127.") return false;
  // 127.a.b.c with digits and dots only.
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
         std::count(host.begin(), host.end(), '.') == 3;
}

}  // namespace mroi
