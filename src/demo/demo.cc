// GenerateDemo: the seeded demo dataset of "Northwind Outdoor" with its recorded truth.
#include "mroi/demo.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "demo/defects.h"
#include "demo/persons.h"
#include "demo/random.h"
#include "demo/sink.h"
#include "demo/world.h"

namespace mroi {

using internal::DefectWriter;
using internal::DemoFiles;
using internal::Money;
using internal::PersonTotals;
using internal::PersonWriter;
using internal::Rng;

Result<DemoScale> DemoScaleFromName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "small") return DemoScale::kSmall;
  if (lower == "medium") return DemoScale::kMedium;
  if (lower == "large") return DemoScale::kLarge;
  return InvalidArgument(
      fmt::format("unknown demo scale '{}' (expected small, medium or large)", name));
}

namespace {

// Persons per scale; about 4.2 touchpoints each (20k / 500k / 5M touchpoints).
int64_t PersonsFor(DemoScale scale) {
  switch (scale) {
    case DemoScale::kSmall:
      return 4750;
    case DemoScale::kMedium:
      return 119000;
    case DemoScale::kLarge:
      return 1190000;
  }
  return 4750;
}

// The kinds of defect rows interleaved with the persons.
enum class Defect : uint8_t {
  kCrawler,
  kRateBot,
  kBurstBot,
  kIpBot,
  kBrokenTouchpoint,
  kBrokenConversion,
  kOrphanRefund,
  kBrokenLead,
  kBrokenDeal,
};

void WriteDefect(Defect defect, DefectWriter* writer) {
  switch (defect) {
    case Defect::kCrawler:
      writer->Crawler();
      break;
    case Defect::kRateBot:
      writer->RateBot();
      break;
    case Defect::kBurstBot:
      writer->BurstBot();
      break;
    case Defect::kIpBot:
      writer->IpBot();
      break;
    case Defect::kBrokenTouchpoint:
      writer->BrokenTouchpoint();
      break;
    case Defect::kBrokenConversion:
      writer->BrokenConversion();
      break;
    case Defect::kOrphanRefund:
      writer->OrphanRefund();
      break;
    case Defect::kBrokenLead:
      writer->BrokenLead();
      break;
    case Defect::kBrokenDeal:
      writer->BrokenDeal();
      break;
  }
}

// (after which person, what) for every interleaved defect, sorted by position.
std::vector<std::pair<int64_t, Defect>> ScheduleDefects(int64_t persons, Rng* rng) {
  const std::pair<Defect, int64_t> counts[] = {
      {Defect::kCrawler, std::max<int64_t>(6, persons / 400)},
      {Defect::kRateBot, std::max<int64_t>(4, persons / 1000)},
      {Defect::kBurstBot, std::max<int64_t>(5, persons / 800)},
      {Defect::kIpBot, std::max<int64_t>(2, persons / 5000)},
      {Defect::kBrokenTouchpoint, std::max<int64_t>(10, persons / 400)},
      {Defect::kBrokenConversion, std::max<int64_t>(6, persons / 2000)},
      {Defect::kOrphanRefund, std::max<int64_t>(6, persons / 1500)},
      {Defect::kBrokenLead, std::max<int64_t>(6, persons / 3000)},
      {Defect::kBrokenDeal, std::max<int64_t>(6, persons / 6000)},
  };
  std::vector<std::pair<int64_t, Defect>> schedule;
  for (const auto& [defect, count] : counts) {
    for (int64_t index = 0; index < count; ++index) {
      schedule.emplace_back(rng->UniformInt(0, persons - 1), defect);
    }
  }
  std::stable_sort(schedule.begin(), schedule.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return schedule;
}

// spend.csv: one row per paid campaign and day with clicks, and one per email send.
void WriteSpend(const PersonTotals& totals, double list_size, Rng* rng,
                DefectWriter* defects, DemoFiles* files) {
  const auto& channels = internal::DemoChannels();
  int64_t broken_left = 6;
  for (int day = 0; day < internal::kDemoDays; ++day) {
    const std::string date =
        FormatDate(static_cast<UnixDays>(internal::kDemoStart / 86400 + day));
    for (size_t channel_idx = 0; channel_idx < channels.size(); ++channel_idx) {
      const internal::ChannelInfo& channel = channels[channel_idx];
      if (channel.kind != internal::ChannelKind::kPaidClick) continue;
      for (size_t campaign_idx = 0; campaign_idx < channel.campaigns.size();
           ++campaign_idx) {
        const int64_t tracked =
            totals.tracked_clicks[static_cast<size_t>(internal::CampaignSlot(
                static_cast<int>(channel_idx), static_cast<int>(campaign_idx)))]
                                 [static_cast<size_t>(day)];
        if (tracked == 0) continue;
        const auto clicks = static_cast<int64_t>(
            std::round(static_cast<double>(tracked) * rng->Uniform(1.03, 1.12)));
        const auto impressions = static_cast<int64_t>(std::round(
            static_cast<double>(clicks) / channel.ctr * rng->Uniform(0.9, 1.1)));
        const double cost =
            channel.cpm > 0
                ? static_cast<double>(impressions) / 1000.0 * channel.cpm
                : static_cast<double>(clicks) * channel.cpc * rng->LogNormal(0, 0.12);
        files->spend.Row({date, channel.group, channel.source, channel.medium,
                          channel.campaigns[campaign_idx].name, Money(cost),
                          std::to_string(impressions), std::to_string(clicks), "media",
                          channel.tier});
        if (broken_left > 0 && rng->Bernoulli(0.01)) {
          defects->BrokenSpend();
          --broken_left;
        }
      }
    }
  }
  const internal::ChannelInfo& email = channels[7];
  for (const internal::EmailSend& send : totals.sends) {
    const double sent =
        list_size * (0.6 + 0.4 * static_cast<double>(send.time - internal::kDemoStart) /
                               (internal::kDemoDays * 86400.0));
    files->spend.Row({FormatDate(static_cast<UnixDays>(send.time / 86400)), email.group,
                      email.source, email.medium,
                      email.campaigns[static_cast<size_t>(send.campaign)].name,
                      Money(std::max(5.0, sent * 0.0009)), "", "", "tools", email.tier});
  }
  while (broken_left-- > 0) defects->BrokenSpend();
}

// email.csv: one row per send, with clicks a little above the tracked email clicks.
void WriteEmail(const PersonTotals& totals, double list_size, Rng* rng,
                DefectWriter* defects, DemoFiles* files) {
  const auto& email = internal::DemoChannels()[7];
  int64_t broken_left = 4;
  for (const internal::EmailSend& send : totals.sends) {
    const double growth =
        0.6 + 0.4 * static_cast<double>(send.time - internal::kDemoStart) /
                  (internal::kDemoDays * 86400.0);
    const auto sent = std::max<int64_t>(
        50,
        static_cast<int64_t>(std::round(list_size * growth * rng->Uniform(0.98, 1.02))));
    const auto delivered = static_cast<int64_t>(
        std::round(static_cast<double>(sent) * rng->Uniform(0.975, 0.99)));
    const auto clicks =
        static_cast<int64_t>(std::round(static_cast<double>(send.tracked_clicks) *
                                        rng->Uniform(1.05, 1.2))) +
        1;
    const auto opens = std::max(
        clicks * 2, static_cast<int64_t>(std::round(static_cast<double>(delivered) *
                                                    rng->Uniform(0.22, 0.32))));
    const auto unsubscribes = static_cast<int64_t>(
        std::round(static_cast<double>(delivered) * rng->Uniform(0.001, 0.004)));
    files->email.Row({FormatDate(static_cast<UnixDays>(send.time / 86400)),
                      email.campaigns[static_cast<size_t>(send.campaign)].name,
                      std::to_string(sent), std::to_string(delivered),
                      std::to_string(opens), std::to_string(clicks),
                      std::to_string(unsubscribes), std::to_string(sent - delivered)});
    if (broken_left > 0 && rng->Bernoulli(0.1)) {
      defects->BrokenEmail();
      --broken_left;
    }
  }
  while (broken_left-- > 0) defects->BrokenEmail();
}

// costs.csv: monthly indirect costs; blank channel = shared.
void WriteCosts(int64_t persons, Rng* rng, DefectWriter* defects, DemoFiles* files) {
  const double size = static_cast<double>(persons) / 10000.0;
  struct Item {
    const char* category;
    const char* channel;
    double monthly;
  };
  static const Item kItems[] = {{"personnel", "", 6000},
                                {"tools", "", 900},
                                {"content", "Organic Search", 1200},
                                {"agency", "Paid Social", 800},
                                {"tools", "Email", 250},
                                {"other", "", 150}};
  for (int month = 1; month <= 6; ++month) {
    const std::string period = fmt::format("2025-{:02d}", month);
    for (const Item& item : kItems) {
      files->costs.Row({period, item.category,
                        Money(item.monthly * size * rng->Uniform(0.95, 1.05)),
                        item.channel});
    }
    if (month == 3 || month == 5) {
      files->costs.Row(
          {period, "events", Money(2500 * size * rng->Uniform(0.9, 1.1)), ""});
    }
    if (month == 2 || month == 4) defects->BrokenCost();
  }
}

Status WriteGoals(const std::string& path, const PersonTotals& totals) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return IOError(fmt::format("cannot create '{}'", path));
  const auto quarter = [](int64_t value) {
    return static_cast<int64_t>(std::round(static_cast<double>(value) * 0.55 / 100.0)) *
           100;
  };
  const std::string text = fmt::format(
      "[\n"
      "  {{\"metric\": \"revenue\", \"target\": {}, \"period\": {{\"start\": "
      "\"2025-04-01\", "
      "\"end\": \"2025-06-30\"}}, \"scope\": \"all\", \"direction\": \"increase\"}},\n"
      "  {{\"metric\": \"leads\", \"target\": {}, \"period\": {{\"start\": "
      "\"2025-04-01\", "
      "\"end\": \"2025-06-30\"}}, \"scope\": \"all\", \"direction\": \"increase\"}},\n"
      "  {{\"metric\": \"unique_visitors\", \"target\": {}, \"period\": {{\"start\": "
      "\"2025-06-01\", \"end\": \"2025-06-30\"}}, \"scope\": \"all\", \"direction\": "
      "\"increase\"}},\n"
      "  {{\"metric\": \"roas\", \"target\": 4.0, \"period\": {{\"start\": "
      "\"2025-01-01\", "
      "\"end\": \"2025-06-30\"}}, \"scope\": \"channel:Paid Search\", \"direction\": "
      "\"increase\"}},\n"
      "  {{\"metric\": \"cpl\", \"target\": 45.0, \"period\": {{\"start\": "
      "\"2025-01-01\", "
      "\"end\": \"2025-06-30\"}}, \"scope\": \"campaign:lead_gen_catalog\", "
      "\"direction\": "
      "\"decrease\"}}\n"
      "]\n",
      quarter(totals.conversions * 90), std::max<int64_t>(10, totals.leads * 3 / 5),
      std::max<int64_t>(100, totals.persons / 4));
  const bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  if (std::fclose(file) != 0 || !ok)
    return IOError(fmt::format("cannot write '{}'", path));
  return Status();
}

Status OpenAll(const std::string& data_dir, const std::string& truth_dir,
               DemoFiles* files) {
  MROI_RETURN_IF_ERROR(files->touchpoints.Open(
      data_dir + "/touchpoints.csv",
      {"timestamp", "anonymous_id", "user_id", "email", "event_type", "utm_source",
       "utm_medium", "utm_campaign", "utm_content", "utm_term", "referrer",
       "landing_page", "user_agent", "ip", "page_views", "duration_s", "cost"}));
  MROI_RETURN_IF_ERROR(
      files->conversions.Open(data_dir + "/conversions.csv",
                              {"timestamp", "order_id", "user_id", "anonymous_id",
                               "email", "revenue", "cogs", "gross_profit", "currency"}));
  MROI_RETURN_IF_ERROR(files->leads.Open(
      data_dir + "/leads.csv",
      {"timestamp", "lead_id", "email", "anonymous_id", "user_id", "form", "utm_source",
       "utm_medium", "utm_campaign", "utm_content", "utm_term"}));
  MROI_RETURN_IF_ERROR(files->deals.Open(
      data_dir + "/deals.csv", {"deal_id", "lead_id", "email", "user_id", "created_at",
                                "closed_at", "stage", "amount", "cogs"}));
  MROI_RETURN_IF_ERROR(files->spend.Open(
      data_dir + "/spend.csv", {"date", "channel", "utm_source", "utm_medium", "campaign",
                                "cost", "impressions", "clicks", "cost_type", "tier"}));
  MROI_RETURN_IF_ERROR(files->costs.Open(data_dir + "/costs.csv",
                                         {"period", "category", "amount", "channel"}));
  MROI_RETURN_IF_ERROR(files->email.Open(
      data_dir + "/email.csv", {"date", "campaign", "sent", "delivered", "opens",
                                "clicks", "unsubscribes", "bounces"}));
  MROI_RETURN_IF_ERROR(
      files->defects_truth.Open(truth_dir + "/defects.csv", {"file", "line", "rule"}));
  MROI_RETURN_IF_ERROR(
      files->persons_truth.Open(truth_dir + "/persons.csv", {"kind", "id", "person"}));
  return Status();
}

}  // namespace

