// Tests of the demo generator: determinism, files, truth that points at real rows,
// consistent persons, normal rows outside every rule, user agents vs the crawler list.
#include "mroi/demo.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "demo/csv_out.h"
#include "demo/random.h"
#include "demo/world.h"

namespace mroi {
namespace {

// A folder name unique to this process: ctest runs each test in its own process,
// two at a time, so fixed names under TempDir() would collide.
std::string TestDir() {
  return ::testing::TempDir() + "pid" + std::to_string(::getpid()) + "_";
}

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

std::vector<std::string> Lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream file(path);
  std::string line;
  while (std::getline(file, line)) lines.push_back(line);
  return lines;
}

// RFC 4180 split of one physical line (the demo writes no embedded newlines).
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::map<uint64_t, DemoManifest>& Cache() {
  static std::map<uint64_t, DemoManifest> cache;
  return cache;
}

// Removes the cached demos when the test binary ends.
class CleanUp : public ::testing::Environment {
 public:
  void TearDown() override {
    for (const auto& [seed, manifest] : Cache()) {
      fs::remove_all(fs::path(manifest.data_dir).parent_path());
    }
  }
};
const auto* const kCleanUp = ::testing::AddGlobalTestEnvironment(new CleanUp);

// One small demo per seed, generated once for the whole test binary.
const DemoManifest& Demo(uint64_t seed) {
  auto& cache = Cache();
  auto found = cache.find(seed);
  if (found != cache.end()) return found->second;
  DemoOptions options;
  options.seed = seed;
  options.out_dir = TestDir() + "mroi_demo_test_" + std::to_string(seed);
  auto manifest = GenerateDemo(options);
  EXPECT_TRUE(manifest.ok()) << manifest.status().ToString();
  return cache.emplace(seed, *manifest).first->second;
}

// (file base name, line) -> rule.
std::map<std::pair<std::string, int64_t>, std::string> Truth(
    const DemoManifest& manifest) {
  std::map<std::pair<std::string, int64_t>, std::string> truth;
  auto lines = Lines(manifest.truth_path);
  EXPECT_EQ(lines.at(0), "file,line,rule");
  for (size_t i = 1; i < lines.size(); ++i) {
    auto fields = SplitCsv(lines[i]);
    EXPECT_EQ(fields.size(), 3u) << lines[i];
    // A removed row appears once.
    EXPECT_TRUE(
        truth.emplace(std::make_pair(fields[0], std::stoll(fields[1])), fields[2]).second)
        << lines[i];
  }
  return truth;
}

TEST(Rng, SameSeedSameStreamAndSaneMoments) {
  internal::Rng first(42, 1);
  internal::Rng second(42, 1);
  internal::Rng other(42, 2);
  EXPECT_EQ(first.Next(), second.Next());
  EXPECT_NE(first.Next(), other.Next());
  internal::Rng rng(7);
  constexpr int kDraws = 200000;
  double uniform = 0;
  double normal = 0;
  double normal_sq = 0;
  double poisson = 0;
  double geometric = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    uniform += u;
    const double z = rng.Normal();
    normal += z;
    normal_sq += z * z;
    poisson += static_cast<double>(rng.Poisson(3.0));
    geometric += static_cast<double>(rng.Geometric(0.25));
    const int64_t die = rng.UniformInt(1, 6);
    ASSERT_GE(die, 1);
    ASSERT_LE(die, 6);
  }
  EXPECT_NEAR(uniform / kDraws, 0.5, 0.005);   // E[U] = 1/2
  EXPECT_NEAR(normal / kDraws, 0.0, 0.01);     // E[Z] = 0
  EXPECT_NEAR(normal_sq / kDraws, 1.0, 0.02);  // E[Z^2] = 1
  EXPECT_NEAR(poisson / kDraws, 3.0, 0.02);    // E[Poisson(3)] = 3
  EXPECT_NEAR(geometric / kDraws, 3.0, 0.05);  // failures: (1 - p) / p = 3
}

TEST(CsvOut, QuotesLikeRfc4180AndCountsPhysicalLines) {
  const std::string path = TestDir() + "mroi_demo_csv_out.csv";
  internal::CsvOut out;
  ASSERT_TRUE(out.Open(path, {"a", "b"}).ok());
  EXPECT_EQ(out.Row({"plain", "with,comma"}), 2);
  EXPECT_EQ(out.Row({"say \"hi\"", "two\nlines"}), 3);
  EXPECT_EQ(out.RawLine("broken"), 5);  // the row above spans lines 3 and 4
  EXPECT_EQ(out.rows(), 3);
  ASSERT_TRUE(out.Close().ok());
  EXPECT_EQ(ReadAll(path),
            "a,b\nplain,\"with,comma\"\n\"say \"\"hi\"\"\",\"two\nlines\"\nbroken\n");
  fs::remove(path);
  internal::CsvOut bad;
  EXPECT_EQ(bad.Open("/nonexistent-dir/x.csv", {"a"}).code(), StatusCode::kIOError);
}

