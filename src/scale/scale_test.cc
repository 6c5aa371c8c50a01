// Tests of the scale-out layer: the partitioned flow (ExtractKeys -> PersonMap ->
// SplitRows twice -> ComputePartitionStats -> Serialize/Parse -> MergeStats ->
// FinishStats) equals the single-machine run (SingleMachineJson) on the demo and on
// hand-made edge cases; wire formats round-trip and refuse bad bytes.
#include "mroi/scale.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "mroi/demo.h"
#include "mroi/ingest.h"

namespace mroi::scale {
namespace {

using Json = nlohmann::json;

// Split a file's text into a header and `pieces` chunks cut at row ends (LF outside
// quotes).
std::vector<Chunk> ChunksOfFile(int32_t file, const std::string& name, InputKind kind,
                                const std::string& text, int pieces) {
  const bool csv = name.find(".json") == std::string::npos;
  std::string header;
  std::string body = text;
  if (csv) {
    const size_t newline = text.find('\n');
    header = text.substr(0, newline);
    body = newline == std::string::npos ? "" : text.substr(newline + 1);
  }
  std::vector<size_t> ends;  // row ends (after the LF)
  bool quoted = false;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '"') quoted = !quoted;
    if (body[i] == '\n' && !quoted) ends.push_back(i + 1);
  }
  if (ends.empty() || ends.back() != body.size()) ends.push_back(body.size());
  std::vector<Chunk> chunks;
  size_t begin = 0;
  for (int p = 0; p < pieces; ++p) {
    const size_t row_end =
        (ends.size() * static_cast<size_t>(p + 1)) / static_cast<size_t>(pieces);
    const size_t end = row_end == 0 ? 0 : ends[row_end - 1];
    if (end <= begin && p + 1 < pieces) continue;
    Chunk chunk;
    chunk.file = file;
    chunk.chunk = static_cast<int32_t>(chunks.size());
    chunk.name = name;
    chunk.kind = kind;
    chunk.header = header;
    chunk.bytes = body.substr(begin, end - begin);
    chunks.push_back(std::move(chunk));
    begin = end;
  }
  return chunks;
}

struct Inputs {
  std::vector<Chunk> whole;   // every file whole (the single-machine run)
  std::vector<Chunk> chunks;  // per-person files in chunks
  std::vector<Chunk> shared;  // spend, costs, goals, email whole
};

bool PerPerson(InputKind kind) {
  return kind == InputKind::kTouchpoints || kind == InputKind::kConversions ||
         kind == InputKind::kLeads || kind == InputKind::kDeals;
}

void AddFile(Inputs* inputs, const std::string& name, InputKind kind,
             const std::string& text, int pieces) {
  const auto file = static_cast<int32_t>(inputs->whole.size());
  std::vector<Chunk> whole = ChunksOfFile(file, name, kind, text, 1);
  inputs->whole.push_back(whole[0]);
  if (PerPerson(kind)) {
    for (Chunk& chunk : ChunksOfFile(file, name, kind, text, pieces))
      inputs->chunks.push_back(std::move(chunk));
  } else {
    inputs->shared.push_back(whole[0]);
  }
}

