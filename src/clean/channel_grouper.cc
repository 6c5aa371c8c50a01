// ChannelGrouper: the user's channel rules, then GA4's default channel grouping
// ("[GA4] Default channel group", support.google.com/analytics/answer/9756891, the
// rules for manual traffic), with GA4's source categories.
#include <fmt/format.h>
#include <re2/re2.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "clean/clean_internal.h"
#include "mroi/clean.h"

namespace mroi {

namespace internal {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

Result<SourceCategories> SourceCategories::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return NotFound(fmt::format("source categories '{}' cannot be opened; point "
                                "clean.source_categories at a source,source_category CSV",
                                path));
  }
  SourceCategories result;
  std::string line;
  int64_t line_number = 0;
  while (std::getline(file, line)) {
    ++line_number;
    std::string_view row = TrimView(line);
    if (row.empty()) continue;
    size_t comma = row.rfind(',');
    if (comma == std::string_view::npos) {
      return InvalidArgument(fmt::format(
          "source categories '{}' line {}: expected 'source,source_category'", path,
          line_number));
    }
    std::string source = Lower(TrimView(row.substr(0, comma)));
    std::string_view category = TrimView(row.substr(comma + 1));
    if (line_number == 1 && source == "source") continue;  // header
    SourceCategory value;
    if (category == "SOURCE_CATEGORY_SEARCH") {
      value = SourceCategory::kSearch;
    } else if (category == "SOURCE_CATEGORY_SOCIAL") {
      value = SourceCategory::kSocial;
    } else if (category == "SOURCE_CATEGORY_SHOPPING") {
      value = SourceCategory::kShopping;
    } else if (category == "SOURCE_CATEGORY_VIDEO") {
      value = SourceCategory::kVideo;
    } else {
      return InvalidArgument(fmt::format(
          "source categories '{}' line {}: unknown category '{}' (expected "
          "SOURCE_CATEGORY_SEARCH, _SOCIAL, _SHOPPING or _VIDEO)",
          path, line_number, category));
    }
    result.categories_.emplace(std::move(source), value);
  }
  if (result.categories_.empty()) {
    return InvalidArgument(fmt::format("source categories '{}' has no rows", path));
  }
  // X (formerly Twitter) postdates Google's list; its own domain is social too.
  result.categories_.emplace("x.com", SourceCategory::kSocial);
  return result;
}

SourceCategory SourceCategories::Find(std::string_view source) const {
  if (source.empty()) return SourceCategory::kNone;
  std::string key(source);
  auto found = categories_.find(key);
  if (found != categories_.end()) return found->second;
  std::string_view host = source;
  if (host.substr(0, 4) == "www.") host.remove_prefix(4);
  else if (host.substr(0, 2) == "m.") host.remove_prefix(2);
  if (host.size() != source.size()) {
    found = categories_.find(std::string(host));
    if (found != categories_.end()) return found->second;
  }
  size_t dot = host.find('.');
  if (dot != std::string_view::npos && dot > 0) {
    found = categories_.find(std::string(host.substr(0, dot)));
    if (found != categories_.end()) return found->second;
  }
  return SourceCategory::kNone;
}

}  // namespace internal

namespace {

using internal::SourceCategory;

// The channel groups, in the order GA4 tries its rules.
const std::vector<std::string> kGroups = {
    "Direct",          "Cross-network",  "Paid Shopping",  "Paid Search", "Paid Social",
    "Paid Video",      "Display",        "Paid Other",     "Organic Shopping",
    "Organic Social",  "Organic Video",  "Organic Search", "Referral",    "Email",
    "Affiliates",      "Audio",          "SMS",            "Mobile Push Notifications",
    "Unassigned"};

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Medium matches ^(.*cp.*|ppc|retargeting|paid.*)$
bool IsPaidMedium(std::string_view medium) {
  return Contains(medium, "cp") || medium == "ppc" || medium == "retargeting" ||
         medium.substr(0, 4) == "paid";
}

// Campaign matches ^(.*(([^a-df-z]|^)shop|shopping).*)$
bool IsShoppingCampaign(std::string_view campaign) {
  if (Contains(campaign, "shopping")) return true;
  for (size_t pos = campaign.find("shop"); pos != std::string_view::npos;
       pos = campaign.find("shop", pos + 1)) {
    if (pos == 0) return true;
    char before = campaign[pos - 1];
    bool excluded = (before >= 'a' && before <= 'd') || (before >= 'f' && before <= 'z');
    if (!excluded) return true;
  }
  return false;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> options) {
  for (std::string_view option : options) {
    if (value == option) return true;
  }
  return false;
}

bool IsEmailName(std::string_view value) {
  return OneOf(value, {"email", "e-mail", "e_mail", "e mail"});
}

// One user rule: full-match expressions over source, medium and campaign.
struct UserRule {
  std::string channel;
  std::unique_ptr<RE2> source;
  std::unique_ptr<RE2> medium;
  std::unique_ptr<RE2> campaign;
};

bool FullMatch(const std::unique_ptr<RE2>& regex, std::string_view text) {
  return regex == nullptr ||
         RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *regex);
}

}  // namespace

const std::vector<std::string>& DefaultChannelGroups() { return kGroups; }

struct ChannelGrouper::Impl {
  internal::SourceCategories categories;
  std::vector<UserRule> rules;

  std::string_view Default(std::string_view source, std::string_view medium,
                           std::string_view campaign) const;
};