TEST(DemoScaleFromName, KnowsTheThreeScales) {
  EXPECT_EQ(*DemoScaleFromName("small"), DemoScale::kSmall);
  EXPECT_EQ(*DemoScaleFromName("medium"), DemoScale::kMedium);
  EXPECT_EQ(*DemoScaleFromName("LARGE"), DemoScale::kLarge);
  auto bad = DemoScaleFromName("huge");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("small"), std::string::npos);
}

TEST(GenerateDemo, SameSeedGivesIdenticalBytesOtherSeedDiffers) {
  const DemoManifest& first = Demo(42);
  DemoOptions options;
  options.seed = 42;
  options.out_dir = TestDir() + "mroi_demo_test_again";
  auto again = GenerateDemo(options);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(first.files.size(), again->files.size());
  for (size_t i = 0; i < first.files.size(); ++i) {
    EXPECT_EQ(ReadAll(first.files[i]), ReadAll(again->files[i])) << first.files[i];
  }
  EXPECT_EQ(ReadAll(first.truth_path), ReadAll(again->truth_path));
  EXPECT_EQ(ReadAll(first.persons_truth_path), ReadAll(again->persons_truth_path));
  const DemoManifest& other = Demo(7);
  EXPECT_NE(ReadAll(first.files[0]), ReadAll(other.files[0]));
  fs::remove_all(options.out_dir);
}

TEST(GenerateDemo, WritesEveryFileWithTheCanonicalHeader) {
  const DemoManifest& demo = Demo(42);
  const std::map<std::string, std::string> headers = {
      {"touchpoints.csv",
       "timestamp,anonymous_id,user_id,email,event_type,utm_source,utm_medium,utm_"
       "campaign,"
       "utm_content,utm_term,referrer,landing_page,user_agent,ip,page_views,duration_s,"
       "cost"},
      {"conversions.csv",
       "timestamp,order_id,user_id,anonymous_id,email,revenue,cogs,gross_profit,"
       "currency"},
      {"leads.csv",
       "timestamp,lead_id,email,anonymous_id,user_id,form,utm_source,utm_medium,"
       "utm_campaign,utm_content,utm_term"},
      {"deals.csv",
       "deal_id,lead_id,email,user_id,created_at,closed_at,stage,amount,cogs"},
      {"spend.csv",
       "date,channel,utm_source,utm_medium,campaign,cost,impressions,clicks,cost_type,"
       "tier"},
      {"costs.csv", "period,category,amount,channel"},
      {"email.csv", "date,campaign,sent,delivered,opens,clicks,unsubscribes,bounces"}};
  std::set<std::string> seen;
  for (const std::string& path : demo.files) {
    const std::string base = fs::path(path).filename().string();
    seen.insert(base);
    if (base == "goals.json") {
      auto goals = nlohmann::json::parse(ReadAll(path));
      ASSERT_TRUE(goals.is_array());
      EXPECT_GE(goals.size(), 3u);
      for (const auto& goal : goals) {
        EXPECT_TRUE(goal.contains("metric") && goal.contains("target") &&
                    goal.contains("period"));
      }
      continue;
    }
    auto lines = Lines(path);
    ASSERT_GE(lines.size(), 3u) << path;
    EXPECT_EQ(lines[0], headers.at(base));
    const size_t columns = SplitCsv(lines[0]).size();
    size_t short_rows = 0;
    for (size_t i = 1; i < lines.size(); ++i)
      short_rows += SplitCsv(lines[i]).size() != columns;
    EXPECT_LE(short_rows, 10u) << path;  // only the deliberate wrong-column-count rows
  }
  EXPECT_EQ(seen.size(), 8u);
  EXPECT_TRUE(fs::exists(demo.truth_path));
  EXPECT_TRUE(fs::exists(demo.persons_truth_path));
}

