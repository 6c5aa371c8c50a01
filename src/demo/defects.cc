#include "demo/defects.h"

#include <fmt/format.h>

#include "demo/world.h"

namespace mroi::internal {

namespace {
constexpr std::string_view kBotRate = "bot_rate";
constexpr std::string_view kParseError = "parse_error";

std::string Page(size_t index) {
  const auto& paths = LandingPaths();
  return std::string(SiteOrigin()) + paths[index % paths.size()];
}
}  // namespace

int64_t DefectWriter::RandomTime(int64_t margin_s) {
  return kDemoStart + rng_.UniformInt(3600, int64_t{kDemoDays} * 86400 - margin_s);
}

void DefectWriter::Crawler() {
  const auto& agents = CrawlerUserAgents();
  TouchRow row;
  row.anonymous_id = AnonymousId(seed_, kBotIds, bots_++, 0);
  row.user_agent = agents[rng_.UniformInt(0, static_cast<int64_t>(agents.size()) - 1)];
  const std::string ip = BotIp();
  row.ip = ip;
  row.page_views = 1;
  row.duration_s = 0;
  int64_t time = RandomTime(7200);
  const int64_t pages = rng_.UniformInt(5, 25);
  const size_t first_page = static_cast<size_t>(rng_.UniformInt(0, 12));
  for (int64_t page = 0; page < pages; ++page) {
    row.timestamp = time;
    row.landing_page = Page(first_page + static_cast<size_t>(page));
    files_->Truth(files_->touchpoints, WriteTouch(row, &files_->touchpoints),
                  "bot_user_agent");
    time += rng_.UniformInt(2, 40);
  }
}

void DefectWriter::RateBot() {
  const auto& agents = BrowserUserAgents();
  TouchRow row;
  row.anonymous_id = AnonymousId(seed_, kBotIds, bots_++, 0);
  row.user_agent = agents[rng_.UniformInt(0, static_cast<int64_t>(agents.size()) - 1)];
  const std::string ip = BotIp();
  row.ip = ip;
  row.utm_source = "google";
  row.utm_medium = "cpc";
  row.utm_campaign = "generic_search";
  row.landing_page = Page(1);
  const int64_t start = RandomTime(7200);
  const int64_t events = rng_.UniformInt(40, 100);
  for (int64_t event = 0; event < events; ++event) {
    row.timestamp = start + event * 55 / events;  // all inside 55 s
    const bool click = event % 2 == 0;
    row.event_type = click ? "click" : "session";
    row.page_views = click ? -1 : rng_.UniformInt(1, 3);
    row.duration_s = click ? -1 : rng_.UniformInt(1, 20);
    files_->Truth(files_->touchpoints, WriteTouch(row, &files_->touchpoints), kBotRate);
  }
}

void DefectWriter::BurstBot() {
  const auto& agents = BrowserUserAgents();
  TouchRow row;
  row.anonymous_id = AnonymousId(seed_, kBotIds, bots_++, 0);
  row.user_agent = agents[rng_.UniformInt(0, static_cast<int64_t>(agents.size()) - 1)];
  const std::string ip = BotIp();
  row.ip = ip;
  row.referrer = "https://www.google.com/";
  row.page_views = 1;
  row.duration_s = 0;
  int64_t time = RandomTime(7200);
  const int64_t sessions = rng_.UniformInt(5, 8);
  for (int64_t session = 0; session < sessions; ++session) {
    row.timestamp = time;
    row.landing_page = Page(static_cast<size_t>(rng_.UniformInt(0, 12)));
    files_->Truth(files_->touchpoints, WriteTouch(row, &files_->touchpoints), kBotRate);
    time += rng_.UniformInt(20, 75);  // 8 sessions span at most 525 s < 600 s
  }
}

void DefectWriter::IpBot() {
  const auto& agents = BrowserUserAgents();
  const std::string ip = BotIp();
  const int64_t start = RandomTime(7200);
  for (int id_index = 0; id_index < 10; ++id_index) {
    TouchRow row;
    row.anonymous_id = AnonymousId(seed_, kBotIds, bots_++, 0);
    row.user_agent = agents[static_cast<size_t>(id_index) % agents.size()];
    row.ip = ip;
    row.utm_source = "awin";
    row.utm_medium = "affiliate";
    row.utm_campaign = "coupon_sites";
    row.landing_page = Page(9);
    const int64_t events = rng_.UniformInt(13, 15);  // under 30 per id
    for (int64_t event = 0; event < events; ++event) {
      row.timestamp = start + event * 55 / events + id_index % 3;
      row.page_views = rng_.UniformInt(2, 4);
      row.duration_s = rng_.UniformInt(5, 40);
      files_->Truth(files_->touchpoints, WriteTouch(row, &files_->touchpoints), kBotRate);
    }
  }
}

void DefectWriter::BrokenTouchpoint() {
  const auto& agents = BrowserUserAgents();
  TouchRow row;
  row.anonymous_id = AnonymousId(seed_, kBrokenIds, broken_++, 0);
  row.timestamp = RandomTime(7200);
  row.user_agent = agents[rng_.UniformInt(0, static_cast<int64_t>(agents.size()) - 1)];
  const std::string ip = IpAddress(1, bot_ips_++);
  row.ip = ip;
  row.landing_page = Page(0);
  row.page_views = 2;
  row.duration_s = 45;
  CsvOut* file = &files_->touchpoints;
  int64_t line = 0;
  switch (touch_kind_++ % 5) {
    case 0: {  // a month that does not exist
      const std::string text =
          fmt::format("2025-13-07T11:20:00Z,{},,,session,,,,,,,{},,{},3,60,",
                      row.anonymous_id, row.landing_page, row.ip);
      line = file->RawLine(text);
      break;
    }
    case 1: {  // seven columns instead of seventeen
      line = file->RawLine(
          fmt::format("{},{},,,session,google,cpc", Ts(row.timestamp), row.anonymous_id));
      break;
    }
    case 2:  // a negative cost
      row.event_type = "click";
      row.utm_source = "google";
      row.utm_medium = "cpc";
      row.utm_campaign = "brand_search";
      row.page_views = -1;
      row.duration_s = -1;
      row.cost = "-0.85";
      line = WriteTouch(row, file);
      break;
    case 3: {  // page_views is not a number
      const std::string text =
          fmt::format("{},{},,,session,,,,,,https://www.google.com/,{},,{},abc,30,",
                      Ts(row.timestamp), row.anonymous_id, row.landing_page, row.ip);
      line = file->RawLine(text);
      break;
    }
    default:  // an unknown event type
      row.event_type = "pageview";
      line = WriteTouch(row, file);
      break;
  }
  files_->Truth(*file, line, kParseError);
}

void DefectWriter::BrokenConversion() {
  CsvOut* file = &files_->conversions;
  const std::string order = fmt::format("NW-E{:05d}", broken_);
  const std::string anonymous_id = AnonymousId(seed_, kBrokenIds, broken_++, 0);
  const std::string time = Ts(RandomTime(7200));
  int64_t line = 0;
  switch (conversion_kind_++ % 3) {
    case 0:  // revenue is not a number
      line = file->Row({time, order, "", anonymous_id, "", "abc", "", "", "USD"});
      break;
    case 1:  // a day-first date
      line = file->Row(
          {"31/02/2025 14:00", order, "", anonymous_id, "", "59.90", "31.10", "", "USD"});
      break;
    default:  // ten columns instead of nine
      line = file->RawLine(
          fmt::format("{},{},,{},,64.00,30.00,,USD,extra", time, order, anonymous_id));
      break;
  }
  files_->Truth(*file, line, kParseError);
}

void DefectWriter::OrphanRefund() {
  // A refund of an order placed before the data starts (order numbers below 100001).
  const std::string order = fmt::format("NW-{:07d}", 90001 + broken_);
  const std::string email = fmt::format("returning.customer{}@gmail.com", broken_++);
  const std::string time = Ts(kDemoStart + rng_.UniformInt(3600, 20 * 86400));
  const std::string revenue = Money(-rng_.Uniform(15, 160));
  const int64_t line =
      files_->conversions.Row({time, order, "", "", email, revenue, "", "", "USD"});
  files_->Truth(files_->conversions, line, "orphan_refund");
}

void DefectWriter::BrokenLead() {
  CsvOut* file = &files_->leads;
  const std::string lead_id = fmt::format("LD-E{:05d}", broken_);
  const std::string email = fmt::format("form.tester{}@mailinator.com", broken_);
  const std::string anonymous_id = AnonymousId(seed_, kBrokenIds, broken_++, 0);
  int64_t line = 0;
  switch (other_kind_++ % 3) {
    case 0:  // April has 30 days
      line = file->Row({"2025-04-31T09:00:00Z", lead_id, email, anonymous_id, "",
                        "catalog_download", "", "", "", "", ""});
      break;
    case 1:  // five columns instead of eleven
      line = file->RawLine(fmt::format("{},{},{},{},", Ts(RandomTime(7200)), lead_id,
                                       email, anonymous_id));
      break;
    default:  // the lead id is missing
      line = file->Row({Ts(RandomTime(7200)), "", email, anonymous_id, "",
                        "wholesale_inquiry", "linkedin", "paid_social",
                        "abm_corporate_gifting", "", ""});
      break;
  }
  files_->Truth(*file, line, kParseError);
}

void DefectWriter::BrokenDeal() {
  CsvOut* file = &files_->deals;
  const std::string deal_id = fmt::format("DL-E{:05d}", broken_++);
  const std::string created = Ts(RandomTime(40 * 86400));
  int64_t line = 0;
  switch (other_kind_++ % 3) {
    case 0:
      line = file->Row({deal_id, "", "", "", created, "", "maybe", "4500.00", ""});
      break;
    case 1:
      line = file->Row({deal_id, "", "", "", "soon", "", "open", "4500.00", ""});
      break;
    default:
      line = file->Row({deal_id, "", "", "", created, "", "open", "-4200.00", ""});
      break;
  }
  files_->Truth(*file, line, kParseError);
}

void DefectWriter::BrokenSpend() {
  CsvOut* file = &files_->spend;
  const std::string date = FormatDate(static_cast<UnixDays>(RandomTime(86400) / 86400));
  int64_t line = 0;
  switch (other_kind_++ % 3) {
    case 0:
      line = file->Row({date, "Paid Search", "google", "cpc", "brand_search", "-120.00",
                        "2400", "96", "media", "core"});
      break;
    case 1:
      line = file->Row({"2025-02-30", "Paid Social", "facebook", "paid_social",
                        "retargeting_dpa", "80.00", "9000", "90", "media", "core"});
      break;
    default:
      line = file->Row({date, "Display", "gdn", "display", "remarketing_banner", "35.00",
                        "12500", "abc", "media", "experimental"});
      break;
  }
  files_->Truth(*file, line, kParseError);
}

void DefectWriter::BrokenCost() {
  CsvOut* file = &files_->costs;
  int64_t line = 0;
  if (other_kind_++ % 2 == 0) {
    line = file->Row({"2025-13", "tools", "1200.00", ""});
  } else {
    line = file->Row({"2025-03", "agency", "-300.00", "Paid Social"});
  }
  files_->Truth(*file, line, kParseError);
}

void DefectWriter::BrokenEmail() {
  CsvOut* file = &files_->email;
  int64_t line = 0;
  if (other_kind_++ % 2 == 0) {
    line = file->Row({"2025-03-04", "weekly_digest", "-5", "", "", "", "", ""});
  } else {
    line =
        file->Row({"March 4", "weekly_digest", "1200", "1180", "300", "40", "2", "20"});
  }
  files_->Truth(*file, line, kParseError);
}

}  // namespace mroi::internal
