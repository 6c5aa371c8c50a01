// The scale-out functions of mroi/scale.h for mroi.dask: bytes in, bytes out, so that
// everything a Dask worker returns pickles cheaply. Heavy calls release the GIL.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "bind_columns.h"
#include "bindings.h"
#include "core_parts.h"
#include "mroi/attribution.h"
#include "mroi/ingest.h"
#include "mroi/markov.h"
#include "mroi/pipeline.h"
#include "mroi/scale.h"

namespace mroi::python {

namespace py = pybind11;

namespace {

// (file index, chunk index, file name, kind name, header, rows) as Python passes a chunk.
using ChunkTuple = std::tuple<int32_t, int32_t, std::string, std::string, std::string, py::bytes>;

scale::Chunk ToChunk(const ChunkTuple& tuple) {
  scale::Chunk chunk;
  chunk.file = std::get<0>(tuple);
  chunk.chunk = std::get<1>(tuple);
  chunk.name = std::get<2>(tuple);
  chunk.kind = Unwrap(KindNamed(std::get<3>(tuple)));
  chunk.header = std::get<4>(tuple);
  chunk.bytes = std::string(std::get<5>(tuple));
  return chunk;
}

std::vector<scale::Chunk> ToChunks(const std::vector<ChunkTuple>& tuples) {
  std::vector<scale::Chunk> chunks;
  chunks.reserve(tuples.size());
  for (const ChunkTuple& tuple : tuples) chunks.push_back(ToChunk(tuple));
  return chunks;
}

// The options of a run: a config file (docs/config.md, "" for none), the rule models
// ("all" or a comma list), the Markov order and the time-decay half-life.
scale::ScaleOptions MakeOptions(const std::string& config, const std::string& models,
                                int markov_order, double half_life_days) {
  scale::ScaleOptions options;
  if (!config.empty()) ThrowIfError(LoadConfigFile(config, &options.pipeline));
  if (!models.empty() && models != "all") {
    options.models = Unwrap(ParseAttributionModels(models));
  }
  if (markov_order < 1 || markov_order > kMaxMarkovOrder) {
    ThrowStatus(InvalidArgument("--order must be between 1 and " +
                                std::to_string(kMaxMarkovOrder)));
  }
  options.markov_order = markov_order;
  if (!(half_life_days > 0)) {
    ThrowStatus(InvalidArgument("half_life_days must be a positive number of days"));
  }
  options.half_life_s = half_life_days * 86400.0;
  return options;
}

py::list BytesList(const std::vector<std::string>& parts) {
  py::list out;
  for (const std::string& part : parts) out.append(py::bytes(part));
  return out;
}

// The RFM table as [(column, NumPy array owning the C++ buffer)].
ColumnList RfmList(scale::RfmColumns rfm) {
  ColumnList columns;
  columns.emplace_back("customer", OwnedArray(std::move(rfm.customer)));
  columns.emplace_back("frequency", OwnedArray(std::move(rfm.frequency)));
  columns.emplace_back("recency", OwnedArray(std::move(rfm.recency)));
  columns.emplace_back("T", OwnedArray(std::move(rfm.T)));
  columns.emplace_back("monetary_value", OwnedArray(std::move(rfm.monetary_value)));
  return columns;
}

}  // namespace

void RegisterScale(py::module_& m) {
  py::class_<scale::ScaleOptions>(m, "ScaleOptions",
                                  "Options of a scale-out run (see mroi.dask.run).")
      .def(py::init(&MakeOptions), py::arg("config") = "", py::arg("models") = "all",
           py::arg("markov_order") = 1, py::arg("half_life_days") = 7.0)
      .def(py::pickle(
          [](const scale::ScaleOptions&) -> py::tuple {
            throw py::type_error("ScaleOptions do not pickle; pass their arguments");
          },
          [](const py::tuple&) -> scale::ScaleOptions {
            throw py::type_error("ScaleOptions do not pickle; pass their arguments");
          }));

  m.def(
      "scale_extract_keys",
      [](const ChunkTuple& tuple, const scale::ScaleOptions& options) {
        scale::Chunk chunk = ToChunk(tuple);
        scale::ChunkKeys keys;
        {
          py::gil_scoped_release release;
          auto found = scale::ExtractKeys(chunk, options);
          if (!found.ok()) {
            py::gil_scoped_acquire acquire;
            ThrowStatus(found.status());
          }
          keys = std::move(found).value();
        }
        const int64_t rows = keys.rows;
        return py::make_tuple(OwnedArray(std::move(keys.from)), OwnedArray(std::move(keys.to)),
                              OwnedArray(std::move(keys.ip)), OwnedArray(std::move(keys.ip_time)),
                              rows);
      },
      py::arg("chunk"), py::arg("options"),
      "Pass 1 over one chunk: (edge from keys, edge to keys, IP keys, IP times, rows).");

  m.def(
      "scale_person_map",
      [](const std::vector<std::pair<py::array_t<uint64_t, py::array::c_style>,
                                     py::array_t<uint64_t, py::array::c_style>>>& edges,
         int shards) {
        if (shards < 1) ThrowStatus(InvalidArgument("shards must be at least 1"));
        // Copy the edges under the GIL, then build the map without it: at 100M events
        // the union-find takes minutes, and the scheduler of a LocalCluster shares this
        // process (its heartbeats must go on).
        scale::ChunkKeys all;
        for (const auto& [from, to] : edges) {
          if (from.size() != to.size()) {
            ThrowStatus(InvalidArgument("edge arrays differ in length"));
          }
          all.from.insert(all.from.end(), from.data(), from.data() + from.size());
          all.to.insert(all.to.end(), to.data(), to.data() + to.size());
        }
        std::vector<std::string> parts;
        int64_t size = 0;
        {
          py::gil_scoped_release release;
          scale::PersonMap map;
          map.AddEdges(all);
          all = scale::ChunkKeys();
          size = map.size();
          parts = map.SerializeShards(shards);
        }
        return py::make_tuple(BytesList(parts), size);
      },
      py::arg("edges"), py::arg("shards"),
      "Union-find over every chunk's edges; returns (serialized map shard per key shard, "
      "keys mapped to another key).");

  m.def(
      "scale_ip_shards",
      [](const py::array_t<uint64_t, py::array::c_style>& ip,
         const py::array_t<int64_t, py::array::c_style>& time, int shards) {
        if (ip.size() != time.size()) ThrowStatus(InvalidArgument("ip and time differ in length"));
        if (shards < 1) ThrowStatus(InvalidArgument("shards must be at least 1"));
        std::vector<std::vector<uint64_t>> ips(static_cast<size_t>(shards));
        std::vector<std::vector<int64_t>> times(static_cast<size_t>(shards));
        for (py::ssize_t i = 0; i < ip.size(); ++i) {
          const auto shard = static_cast<size_t>(scale::KeyShard(ip.at(i), shards));
          ips[shard].push_back(ip.at(i));
          times[shard].push_back(time.at(i));
        }
        py::list out;
        for (size_t s = 0; s < ips.size(); ++s) {
          out.append(py::make_tuple(OwnedArray(std::move(ips[s])), OwnedArray(std::move(times[s]))));
        }
        return out;
      },
      py::arg("ip"), py::arg("time"), py::arg("shards"),
      "The IP events of one chunk split by KeyShard(ip): [(ip keys, times)] per shard.");

  m.def(
      "scale_find_bot_ips",
      [](const std::vector<std::pair<py::array_t<uint64_t, py::array::c_style>,
                                     py::array_t<int64_t, py::array::c_style>>>& parts,
         const scale::ScaleOptions& options) {
        std::vector<uint64_t> ip;
        std::vector<int64_t> time;
        for (const auto& [keys, times] : parts) {
          ip.insert(ip.end(), keys.data(), keys.data() + keys.size());
          time.insert(time.end(), times.data(), times.data() + times.size());
        }
        if (ip.size() != time.size()) ThrowStatus(InvalidArgument("ip and time differ in length"));
        std::string out;
        {
          py::gil_scoped_release release;
          out = scale::SerializeBotIps(scale::FindBotIps(ip, time, options));
        }
        return py::bytes(out);
      },
      py::arg("parts"), py::arg("options"),
      "The bot IPs among every IP event of one IP shard (serialized).");

  m.def(
      "scale_merge_bot_ips",
      [](const std::vector<py::bytes>& parts) {
        scale::BotIps merged;
        for (const py::bytes& part : parts) {
          scale::BotIps one = Unwrap(scale::ParseBotIps(std::string(part)));
          merged.max_per_minute.insert(one.max_per_minute.begin(), one.max_per_minute.end());
        }
        return py::make_tuple(py::bytes(scale::SerializeBotIps(merged)),
                              merged.max_per_minute.size());
      },
      py::arg("parts"), "Join the bot IPs of every IP shard: (serialized, count).");

  m.def(
      "scale_split_rows",
      [](const std::vector<py::bytes>& inputs, std::optional<py::bytes> map_bytes, int buckets,
         const scale::ScaleOptions& options) {
        std::string input;
        for (const py::bytes& part : inputs) input += std::string(part);
        std::optional<scale::PersonMap> map;
        if (map_bytes) map = Unwrap(scale::PersonMap::Parse(std::string(*map_bytes)));
        Result<std::vector<std::string>> parts = InvalidArgument("not run");
        {
          py::gil_scoped_release release;
          parts = scale::SplitRows(input, map ? &*map : nullptr, buckets, options);
        }
        return BytesList(Unwrap(std::move(parts)));
      },
      py::arg("inputs"), py::arg("map"), py::arg("buckets"), py::arg("options"),
      "Split encoded chunks or row batches into `buckets` by key shard (map None) or by "
      "person (the map shard of the keys).");

  m.def(
      "scale_encode_chunk",
      [](const ChunkTuple& tuple) { return py::bytes(scale::EncodeChunk(ToChunk(tuple))); },
      py::arg("chunk"), "A chunk (file, chunk, name, kind, header, rows) as SplitRows input.");

  m.def(
      "scale_partition_stats",
      [](const std::vector<py::bytes>& inputs, const py::bytes& bot_ips,
         const scale::ScaleOptions& options) {
        std::string rows;
        for (const py::bytes& part : inputs) rows += std::string(part);
        scale::BotIps ips = Unwrap(scale::ParseBotIps(std::string(bot_ips)));
        std::string out;
        {
          py::gil_scoped_release release;
          auto stats = scale::ComputePartitionStats(rows, ips, options);
          if (!stats.ok()) {
            py::gil_scoped_acquire acquire;
            ThrowStatus(stats.status());
          }
          out = scale::SerializeStats(**stats);
        }
        return py::bytes(out);
      },
      py::arg("inputs"), py::arg("bot_ips"), py::arg("options"),
      "The mergeable statistics of one partition's rows (serialized).");

  m.def(
      "scale_merge_stats",
      [](const std::vector<py::bytes>& parts) {
        if (parts.empty()) ThrowStatus(InvalidArgument("no statistics to merge"));
        scale::PartitionStatsPtr merged = Unwrap(scale::ParseStats(std::string(parts[0])));
        for (size_t i = 1; i < parts.size(); ++i) {
          scale::PartitionStatsPtr other = Unwrap(scale::ParseStats(std::string(parts[i])));
          ThrowIfError(scale::MergeStats(*other, merged.get()));
        }
        return py::bytes(scale::SerializeStats(*merged));
      },
      py::arg("parts"), "Merge serialized partition statistics (any order).");

  m.def(
      "scale_finish",
      [](const py::bytes& stats, const std::vector<ChunkTuple>& shared,
         const scale::ScaleOptions& options) {
        scale::PartitionStatsPtr merged = Unwrap(scale::ParseStats(std::string(stats)));
        std::vector<scale::Chunk> chunks = ToChunks(shared);
        Result<std::string> json = InvalidArgument("not run");
        {
          py::gil_scoped_release release;
          json = scale::FinishStats(*merged, chunks, options);
        }
        return Unwrap(std::move(json));
      },
      py::arg("stats"), py::arg("shared"), py::arg("options"),
      "The result JSON of merged statistics and the shared inputs.");

  m.def(
      "scale_rfm",
      [](const py::bytes& stats, const scale::ScaleOptions& options) {
        scale::PartitionStatsPtr merged = Unwrap(scale::ParseStats(std::string(stats)));
        return RfmList(Unwrap(scale::RfmTable(*merged, options)));
      },
      py::arg("stats"), py::arg("options"),
      "The per-customer RFM table of merged statistics: [(column, NumPy array)].");

  m.def(
      "scale_single_machine",
      [](const std::vector<ChunkTuple>& files, const scale::ScaleOptions& options) {
        std::vector<scale::Chunk> chunks = ToChunks(files);
        Result<std::string> json = InvalidArgument("not run");
        scale::RfmColumns rfm;
        {
          py::gil_scoped_release release;
          json = scale::SingleMachineJson(chunks, options, &rfm);
        }
        return py::make_tuple(Unwrap(std::move(json)), RfmList(std::move(rfm)));
      },
      py::arg("files"), py::arg("options"),
      "The ordinary pipeline on whole files (the reference): (result JSON, RFM columns).");
}

}  // namespace mroi::python
