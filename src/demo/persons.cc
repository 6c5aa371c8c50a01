#include "demo/persons.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "demo/defects.h"
#include "demo/random.h"
#include "demo/world.h"

namespace mroi::internal {

namespace {

constexpr int kEmailChannel = 7;
constexpr int kDirectChannel = 11;
constexpr int64_t kDay = 86400;
constexpr int kMaxDevices = 3;

// Monday = 0; 2025-01-01 was a Wednesday.
int Weekday(int day) { return (day + 2) % 7; }

std::vector<int> MakeSlotBase() {
  std::vector<int> base;
  int next = 0;
  for (const ChannelInfo& channel : DemoChannels()) {
    base.push_back(next);
    next += static_cast<int>(channel.campaigns.size());
  }
  base.push_back(next);
  return base;
}

const std::vector<int>& SlotBase() {
  static const std::vector<int> base = MakeSlotBase();
  return base;
}

std::string TitleCase(std::string_view text) {
  std::string out(text);
  bool start = true;
  for (char& c : out) {
    if (start) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    start = c == ' ' || c == '_';
  }
  return out;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Replace(std::string_view text, char from, std::string_view to) {
  std::string out;
  for (char c : text) {
    if (c == from) {
      out += to;
    } else {
      out += c;
    }
  }
  return out;
}

// A spelling of `source` that normalises back to it (case, spaces, known aliases).
std::string MessySource(const std::string& source, Rng* rng) {
  if (source == "facebook") {
    static const char* const kVariants[] = {"FB", "fb", "Facebook.com", "m.facebook.com"};
    return kVariants[rng->UniformInt(0, 3)];
  }
  if (source == "instagram") return rng->Bernoulli(0.5) ? "IG" : "Instagram";
  if (source == "google") {
    static const char* const kVariants[] = {"Google", " google", "GOOGLE "};
    return kVariants[rng->UniformInt(0, 2)];
  }
  return TitleCase(source);
}

std::string MessyMedium(const std::string& medium, Rng* rng) {
  if (medium == "cpc") {
    static const char* const kVariants[] = {"CPC", "ppc", "PPC", "Paid"};
    return kVariants[rng->UniformInt(0, 3)];
  }
  if (medium == "paid_social") {
    static const char* const kVariants[] = {"Paid_Social", "paidsocial", "PAID_SOCIAL"};
    return kVariants[rng->UniformInt(0, 2)];
  }
  if (medium == "email") {
    static const char* const kVariants[] = {"e-mail", "E-mail", "e_mail", "Email"};
    return kVariants[rng->UniformInt(0, 3)];
  }
  return TitleCase(medium);
}

std::string MessyCampaign(const std::string& campaign, Rng* rng) {
  if (campaign.find(' ') != std::string::npos) {
    switch (rng->UniformInt(0, 2)) {
      case 0:
        return Replace(TitleCase(campaign), ' ', "%20");
      case 1:
        return Replace(campaign, ' ', "+");
      default:
        return " " + TitleCase(campaign) + " ";
    }
  }
  switch (rng->UniformInt(0, 2)) {
    case 0:
      return Upper(campaign);
    case 1:
      return TitleCase(campaign);
    default:
      return campaign + " ";
  }
}

// An email as a person might type it: same address after trim + lower-case.
std::string MessyEmail(const std::string& email, Rng* rng) {
  std::string out = email;
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  const size_t at = out.find('@');
  if (at + 1 < out.size()) {
    out[at + 1] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(out[at + 1])));
  }
  return rng->Bernoulli(0.3) ? " " + out : out;
}

std::string Page(std::string_view path) {
  return std::string(SiteOrigin()) + std::string(path);
}

// A row of conversions, leads or deals waiting for the person's rows to be sorted.
struct PendingRow {
  int64_t time = 0;
  std::vector<std::string> fields;
  std::string_view rule;  // empty = a clean row
};

struct PendingTouch {
  TouchRow row;
  std::string_view rule;
};

struct Device {
  std::string anonymous_id;
  std::string ip;
  std::string_view user_agent;
  bool used = false;
  bool linked = false;  // has carried the user_id, so its later rows may skip it
};

// UTM values of one visit as written in the file.
struct VisitTags {
  std::string source;
  std::string medium;
  std::string campaign;
  std::string_view content;
  std::string_view term;
};

// Everything known about the person being written.
struct Person {
  bool b2b = false;
  bool account = false;
  bool subscriber = false;
  int devices = 1;
  std::string user_id;
  std::string email;
  bool user_used = false;
  bool email_used = false;
  std::array<Device, kMaxDevices> device_info;
  std::vector<PendingTouch> touches;
  std::vector<PendingRow> conversions;
  std::vector<PendingRow> leads;
  std::vector<PendingRow> deals;
  std::vector<std::string> lead_ids;
  std::vector<std::string> deal_ids;
  std::array<bool, 4> form_used{};
};

// True when `campaign` runs on `day` (counted from 2025-01-01).
bool Active(const CampaignInfo& campaign, int day) {
  return day >= campaign.first_day && day <= campaign.last_day;
}

// The channel of a visit: first-touch or return weights, B2B tilt, only channels with a
// running campaign, email only for subscribers.
int PickChannel(const Person& person, int64_t visit, int visit_day, Rng* rng) {
  const auto& channels = DemoChannels();
  std::array<double, 12> weights{};
  for (size_t channel_idx = 0; channel_idx < channels.size(); ++channel_idx) {
    const ChannelInfo& channel = channels[channel_idx];
    double weight = visit == 0 ? channel.first_weight : channel.return_weight;
    if (person.b2b) weight *= channel.b2b_factor;
    if (channel.kind == ChannelKind::kPaidClick &&
        std::none_of(
            channel.campaigns.begin(), channel.campaigns.end(),
            [&](const CampaignInfo& campaign) { return Active(campaign, visit_day); })) {
      weight = 0;
    }
    if (channel.kind == ChannelKind::kEmail && !person.subscriber) weight = 0;
    weights[channel_idx] = weight;
  }
  return static_cast<int>(rng->Pick(weights.data(), channels.size()));
}

template <typename T>
const T& PickOne(const std::vector<T>& items, Rng* rng) {
  return items[static_cast<size_t>(
      rng->UniformInt(0, static_cast<int64_t>(items.size()) - 1))];
}

}  // namespace

