// Clean(): loads the data files, then runs the eraser's rules in the order of
// docs/cleaning.md, erases the removed rows and normalises, imputes and groups the rest.
#include <fmt/format.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "clean/clean_internal.h"
#include "mroi/clean.h"

#ifndef MROI_DATA_DIR
#  define MROI_DATA_DIR "data"
#endif

namespace mroi {

namespace internal {

void AddIssue(Dataset* data, RowOrigin origin, Rule rule, std::string message) {
  RowIssue issue;
  issue.origin = origin;
  issue.rule = rule;
  issue.column = -1;
  issue.message = std::move(message);
  data->quarantine.push_back(std::move(issue));
}

std::string FormatNumber(double value) {
  if (IsMissing(value)) return "";
  return fmt::format("{}", value);
}

}  // namespace internal

std::string DefaultDataDir() {
  const char* dir = std::getenv("MROI_DATA_DIR");
  if (dir != nullptr && dir[0] != '\0') return dir;
  return MROI_DATA_DIR;
}

Status Clean(const CleanOptions& options, Dataset* dataset) {
  using internal::Removals;
  auto enabled = [&](Rule rule) { return options.enabled[static_cast<int>(rule)]; };
  const std::string data_dir = DefaultDataDir();
  const std::string bot_list = options.bot_list_path.empty()
                                   ? data_dir + "/crawler-user-agents.json"
                                   : options.bot_list_path;
  const std::string categories_path = options.source_categories_path.empty()
                                           ? data_dir + "/ga4_source_categories.csv"
                                           : options.source_categories_path;

  // Load every data file before touching the dataset, so that an error leaves it as is.
  std::optional<BotMatcher> bots;
  if (enabled(Rule::kBotUserAgent)) {
    MROI_ASSIGN_OR_RETURN(BotMatcher matcher, BotMatcher::Make(bot_list));
    bots.emplace(std::move(matcher));
  }
  MROI_ASSIGN_OR_RETURN(ChannelGrouper grouper,
                        ChannelGrouper::Make(categories_path, options.channel_rules_path));
  MROI_ASSIGN_OR_RETURN(internal::SourceCategories categories,
                        internal::SourceCategories::Load(categories_path));

  Removals removals;
  removals.touchpoints.assign(dataset->touchpoints.size(), 0);
  removals.conversions.assign(dataset->conversions.size(), 0);
  removals.leads.assign(dataset->leads.size(), 0);
  const auto& source_aliases = options.source_aliases;
  const auto& medium_aliases = options.medium_aliases;
  internal::Normalisers normalisers{
      internal::IdMapper(dataset,
                         [&](std::string_view text) {
                           return NormaliseSource(text, source_aliases);
                         }),
      internal::IdMapper(dataset,
                         [&](std::string_view text) {
                           return NormaliseMedium(text, medium_aliases);
                         }),
      internal::IdMapper(dataset, NormaliseUtmValue)};

  // The removing rules, in order; each sees only the rows the earlier ones kept.
  if (bots) internal::RemoveBotUserAgents(*bots, dataset, &removals);
  std::vector<uint8_t> flagged;  // click_without_session, per touchpoint
  internal::RunIdRules(options, &normalisers.value, dataset, &removals, &flagged);
  if (enabled(Rule::kDuplicateLead)) internal::RemoveDuplicateLeads(options, dataset, &removals);
  if (enabled(Rule::kDuplicateOrder)) {
    internal::RemoveDuplicateOrders(options, dataset, &removals);
  }
  internal::NetRefunds(options, dataset, &removals);
  internal::EraseMarked(&dataset->conversions, removals.conversions);
  internal::EraseMarked(&dataset->leads, removals.leads);

  // The changing rules and the channel groups, on the kept rows.
  // Touchpoints are erased while they are normalised (one pass over the largest table).
  std::vector<uint32_t> flagged_rows;
  internal::NormaliseTouchpoints(options, grouper, categories, &normalisers,
                                 removals.touchpoints, flagged, &flagged_rows, dataset);
  internal::NormaliseLeads(options, grouper, &normalisers, dataset);
  internal::NormaliseSpend(options, grouper, &normalisers, dataset);
  internal::ImputeConversions(options, dataset);
  internal::ImputeDeals(options, dataset);
  if (enabled(Rule::kClickWithoutSession)) {
    internal::FlagClicksWithoutSession(flagged_rows, dataset);
  }
  return Status::OK();
}

}  // namespace mroi
