// XXH3-128 content hashes through libxxhash's streaming API.
#include "store/content_hash.h"

#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

namespace mroi::internal {

namespace {

constexpr size_t kBlockBytes = 1 << 20;

std::string Hex(XXH128_hash_t hash) {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  std::string out;
  out.reserve(32);
  for (unsigned char byte : canonical.digest) out += fmt::format("{:02x}", byte);
  return out;
}

struct StateDeleter {
  void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
};
struct FileCloser {
  void operator()(FILE* file) const { std::fclose(file); }
};

}  // namespace

std::string ContentHash(std::string_view bytes) {
  return Hex(XXH3_128bits(bytes.data(), bytes.size()));
}

Result<std::string> FileContentHash(const std::string& path) {
  std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    const int error = errno;
    if (error == ENOENT) return NotFound(fmt::format("{}: no such file", path));
    return IOError(fmt::format("{}: cannot open: {}", path, std::strerror(error)));
  }
  std::unique_ptr<XXH3_state_t, StateDeleter> state(XXH3_createState());
  if (!state || XXH3_128bits_reset(state.get()) != XXH_OK) {
    return Internal("cannot create a hash state");
  }
  std::vector<char> block(kBlockBytes);
  while (true) {
    const size_t got = std::fread(block.data(), 1, block.size(), file.get());
    if (got > 0) XXH3_128bits_update(state.get(), block.data(), got);
    if (got < block.size()) break;
  }
  if (std::ferror(file.get()) != 0) return IOError(fmt::format("{}: read error", path));
  return Hex(XXH3_128bits_digest(state.get()));
}

}  // namespace mroi::internal
