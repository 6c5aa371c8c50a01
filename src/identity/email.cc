// Email normalisation and hashing for identity stitching.
#include <array>
#include <string>
#include <string_view>

#include <openssl/evp.h>

#include "mroi/identity.h"

#include "identity/email_internal.h"

namespace mroi {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char ToLowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string NormaliseEmail(std::string_view email) {
  std::string out = internal::TrimAndLowerCase(email);
  if (out.find('@') == std::string::npos) out.clear();
  return out;
}

namespace internal {

std::string TrimAndLowerCase(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && IsSpace(text[begin])) ++begin;
  while (end > begin && IsSpace(text[end - 1])) --end;
  std::string out(text.substr(begin, end - begin));
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

Result<std::string> Sha256Hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &digest_size, EVP_sha256(),
                 nullptr) != 1) {
    return Internal("OpenSSL EVP_Digest(sha256) failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * digest_size);
  for (unsigned int byte_idx = 0; byte_idx < digest_size; ++byte_idx) {
    out.push_back(kHex[digest[byte_idx] >> 4]);
    out.push_back(kHex[digest[byte_idx] & 0xf]);
  }
  return out;
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != kSha256HexLength) return false;
  for (char c : text) {
    if (!IsLowerHex(c)) return false;
  }
  return true;
}

}  // namespace internal
}  // namespace mroi
