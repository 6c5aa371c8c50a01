// Reads the JSON config file into PipelineOptions. The keys are documented in
// docs/config.md; every key is optional and unknown keys are an error, so that a
// typo never silently leaves a rule at its default.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "mroi/pipeline.h"

namespace mroi {

namespace {

using Json = nlohmann::json;

Status CheckKeys(const Json& object, std::string_view section,
                 const std::set<std::string>& allowed) {
  if (!object.is_object()) {
    return InvalidArgument(fmt::format("config section '{}' must be an object", section));
  }
  for (const auto& item : object.items()) {
    if (allowed.count(item.key()) == 0) {
      std::string names;
      for (const std::string& name : allowed) names += (names.empty() ? "" : ", ") + name;
      return InvalidArgument(fmt::format("unknown config key '{}.{}'; known keys: {}", section,
                                         item.key(), names));
    }
  }
  return Status::OK();
}

template <typename T>
Status Read(const Json& object, const char* key, T* out) {
  auto found = object.find(key);
  if (found == object.end()) return Status::OK();
  try {
    *out = found->get<T>();
  } catch (const Json::exception&) {
    return InvalidArgument(fmt::format("config key '{}' has the wrong type", key));
  }
  return Status::OK();
}

Status ReadIngest(const Json& section, IngestOptions* options) {
  MROI_RETURN_IF_ERROR(CheckKeys(section, "ingest", {"delimiter", "timezone", "max_field_bytes"}));
  std::string delimiter;
  MROI_RETURN_IF_ERROR(Read(section, "delimiter", &delimiter));
  if (delimiter == "\\t" || delimiter == "tab") delimiter = "\t";
  if (delimiter.size() > 1) {
    return InvalidArgument("config key 'ingest.delimiter' must be one character or \"tab\"");
  }
  if (delimiter.size() == 1) options->delimiter = delimiter[0];
  std::string zone;
  MROI_RETURN_IF_ERROR(Read(section, "timezone", &zone));
  if (!zone.empty()) {
    MROI_ASSIGN_OR_RETURN(options->default_zone, TimeZone::Make(zone));
  }
  return Read(section, "max_field_bytes", &options->max_field_bytes);
}

Status ReadClean(const Json& section, CleanOptions* options) {
  MROI_RETURN_IF_ERROR(CheckKeys(
      section, "clean",
      {"rules", "bot_list", "source_categories", "channel_rules", "bot_max_events_per_minute",
       "bot_max_events_per_minute_ip", "bot_burst_sessions", "bot_burst_window_s",
       "invalid_click_window_s", "click_session_window_s", "duplicate_lead_window_s",
       "duplicate_order", "gross_margin", "source_aliases", "medium_aliases"}));
  if (auto rules = section.find("rules"); rules != section.end()) {
    if (!rules->is_object()) return InvalidArgument("config key 'clean.rules' must be an object");
    for (const auto& item : rules->items()) {
      MROI_ASSIGN_OR_RETURN(Rule rule, RuleFromName(item.key()));
      if (!item.value().is_boolean()) {
        return InvalidArgument(fmt::format("config key 'clean.rules.{}' must be true or false",
                                           item.key()));
      }
      if (rule == Rule::kParseError && !item.value().get<bool>()) {
        return InvalidArgument("rule parse_error cannot be turned off");
      }
      options->enabled[static_cast<size_t>(rule)] = item.value().get<bool>();
    }
  }
  MROI_RETURN_IF_ERROR(Read(section, "bot_list", &options->bot_list_path));
  MROI_RETURN_IF_ERROR(Read(section, "source_categories", &options->source_categories_path));
  MROI_RETURN_IF_ERROR(Read(section, "channel_rules", &options->channel_rules_path));
  MROI_RETURN_IF_ERROR(
      Read(section, "bot_max_events_per_minute", &options->bot_max_events_per_minute));
  MROI_RETURN_IF_ERROR(
      Read(section, "bot_max_events_per_minute_ip", &options->bot_max_events_per_minute_ip));
  MROI_RETURN_IF_ERROR(Read(section, "bot_burst_sessions", &options->bot_burst_sessions));
  MROI_RETURN_IF_ERROR(Read(section, "bot_burst_window_s", &options->bot_burst_window_s));
  MROI_RETURN_IF_ERROR(
      Read(section, "invalid_click_window_s", &options->invalid_click_window_s));
  MROI_RETURN_IF_ERROR(
      Read(section, "click_session_window_s", &options->click_session_window_s));
  MROI_RETURN_IF_ERROR(
      Read(section, "duplicate_lead_window_s", &options->duplicate_lead_window_s));
  std::string policy;
  MROI_RETURN_IF_ERROR(Read(section, "duplicate_order", &policy));
  if (policy == "first") {
    options->duplicate_order = DuplicateOrderPolicy::kFirstWins;
  } else if (policy == "last") {
    options->duplicate_order = DuplicateOrderPolicy::kLastWins;
  } else if (!policy.empty()) {
    return InvalidArgument("config key 'clean.duplicate_order' must be \"first\" or \"last\"");
  }
  MROI_RETURN_IF_ERROR(Read(section, "gross_margin", &options->gross_margin));
  if (options->gross_margin < 0 || options->gross_margin > 1) {
    return InvalidArgument("config key 'clean.gross_margin' must be between 0 and 1");
  }
  MROI_RETURN_IF_ERROR(Read(section, "source_aliases", &options->source_aliases));
  return Read(section, "medium_aliases", &options->medium_aliases);
}

Status ReadJourneys(const Json& section, JourneyOptions* options) {
  MROI_RETURN_IF_ERROR(CheckKeys(section, "journeys",
                                 {"lookback_days", "include_non_converting",
                                  "won_deals_as_conversions", "include_impressions"}));
  double lookback_days = static_cast<double>(options->lookback_s) / 86400.0;
  MROI_RETURN_IF_ERROR(Read(section, "lookback_days", &lookback_days));
  if (lookback_days <= 0) {
    return InvalidArgument("config key 'journeys.lookback_days' must be positive");
  }
  options->lookback_s = static_cast<int64_t>(lookback_days * 86400.0);
  MROI_RETURN_IF_ERROR(
      Read(section, "include_non_converting", &options->include_non_converting));
  MROI_RETURN_IF_ERROR(
      Read(section, "won_deals_as_conversions", &options->won_deals_as_conversions));
  return Read(section, "include_impressions", &options->include_impressions);
}

}  // namespace

Status LoadConfigFile(const std::string& path, PipelineOptions* options) {
  std::ifstream file(path);
  if (!file) return NotFound(fmt::format("config file '{}' cannot be opened", path));
  std::stringstream text;
  text << file.rdbuf();
  Json root = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false,
                          /*ignore_comments=*/true);
  if (root.is_discarded()) {
    return InvalidArgument(fmt::format("config file '{}' is not valid JSON", path));
  }
  Status status = CheckKeys(root, "config", {"ingest", "clean", "identity", "journeys"});
  if (status.ok() && root.contains("ingest")) status = ReadIngest(root["ingest"], &options->ingest);
  if (status.ok() && root.contains("clean")) status = ReadClean(root["clean"], &options->clean);
  if (status.ok() && root.contains("identity")) {
    status = CheckKeys(root["identity"], "identity", {"hash_emails"});
    if (status.ok()) status = Read(root["identity"], "hash_emails", &options->identity.hash_emails);
  }
  if (status.ok() && root.contains("journeys")) {
    status = ReadJourneys(root["journeys"], &options->journeys);
  }
  return status.WithContext(path);
}

}  // namespace mroi