// The whole partitioned flow with `shards` resolver shards and `partitions` partitions.
std::string PartitionedJson(const Inputs& inputs, int shards, int partitions,
                            const ScaleOptions& options, uint32_t seed = 1) {
  PersonMap map;
  std::vector<uint64_t> ip;
  std::vector<int64_t> ip_time;
  for (const Chunk& chunk : inputs.chunks) {
    Result<ChunkKeys> keys = ExtractKeys(chunk, options);
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    map.AddEdges(*keys);
    ip.insert(ip.end(), keys->ip.begin(), keys->ip.end());
    ip_time.insert(ip_time.end(), keys->ip_time.begin(), keys->ip_time.end());
  }
  // Bot IPs on a shuffle by IP, through the wire.
  BotIps bots;
  for (int s = 0; s < shards; ++s) {
    std::vector<uint64_t> shard_ip;
    std::vector<int64_t> shard_time;
    for (size_t i = 0; i < ip.size(); ++i) {
      if (KeyShard(ip[i], shards) == s) {
        shard_ip.push_back(ip[i]);
        shard_time.push_back(ip_time[i]);
      }
    }
    Result<BotIps> found =
        ParseBotIps(SerializeBotIps(FindBotIps(shard_ip, shard_time, options)));
    EXPECT_TRUE(found.ok());
    bots.max_per_minute.insert(found->max_per_minute.begin(),
                               found->max_per_minute.end());
  }
  Result<PersonMap> wire_map = PersonMap::Parse(map.Serialize());
  EXPECT_TRUE(wire_map.ok());
  // First shuffle: by key shard; second: by person, with that shard's map.
  std::vector<std::string> by_shard(static_cast<size_t>(shards));
  for (const Chunk& chunk : inputs.chunks) {
    Result<std::vector<std::string>> split =
        SplitRows(EncodeChunk(chunk), nullptr, shards, options);
    EXPECT_TRUE(split.ok()) << split.status().ToString();
    for (int s = 0; s < shards; ++s)
      by_shard[static_cast<size_t>(s)] += (*split)[static_cast<size_t>(s)];
  }
  std::vector<std::string> by_partition(static_cast<size_t>(partitions));
  for (int s = 0; s < shards; ++s) {
    PersonMap shard_map = wire_map->Shard(s, shards);
    Result<std::vector<std::string>> split =
        SplitRows(by_shard[static_cast<size_t>(s)], &shard_map, partitions, options);
    EXPECT_TRUE(split.ok()) << split.status().ToString();
    for (int p = 0; p < partitions; ++p)
      by_partition[static_cast<size_t>(p)] += (*split)[static_cast<size_t>(p)];
  }
  std::vector<std::string> wire;
  for (const std::string& rows : by_partition) {
    Result<PartitionStatsPtr> stats = ComputePartitionStats(rows, bots, options);
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    if (!stats.ok()) return "";
    wire.push_back(SerializeStats(**stats));
  }
  std::shuffle(wire.begin(), wire.end(), std::mt19937(seed));
  Result<PartitionStatsPtr> merged = ParseStats(wire[0]);
  EXPECT_TRUE(merged.ok());
  for (size_t i = 1; i < wire.size(); ++i) {
    Result<PartitionStatsPtr> other = ParseStats(wire[i]);
    EXPECT_TRUE(other.ok());
    EXPECT_TRUE(MergeStats(**other, merged->get()).ok());
  }
  Result<std::string> json = FinishStats(**merged, inputs.shared, options);
  EXPECT_TRUE(json.ok()) << json.status().ToString();
  return json.ok() ? *json : "";
}

