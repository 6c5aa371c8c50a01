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
/// per distinct id (values repeat across millions of rows). The cache grows with the
/// largest id seen, so a mapper used on a few low ids (UTM values) stays small.
class IdMapper {
 public:
  IdMapper(Dataset* data, std::function<std::string(std::string_view)> fn)
      : data_(data), fn_(std::move(fn)) {}
  StringId Map(StringId id) {
    if (id == kEmptyString) return kEmptyString;
    auto index = static_cast<size_t>(id);
    if (index >= cache_.size()) {
      const size_t doubled = std::min(std::max(2 * cache_.size(), size_t{1024}),
                                      static_cast<size_t>(data_->strings.size()));
      cache_.resize(std::max(index + 1, doubled), -1);
    }
    if (cache_[index] < 0) cache_[index] = Compute(id);
    return cache_[index];
  }

 private:
  StringId Compute(StringId id) {
    std::string text = fn_(data_->str(id));
    return data_->strings.Intern(text);
  }
  Dataset* data_;
  std::function<std::string(std::string_view)> fn_;
  std::vector<StringId> cache_;  // per id: its mapped id, or -1 when not computed yet
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
/// bot_rate, then invalid_click, on one shared grouping of the touchpoints by id; also
/// finds the clicks without a session among the rows left (click_without_session), as
/// flagged[row] over the rows before erasure (empty when that rule is off). Each rule
/// runs only when enabled.
void RunIdRules(const CleanOptions& options, IdMapper* campaigns, Dataset* data,
                Removals* removals, std::vector<uint8_t>* flagged);
void RemoveDuplicateLeads(const CleanOptions& options, Dataset* data, Removals* removals);
void RemoveDuplicateOrders(const CleanOptions& options, Dataset* data, Removals* removals);
void NetRefunds(const CleanOptions& options, Dataset* data, Removals* removals);

/// Log the click_without_session flags of the given kept touchpoints (in order).
void FlagClicksWithoutSession(const std::vector<uint32_t>& flagged_rows, Dataset* data);

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
/// NormaliseTouchpoints also erases the removed touchpoints (removed[row]) on the way,
/// and returns in flagged_rows the kept rows to flag as click_without_session: those
/// with flagged[row] (pre-erasure index; empty = rule off) and clicks without any id.
void NormaliseTouchpoints(const CleanOptions& options, const ChannelGrouper& grouper,
                          const SourceCategories& categories, Normalisers* normalisers,
                          const std::vector<uint8_t>& removed,
                          const std::vector<uint8_t>& flagged,
                          std::vector<uint32_t>* flagged_rows, Dataset* data);
void NormaliseLeads(const CleanOptions& options, const ChannelGrouper& grouper,
                    Normalisers* normalisers, Dataset* data);
void NormaliseSpend(const CleanOptions& options, const ChannelGrouper& grouper,
                    Normalisers* normalisers, Dataset* data);
void ImputeConversions(const CleanOptions& options, Dataset* data);
void ImputeDeals(const CleanOptions& options, Dataset* data);

}  // namespace mroi::internal
