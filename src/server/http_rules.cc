// The pure rules of the HTTP server (see http_rules_internal.h).
#include "http_rules_internal.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <system_error>

#include <nlohmann/json.hpp>

namespace mroi::internal {

namespace {

constexpr size_t kMaxParamValueBytes = 1000;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Whether `candidate` is `root` or lies inside it (both canonical).
bool IsInside(const std::filesystem::path& root, const std::filesystem::path& candidate) {
  auto root_end = root.end();
  auto [root_at, candidate_at] = std::mismatch(root.begin(), root_end, candidate.begin(),
                                               candidate.end());
  return root_at == root_end;
}

}  // namespace

Result<std::string> ResolveStaticPath(const std::string& root, std::string_view request_path) {
  if (request_path.empty() || request_path.front() != '/') {
    return InvalidArgument("the path must start with '/'");
  }
  if (request_path.find('\0') != std::string_view::npos ||
      request_path.find('\\') != std::string_view::npos ||
      request_path.find('%') != std::string_view::npos) {
    return InvalidArgument("the path holds a forbidden character");
  }
  std::string_view rest = request_path.substr(1);
  std::filesystem::path relative;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment == ".." || segment == ".") {
      return InvalidArgument("the path holds a '.' or '..' segment");
    }
    if (segment.empty()) {
      if (slash == std::string_view::npos) break;  // a trailing '/'
      return InvalidArgument("the path holds an empty segment");
    }
    relative /= std::string(segment);
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  std::error_code error;
  const std::filesystem::path root_path(root);
  std::filesystem::path target = root_path / relative;
  if (std::filesystem::is_directory(target, error)) target /= "index.html";
  std::filesystem::path real = std::filesystem::canonical(target, error);
  if (error || !IsInside(root_path, real) || !std::filesystem::is_regular_file(real, error)) {
    return NotFound(fmt::format("no file {}", request_path));
  }
  return real.string();
}

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
  }};
  std::string lower = Lower(path);
  for (const auto& [extension, type] : kTypes) {
    if (EndsWith(lower, extension)) return type;
  }
  return "application/octet-stream";
}

Status CheckParams(const QueryParams& params, const std::vector<std::string>& allowed,
                   std::string_view route) {
  for (const auto& [name, values] : params) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string known = allowed.empty() ? "none" : fmt::format("{}", fmt::join(allowed, ", "));
      return InvalidArgument(fmt::format("unknown parameter '{}' for {}; accepted: {}",
                                         name.substr(0, 64), route, known));
    }
    for (const std::string& value : values) {
      if (value.size() > kMaxParamValueBytes) {
        return InvalidArgument(fmt::format("parameter '{}' is longer than {} bytes", name,
                                           kMaxParamValueBytes));
      }
      if (std::any_of(value.begin(), value.end(),
                      [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
        return InvalidArgument(
            fmt::format("parameter '{}' holds a control character", name));
      }
    }
  }
  return Status::OK();
}

Result<std::string> SingleParam(const QueryParams& params, std::string_view name) {
  auto found = params.find(name);
  if (found == params.end() || found->second.empty()) return std::string();
  if (found->second.size() > 1) {
    return InvalidArgument(fmt::format("parameter '{}' given {} times; give it once", name,
                                       found->second.size()));
  }
  return found->second.front();
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string CanonicalQuery(const QueryParams& params) {
  std::string out;
  for (const auto& [name, values] : params) {  // std::map: sorted by name
    for (const std::string& value : values) {
      if (!out.empty()) out += '&';
      out += PercentEncode(name);
      out += '=';
      out += PercentEncode(value);
    }
  }
  return out;
}

Result<QueryParams> ParamsFromJsonBody(std::string_view body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return InvalidArgument("the request body is not valid JSON");
  if (!parsed.is_object()) return InvalidArgument("the request body must be a JSON object");
  auto scalar = [](const nlohmann::json& value) -> Result<std::string> {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
    if (value.is_number()) return value.dump();
    return InvalidArgument("");
  };
  QueryParams params;
  for (const auto& [name, value] : parsed.items()) {
    std::vector<std::string>& values = params[name];
    if (value.is_array()) {
      for (const nlohmann::json& item : value) {
        auto text = scalar(item);
        if (!text.ok()) {
          return InvalidArgument(fmt::format(
              "member '{}' of the body: an array may hold only strings, numbers or booleans",
              name.substr(0, 64)));
        }
        values.push_back(*std::move(text));
      }
      continue;
    }
    auto text = scalar(value);
    if (!text.ok()) {
      return InvalidArgument(fmt::format(
          "member '{}' of the body must be a string, number, boolean or array of those",
          name.substr(0, 64)));
    }
    values.push_back(*std::move(text));
  }
  return params;
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kOutOfRange: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kFailedPrecondition: return 422;
    case StatusCode::kUnimplemented: return 501;
    case StatusCode::kIOError: return 500;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

std::string ErrorJson(std::string_view code, std::string_view message) {
  nlohmann::json out = {{"error", {{"code", code}, {"message", message}}}};
  // Messages may quote request bytes: replace invalid UTF-8 rather than throw.
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  size_t length = std::max(a.size(), b.size());
  unsigned difference = a.size() == b.size() ? 0u : 1u;
  for (size_t idx = 0; idx < length; ++idx) {
    unsigned char left = idx < a.size() ? static_cast<unsigned char>(a[idx]) : 0;
    unsigned char right = idx < b.size() ? static_cast<unsigned char>(b[idx]) : 0;
    difference |= static_cast<unsigned>(left ^ right);
  }
  return difference == 0;
}

bool BearerTokenMatches(std::string_view header, std::string_view token) {
  constexpr std::string_view kScheme = "bearer ";
  if (token.empty() || header.size() < kScheme.size()) return false;
  if (Lower(header.substr(0, kScheme.size())) != kScheme) return false;
  std::string_view given = header.substr(kScheme.size());
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
  return ConstantTimeEquals(given, token);
}

bool IsValidRouteName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/' ||
      name.find("//") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '/';
  });
}

}  // namespace mroi::internal