std::string_view ChannelGrouper::Impl::Default(std::string_view source,
                                               std::string_view medium,
                                               std::string_view campaign) const {
  SourceCategory category = categories.Find(source);
  bool paid = IsPaidMedium(medium);
  bool shopping = category == SourceCategory::kShopping || IsShoppingCampaign(campaign);
  if (source == "(direct)" && (medium.empty() || medium == "(not set)" || medium == "(none)")) {
    return kGroups[0];
  }
  if (Contains(campaign, "cross-network")) return kGroups[1];
  if (shopping && paid) return kGroups[2];
  if (paid && category == SourceCategory::kSearch) return kGroups[3];
  if (paid && category == SourceCategory::kSocial) return kGroups[4];
  if (paid && category == SourceCategory::kVideo) return kGroups[5];
  if (OneOf(medium, {"display", "banner", "expandable", "interstitial", "cpm"})) {
    return kGroups[6];
  }
  if (paid) return kGroups[7];
  if (shopping) return kGroups[8];
  if (category == SourceCategory::kSocial ||
      OneOf(medium, {"social", "social-network", "social-media", "sm", "social network",
                     "social media"})) {
    return kGroups[9];
  }
  if (category == SourceCategory::kVideo || Contains(medium, "video")) return kGroups[10];
  if (category == SourceCategory::kSearch || medium == "organic") return kGroups[11];
  if (OneOf(medium, {"referral", "app", "link"})) return kGroups[12];
  if (IsEmailName(source) || IsEmailName(medium)) return kGroups[13];
  if (medium == "affiliate") return kGroups[14];
  if (medium == "audio") return kGroups[15];
  if (source == "sms" || medium == "sms") return kGroups[16];
  if ((medium.size() >= 4 && medium.substr(medium.size() - 4) == "push") ||
      Contains(medium, "mobile") || Contains(medium, "notification") || source == "firebase") {
    return kGroups[17];
  }
  return kGroups[18];
}

ChannelGrouper::ChannelGrouper(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ChannelGrouper::ChannelGrouper(ChannelGrouper&&) noexcept = default;
ChannelGrouper& ChannelGrouper::operator=(ChannelGrouper&&) noexcept = default;
ChannelGrouper::~ChannelGrouper() = default;

namespace {

Result<std::unique_ptr<RE2>> CompileRule(const nlohmann::json& rule, const char* key,
                                         const std::string& path, size_t rule_idx) {
  if (!rule.contains(key)) return std::unique_ptr<RE2>();
  if (!rule[key].is_string()) {
    return InvalidArgument(fmt::format("channel rules '{}': rule {} field \"{}\" is not a string",
                                       path, rule_idx, key));
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<RE2>(rule[key].get<std::string>(), options);
  if (!regex->ok()) {
    return InvalidArgument(fmt::format("channel rules '{}': rule {} field \"{}\": {}", path,
                                       rule_idx, key, regex->error()));
  }
  return regex;
}

}  // namespace

Result<ChannelGrouper> ChannelGrouper::Make(const std::string& source_categories_path,
                                            const std::string& channel_rules_path) {
  auto impl = std::make_unique<Impl>();
  MROI_ASSIGN_OR_RETURN(impl->categories,
                        internal::SourceCategories::Load(source_categories_path));
  if (channel_rules_path.empty()) return ChannelGrouper(std::move(impl));
  std::ifstream file(channel_rules_path, std::ios::binary);
  if (!file) {
    return NotFound(
        fmt::format("channel rules '{}' cannot be opened", channel_rules_path));
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  nlohmann::json json = nlohmann::json::parse(buffer.str(), nullptr,
                                              /*allow_exceptions=*/false,
                                              /*ignore_comments=*/true);
  if (json.is_discarded() || !json.is_array()) {
    return InvalidArgument(fmt::format(
        "channel rules '{}' is not a JSON array of {{\"channel\", \"source\", \"medium\", "
        "\"campaign\"}} objects",
        channel_rules_path));
  }
  for (size_t rule_idx = 0; rule_idx < json.size(); ++rule_idx) {
    const nlohmann::json& rule = json[rule_idx];
    if (!rule.is_object() || !rule.contains("channel") || !rule["channel"].is_string() ||
        rule["channel"].get<std::string>().empty()) {
      return InvalidArgument(fmt::format("channel rules '{}': rule {} has no \"channel\" name",
                                         channel_rules_path, rule_idx));
    }
    for (const auto& item : rule.items()) {
      if (item.key() != "channel" && item.key() != "source" && item.key() != "medium" &&
          item.key() != "campaign") {
        return InvalidArgument(fmt::format(
            "channel rules '{}': rule {} has unknown key \"{}\" (expected channel, source, "
            "medium, campaign)",
            channel_rules_path, rule_idx, item.key()));
      }
    }
    UserRule user_rule;
    user_rule.channel = rule["channel"].get<std::string>();
    MROI_ASSIGN_OR_RETURN(user_rule.source,
                          CompileRule(rule, "source", channel_rules_path, rule_idx));
    MROI_ASSIGN_OR_RETURN(user_rule.medium,
                          CompileRule(rule, "medium", channel_rules_path, rule_idx));
    MROI_ASSIGN_OR_RETURN(user_rule.campaign,
                          CompileRule(rule, "campaign", channel_rules_path, rule_idx));
    impl->rules.push_back(std::move(user_rule));
  }
  return ChannelGrouper(std::move(impl));
}

std::string_view ChannelGrouper::Group(std::string_view source, std::string_view medium,
                                       std::string_view campaign) const {
  for (const UserRule& rule : impl_->rules) {
    if (FullMatch(rule.source, source) && FullMatch(rule.medium, medium) &&
        FullMatch(rule.campaign, campaign)) {
      return rule.channel;
    }
  }
  return impl_->Default(source, medium, campaign);
}

}  // namespace mroi
