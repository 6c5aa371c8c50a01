// The rules that change kept rows: utm_normalised and imputed, and the channel group of
// every touchpoint, lead and spend row. Values are mapped once per distinct StringId.
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "clean/clean_internal.h"

namespace mroi::internal {

namespace {

bool Enabled(const CleanOptions& options, Rule rule) {
  return options.enabled[static_cast<int>(rule)];
}

// Memoises ChannelGrouper::Group per (source, medium, campaign) triple of ids in a
// small open-addressing table (distinct triples are few; rows are many).
class ChannelCache {
 public:
  ChannelCache(const ChannelGrouper& grouper, Dataset* data)
      : grouper_(grouper), data_(data), slots_(kInitialSlots) {}
  StringId Get(StringId source, StringId medium, StringId campaign) {
    const Key key{source, medium, campaign};
    size_t mask = slots_.size() - 1;
    for (size_t slot = Hash(key) & mask;; slot = (slot + 1) & mask) {
      Slot& found = slots_[slot];
      if (found.group < 0) break;
      if (found.key == key) return found.group;
    }
    std::string_view group =
        grouper_.Group(data_->str(source), data_->str(medium), data_->str(campaign));
    const StringId id = data_->strings.Intern(group);
    if (2 * (used_ + 1) > slots_.size()) Grow();
    Insert(key, id);
    return id;
  }

