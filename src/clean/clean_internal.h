// Helpers shared by the files of the clean layer: removal marks, quarantine entries,
// per-StringId caches and grouping of record indices by a key. Not part of the API.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "mroi/clean.h"
#include "mroi/dataset.h"

namespace mroi::internal {

/// Which records the removing rules have taken out so far (1 = removed). Rules see only
/// rows still present, so each removed row has exactly one rule.
struct Removals {
  std::vector<uint8_t> touchpoints;
  std::vector<uint8_t> conversions;
  std::vector<uint8_t> leads;
};

/// Add a whole-row quarantine entry.
void AddIssue(Dataset* data, RowOrigin origin, Rule rule, std::string message);

/// Add a change of `field` from `before` to `after` (all interned in data->strings).
inline void AddChange(Dataset* data, RowOrigin origin, Rule rule, StringId field,
                      StringId before, StringId after) {
  data->changes.push_back(RowChange{origin, rule, field, before, after});
}

/// Format a number for the change log: shortest text that reads back the same.
std::string FormatNumber(double value);

/// The id of a touchpoint: its anonymous_id, else its user_id (kEmptyString = none).
inline StringId TouchpointKey(const Touchpoint& touchpoint) {
  return touchpoint.anonymous_id != kEmptyString ? touchpoint.anonymous_id
                                                 : touchpoint.user_id;
}

/// Maps a StringId to the id of a function of its text, computing the function once
/// per distinct id (values repeat across millions of rows). Strings interned after
/// construction are computed on every call, without caching.
class IdMapper {
 public:
  IdMapper(Dataset* data, std::function<std::string(std::string_view)> fn)
      : data_(data),
        fn_(std::move(fn)),
        cache_(static_cast<size_t>(data->strings.size()), -1) {}
  StringId Map(StringId id) {
    if (id == kEmptyString) return kEmptyString;
    auto index = static_cast<size_t>(id);
    if (index < cache_.size()) {
      if (cache_[index] < 0) cache_[index] = Compute(id);
      return cache_[index];
    }
    return Compute(id);
  }

 private:
  StringId Compute(StringId id) {
    std::string text = fn_(data_->str(id));
    return data_->strings.Intern(text);
  }
  Dataset* data_;
  std::function<std::string(std::string_view)> fn_;
  std::vector<StringId> cache_;
};

/// Erase the records marked in `removed`, keeping the order of the rest.
template <typename T>
void EraseMarked(std::vector<T>* records, const std::vector<uint8_t>& removed) {
  size_t out = 0;
  for (size_t i = 0; i < records->size(); ++i) {
    if (removed[i]) continue;
    if (out != i) (*records)[out] = std::move((*records)[i]);
    ++out;
  }
  records->resize(out);
}

// The rules, in the order Clean() runs them (docs/cleaning.md).
void RemoveBotUserAgents(const BotMatcher& bots, Dataset* data, Removals* removals);
void RemoveBotRates(const CleanOptions& options, Dataset* data, Removals* removals);
void RemoveInvalidClicks(const CleanOptions& options, IdMapper* campaigns, Dataset* data,
                         Removals* removals);
void RemoveDuplicateLeads(const CleanOptions& options, Dataset* data, Removals* removals);
void RemoveDuplicateOrders(const CleanOptions& options, Dataset* data, Removals* removals);
void NetRefunds(const CleanOptions& options, Dataset* data, Removals* removals);

/// Flag clicks with no session of the same id soon after (run on kept rows).
void FlagClicksWithoutSession(const CleanOptions& options, Dataset* data);

/// GA4's source categories (data/ga4_source_categories.csv), keyed by lower-case source.
enum class SourceCategory : uint8_t { kNone, kSearch, kSocial, kShopping, kVideo };
class SourceCategories {
 public:
  /// Load a "source,source_category" CSV. kNotFound when missing, kInvalidArgument
  /// naming the line when malformed.
  static Result<SourceCategories> Load(const std::string& path);
  /// Return the category of a normalised source: exact, then without a leading
  /// "www."/"m.", then the host's first label ("yandex.ru" -> "yandex").
  SourceCategory Find(std::string_view source) const;
  size_t size() const { return categories_.size(); }

 private:
  std::unordered_map<std::string, SourceCategory> categories_;
};

/// Normalise UTMs, impute missing values and group channels of the kept rows.
struct Normalisers {
  IdMapper source;
  IdMapper medium;
  IdMapper value;
};
void NormaliseTouchpoints(const CleanOptions& options, const ChannelGrouper& grouper,
                          const SourceCategories& categories,
                          Normalisers* normalisers, Dataset* data);
void NormaliseLeads(const CleanOptions& options, const ChannelGrouper& grouper,
                    Normalisers* normalisers, Dataset* data);
void NormaliseSpend(const CleanOptions& options, const ChannelGrouper& grouper,
                    Normalisers* normalisers, Dataset* data);
void ImputeConversions(const CleanOptions& options, Dataset* data);
void ImputeDeals(const CleanOptions& options, Dataset* data);

}  // namespace mroi::internal
