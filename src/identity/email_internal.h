#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mroi/result.h"

namespace mroi::internal {

/// Length of a SHA-256 digest written as hex.
inline constexpr size_t kSha256HexLength = 64;

/// Return `text` without leading/trailing ASCII whitespace, ASCII letters lower-cased.
std::string TrimAndLowerCase(std::string_view text);

/// Return the lower-case hex SHA-256 of `text` (OpenSSL EVP). Error kInternal
/// only if OpenSSL itself fails.
Result<std::string> Sha256Hex(std::string_view text);

/// True when `text` is 64 lower-case hex digits, i.e. already a hashed email.
bool IsSha256Hex(std::string_view text);

}  // namespace mroi::internal
