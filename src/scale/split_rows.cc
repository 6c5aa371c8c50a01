// Pass 2 of the scale-out: rows split into buckets by (the root of) their first id key.
// A chunk is parsed once, as ingest reads it, to learn where each row starts, whether
// it is a parse error and its first id key; row batches carry that key on, so later
// splits only look the key up.
#include <algorithm>

#include "scale/scale_internal.h"

namespace mroi::scale {

namespace {

using internal::BatchGroup;
using internal::BatchRow;

// A row's bucket when it has no key: a mix of its (file, chunk, line) sequence.
int SequenceBucket(const BatchGroup& group, const BatchRow& row, int buckets) {
  const uint64_t seq = (static_cast<uint64_t>(group.file) << 48) ^
                       (static_cast<uint64_t>(group.chunk) << 28) ^
                       static_cast<uint64_t>(row.line);
  return KeyShard(seq ^ 0x5bd1e995ULL, buckets);
}

// The end of `text` without one trailing line end (LF or CRLF).
std::string_view WithoutLineEnd(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

// Decode an EncodeChunk() input into a group whose rows view `chunk_bytes`.
Result<BatchGroup> GroupOfChunk(std::string_view input, const ScaleOptions& options) {
  internal::ByteReader reader(input);
  reader.Get<char>();
  BatchGroup group;
  group.file = reader.Get<int32_t>();
  group.chunk = reader.Get<int32_t>();
  const auto kind = reader.Get<uint8_t>();
  group.name = reader.GetString();
  group.header = reader.GetString();
  const std::string_view bytes = reader.GetString();
  if (!reader.ok() || !reader.done() || kind >= kNumInputKinds || group.file < 0 ||
      group.chunk < 0) {
    return InvalidArgument("chunk: truncated or corrupt bytes (not made by EncodeChunk)");
  }
  group.kind = static_cast<InputKind>(kind);
  Dataset dataset;
  MROI_RETURN_IF_ERROR(internal::ParseChunkBytes(
      group.name, group.kind, group.header, bytes, options.pipeline.ingest, &dataset));
  // Every row of the chunk: kept records (with keys) and parse errors, by start line.
  std::vector<BatchRow> rows;
  std::vector<uint64_t> keys;
  auto add_records = [&](size_t count, auto origin_of) {
    for (size_t row = 0; row < count; ++row) {
      keys.clear();
      internal::RowKeys(dataset, group.kind, row, options.pipeline.identity.hash_emails,
                        &keys);
      BatchRow out;
      out.line = origin_of(row).line;
      if (!keys.empty()) {
        out.flags = internal::kRowHasKey;
        out.key = keys[0];
      }
      rows.push_back(out);
    }
  };
  switch (group.kind) {
    case InputKind::kTouchpoints:
      add_records(dataset.touchpoints.size(),
                  [&](size_t r) { return dataset.touchpoints[r].origin; });
      break;
    case InputKind::kConversions:
      add_records(dataset.conversions.size(),
                  [&](size_t r) { return dataset.conversions[r].origin; });
      break;
    case InputKind::kLeads:
      add_records(dataset.leads.size(),
                  [&](size_t r) { return dataset.leads[r].origin; });
      break;
    case InputKind::kDeals:
      add_records(dataset.deals.size(),
                  [&](size_t r) { return dataset.deals[r].origin; });
      break;
    default:
      return InvalidArgument(
          "SplitRows: only touchpoints, conversions, leads and deals are "
          "split by person (the other kinds are shared inputs)");
  }
  for (const RowIssue& issue : dataset.quarantine) {
    BatchRow out;
    out.line = issue.origin.line;
    out.flags = internal::kRowBad;
    rows.push_back(out);
  }
  std::sort(rows.begin(), rows.end(),
            [](const BatchRow& a, const BatchRow& b) { return a.line < b.line; });
  // Cut the bytes at the rows' start lines. Line 1 of the parsed text is the first line
  // of the header (CSV) or of the bytes (JSONL).
  int64_t line = 1;
  if (internal::FormatOfName(group.name) == InputFormat::kCsv) {
    line = 2 + std::count(group.header.begin(), group.header.end(), '\n');
  }
  size_t pos = 0;
  std::vector<size_t> starts(rows.size());
  for (size_t idx = 0; idx < rows.size(); ++idx) {
    while (line < rows[idx].line && pos < bytes.size()) {
      const size_t newline = bytes.find('\n', pos);
      pos = newline == std::string_view::npos ? bytes.size() : newline + 1;
      ++line;
    }
    if (line != rows[idx].line) return Internal("SplitRows: row start beyond the chunk");
    starts[idx] = pos;
  }
  for (size_t idx = 0; idx < rows.size(); ++idx) {
    const size_t end = idx + 1 < rows.size() ? starts[idx + 1] : bytes.size();
    rows[idx].text = WithoutLineEnd(bytes.substr(starts[idx], end - starts[idx]));
  }
  group.rows = std::move(rows);
  return group;
}

}  // namespace

std::string EncodeChunk(const Chunk& chunk) {
  std::string out;
  out.reserve(chunk.bytes.size() + chunk.header.size() + chunk.name.size() + 40);
  internal::ByteWriter writer(&out);
  writer.Put<char>(internal::kChunkTag);
  writer.Put<int32_t>(chunk.file);
  writer.Put<int32_t>(chunk.chunk);
  writer.Put<uint8_t>(static_cast<uint8_t>(chunk.kind));
  writer.PutString(chunk.name);
  writer.PutString(chunk.header);
  writer.PutString(chunk.bytes);
  return out;
}

Result<std::vector<std::string>> SplitRows(std::string_view input, const PersonMap* map,
                                           int buckets, const ScaleOptions& options) {
  if (buckets < 1) return InvalidArgument("SplitRows: buckets must be >= 1");
  std::vector<BatchGroup> groups;
  if (!input.empty() && input[0] == internal::kChunkTag) {
    MROI_ASSIGN_OR_RETURN(BatchGroup group, GroupOfChunk(input, options));
    groups.push_back(std::move(group));
  } else {
    MROI_ASSIGN_OR_RETURN(groups, internal::ParseGroups(input));
  }
  std::vector<std::string> out(static_cast<size_t>(buckets));
  std::vector<std::vector<uint32_t>> picked(static_cast<size_t>(buckets));
  for (const BatchGroup& group : groups) {
    for (auto& rows : picked) rows.clear();
    for (size_t idx = 0; idx < group.rows.size(); ++idx) {
      const BatchRow& row = group.rows[idx];
      int bucket = 0;
      if (row.flags & internal::kRowHasKey) {
        bucket = KeyShard(map != nullptr ? map->Root(row.key) : row.key, buckets);
      } else {
        bucket = SequenceBucket(group, row, buckets);
      }
      picked[static_cast<size_t>(bucket)].push_back(static_cast<uint32_t>(idx));
    }
    for (size_t bucket = 0; bucket < picked.size(); ++bucket) {
      if (picked[bucket].empty()) continue;
      internal::PutGroupHeader(group, picked[bucket].size(), &out[bucket]);
      for (uint32_t idx : picked[bucket])
        internal::PutBatchRow(group.rows[idx], &out[bucket]);
    }
  }
  return out;
}

}  // namespace mroi::scale