int CampaignSlot(int channel, int campaign) {
  return SlotBase()[static_cast<size_t>(channel)] + campaign;
}
int CampaignSlots() { return SlotBase().back(); }

PersonWriter::PersonWriter(uint64_t seed, int64_t persons, DemoFiles* files)
    : seed_(seed), persons_(persons), files_(files) {
  totals_.tracked_clicks.assign(static_cast<size_t>(CampaignSlots()),
                                std::vector<int64_t>(kDemoDays, 0));
  static const double kWeekday[] = {1.0, 1.05, 1.0, 0.95, 0.9, 0.7, 0.75};
  double total = 0;
  for (int day = 0; day < kDemoDays; ++day) {
    double weight = kWeekday[Weekday(day)] * (1.0 + 0.4 * day / (kDemoDays - 1));
    if (day >= 151) weight *= 1.15;  // the summer sale
    total += weight;
    day_cdf_.push_back(total);
  }
  for (double& value : day_cdf_) value /= total;
  // Email sends: the weekly digest on Tuesdays, a product update on each month's first
  // Thursday, three spring promotions.
  for (int day = 0; day < kDemoDays; ++day) {
    const int64_t midnight = kDemoStart + day * kDay;
    if (Weekday(day) == 1) totals_.sends.push_back({0, midnight + 9 * 3600, 0});
    const int64_t civil = static_cast<int64_t>(DaysFromCivil(2025, 1, 1)) + day;
    const std::string date = FormatDate(static_cast<UnixDays>(civil));
    if (Weekday(day) == 3 && std::stoi(date.substr(8, 2)) <= 7) {
      totals_.sends.push_back({1, midnight + 15 * 3600, 0});
    }
    if (day == 78 || day == 104 || day == 129) {
      totals_.sends.push_back({2, midnight + 10 * 3600, 0});
    }
  }
}