Result<DemoManifest> GenerateDemo(const DemoOptions& options) {
  DemoManifest manifest;
  manifest.data_dir = options.out_dir + "/data";
  const std::string truth_dir = options.out_dir + "/truth";
  manifest.truth_path = truth_dir + "/defects.csv";
  manifest.persons_truth_path = truth_dir + "/persons.csv";
  std::error_code error;
  std::filesystem::create_directories(manifest.data_dir, error);
  if (!error) std::filesystem::create_directories(truth_dir, error);
  if (error) {
    return IOError(
        fmt::format("cannot create '{}': {}", options.out_dir, error.message()));
  }

  DemoFiles files;
  MROI_RETURN_IF_ERROR(OpenAll(manifest.data_dir, truth_dir, &files));
  const int64_t persons = PersonsFor(options.scale);
  Rng rng(options.seed, 0x5EED);
  DefectWriter defects(options.seed, &files);
  PersonWriter writer(options.seed, persons, &files);
  const auto schedule = ScheduleDefects(persons, &rng);
  size_t next_defect = 0;
  for (int64_t person = 0; person < persons; ++person) {
    writer.Write(person);
    while (next_defect < schedule.size() && schedule[next_defect].first == person) {
      WriteDefect(schedule[next_defect].second, &defects);
      ++next_defect;
    }
  }
  const PersonTotals& totals = writer.totals();
  const double list_size = static_cast<double>(totals.subscribers);
  WriteSpend(totals, list_size, &rng, &defects, &files);
  WriteCosts(persons, &rng, &defects, &files);
  WriteEmail(totals, list_size, &rng, &defects, &files);
  manifest.persons = totals.persons;
  manifest.touchpoints = files.touchpoints.rows();
  manifest.conversions = files.conversions.rows();
  for (internal::CsvOut* file :
       {&files.touchpoints, &files.conversions, &files.leads, &files.deals, &files.spend,
        &files.costs, &files.email}) {
    manifest.files.push_back(file->path());
  }
  for (internal::CsvOut* file :
       {&files.touchpoints, &files.conversions, &files.leads, &files.deals, &files.spend,
        &files.costs, &files.email, &files.defects_truth, &files.persons_truth}) {
    MROI_RETURN_IF_ERROR(file->Close());
  }
  const std::string goals_path = manifest.data_dir + "/goals.json";
  MROI_RETURN_IF_ERROR(WriteGoals(goals_path, totals));
  manifest.files.push_back(goals_path);
  return manifest;
}

}  // namespace mroi
