// Experiments found by the naming convention of their variant tags.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "mroi/experiment_find.h"
#include "experiment/touchpoint_field_internal.h"

namespace mroi {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsControlWord(const std::string& suffix) {
  return suffix == "control" || suffix == "ctrl" || suffix == "baseline" ||
         suffix == "original";
}

// True when `suffix` (lower case) names a variant.
bool IsVariantSuffix(const std::string& suffix) {
  if (suffix.size() == 1) return std::isalpha(static_cast<unsigned char>(suffix[0])) != 0;
  if (suffix.size() >= 2 && suffix[0] == 'v' &&
      std::all_of(suffix.begin() + 1, suffix.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    return true;
  }
  return IsControlWord(suffix) || suffix == "variant" || suffix == "treatment" ||
         suffix == "test";
}

// Stem and lower-case suffix of a variant tag, or nullopt.
std::optional<std::pair<std::string, std::string>> SplitVariant(std::string_view tag) {
  const size_t cut = tag.find_last_of("_-");
  if (cut == std::string_view::npos || cut == 0 || cut + 1 >= tag.size()) return std::nullopt;
  std::string suffix = Lower(tag.substr(cut + 1));
  if (!IsVariantSuffix(suffix)) return std::nullopt;
  return std::make_pair(std::string(tag.substr(0, cut)), std::move(suffix));
}

// Rank of a variant as the control: lower is more control-like.
std::pair<int, std::string> ControlRank(const std::string& suffix) {
  if (IsControlWord(suffix)) return {0, suffix};
  if (suffix == "a") return {1, suffix};
  if (suffix[0] == 'v' && suffix.size() >= 2) {
    return {2, std::string(10 - std::min<size_t>(suffix.size(), 10), '0') + suffix};
  }
  return {3, suffix};
}

}  // namespace

std::vector<TaggedExperiment> FindTaggedExperiments(const Dataset& dataset,
                                                    const std::string& field) {
  StringId Touchpoint::*member = internal::TouchpointField(field);
  if (member == nullptr) return {};
  std::map<StringId, int64_t> counts;
  for (const Touchpoint& touch : dataset.touchpoints) {
    const StringId tag = touch.*member;
    if (tag != kEmptyString) ++counts[tag];
  }
  // stem -> (suffix, tag, touchpoints)
  struct Variant {
    std::string suffix;
    std::string tag;
    int64_t touchpoints = 0;
  };
  std::map<std::string, std::vector<Variant>> by_stem;
  for (const auto& [tag_id, count] : counts) {
    const std::string_view tag = dataset.strings.Get(tag_id);
    auto split = SplitVariant(tag);
    if (!split) continue;
    by_stem[split->first].push_back({split->second, std::string(tag), count});
  }
  std::vector<TaggedExperiment> found;
  for (auto& [stem, variants] : by_stem) {
    std::set<std::string> suffixes;
    for (const Variant& v : variants) suffixes.insert(v.suffix);
    if (suffixes.size() < 2) continue;
    std::sort(variants.begin(), variants.end(), [](const Variant& x, const Variant& y) {
      return std::tie(x.tag, x.suffix) < std::tie(y.tag, y.suffix);
    });
    const auto control = std::min_element(
        variants.begin(), variants.end(), [](const Variant& x, const Variant& y) {
          return ControlRank(x.suffix) < ControlRank(y.suffix);
        });
    TaggedExperiment experiment;
    experiment.name = stem;
    experiment.field = field;
    experiment.control = control->tag;
    experiment.variants.push_back(control->tag);
    for (const Variant& v : variants) {
      if (v.tag != control->tag) experiment.variants.push_back(v.tag);
      experiment.touchpoints += v.touchpoints;
    }
    found.push_back(std::move(experiment));
  }
  return found;
}

}  // namespace mroi
