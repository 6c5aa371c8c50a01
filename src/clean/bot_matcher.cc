// BotMatcher: the crawler list compiled into one RE2::Set, so that a user agent is
// scanned once for all ~1,500 patterns (bench/bot_matcher_bench.cc measures it against
// std::regex, pattern by pattern).
#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "mroi/clean.h"

namespace mroi {

namespace {

// Memory budget of the set's DFA; the default (8 MiB) runs out on the full list.
constexpr int64_t kSetMaxMem = int64_t{256} << 20;

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kSetMaxMem);
  return options;
}

}  // namespace

struct BotMatcher::Impl {
  Impl() : set(PatternOptions(), RE2::UNANCHORED) {}
  RE2::Set set;
  std::vector<std::string> patterns;  // index = set index
  int64_t skipped = 0;                // patterns RE2 cannot compile (e.g. look-arounds)
};

BotMatcher::BotMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BotMatcher::BotMatcher(BotMatcher&&) noexcept = default;
BotMatcher& BotMatcher::operator=(BotMatcher&&) noexcept = default;
BotMatcher::~BotMatcher() = default;

Result<BotMatcher> BotMatcher::FromPatterns(const std::vector<std::string>& patterns) {
  auto impl = std::make_unique<Impl>();
  for (const std::string& pattern : patterns) {
    std::string error;
    if (pattern.empty()) {
      ++impl->skipped;
      continue;
    }
    if (impl->set.Add(pattern, &error) < 0) {
      // RE2 has no look-around or back-references; such a pattern is skipped, not fatal.
      ++impl->skipped;
      continue;
    }
    impl->patterns.push_back(pattern);
  }
  if (!impl->set.Compile()) {
    return InvalidArgument(fmt::format(
        "the crawler list ({} patterns) does not fit RE2's memory budget", impl->patterns.size()));
  }
  return BotMatcher(std::move(impl));
}

Result<BotMatcher> BotMatcher::Make(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return NotFound(fmt::format("crawler list '{}' cannot be opened; point clean.bot_list "
                                "at a crawler-user-agents.json file",
                                path));
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  nlohmann::json json = nlohmann::json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_array()) {
    return InvalidArgument(fmt::format(
        "crawler list '{}' is not a JSON array of {{\"pattern\": ...}} objects", path));
  }
  std::vector<std::string> patterns;
  patterns.reserve(json.size());
  for (size_t entry_idx = 0; entry_idx < json.size(); ++entry_idx) {
    const nlohmann::json& entry = json[entry_idx];
    if (!entry.is_object() || !entry.contains("pattern") || !entry["pattern"].is_string()) {
      return InvalidArgument(fmt::format(
          "crawler list '{}': entry {} has no string \"pattern\"", path, entry_idx));
    }
    patterns.push_back(entry["pattern"].get<std::string>());
  }
  return FromPatterns(patterns);
}

bool BotMatcher::Matches(std::string_view user_agent) const {
  if (impl_->patterns.empty()) return false;
  return impl_->set.Match(re2::StringPiece(user_agent.data(), user_agent.size()), nullptr);
}

std::string_view BotMatcher::FirstMatch(std::string_view user_agent) const {
  if (impl_->patterns.empty()) return {};
  std::vector<int> matched;
  if (!impl_->set.Match(re2::StringPiece(user_agent.data(), user_agent.size()), &matched) ||
      matched.empty()) {
    return {};
  }
  int first = *std::min_element(matched.begin(), matched.end());
  return impl_->patterns[static_cast<size_t>(first)];
}

size_t BotMatcher::num_patterns() const { return impl_->patterns.size(); }

}  // namespace mroi
