#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/result.h"
#include "mroi/status.h"

// The pure rules of the HTTP server, apart from any socket so that they are unit
// tested: static-file path resolution, content types, query validation and canonical
// form, status mapping, error bodies and the bearer-token check.
namespace mroi::internal {

/// Query parameters: name -> values in the order given.
using QueryParams = std::map<std::string, std::vector<std::string>, std::less<>>;

/// Resolve `request_path` (already percent-decoded, starting with '/') against the
/// dashboard folder `root` (canonical, absolute). "/" and folders give their
/// index.html. Rules: a segment "..", "." or empty (after the first '/'), a backslash,
/// a NUL or a '%' left after decoding (double encoding) → kInvalidArgument; a path
/// that does not exist, or whose real path (symlinks followed) leaves `root`, →
/// kNotFound. Returns the real path of a regular file. Cost: a few stat() calls.
Result<std::string> ResolveStaticPath(const std::string& root, std::string_view request_path);

/// The Content-Type of a file by its extension (.html .js .mjs .css .svg .png .jpg
/// .webp .ico .json .map .woff2 .woff .txt; else application/octet-stream).
std::string_view ContentTypeFor(std::string_view path);

/// Check that every name of `params` is in `allowed` and that no value is longer than
/// 1,000 bytes or holds a control character. Error kInvalidArgument naming the
/// parameter and, for an unknown one, the accepted names of `route`.
Status CheckParams(const QueryParams& params, const std::vector<std::string>& allowed,
                   std::string_view route);

/// The value of a parameter given at most once: "" when absent. Error
/// kInvalidArgument when given more than once.
Result<std::string> SingleParam(const QueryParams& params, std::string_view name);

/// The canonical form of `params` for a cache key: names sorted, values in order,
/// each percent-encoded, joined as a query string ("a=1&b=x%20y").
std::string CanonicalQuery(const QueryParams& params);

/// Percent-encode everything but unreserved characters (RFC 3986 section 2.3).
std::string PercentEncode(std::string_view text);

/// The members of a JSON object body as parameters (a string, number or boolean is
/// one value; an array of those, one value each). Error kInvalidArgument for text
/// that is not JSON, not an object, or holds a nested object or null.
Result<QueryParams> ParamsFromJsonBody(std::string_view body);

/// The HTTP status of a failed status: kInvalidArgument 400, kNotFound 404,
/// kFailedPrecondition 422, kOutOfRange 400, kUnimplemented 501, else 500.
int HttpStatusFor(StatusCode code);

/// `{"error":{"code":code,"message":message}}`.
std::string ErrorJson(std::string_view code, std::string_view message);

/// Compare in time that depends only on the lengths (not on where they differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

/// Whether an Authorization header value is "Bearer <token>" (scheme case-insensitive).
bool BearerTokenMatches(std::string_view header, std::string_view token);

/// Whether `name` is a valid extra-route name: 1-64 of [a-z0-9_-/], not starting or
/// ending with '/', no "//".
bool IsValidRouteName(std::string_view name);

}  // namespace mroi::internal
