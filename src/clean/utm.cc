// UTM normalisation: trimming, lower-casing, URL-decoding and aliases, and the
// source named by a referrer URL.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <map>
#include <utility>

#include "mroi/clean.h"

namespace mroi {

namespace {

constexpr std::string_view kSpaces = " \t\r\n\v\f";

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(kSpaces);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(kSpaces);
  return text.substr(begin, end - begin + 1);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decode "%XX" and "+" (form encoding); a '%' not followed by two hex digits is kept.
std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
               HexDigit(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

void LowerInPlace(std::string* text) {
  for (char& c : *text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// Source aliases built in (docs/cleaning.md, utm_normalised).
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kSourceAliases = {{
    {"fb", "facebook"},
    {"facebook.com", "facebook"},
    {"www.facebook.com", "facebook"},
    {"m.facebook.com", "facebook"},
    {"l.facebook.com", "facebook"},
    {"lm.facebook.com", "facebook"},
    {"ig", "instagram"},
    {"instagram.com", "instagram"},
    {"www.instagram.com", "instagram"},
    {"l.instagram.com", "instagram"},
    {"google.com", "google"},
    {"www.google.com", "google"},
    {"bing.com", "bing"},
    {"www.bing.com", "bing"},
    {"linkedin.com", "linkedin"},
    {"www.linkedin.com", "linkedin"},
    {"lnkd.in", "linkedin"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kMediumAliases = {{
    {"ppc", "cpc"},
    {"paid", "cpc"},
    {"paidsearch", "cpc"},
    {"paid-search", "cpc"},
    {"paid_search", "cpc"},
    {"e-mail", "email"},
    {"e_mail", "email"},
    {"e mail", "email"},
    {"paidsocial", "paid_social"},
    {"paid-social", "paid_social"},
    {"paid social", "paid_social"},
    {"organic search", "organic"},
}};

template <size_t N>
std::string ApplyAliases(
    std::string value, const std::array<std::pair<std::string_view, std::string_view>, N>& table,
    const std::map<std::string, std::string>& extra) {
  for (const auto& [alias, target] : table) {
    if (value == alias) {
      value = std::string(target);
      break;
    }
  }
  auto found = extra.find(value);
  if (found != extra.end()) value = found->second;
  return value;
}

// Search engines whose referrals are organic search; a host naming one of them in any
// label but the last ("search.yahoo.com", "google.co.uk") is that engine.
constexpr std::array<std::string_view, 12> kSearchEngines = {
    "google", "bing",  "yahoo",  "baidu",     "duckduckgo", "yandex",
    "ecosia", "naver", "sogou", "seznam", "startpage",  "qwant"};

}  // namespace

std::string NormaliseUtmValue(std::string_view value) {
  std::string decoded = UrlDecode(Trim(value));
  LowerInPlace(&decoded);
  return std::string(Trim(decoded));
}

std::string NormaliseSource(std::string_view source,
                            const std::map<std::string, std::string>& extra_aliases) {
  return ApplyAliases(NormaliseUtmValue(source), kSourceAliases, extra_aliases);
}

std::string NormaliseMedium(std::string_view medium,
                            const std::map<std::string, std::string>& extra_aliases) {
  return ApplyAliases(NormaliseUtmValue(medium), kMediumAliases, extra_aliases);
}

std::string SourceFromReferrer(std::string_view referrer) {
  std::string url = NormaliseUtmValue(referrer);
  std::string_view rest = url;
  size_t scheme = rest.find("://");
  if (scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  else if (rest.substr(0, 2) == "//") rest.remove_prefix(2);
  size_t end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end);
  size_t at = host.rfind('@');
  if (at != std::string_view::npos) host.remove_prefix(at + 1);
  size_t colon = host.find(':');
  if (colon != std::string_view::npos) host = host.substr(0, colon);
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.substr(0, 4) == "www.") host.remove_prefix(4);
  if (host.empty() || host.find_first_of(" \"'<>\\") != std::string_view::npos) return "";
  // A search engine in any label but the top-level domain names the source.
  size_t last_dot = host.rfind('.');
  if (last_dot != std::string_view::npos) {
    std::string_view labels = host.substr(0, last_dot);
    size_t start = 0;
    while (start <= labels.size()) {
      size_t dot = labels.find('.', start);
      std::string_view label =
          labels.substr(start, dot == std::string_view::npos ? std::string_view::npos
                                                             : dot - start);
      for (std::string_view engine : kSearchEngines) {
        if (label == engine) return std::string(engine);
      }
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  return NormaliseSource(host);
}

}  // namespace mroi
