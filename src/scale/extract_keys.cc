// Pass 1 of the scale-out: the identity edges and bot_rate IP events of one chunk.
#include <memory>
#include <mutex>
#include <string>

#include "mroi/clean.h"

#include "scale/scale_internal.h"

namespace mroi::scale {

namespace {

// The compiled crawler list of `path`, compiled once per process (workers see many
// chunks).
Result<std::shared_ptr<const BotMatcher>> CachedBotMatcher(const std::string& path) {
  static std::mutex mutex;
  static std::string cached_path;
  static std::shared_ptr<const BotMatcher> cached;
  std::lock_guard<std::mutex> lock(mutex);
  if (cached && cached_path == path) return cached;
  MROI_ASSIGN_OR_RETURN(BotMatcher matcher, BotMatcher::Make(path));
  cached = std::make_shared<const BotMatcher>(std::move(matcher));
  cached_path = path;
  return cached;
}

bool Enabled(const CleanOptions& options, Rule rule) {
  return options.enabled[static_cast<size_t>(rule)];
}

}  // namespace

Result<ChunkKeys> ExtractKeys(const Chunk& chunk, const ScaleOptions& options) {
  ChunkKeys out;
  Dataset dataset;
  MROI_RETURN_IF_ERROR(internal::ParseChunkBytes(chunk.name, chunk.kind, chunk.header,
                                                 chunk.bytes, options.pipeline.ingest,
                                                 &dataset));
  for (const InputFileInfo& file : dataset.files) out.rows += file.rows_in;
  if (!internal::IsPerPersonKind(chunk.kind)) return out;
  const bool hash_emails = options.pipeline.identity.hash_emails;
  size_t rows = 0;
  switch (chunk.kind) {
    case InputKind::kTouchpoints:
      rows = dataset.touchpoints.size();
      break;
    case InputKind::kConversions:
      rows = dataset.conversions.size();
      break;
    case InputKind::kLeads:
      rows = dataset.leads.size();
      break;
    default:
      rows = dataset.deals.size();
      break;
  }
  std::vector<uint64_t> keys;
  for (size_t row = 0; row < rows; ++row) {
    keys.clear();
    internal::RowKeys(dataset, chunk.kind, row, hash_emails, &keys);
    for (size_t idx = 1; idx < keys.size(); ++idx) {
      out.from.push_back(keys[0]);
      out.to.push_back(keys[idx]);
    }
  }
  const CleanOptions& clean = options.pipeline.clean;
  if (chunk.kind != InputKind::kTouchpoints || !Enabled(clean, Rule::kBotRate))
    return out;
  std::shared_ptr<const BotMatcher> bots;
  if (Enabled(clean, Rule::kBotUserAgent)) {
    const std::string path = clean.bot_list_path.empty()
                                 ? DefaultDataDir() + "/crawler-user-agents.json"
                                 : clean.bot_list_path;
    MROI_ASSIGN_OR_RETURN(bots, CachedBotMatcher(path));
  }
  std::vector<int8_t> verdict(static_cast<size_t>(dataset.strings.size()), -1);
  for (const Touchpoint& tp : dataset.touchpoints) {
    if (tp.ip == kEmptyString) continue;
    if (bots && tp.user_agent != kEmptyString) {
      int8_t& known = verdict[static_cast<size_t>(tp.user_agent)];
      if (known < 0) known = bots->Matches(dataset.str(tp.user_agent)) ? 1 : 0;
      if (known == 1) continue;
    }
    out.ip.push_back(internal::IdKey(internal::kIpKeyTag, dataset.str(tp.ip)));
    out.ip_time.push_back(tp.timestamp);
  }
  return out;
}

}  // namespace mroi::scale