TEST(GenerateDemo, SmallScaleRowCountsAreInRange) {
  const DemoManifest& demo = Demo(42);
  EXPECT_GE(demo.touchpoints, 15000);
  EXPECT_LE(demo.touchpoints, 30000);
  EXPECT_GE(demo.persons, 3000);
  EXPECT_GE(demo.conversions, 200);
  EXPECT_GE(Lines(demo.data_dir + "/leads.csv").size(), 80u);
  EXPECT_GE(Lines(demo.data_dir + "/deals.csv").size(), 20u);
  EXPECT_GE(Lines(demo.data_dir + "/spend.csv").size(), 500u);
}

TEST(GenerateDemo, EveryRemovingRuleIsInTheTruthAndPointsAtARealRow) {
  for (uint64_t seed : {42, 7}) {
    const DemoManifest& demo = Demo(seed);
    auto truth = Truth(demo);
    std::map<std::string, int> by_rule;
    std::set<std::string> parse_error_files;
    std::map<std::string, std::vector<std::string>> files;
    for (const auto& [key, rule] : truth) {
      ++by_rule[rule];
      if (rule == "parse_error") parse_error_files.insert(key.first);
      auto& lines = files[key.first];
      if (lines.empty()) lines = Lines(demo.data_dir + "/" + key.first);
      ASSERT_GE(key.second, 2) << key.first;
      ASSERT_LE(key.second, static_cast<int64_t>(lines.size())) << key.first;
      const auto fields = SplitCsv(lines[static_cast<size_t>(key.second - 1)]);
      if (rule == "bot_user_agent") {
        EXPECT_NE(fields.at(12).find_first_of("/"), std::string::npos);
        bool crawler = false;
        for (const auto& agent : internal::CrawlerUserAgents())
          crawler |= fields[12] == agent;
        EXPECT_TRUE(crawler) << fields[12];
      } else if (rule == "invalid_click") {
        EXPECT_EQ(fields.at(4), "click");
        EXPECT_FALSE(fields.at(7).empty());
      } else if (rule == "refund_netted" || rule == "orphan_refund") {
        EXPECT_EQ(fields.at(5).substr(0, 1), "-")
            << lines[static_cast<size_t>(key.second - 1)];
      } else if (rule == "duplicate_order") {
        // The same order id appears again further down (the later copy wins).
        bool later = false;
        for (size_t i = static_cast<size_t>(key.second); i < lines.size(); ++i) {
          later |= SplitCsv(lines[i]).at(1) == fields.at(1);
        }
        EXPECT_TRUE(later) << fields[1];
      }
    }
    for (const char* rule :
         {"parse_error", "bot_user_agent", "bot_rate", "invalid_click", "duplicate_lead",
          "duplicate_order", "refund_netted", "orphan_refund"}) {
      EXPECT_GE(by_rule[rule], 5) << rule;
    }
    EXPECT_EQ(
        parse_error_files,
        (std::set<std::string>{"touchpoints.csv", "conversions.csv", "leads.csv",
                               "deals.csv", "spend.csv", "costs.csv", "email.csv"}));
  }
}

TEST(GenerateDemo, NormalRowsStayOutsideTheRules) {
  const DemoManifest& demo = Demo(42);
  auto truth = Truth(demo);
  auto lines = Lines(demo.data_dir + "/touchpoints.csv");
  // id -> times of its kept events; (id, campaign) -> kept click times.
  std::map<std::string, std::vector<int64_t>> events;
  std::map<std::pair<std::string, std::string>, std::vector<int64_t>> clicks;
  std::map<std::string, std::vector<int64_t>> by_ip;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (truth.count({"touchpoints.csv", static_cast<int64_t>(i + 1)})) continue;
    const auto fields = SplitCsv(lines[i]);
    ASSERT_EQ(fields.size(), 17u) << lines[i];
    auto time = ParseTimestamp(fields[0], TimeZone());
    ASSERT_TRUE(time.ok()) << lines[i];
    events[fields[1]].push_back(*time);
    by_ip[fields[13]].push_back(*time);
    const bool session = fields[4].empty() || fields[4] == "session";
    EXPECT_FALSE(session && fields[14] == "1" && fields[15] == "0") << lines[i];
    if (fields[4] == "click") clicks[{fields[1], fields[7]}].push_back(*time);
  }
  auto max_in_window = [](std::vector<int64_t> times, int64_t window) {
    std::sort(times.begin(), times.end());
    size_t best = 0;
    for (size_t end = 0, begin = 0; end < times.size(); ++end) {
      while (times[end] - times[begin] >= window) ++begin;
      best = std::max(best, end - begin + 1);
    }
    return best;
  };
  size_t busiest_id = 0;
  for (const auto& [id, times] : events)
    busiest_id = std::max(busiest_id, max_in_window(times, 60));
  EXPECT_LE(busiest_id, 10u);
  size_t busiest_ip = 0;
  for (const auto& [ip, times] : by_ip)
    busiest_ip = std::max(busiest_ip, max_in_window(times, 60));
  EXPECT_LE(busiest_ip, 20u);
  for (const auto& [key, times] : clicks)
    EXPECT_EQ(max_in_window(times, 3600), 1u) << key.first;

  // Kept orders have unique ids; every negative revenue row is in the truth.
  auto conversions = Lines(demo.data_dir + "/conversions.csv");
  std::set<std::string> order_ids;
  for (size_t i = 1; i < conversions.size(); ++i) {
    const auto fields = SplitCsv(conversions[i]);
    const bool removed =
        truth.count({"conversions.csv", static_cast<int64_t>(i + 1)}) > 0;
    if (removed || fields.size() != 9) continue;
    EXPECT_NE(fields[5].substr(0, 1), "-") << conversions[i];
    EXPECT_TRUE(order_ids.insert(fields[1]).second) << fields[1];
  }
  // Kept leads: one per (email, form).
  auto leads = Lines(demo.data_dir + "/leads.csv");
  std::set<std::pair<std::string, std::string>> forms;
  for (size_t i = 1; i < leads.size(); ++i) {
    if (truth.count({"leads.csv", static_cast<int64_t>(i + 1)})) continue;
    const auto fields = SplitCsv(leads[i]);
    std::string email = fields.at(2);
    email.erase(0, email.find_first_not_of(' '));
    for (char& c : email)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(forms.insert({email, fields.at(5)}).second) << leads[i];
  }
}