 private:
  static constexpr size_t kInitialSlots = 1024;
  struct Key {
    StringId source, medium, campaign;
    bool operator==(const Key& other) const {
      return source == other.source && medium == other.medium && campaign == other.campaign;
    }
  };
  struct Slot {
    Key key{-1, -1, -1};
    StringId group = -1;  // -1 = empty
  };
  static size_t Hash(const Key& key) {
    uint64_t h = static_cast<uint32_t>(key.source) * 0x9E3779B97F4A7C15ull;
    h ^= static_cast<uint32_t>(key.medium) * 0xC2B2AE3D27D4EB4Full + (h >> 29);
    h ^= static_cast<uint32_t>(key.campaign) * 0x165667B19E3779F9ull + (h >> 31);
    return static_cast<size_t>(h ^ (h >> 32));
  }
  void Insert(const Key& key, StringId group) {
    const size_t mask = slots_.size() - 1;
    size_t slot = Hash(key) & mask;
    while (slots_[slot].group >= 0) slot = (slot + 1) & mask;
    slots_[slot] = Slot{key, group};
    ++used_;
  }
  void Grow() {
    std::vector<Slot> old(2 * slots_.size());
    old.swap(slots_);
    used_ = 0;
    for (const Slot& slot : old) {
      if (slot.group >= 0) Insert(slot.key, slot.group);
    }
  }
  const ChannelGrouper& grouper_;
  Dataset* data_;
  std::vector<Slot> slots_;  // size a power of two, at most half full
  size_t used_ = 0;
};

// The interned names of the fields the change log mentions.
struct FieldNames {
  explicit FieldNames(Dataset* data)
      : utm_source(data->strings.Intern("utm_source")),
        utm_medium(data->strings.Intern("utm_medium")),
        utm_campaign(data->strings.Intern("utm_campaign")),
        utm_content(data->strings.Intern("utm_content")),
        utm_term(data->strings.Intern("utm_term")),
        campaign(data->strings.Intern("campaign")),
        cogs(data->strings.Intern("cogs")) {}
  StringId utm_source, utm_medium, utm_campaign, utm_content, utm_term, campaign, cogs;
};

// Replace *value by mapper(*value), logging a utm_normalised change when it differs.
void Normalise(IdMapper* mapper, StringId field, RowOrigin origin, StringId* value,
               Dataset* data) {
  StringId normalised = mapper->Map(*value);
  if (normalised == *value) return;
  AddChange(data, origin, Rule::kUtmNormalised, field, *value, normalised);
  *value = normalised;
}

// Set an empty field to `value`, logging an imputed change.
void Impute(StringId field, RowOrigin origin, StringId value, StringId* target,
            Dataset* data) {
  AddChange(data, origin, Rule::kImputed, field, *target, value);
  *target = value;
}

}  // namespace

void NormaliseTouchpoints(const CleanOptions& options, const ChannelGrouper& grouper,
                          const SourceCategories& categories, Normalisers* normalisers,
                          const std::vector<uint8_t>& removed,
                          const std::vector<uint8_t>& flagged,
                          std::vector<uint32_t>* flagged_rows, Dataset* data) {
  const bool normalise = Enabled(options, Rule::kUtmNormalised);
  const bool impute = Enabled(options, Rule::kImputed);
  const FieldNames fields(data);
  const StringId direct = data->strings.Intern("(direct)");
  const StringId none = data->strings.Intern("(none)");
  const StringId not_set = data->strings.Intern("(not set)");
  const StringId organic = data->strings.Intern("organic");
  const StringId referral = data->strings.Intern("referral");
  const auto& aliases = options.source_aliases;
  IdMapper referrer_source(data, [&aliases](std::string_view referrer) {
    std::string source = SourceFromReferrer(referrer);
    return source.empty() ? source : NormaliseSource(source, aliases);
  });
  // Whether a source id is a search engine: -1 unknown, 0 no, 1 yes (per distinct source).
  std::vector<int8_t> search;  // grows with the largest source id seen
  ChannelCache channels(grouper, data);
  // Most touchpoints log a change or two (imputed campaign and source): reserve room so
  // that the log does not grow by copying. Untouched capacity costs no memory.
  data->changes.reserve(data->changes.size() + 2 * data->touchpoints.size() +
                        data->leads.size() + data->spend.size());
  std::vector<Touchpoint>& rows = data->touchpoints;
  flagged_rows->clear();
  size_t out = 0;
  for (size_t in = 0; in < rows.size(); ++in) {
    if (removed[in]) continue;
    if (out != in) rows[out] = rows[in];
    Touchpoint& tp = rows[out];
    if (!flagged.empty() &&
        (flagged[in] ||
         (tp.event_type == EventType::kClick && TouchpointKey(tp) == kEmptyString))) {
      flagged_rows->push_back(static_cast<uint32_t>(out));
    }
    ++out;
    if (normalise) {
      Normalise(&normalisers->source, fields.utm_source, tp.origin, &tp.utm_source, data);
      Normalise(&normalisers->medium, fields.utm_medium, tp.origin, &tp.utm_medium, data);
      Normalise(&normalisers->value, fields.utm_campaign, tp.origin, &tp.utm_campaign, data);
      Normalise(&normalisers->value, fields.utm_content, tp.origin, &tp.utm_content, data);
      Normalise(&normalisers->value, fields.utm_term, tp.origin, &tp.utm_term, data);
    }
    if (impute) {
      if (tp.utm_source == kEmptyString) {
        StringId source = referrer_source.Map(tp.referrer);
        StringId medium = none;
        if (source == kEmptyString) {
          source = direct;
        } else {
          const auto index = static_cast<size_t>(source);
          if (index >= search.size()) search.resize(index + 1, -1);
          if (search[index] < 0) {
            search[index] = categories.Find(data->str(source)) == SourceCategory::kSearch;
          }
          medium = search[index] ? organic : referral;
        }
        Impute(fields.utm_source, tp.origin, source, &tp.utm_source, data);
        if (tp.utm_medium == kEmptyString) {
          Impute(fields.utm_medium, tp.origin, medium, &tp.utm_medium, data);
        }
        tp.imputed |= kImputedSource;
      }
      if (tp.utm_campaign == kEmptyString) {
        Impute(fields.utm_campaign, tp.origin, not_set, &tp.utm_campaign, data);
        tp.imputed |= kImputedCampaign;
      }
    }
    tp.channel = channels.Get(tp.utm_source, tp.utm_medium, tp.utm_campaign);
  }
  rows.resize(out);
}

void NormaliseLeads(const CleanOptions& options, const ChannelGrouper& grouper,
                    Normalisers* normalisers, Dataset* data) {
  const bool normalise = Enabled(options, Rule::kUtmNormalised);
  const FieldNames fields(data);
  ChannelCache channels(grouper, data);
  for (Lead& lead : data->leads) {
    if (normalise) {
      Normalise(&normalisers->source, fields.utm_source, lead.origin, &lead.utm_source, data);
      Normalise(&normalisers->medium, fields.utm_medium, lead.origin, &lead.utm_medium, data);
      Normalise(&normalisers->value, fields.utm_campaign, lead.origin, &lead.utm_campaign,
                data);
      Normalise(&normalisers->value, fields.utm_content, lead.origin, &lead.utm_content, data);
      Normalise(&normalisers->value, fields.utm_term, lead.origin, &lead.utm_term, data);
    }
    lead.channel = channels.Get(lead.utm_source, lead.utm_medium, lead.utm_campaign);
  }
}

void NormaliseSpend(const CleanOptions& options, const ChannelGrouper& grouper,
                    Normalisers* normalisers, Dataset* data) {
  const bool normalise = Enabled(options, Rule::kUtmNormalised);
  const FieldNames fields(data);
  ChannelCache channels(grouper, data);
  for (SpendRow& row : data->spend) {
    if (normalise) {
      Normalise(&normalisers->source, fields.utm_source, row.origin, &row.utm_source, data);
      Normalise(&normalisers->medium, fields.utm_medium, row.origin, &row.utm_medium, data);
      Normalise(&normalisers->value, fields.campaign, row.origin, &row.campaign, data);
    }
    if (row.channel == kEmptyString) {
      row.channel = channels.Get(row.utm_source, row.utm_medium, row.campaign);
    }
  }
}

void ImputeConversions(const CleanOptions& options, Dataset* data) {
  const bool impute = Enabled(options, Rule::kImputed);
  const StringId cogs_field = data->strings.Intern("cogs");
  for (Conversion& conversion : data->conversions) {
    if (IsMissing(conversion.cogs)) {
      if (!IsMissing(conversion.gross_profit)) {
        // Derivation, not imputation: both figures were given in another form.
        conversion.cogs = conversion.revenue - conversion.gross_profit;
      } else if (impute) {
        conversion.cogs = conversion.revenue * (1.0 - options.gross_margin);
        conversion.imputed |= kImputedCogs;
        AddChange(data, conversion.origin, Rule::kImputed, cogs_field, kEmptyString,
                  data->strings.Intern(FormatNumber(conversion.cogs)));
      }
    }
    if (!IsMissing(conversion.cogs)) conversion.gross_profit = conversion.revenue - conversion.cogs;
  }
}

void ImputeDeals(const CleanOptions& options, Dataset* data) {
  if (!Enabled(options, Rule::kImputed)) return;
  const StringId cogs_field = data->strings.Intern("cogs");
  for (Deal& deal : data->deals) {
    if (deal.stage != DealStage::kWon || IsMissing(deal.amount) || !IsMissing(deal.cogs)) {
      continue;
    }
    deal.cogs = deal.amount * (1.0 - options.gross_margin);
    deal.imputed |= kImputedCogs;
    AddChange(data, deal.origin, Rule::kImputed, cogs_field, kEmptyString,
              data->strings.Intern(FormatNumber(deal.cogs)));
  }
}

}  // namespace mroi::internal
