// RE2::Set (BotMatcher) against std::regex for the crawler list, on a realistic mix of
// user agents: mostly browsers (which must scan every pattern to say "no") and ~10 %
// crawlers taken from the list's own examples. Run:
//   build-bench/bench/bot_matcher_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "mroi/clean.h"

namespace {

// Read the JSON strings that follow `"key":` in the crawler list. Enough JSON for this
// file (escapes \\ \" \/ \uXXXX for ASCII); the library itself uses a real parser.
std::vector<std::string> ReadStrings(const std::string& text, const std::string& key) {
  std::vector<std::string> out;
  const std::string needle = "\"" + key + "\"";
  size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    pos = text.find(':', pos + needle.size());
    if (pos == std::string::npos) break;
    size_t start = text.find_first_not_of(" \t\r\n", pos + 1);
    if (start == std::string::npos) break;
    if (text[start] == '[') {
      // An array of strings ("instances").
      size_t end = text.find(']', start);
      std::string list = text.substr(start + 1, end - start - 1);
      size_t item = 0;
      while ((item = list.find('"', item)) != std::string::npos) {
        std::string value;
        size_t i = item + 1;
        for (; i < list.size() && list[i] != '"'; ++i) {
          if (list[i] == '\\' && i + 1 < list.size()) ++i;
          value += list[i];
        }
        out.push_back(value);
        item = i + 1;
      }
      pos = end;
      continue;
    }
    if (text[start] != '"') continue;
    std::string value;
    size_t i = start + 1;
    for (; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        ++i;
        if (text[i] == 'u') {
          value += static_cast<char>(std::stoi(text.substr(i + 1, 4), nullptr, 16));
          i += 4;
          continue;
        }
      }
      value += text[i];
    }
    out.push_back(value);
    pos = i + 1;
  }
  return out;
}

struct Fixture {
  std::vector<std::string> patterns;
  std::vector<std::string> user_agents;  // the mix matched in every iteration
  Fixture() {
    std::ifstream file(mroi::DefaultDataDir() + "/crawler-user-agents.json");
    std::stringstream buffer;
    buffer << file.rdbuf();
    patterns = ReadStrings(buffer.str(), "pattern");
    std::vector<std::string> bots = ReadStrings(buffer.str(), "instances");
    const std::vector<std::string> browsers = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
        "like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.6367.82 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
        "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/123.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
    };
    // 9 browsers for every crawler, 1,000 user agents in all.
    for (size_t i = 0; user_agents.size() < 1000; ++i) {
      if (i % 10 == 9 && !bots.empty()) {
        user_agents.push_back(bots[(i * 7919) % bots.size()]);
      } else {
        user_agents.push_back(browsers[i % browsers.size()]);
      }
    }
  }
};

const Fixture& GetFixture() {
  static const Fixture fixture;
  return fixture;
}

std::vector<std::regex> CompileStdRegex(const std::vector<std::string>& patterns,
                                        int64_t* failed) {
  std::vector<std::regex> out;
  *failed = 0;
  for (const std::string& pattern : patterns) {
    try {
      out.emplace_back(pattern, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error&) {
      ++*failed;
    }
  }
  return out;
}

void BM_Re2SetCompile(benchmark::State& state) {
  const Fixture& fixture = GetFixture();
  for (auto _ : state) {
    auto matcher = mroi::BotMatcher::FromPatterns(fixture.patterns);
    benchmark::DoNotOptimize(matcher.ok());
  }
  auto matcher = mroi::BotMatcher::FromPatterns(fixture.patterns);
  state.counters["patterns"] = static_cast<double>(matcher->num_patterns());
  state.counters["skipped"] =
      static_cast<double>(fixture.patterns.size() - matcher->num_patterns());
}
BENCHMARK(BM_Re2SetCompile)->Unit(benchmark::kMillisecond);

void BM_StdRegexCompile(benchmark::State& state) {
  const Fixture& fixture = GetFixture();
  int64_t failed = 0;
  for (auto _ : state) {
    auto compiled = CompileStdRegex(fixture.patterns, &failed);
    benchmark::DoNotOptimize(compiled.data());
  }
  state.counters["skipped"] = static_cast<double>(failed);
}
BENCHMARK(BM_StdRegexCompile)->Unit(benchmark::kMillisecond);

void BM_Re2SetMatch(benchmark::State& state) {
  const Fixture& fixture = GetFixture();
  auto matcher = mroi::BotMatcher::FromPatterns(fixture.patterns);
  int64_t bots = 0;
  for (auto _ : state) {
    bots = 0;
    for (const std::string& agent : fixture.user_agents) bots += matcher->Matches(agent);
    benchmark::DoNotOptimize(bots);
  }
  state.counters["bots_per_1000"] = static_cast<double>(bots);
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(fixture.user_agents.size()));
}
BENCHMARK(BM_Re2SetMatch)->Unit(benchmark::kMicrosecond);

// Pattern by pattern, stopping at the first match (what a std::regex user would write;
// one alternation of ~1,500 patterns overflows std::regex's recursive matcher).
void BM_StdRegexMatch(benchmark::State& state) {
  const Fixture& fixture = GetFixture();
  int64_t failed = 0;
  std::vector<std::regex> compiled = CompileStdRegex(fixture.patterns, &failed);
  int64_t bots = 0;
  for (auto _ : state) {
    bots = 0;
    for (const std::string& agent : fixture.user_agents) {
      for (const std::regex& regex : compiled) {
        if (std::regex_search(agent, regex)) {
          ++bots;
          break;
        }
      }
    }
    benchmark::DoNotOptimize(bots);
  }
  state.counters["bots_per_1000"] = static_cast<double>(bots);
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(fixture.user_agents.size()));
}
BENCHMARK(BM_StdRegexMatch)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