TEST(GenerateDemo, PersonsTruthGivesEachIdOnePerson) {
  const DemoManifest& demo = Demo(42);
  auto lines = Lines(demo.persons_truth_path);
  ASSERT_EQ(lines.at(0), "kind,id,person");
  std::map<std::pair<std::string, std::string>, std::string> owner;
  std::set<std::string> persons;
  const std::set<std::string> kinds = {"anonymous_id", "user_id", "email", "lead_id",
                                       "deal_id"};
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto fields = SplitCsv(lines[i]);
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_TRUE(kinds.count(fields[0])) << fields[0];
    if (fields[0] == "email") {
      for (char c : fields[1])
        EXPECT_FALSE(std::isupper(static_cast<unsigned char>(c)) || c == ' ');
    }
    EXPECT_TRUE(owner.emplace(std::make_pair(fields[0], fields[1]), fields[2]).second)
        << lines[i];
    persons.insert(fields[2]);
  }
  EXPECT_GE(static_cast<int64_t>(persons.size()), demo.persons * 9 / 10);
  EXPECT_LE(static_cast<int64_t>(persons.size()), demo.persons);
  EXPECT_GT(lines.size(), persons.size() + 1);  // some persons have several ids
}

TEST(GenerateDemo, UnwritableFolderIsAnIOError) {
  const std::string blocker = TestDir() + "mroi_demo_blocker";
  std::ofstream(blocker) << "a file, not a folder";
  DemoOptions options;
  options.out_dir = blocker + "/inside";
  auto result = GenerateDemo(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kIOError);
  fs::remove(blocker);
}

// Browser user agents never match the crawler list; crawler ones always do.
TEST(UserAgents, AgreeWithTheCrawlerList) {
  std::string path = std::string(MROI_DATA_DIR) + "/crawler-user-agents.json";
  if (const char* list = std::getenv("MROI_CRAWLER_LIST")) path = list;
  if (!fs::exists(path)) GTEST_SKIP() << "no crawler list at " << path;
  auto list = nlohmann::json::parse(ReadAll(path));
  std::vector<std::regex> patterns;
  for (const auto& entry : list) {
    try {
      patterns.emplace_back(entry.at("pattern").get<std::string>());
    } catch (const std::regex_error&) {
      // A pattern std::regex cannot compile; RE2 in the cleaner may still take it.
    }
  }
  ASSERT_GT(patterns.size(), 1000u);
  auto matches = [&](const std::string& agent) {
    for (const auto& pattern : patterns) {
      if (std::regex_search(agent, pattern)) return true;
    }
    return false;
  };
  for (const auto& agent : internal::BrowserUserAgents())
    EXPECT_FALSE(matches(agent)) << agent;
  for (const auto& agent : internal::CrawlerUserAgents())
    EXPECT_TRUE(matches(agent)) << agent;
}

}  // namespace
}  // namespace mroi