namespace {

// The email a click came from: one of the sends of the past week, or null.
EmailSend* PickSend(int64_t time, Rng* rng, std::vector<EmailSend>* sends) {
  // The latest send of each campaign in the past week; pick one of them.
  std::array<EmailSend*, 3> latest{};
  for (EmailSend& candidate : *sends) {
    if (candidate.time > time) break;
    if (time - candidate.time <= 7 * kDay) {
      latest[static_cast<size_t>(candidate.campaign)] = &candidate;
    }
  }
  if (!latest[0] && !latest[1] && !latest[2]) return nullptr;
  const double weights[] = {latest[0] ? 0.7 : 0.0, latest[1] ? 0.2 : 0.0,
                            latest[2] ? 0.1 : 0.0};
  return latest[rng->Pick(weights, 3)];
}

// An order placed in a session, sometimes sent twice or refunded later.
void AddPurchase(const Device& dev, int64_t session_time, int64_t duration, Rng* rng,
                 int64_t* next_order, Person* person) {
  const int64_t order_time =
      session_time + std::max<int64_t>(1, duration - rng->UniformInt(0, duration / 3));
  const std::string order_id = fmt::format("NW-{:07d}", (*next_order)++);
  double revenue = std::max(8.0, rng->LogNormal(4.28, 0.6));  // median ~72
  if (person->b2b) revenue *= 3;
  revenue = std::round(revenue * 100) / 100;
  std::string cogs;
  std::string gross_profit;
  const double share = rng->Uniform(0.48, 0.62);
  const double kind = rng->Uniform();
  if (kind < 0.7) {
    cogs = Money(revenue * share);
  } else if (kind < 0.85) {
    gross_profit = Money(revenue * (1 - share));
  }  // else: neither, the cleaner imputes cogs
  std::string order_email;
  if (rng->Bernoulli(0.95)) {
    order_email = rng->Bernoulli(0.04) ? MessyEmail(person->email, rng) : person->email;
    person->email_used = true;
  }
  PendingRow order{
      order_time,
      {Ts(order_time), order_id, person->account ? person->user_id : "", dev.anonymous_id,
       order_email, Money(revenue), cogs, gross_profit, "USD"},
      {}};
  if (person->account) person->user_used = true;
  if (rng->Bernoulli(0.04)) {
    // The shop sent the order twice; the later copy wins, the first is removed.
    PendingRow first = order;
    first.rule = "duplicate_order";
    person->conversions.push_back(std::move(first));
    order.time += rng->UniformInt(1, 120);
    order.fields[0] = Ts(order.time);
    person->conversions.push_back(std::move(order));
    return;
  }
  person->conversions.push_back(order);
  const int64_t refund_time = order_time + rng->UniformInt(2 * kDay, 21 * kDay);
  if (rng->Bernoulli(0.07) && refund_time < kDemoEnd) {
    // A full or partial refund, netted into the order by the cleaner.
    const double refunded =
        rng->Bernoulli(0.6) ? revenue
                            : std::round(revenue * rng->Uniform(0.2, 0.6) * 100) / 100;
    person->conversions.push_back(
        {refund_time,
         {Ts(refund_time), order_id, order.fields[2], order.fields[3], order.fields[4],
          Money(-refunded), "", "", "USD"},
         "refund_netted"});
  }
}

// Maybe a form in a session, sometimes resubmitted, a quote request maybe a deal.
void AddLead(const Device& dev, const VisitTags& tags, bool logged_in,
             int64_t session_time, int64_t duration, Rng* rng, LeadCounters* counters,
             Person* person) {
  // B2B prospects ask for a quote or the catalog; shoppers sign up for the newsletter.
  int form = -1;
  if (person->b2b && rng->Bernoulli(0.2)) {
    form = static_cast<int>(rng->Pick({0.35, 0.3, 0.35}));
  } else if (!person->b2b && !person->subscriber && rng->Bernoulli(0.03)) {
    form = 3;
  }
  // One lead per form and person: real repeats are never inside the duplicate window.
  if (form < 0 || person->form_used[static_cast<size_t>(form)]) return;
  person->form_used[static_cast<size_t>(form)] = true;
  const int64_t lead_time = session_time + std::max<int64_t>(1, duration / 2);
  const std::string lead_id = fmt::format("LD-{:06d}", counters->next_lead++);
  const std::string& email = person->email;
  const std::string lead_email = rng->Bernoulli(0.05) ? MessyEmail(email, rng) : email;
  person->email_used = true;
  person->lead_ids.push_back(lead_id);
  PendingRow lead{lead_time,
                  {Ts(lead_time), lead_id, lead_email, dev.anonymous_id,
                   logged_in ? person->user_id : "",
                   LeadForms()[static_cast<size_t>(form)], tags.source, tags.medium,
                   tags.campaign, std::string(tags.content), std::string(tags.term)},
                  {}};
  if (rng->Bernoulli(0.07)) {
    // The same person sends the form again a few minutes later: duplicate_lead.
    PendingRow again = lead;
    again.time = lead_time + rng->UniformInt(15, 900);
    again.fields[0] = Ts(again.time);
    again.fields[1] = fmt::format("LD-{:06d}", counters->next_lead++);
    again.fields[2] = rng->Bernoulli(0.3) ? MessyEmail(email, rng) : email;
    again.rule = "duplicate_lead";
    person->leads.push_back(std::move(lead));
    person->leads.push_back(std::move(again));
  } else {
    person->leads.push_back(std::move(lead));
  }
  // Quote requests become CRM opportunities.
  const int64_t created = lead_time + rng->UniformInt(kDay, 10 * kDay);
  if (form > 1 || !rng->Bernoulli(0.5) || created >= kDemoEnd) return;
  const std::string deal_id = fmt::format("DL-{:05d}", counters->next_deal++);
  person->deal_ids.push_back(deal_id);
  const double stage_draw = rng->Uniform();
  std::string stage = stage_draw < 0.3 ? "won" : stage_draw < 0.65 ? "lost" : "open";
  const int64_t closed = created + rng->UniformInt(7 * kDay, 75 * kDay);
  if (closed >= kDemoEnd) stage = "open";
  const double amount = std::max(300.0, std::round(rng->LogNormal(7.6, 0.6) / 10) * 10);
  std::string amount_text = stage == "open" && rng->Bernoulli(0.15) ? "" : Money(amount);
  std::string deal_cogs = stage == "won" && rng->Bernoulli(0.6)
                              ? Money(amount * rng->Uniform(0.45, 0.6))
                              : "";
  const bool with_user = person->account && rng->Bernoulli(0.5);
  person->deals.push_back(
      {created,
       {deal_id, lead_id, email, with_user ? person->user_id : "", Ts(created),
        stage == "open" ? "" : Ts(closed), stage, amount_text, deal_cogs},
       {}});
  if (with_user) person->user_used = true;
}

// Write the person's rows, sorted by time, and the ids of the person to the truth.
void FlushPerson(int64_t index, Person* person, DemoFiles* files, PersonTotals* totals) {
  // The person's rows in time order (stable: a kept click precedes its repeats).
  std::stable_sort(person->touches.begin(), person->touches.end(),
                   [](const PendingTouch& a, const PendingTouch& b) {
                     return a.row.timestamp < b.row.timestamp;
                   });
  for (const PendingTouch& touch : person->touches) {
    const int64_t line = WriteTouch(touch.row, &files->touchpoints);
    if (!touch.rule.empty()) files->Truth(files->touchpoints, line, touch.rule);
  }
  auto flush = [&](std::vector<PendingRow>* rows, CsvOut* file) {
    std::stable_sort(
        rows->begin(), rows->end(),
        [](const PendingRow& a, const PendingRow& b) { return a.time < b.time; });
    for (const PendingRow& row : *rows) {
      const int64_t line = file->Row(row.fields.data(), row.fields.size());
      if (!row.rule.empty()) files->Truth(*file, line, row.rule);
    }
  };
  flush(&person->conversions, &files->conversions);
  flush(&person->leads, &files->leads);
  flush(&person->deals, &files->deals);
  totals->touchpoints += static_cast<int64_t>(person->touches.size());
  totals->conversions += static_cast<int64_t>(person->conversions.size());
  totals->leads += static_cast<int64_t>(person->leads.size());
  totals->deals += static_cast<int64_t>(person->deals.size());
  ++totals->persons;

  // The truth: every id of the person that appears in the data.
  const std::string label = fmt::format("p{}", index + 1);
  CsvOut& truth = files->persons_truth;
  for (int device = 0; device < person->devices; ++device) {
    const Device& info = person->device_info[static_cast<size_t>(device)];
    if (info.used) truth.Row({"anonymous_id", info.anonymous_id, label});
  }
  if (person->user_used) truth.Row({"user_id", person->user_id, label});
  if (person->email_used) truth.Row({"email", person->email, label});
  for (const std::string& id : person->lead_ids) truth.Row({"lead_id", id, label});
  for (const std::string& id : person->deal_ids) truth.Row({"deal_id", id, label});
}

}  // namespace

