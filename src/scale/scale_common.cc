// Id keys of parsed rows, chunk parsing and the row batch format of the scale-out.
#include <fmt/format.h>
#include <xxhash.h>

#include "identity/email_internal.h"
#include "scale/scale_internal.h"

namespace mroi::scale::internal {

namespace {

uint64_t EmailKey(std::string_view raw, bool hash_emails, bool* ok) {
  std::string normalised = ::mroi::internal::TrimAndLowerCase(raw);
  *ok = true;
  if (::mroi::internal::IsSha256Hex(normalised)) {
    return IdKey(static_cast<uint64_t>(IdKind::kEmail), normalised);
  }
  if (normalised.find('@') == std::string::npos) {
    *ok = false;
    return 0;
  }
  if (hash_emails) {
    Result<std::string> hashed = ::mroi::internal::Sha256Hex(normalised);
    if (hashed.ok()) normalised = std::move(hashed).value();
  }
  return IdKey(static_cast<uint64_t>(IdKind::kEmail), normalised);
}

void Add(const Dataset& dataset, IdKind kind, StringId id, std::vector<uint64_t>* keys) {
  if (id == kEmptyString) return;
  keys->push_back(IdKey(static_cast<uint64_t>(kind), dataset.str(id)));
}

void AddEmail(const Dataset& dataset, StringId id, bool hash_emails,
              std::vector<uint64_t>* keys) {
  if (id == kEmptyString) return;
  bool ok = false;
  const uint64_t key = EmailKey(dataset.str(id), hash_emails, &ok);
  if (ok) keys->push_back(key);
}

}  // namespace

uint64_t IdKey(uint64_t kind_tag, std::string_view text) {
  return XXH3_64bits_withSeed(text.data(), text.size(),
                              0x9e3779b97f4a7c15ULL * (kind_tag + 1));
}

void RowKeys(const Dataset& dataset, InputKind kind, size_t row, bool hash_emails,
             std::vector<uint64_t>* keys) {
  switch (kind) {
    case InputKind::kTouchpoints: {
      const Touchpoint& tp = dataset.touchpoints[row];
      Add(dataset, IdKind::kAnonymousId, tp.anonymous_id, keys);
      Add(dataset, IdKind::kUserId, tp.user_id, keys);
      AddEmail(dataset, tp.email, hash_emails, keys);
      break;
    }
    case InputKind::kConversions: {
      const Conversion& c = dataset.conversions[row];
      Add(dataset, IdKind::kUserId, c.user_id, keys);
      Add(dataset, IdKind::kAnonymousId, c.anonymous_id, keys);
      AddEmail(dataset, c.email, hash_emails, keys);
      if (c.order_id != kEmptyString)
        keys->push_back(IdKey(kOrderKeyTag, dataset.str(c.order_id)));
      break;
    }
    case InputKind::kLeads: {
      const Lead& lead = dataset.leads[row];
      Add(dataset, IdKind::kLeadId, lead.lead_id, keys);
      AddEmail(dataset, lead.email, hash_emails, keys);
      Add(dataset, IdKind::kAnonymousId, lead.anonymous_id, keys);
      Add(dataset, IdKind::kUserId, lead.user_id, keys);
      break;
    }
    case InputKind::kDeals: {
      const Deal& deal = dataset.deals[row];
      Add(dataset, IdKind::kDealId, deal.deal_id, keys);
      Add(dataset, IdKind::kLeadId, deal.lead_id, keys);
      AddEmail(dataset, deal.email, hash_emails, keys);
      Add(dataset, IdKind::kUserId, deal.user_id, keys);
      // A won deal is not a conversion when an order carries its id: keep them together.
      if (deal.deal_id != kEmptyString)
        keys->push_back(IdKey(kOrderKeyTag, dataset.str(deal.deal_id)));
      break;
    }
    default:
      break;
  }
}

InputFormat FormatOfName(std::string_view name) {
  std::string_view base = name;
  if (base.size() > 3 && base.substr(base.size() - 3) == ".gz") base.remove_suffix(3);
  auto ends = [&](std::string_view suffix) {
    return base.size() >= suffix.size() &&
           base.substr(base.size() - suffix.size()) == suffix;
  };
  if (ends(".jsonl") || ends(".ndjson")) return InputFormat::kJsonl;
  if (ends(".json")) return InputFormat::kJson;
  return InputFormat::kCsv;
}

Status ParseChunkBytes(std::string_view name, InputKind kind, std::string_view header,
                       std::string_view bytes, const IngestOptions& options,
                       Dataset* dataset) {
  const InputFormat format = FormatOfName(name);
  if (format == InputFormat::kCsv) {
    std::string text;
    text.reserve(header.size() + 1 + bytes.size());
    text.append(header);
    text.push_back('\n');
    text.append(bytes);
    return ReadInputFromMemory(name, text, kind, format, options, dataset);
  }
  return ReadInputFromMemory(name, bytes, kind, format, options, dataset);
}

void PutGroupHeader(const BatchGroup& group, uint64_t rows, std::string* out) {
  ByteWriter writer(out);
  writer.Put<char>(kGroupTag);
  writer.Put<int32_t>(group.file);
  writer.Put<int32_t>(group.chunk);
  writer.Put<uint8_t>(static_cast<uint8_t>(group.kind));
  writer.PutString(group.name);
  writer.PutString(group.header);
  writer.Put<uint64_t>(rows);
}

void PutBatchRow(const BatchRow& row, std::string* out) {
  ByteWriter writer(out);
  writer.Put<int64_t>(row.line);
  writer.Put<uint8_t>(row.flags);
  writer.Put<uint64_t>(row.key);
  writer.PutString(row.text);
}

Result<std::vector<BatchGroup>> ParseGroups(std::string_view bytes) {
  std::vector<BatchGroup> groups;
  ByteReader reader(bytes);
  while (!reader.done()) {
    if (reader.Get<char>() != kGroupTag) {
      return InvalidArgument("row batch: bad group tag (not bytes made by SplitRows)");
    }
    BatchGroup group;
    group.file = reader.Get<int32_t>();
    group.chunk = reader.Get<int32_t>();
    const auto kind = reader.Get<uint8_t>();
    group.name = reader.GetString();
    group.header = reader.GetString();
    const uint64_t rows = reader.GetCount(25);
    if (!reader.ok() || kind >= kNumInputKinds || group.file < 0 || group.chunk < 0) {
      return InvalidArgument("row batch: truncated or corrupt group header");
    }
    group.kind = static_cast<InputKind>(kind);
    group.rows.resize(rows);
    for (BatchRow& row : group.rows) {
      row.line = reader.Get<int64_t>();
      row.flags = reader.Get<uint8_t>();
      row.key = reader.Get<uint64_t>();
      row.text = reader.GetString();
    }
    if (!reader.ok()) return InvalidArgument("row batch: truncated rows");
    groups.push_back(std::move(group));
  }
  return groups;
}

}  // namespace mroi::scale::internal