// Counts exactly, doubles to 1e-9 relative.
void ExpectSameJson(const Json& a, const Json& b, const std::string& path) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) {
      const double x = a.get<double>();
      const double y = b.get<double>();
      EXPECT_LE(std::abs(x - y), 1e-9 * std::max({1.0, std::abs(x), std::abs(y)}))
          << path << ": " << x << " vs " << y;
    } else {
      EXPECT_EQ(a, b) << path;
    }
    return;
  }
  ASSERT_EQ(a.type(), b.type()) << path;
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << path << "\n" << a.dump() << "\n" << b.dump();
    for (const auto& [key, value] : a.items()) {
      ASSERT_TRUE(b.contains(key)) << path << "." << key;
      ExpectSameJson(value, b[key], path + "." + key);
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << path;
    for (size_t i = 0; i < a.size(); ++i)
      ExpectSameJson(a[i], b[i], path + "[" + std::to_string(i) + "]");
  } else {
    EXPECT_EQ(a, b) << path;
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Inputs DemoInputs(int pieces) {
  const std::string out = (std::filesystem::temp_directory_path() /
                           ("mroi_scale_test_" + std::to_string(::getpid())))
                              .string();
  DemoOptions options;
  options.out_dir = out;
  options.seed = 42;
  EXPECT_TRUE(GenerateDemo(options).ok());
  Result<std::vector<InputSpec>> specs = DiscoverInputs(out + "/data");
  EXPECT_TRUE(specs.ok());
  Inputs inputs;
  for (const InputSpec& spec : *specs) {
    AddFile(&inputs, std::filesystem::path(spec.path).filename().string(), spec.kind,
            ReadFile(spec.path), pieces);
  }
  std::filesystem::remove_all(out);
  return inputs;
}

TEST(ScaleTest, DemoPartitionsEqualOneMachine) {
  const ScaleOptions options;
  const Inputs inputs = DemoInputs(5);
  Result<std::string> single = SingleMachineJson(inputs.whole, options);
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  const Json reference = Json::parse(*single);
  ASSERT_GT(reference["cleaning"]["touchpoints"]["rows_in"].get<int64_t>(), 0);
  ASSERT_FALSE(reference["clv"].is_null());
  for (int partitions : {1, 3, 7}) {
    SCOPED_TRACE(partitions);
    const std::string json = PartitionedJson(inputs, 3, partitions, options,
                                             static_cast<uint32_t>(partitions));
    ASSERT_FALSE(json.empty());
    ExpectSameJson(Json::parse(json), reference, "");
  }
}

// A small hand-made data set of the edge cases.
Inputs EdgeInputs(int pieces) {
  std::string touchpoints =
      "timestamp,anonymous_id,user_id,email,utm_source,utm_medium,utm_campaign,ip,user_"
      "agent,"
      "event_type\n";
  // A person whose rows are in every chunk (anonymous a1, later with user u1).
  for (int i = 0; i < 20; ++i) {
    touchpoints += "2025-03-0" + std::to_string(1 + i % 5) + "T10:0" +
                   std::to_string(i % 10) + ":00Z,a1," + (i % 3 == 0 ? "u1" : "") +
                   ",,google,cpc,spring,10.0.0.1,Mozilla,session\n";
  }
  // A bot IP whose 130 events in one minute come from 130 different persons.
  for (int i = 0; i < 130; ++i) {
    touchpoints += "2025-03-02T12:00:" + std::string(i % 60 < 10 ? "0" : "") +
                   std::to_string(i % 60) + "Z,bot" + std::to_string(i) +
                   ",,,facebook,paid_social,x,66.6.6.6,Mozilla,session\n";
  }
  // Malformed rows: a bad time, too few columns, an unclosed quote.
  touchpoints += "not-a-time,m1,,,google,cpc,x,1.1.1.1,Mozilla,session\n";
  touchpoints += "2025-03-02T12:00:00Z,m2\n";
  touchpoints +=
      "2025-03-03T12:00:00Z,e1,,\"Someone@Example.com\",newsletter,email,may,2.2.2.2,"
      "Mozilla,session\n";
  std::string conversions = "timestamp,order_id,user_id,anonymous_id,email,revenue\n";
  conversions += "2025-03-05T11:00:00Z,o1,u1,,,100\n";
  conversions += "2025-03-05T11:00:00Z,o2,,e1,,50\n";
  conversions += "2025-03-06T11:00:00Z,o9,,,someone@example.com,70\n";
  conversions +=
      "2025-03-06T12:00:00Z,o1,,,other@example.com,100\n";  // a copy with other ids
  conversions += "2025-03-07T11:00:00Z,o1,,zz,,-30\n";      // its refund, other ids
  conversions += "2025-03-07T11:00:00Z,o3,,,,-5\n";         // no id at all
  conversions += "2025-03-08T11:00:00Z,o4,u1,,,abc\n";      // malformed revenue
  conversions += "2025-03-09T11:00:00Z,o5,u1,,,40\n";
  Inputs inputs;
  AddFile(&inputs, "touchpoints.csv", InputKind::kTouchpoints, touchpoints, pieces);
  AddFile(&inputs, "conversions.csv", InputKind::kConversions, conversions, pieces);
  AddFile(&inputs, "spend.csv", InputKind::kSpend,
          "date,channel,cost\n2025-03-01,Paid Search,100\n2025-03-02,Paid Social,50\n",
          1);
  return inputs;
}

TEST(ScaleTest, EdgeCasesEqualOneMachine) {
  const ScaleOptions options;
  const Inputs inputs = EdgeInputs(4);
  Result<std::string> single = SingleMachineJson(inputs.whole, options);
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  const Json reference = Json::parse(*single);
  // The cases fire on one machine: the IP rule, the refund, the copy, parse errors.
  const Json& tp = reference["cleaning"]["touchpoints"];
  EXPECT_EQ(tp["by_rule"]["bot_rate"], 130);
  EXPECT_GE(tp["by_rule"]["parse_error"].get<int64_t>(), 2);
  const Json& conv = reference["cleaning"]["conversions"];
  EXPECT_EQ(conv["by_rule"]["duplicate_order"], 1);
  EXPECT_EQ(conv["by_rule"]["refund_netted"], 1);
  EXPECT_EQ(conv["rows_in"], 8);
  for (int partitions : {1, 2, 5}) {
    SCOPED_TRACE(partitions);
    const std::string json = PartitionedJson(inputs, 2, partitions, options);
    ASSERT_FALSE(json.empty());
    ExpectSameJson(Json::parse(json), reference, "");
  }
}

TEST(ScaleTest, PersonMapRoundTripAndBadBytes) {
  PersonMap map;
  ChunkKeys keys;
  keys.from = {5, 7, 9, 100};
  keys.to = {7, 9, 3, 101};
  map.AddEdges(keys);
  EXPECT_EQ(map.Root(9), 3u);
  EXPECT_EQ(map.Root(5), 3u);
  EXPECT_EQ(map.Root(101), 100u);
  EXPECT_EQ(map.Root(42), 42u);
  EXPECT_EQ(map.size(), 4);
  Result<PersonMap> parsed = PersonMap::Parse(map.Serialize());
  ASSERT_TRUE(parsed.ok());
  for (uint64_t key : {3, 5, 7, 9, 100, 101, 42})
    EXPECT_EQ(parsed->Root(key), map.Root(key));
  PersonMap shard = map.Shard(KeyShard(5, 4), 4);
  EXPECT_EQ(shard.Root(5), 3u);
  // One pass over the map gives every shard's bytes, as Shard() one at a time does.
  const std::vector<std::string> shards = map.SerializeShards(4);
  ASSERT_EQ(shards.size(), 4u);
  int64_t entries = 0;
  for (int s = 0; s < 4; ++s) {
    EXPECT_EQ(shards[static_cast<size_t>(s)], map.Shard(s, 4).Serialize());
    entries += PersonMap::Parse(shards[static_cast<size_t>(s)])->size();
  }
  EXPECT_EQ(entries, map.size());
  std::string bytes = map.Serialize();
  EXPECT_FALSE(PersonMap::Parse(bytes.substr(0, bytes.size() - 3)).ok());
  EXPECT_FALSE(PersonMap::Parse("").ok());
  EXPECT_FALSE(PersonMap::Parse("xyz").ok());
  EXPECT_FALSE(ParseBotIps("I\xff\xff\xff\xff\xff\xff\xff\xff").ok());
  EXPECT_FALSE(ParseStats("garbage").ok());
  EXPECT_FALSE(ComputePartitionStats("Gxx", BotIps(), ScaleOptions()).ok());
  EXPECT_FALSE(SplitRows("C\x01", nullptr, 2).ok());
  EXPECT_FALSE(SplitRows("", nullptr, 0).ok());
  // Every prefix of real stats bytes is refused, never a crash.
  Inputs inputs = EdgeInputs(1);
  Result<std::vector<std::string>> rows =
      SplitRows(EncodeChunk(inputs.chunks[0]), nullptr, 1);
  ASSERT_TRUE(rows.ok());
  Result<PartitionStatsPtr> stats =
      ComputePartitionStats((*rows)[0], BotIps(), ScaleOptions());
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  const std::string wire = SerializeStats(**stats);
  ASSERT_TRUE(ParseStats(wire).ok());
  for (size_t cut = 0; cut < wire.size(); cut += 7)
    EXPECT_FALSE(ParseStats(wire.substr(0, cut)).ok());
  const std::string batch = (*rows)[0];
  for (size_t cut = 1; cut < batch.size(); cut += 13) {
    Result<std::vector<std::string>> again = SplitRows(batch.substr(0, cut), nullptr, 2);
    EXPECT_FALSE(again.ok());
  }
}

}  // namespace
}  // namespace mroi::scale
