// The rules that change kept rows: utm_normalised and imputed, and the channel group of
// every touchpoint, lead and spend row. Values are mapped once per distinct StringId.
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "clean/clean_internal.h"

namespace mroi::internal {

namespace {

bool Enabled(const CleanOptions& options, Rule rule) {
  return options.enabled[static_cast<int>(rule)];
}

// Memoises ChannelGrouper::Group per (source, medium, campaign) triple of ids.
class ChannelCache {
 public:
  ChannelCache(const ChannelGrouper& grouper, Dataset* data) : grouper_(grouper), data_(data) {}
  StringId Get(StringId source, StringId medium, StringId campaign) {
    Key key{source, medium, campaign};
    if (key == last_key_ && last_value_ >= 0) return last_value_;
    auto found = cache_.find(key);
    if (found == cache_.end()) {
      std::string_view group =
          grouper_.Group(data_->str(source), data_->str(medium), data_->str(campaign));
      found = cache_.emplace(key, data_->strings.Intern(group)).first;
    }
    last_key_ = key;
    last_value_ = found->second;
    return last_value_;
  }

 private:
  struct Key {
    StringId source, medium, campaign;
    bool operator==(const Key& other) const {
      return source == other.source && medium == other.medium && campaign == other.campaign;
    }
  };
  struct KeyHash {
    size_t operator()(const Key& key) const {
      uint64_t h = static_cast<uint32_t>(key.source) * 0x9E3779B97F4A7C15ull;
      h ^= static_cast<uint32_t>(key.medium) * 0xC2B2AE3D27D4EB4Full + (h >> 29);
      h ^= static_cast<uint32_t>(key.campaign) * 0x165667B19E3779F9ull + (h >> 31);
      return static_cast<size_t>(h);
    }
  };
  const ChannelGrouper& grouper_;
  Dataset* data_;
  std::unordered_map<Key, StringId, KeyHash> cache_;
  Key last_key_{-1, -1, -1};
  StringId last_value_ = -1;
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
                          Dataset* data) {
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
  std::unordered_map<StringId, bool> search;
  ChannelCache channels(grouper, data);
  for (Touchpoint& tp : data->touchpoints) {
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
          auto found = search.find(source);
          if (found == search.end()) {
            found = search
                        .emplace(source, categories.Find(data->str(source)) ==
                                             SourceCategory::kSearch)
                        .first;
          }
          medium = found->second ? organic : referral;
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
