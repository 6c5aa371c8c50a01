#pragma once

// Scale-out (SPEC.md "Scale-out"): the per-person pipeline run on partitions of the
// data, each partition giving mergeable statistics that merge into the result of one
// machine. The distributed engine (mroi.dask, python/mroi/dask.py) only moves bytes
// between these functions; every rule lives here.
//
// The plan, for the per-person inputs (touchpoints, conversions, leads, deals):
//
//   pass 1   every chunk of every file → ChunkKeys: identity edges (pairs of id keys
//            seen on one row) and the (IP, time) events the bot_rate IP rule counts.
//   driver   PersonMap::AddEdges over all chunks (union-find over 64-bit id keys);
//            IP events shuffled by IP → FindBotIps per shard → BotIps (small).
//   pass 2   SplitRows(chunk, nullptr, S): rows by the shard of their first id key;
//            SplitRows(shard rows, &map.Shard(s, S), P): rows by the hash of their
//            person's root key. Every row of one person (and every copy and refund of
//            one order) lands in one partition; each row keeps its global sequence so
//            the partition sees its rows in input order.
//   reduce   ComputePartitionStats(partition rows, options) per partition.
//   driver   MergeStats in any order → FinishStats(merged, shared inputs) → ScaleResult.
//
// The shared inputs (spend, costs, goals, email) are not per person: the driver reads
// them whole into FinishStats.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mroi/attribution.h"
#include "mroi/dataset.h"
#include "mroi/pipeline.h"
#include "mroi/result.h"

namespace mroi::scale {

/// A piece of one input file as the engine hands it to a worker: the rows of lines
/// [first line, ...) of the file. `file` is the file's index in the run (the order
/// the single-machine run reads them in) and `chunk` the piece's index within the
/// file; `header` is the file's header line (CSV; empty for JSONL) and `bytes` whole
/// rows without the header.
struct Chunk {
  int32_t file = 0;
  int32_t chunk = 0;
  std::string name;  // the file's name: its extension says CSV or JSONL
  InputKind kind = InputKind::kTouchpoints;
  std::string header;
  std::string bytes;
};

/// The options of a scale-out run: the pipeline's (cleaning thresholds, identity)
/// and the analyses computed on the merged statistics.
struct ScaleOptions {
  PipelineOptions pipeline;
  /// Rule models whose credit is summed per channel. Default: every rule model.
  std::vector<AttributionModel> models = AllRuleModels();
  /// Markov order of the data-driven model (its transition counts are merged).
  int markov_order = 1;
  /// Half-life of the time-decay model, seconds.
  double half_life_s = 7 * 86400.0;
};

/// What pass 1 finds in one chunk. `from[i]`—`to[i]` are two id keys seen on one row
/// (IdKey()); `ip`/`ip_time` the (IP key, time) of every touchpoint the bot_rate IP
/// rule would count (not removed by the user-agent rule, with an IP).
struct ChunkKeys {
  std::vector<uint64_t> from, to;
  std::vector<uint64_t> ip;
  std::vector<int64_t> ip_time;
  int64_t rows = 0;
};

/// The 64-bit key of an id as StitchIdentities compares it (kind-tagged; emails
/// normalised). Conversions also carry an order key (kind tag of their own) so that
/// every copy and refund of one order lands with its person.
Result<ChunkKeys> ExtractKeys(const Chunk& chunk, const ScaleOptions& options);

/// Union-find over id keys. Root(k) is the same for every key of one connected set
/// and k itself for a key never seen in an edge. Memory: O(keys in edges).
class PersonMap {
 public:
  PersonMap();
  ~PersonMap();
  PersonMap(PersonMap&&) noexcept;
  PersonMap& operator=(PersonMap&&) noexcept;