void PersonWriter::Write(int64_t index) {
  const auto& channels = DemoChannels();
  const auto& paths = LandingPaths();
  Rng rng(seed_, static_cast<uint64_t>(index) + 1);
  const auto person_index = static_cast<uint64_t>(index);

  Person person;
  person.b2b = rng.Bernoulli(0.22);
  person.account = rng.Bernoulli(person.b2b ? 0.35 : 0.45);
  person.devices =
      person.account ? 1 + static_cast<int>(rng.Pick({0.55, 0.33, 0.12})) : 1;
  person.subscriber = rng.Bernoulli(0.3);
  person.user_id = UserId(seed_, person_index);
  person.email = PersonEmail(seed_, person_index);
  for (int device = 0; device < person.devices; ++device) {
    Device& info = person.device_info[static_cast<size_t>(device)];
    info.anonymous_id = AnonymousId(seed_, kPersonIds, person_index, device);
    info.ip = IpAddress(0, person_index * 4 + static_cast<uint64_t>(device));
    info.user_agent = PickOne(BrowserUserAgents(), &rng);
  }
  if (person.subscriber) ++totals_.subscribers;

  // First visit: a day drawn from the seasonal curve, in order of the person index.
  const double quantile =
      (static_cast<double>(index) + rng.Uniform()) / static_cast<double>(persons_);
  const int day = static_cast<int>(
      std::lower_bound(day_cdf_.begin(), day_cdf_.end(), quantile) - day_cdf_.begin());
  static const double kHours[24] = {0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 0.9,
                                    1.2, 1.4, 1.5,  1.5, 1.6, 1.5, 1.4, 1.4,
                                    1.4, 1.5, 1.7,  1.9, 2.0, 1.8, 1.2, 0.6};
  int64_t time = kDemoStart + std::min(day, kDemoDays - 1) * kDay +
                 static_cast<int64_t>(rng.Pick(kHours, 24)) * 3600 +
                 rng.UniformInt(0, 3599);
  const int64_t visits = 1 + std::min<int64_t>(rng.Geometric(0.38), 14);

  for (int64_t visit = 0; visit < visits; ++visit) {
    if (visit > 0) {
      time += std::max<int64_t>(
          7200, static_cast<int64_t>(rng.Exponential(person.b2b ? 6 * kDay : 4 * kDay)));
    }
    if (time >= kDemoEnd - 3600) break;
    const int visit_day = static_cast<int>((time - kDemoStart) / kDay);
    const int device = visit < person.devices
                           ? static_cast<int>(visit)
                           : static_cast<int>(rng.UniformInt(0, person.devices - 1));
    Device& dev = person.device_info[static_cast<size_t>(device)];

    int channel_idx = PickChannel(person, visit, visit_day, &rng);
    int campaign_idx = -1;
    EmailSend* send = nullptr;
    if (channels[static_cast<size_t>(channel_idx)].kind == ChannelKind::kEmail) {
      send = PickSend(time, &rng, &totals_.sends);
      if (send != nullptr) {
        campaign_idx = send->campaign;
      } else {
        channel_idx = kDirectChannel;  // no send in the past week
      }
    }
    const ChannelInfo& channel = channels[static_cast<size_t>(channel_idx)];
    if (channel.kind == ChannelKind::kPaidClick) {
      std::vector<int> active;
      for (size_t k = 0; k < channel.campaigns.size(); ++k) {
        if (Active(channel.campaigns[k], visit_day))
          active.push_back(static_cast<int>(k));
      }
      campaign_idx = PickOne(active, &rng);
    }

    VisitTags tags;
    const bool tagged =
        channel.kind == ChannelKind::kPaidClick || channel.kind == ChannelKind::kEmail;
    bool repeats = false;
    if (tagged) {
      const CampaignInfo& campaign = channel.campaigns[static_cast<size_t>(campaign_idx)];
      tags.source =
          rng.Bernoulli(0.08) ? MessySource(channel.source, &rng) : channel.source;
      tags.medium =
          rng.Bernoulli(0.06) ? MessyMedium(channel.medium, &rng) : channel.medium;
      tags.campaign =
          rng.Bernoulli(0.06) ? MessyCampaign(campaign.name, &rng) : campaign.name;
      tags.content = PickOne(campaign.contents, &rng);
      if (!channel.terms.empty()) tags.term = PickOne(channel.terms, &rng);
      repeats = channel.kind == ChannelKind::kPaidClick && rng.Bernoulli(0.03);
      if (!repeats && channel.kind == ChannelKind::kPaidClick && rng.Bernoulli(0.03)) {
        tags.campaign.clear();  // the tracking template lost the campaign
      }
    }
    std::string_view landing_path = PickOne(paths, &rng);
    if (person.b2b && rng.Bernoulli(0.5)) {
      landing_path = paths[static_cast<size_t>(rng.UniformInt(10, 12))];
    }

    TouchRow base;
    base.anonymous_id = dev.anonymous_id;
    base.user_agent = dev.user_agent;
    base.ip = dev.ip;
    base.utm_source = tags.source;
    base.utm_medium = tags.medium;
    base.utm_campaign = tags.campaign;
    base.utm_content = tags.content;
    base.utm_term = tags.term;
    base.landing_page = Page(landing_path);

    if (channel.kind == ChannelKind::kPaidClick) {
      // An ad seen but not clicked; never the only row of a device not yet linked.
      const bool may_skip_session = !person.account || dev.linked;
      if (may_skip_session && rng.Bernoulli(channel.view_only)) {
        TouchRow impression = base;
        impression.timestamp = time;
        impression.event_type = "impression";
        impression.landing_page.clear();
        person.touches.push_back({std::move(impression), {}});
        dev.used = true;
        continue;
      }
      if (rng.Bernoulli(channel.impression_share)) {
        TouchRow impression = base;
        impression.timestamp = time - rng.UniformInt(20, 900);
        impression.event_type = "impression";
        impression.landing_page.clear();
        person.touches.push_back({std::move(impression), {}});
      }
      TouchRow click = base;
      click.timestamp = time;
      click.event_type = "click";
      person.touches.push_back({click, {}});
      ++totals_.tracked_clicks[static_cast<size_t>(
          CampaignSlot(channel_idx, campaign_idx))][static_cast<size_t>(visit_day)];
      if (repeats) {
        // Impatient re-clicks 1-30 s after the kept click: invalid_click.
        const int64_t count = rng.UniformInt(1, 3);
        for (int64_t repeat = 0; repeat < count; ++repeat) {
          click.timestamp = time + 1 + repeat * 10 + rng.UniformInt(0, 9);
          person.touches.push_back({click, "invalid_click"});
        }
      }
    } else if (channel.kind == ChannelKind::kEmail) {
      TouchRow email_click = base;
      email_click.timestamp = time;
      email_click.event_type = "email_click";
      email_click.email =
          rng.Bernoulli(0.05) ? MessyEmail(person.email, &rng) : person.email;
      person.email_used = true;
      person.touches.push_back({std::move(email_click), {}});
      ++send->tracked_clicks;
    } else if (!channel.referrers.empty()) {
      base.referrer = PickOne(channel.referrers, &rng);
    }

    // The session: always > 0 s or more than one page, so never a bot burst.
    TouchRow session = base;
    const int64_t session_time = tagged ? time + rng.UniformInt(1, 4) : time;
    session.timestamp = session_time;
    session.event_type = rng.Bernoulli(0.04) ? "" : "session";
    session.page_views = 1 + std::min<int64_t>(rng.Geometric(0.32), 40);
    session.duration_s = session.page_views == 1
                             ? rng.UniformInt(3, 150)
                             : session.page_views * rng.UniformInt(12, 95);
    bool logged_in = false;
    if (person.account && (!dev.linked || rng.Bernoulli(0.6))) {
      // The first session of each device logs in, which links the device to the user.
      session.user_id = person.user_id;
      dev.linked = true;
      person.user_used = true;
      logged_in = true;
    }
    dev.used = true;
    const int64_t duration = session.duration_s;
    person.touches.push_back({std::move(session), {}});

    const double buy = 0.022 * channel.purchase_factor *
                       (1.0 + 0.35 * static_cast<double>(std::min<int64_t>(visit, 5))) *
                       (person.account ? 1.3 : 1.0) * (person.b2b ? 0.3 : 1.0);
    if (rng.Bernoulli(buy))
      AddPurchase(dev, session_time, duration, &rng, &next_order_, &person);
    AddLead(dev, tags, logged_in, session_time, duration, &rng, &lead_counters_, &person);
  }
  FlushPerson(index, &person, files_, &totals_);
}

}  // namespace mroi::internal