  void AddEdges(const ChunkKeys& keys);
  uint64_t Root(uint64_t key) const;
  /// Keys whose root is another key.
  int64_t size() const;
  /// The entries of the keys with Shard(key) == shard (for the resolver of that shard).
  PersonMap Shard(int shard, int shards) const;
  std::string Serialize() const;
  /// Shard(s, shards).Serialize() for every s, in one pass over the map: O(keys), where
  /// calling Shard() per shard is O(keys × shards).
  std::vector<std::string> SerializeShards(int shards) const;
  static Result<PersonMap> Parse(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The shard of a key among `shards` (a mix of the key's bits, not key % shards).
int KeyShard(uint64_t key, int shards);

/// IPs that the bot_rate IP rule removes, with the most events they made in any 60 s
/// window (the number the quarantine reason prints).
struct BotIps {
  std::unordered_map<uint64_t, int64_t> max_per_minute;
};
/// The bot IPs among IP events (all events of each IP present: shuffle by
/// KeyShard(ip) first). Same threshold as the cleaner.
BotIps FindBotIps(std::span<const uint64_t> ip, std::span<const int64_t> time,
                  const ScaleOptions& options);
std::string SerializeBotIps(const BotIps& ips);
Result<BotIps> ParseBotIps(std::string_view bytes);

/// Split rows into `buckets` encoded row batches (EncodeRows format: each row with
/// its file, chunk and line sequence, and its file's header). With `map` null a row
/// goes to KeyShard(first id key); with a map, to KeyShard(map->Root(first id key)).
/// A row without any id goes to a bucket chosen by its sequence. `input` is a Chunk
/// (encoded with EncodeChunk) or the concatenation of row batches of earlier splits.
/// `options` (ingest and identity settings) must be those given to ExtractKeys: a chunk
/// is parsed as ingest reads it, and emails are keyed as identity normalises them.
Result<std::vector<std::string>> SplitRows(std::string_view input, const PersonMap* map,
                                           int buckets,
                                           const ScaleOptions& options = ScaleOptions());
/// A Chunk as SplitRows() input.
std::string EncodeChunk(const Chunk& chunk);

/// The mergeable statistics of one partition. Opaque; merge with MergeStats().
struct PartitionStats;
struct PartitionStatsDeleter {
  void operator()(PartitionStats* stats) const;
};
using PartitionStatsPtr = std::unique_ptr<PartitionStats, PartitionStatsDeleter>;

/// Run ingest → clean (bot IPs from `bot_ips`, not counted locally) → identity →
/// journeys on the rows of one partition (row batches from SplitRows, concatenated in
/// any order; rows are put back in sequence order per file) and count what merges.
Result<PartitionStatsPtr> ComputePartitionStats(std::string_view rows, const BotIps& bot_ips,
                                                const ScaleOptions& options);
/// Add `other` into `into`. Counts add exactly; sums of doubles up to rounding.
Status MergeStats(const PartitionStats& other, PartitionStats* into);
std::string SerializeStats(const PartitionStats& stats);
Result<PartitionStatsPtr> ParseStats(std::string_view bytes);

/// Fit and render the result from merged statistics and the shared inputs (spend, costs,
/// goals and email files, read whole). JSON sections:
///   "cleaning"     per kind: rows_in, rows_kept, rows_quarantined, by_rule — exact
///   "identity"     ids, persons — exact
///   "journeys"     journeys, converting — exact
///   "attribution"  as `mroi attribute --json` for options.models (credit to 1e-9)
///   "markov"       merged transition counts (exact) and removal effects (1e-9)
///   "metrics"      per channel: touchpoints, leads, conversions, revenue, gross profit,
///                  spend
///   "rfm"          customers, repeat customers, observation end — exact
///   "clv"          as `mroi clv fit --json` (BG/NBD + Gamma-Gamma) on the merged RFM
Result<std::string> FinishStats(const PartitionStats& merged,
                                const std::vector<Chunk>& shared_inputs,
                                const ScaleOptions& options);

/// The per-customer RFM summary of the merged statistics (one row per person with a
/// purchase, sorted by customer key; T counted to the merged observation end), in the
/// time unit of `mroi clv fit` (weeks).
struct RfmColumns {
  std::vector<uint64_t> customer;
  std::vector<double> frequency, recency, T, monetary_value;
};
Result<RfmColumns> RfmTable(const PartitionStats& merged, const ScaleOptions& options);

/// The same JSON from one machine: the ordinary pipeline on whole files (the reference
/// the partitioned run must equal). With `rfm`, also its RfmTable().
Result<std::string> SingleMachineJson(const std::vector<Chunk>& whole_files,
                                      const ScaleOptions& options,
                                      RfmColumns* rfm = nullptr);

}  // namespace mroi::scale
