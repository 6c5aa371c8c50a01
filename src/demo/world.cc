#include "demo/world.h"

#include <fmt/format.h>

#include "demo/random.h"

namespace mroi::internal {

namespace {

ChannelInfo Channel(std::string group, std::string source, std::string medium,
                    ChannelKind kind, std::string tier) {
  ChannelInfo info;
  info.group = std::move(group);
  info.source = std::move(source);
  info.medium = std::move(medium);
  info.kind = kind;
  info.tier = std::move(tier);
  return info;
}

std::vector<ChannelInfo> MakeChannels() {
  std::vector<ChannelInfo> channels;
  auto add = [&](ChannelInfo info) { channels.push_back(std::move(info)); };
  ChannelInfo google =
      Channel("Paid Search", "google", "cpc", ChannelKind::kPaidClick, "core");
  google.cpc = 1.55;
  google.ctr = 0.045;
  google.first_weight = 18;
  google.return_weight = 8;
  google.b2b_factor = 1.2;
  google.purchase_factor = 1.3;
  google.campaigns = {
      {"brand_search", 0, kDemoDays - 1, {"brand_exact", "brand_broad"}},
      {"generic_search", 0, kDemoDays - 1, {"hiking_boots", "tents", "jackets"}},
      {"competitor_search", 31, kDemoDays - 1, {"conquest"}}};
  google.terms = {"northwind outdoor", "hiking boots",        "waterproof jacket",
                  "4 person tent",     "trail running shoes", "corporate gifts outdoor"};
  add(google);
  ChannelInfo bing =
      Channel("Paid Search", "bing", "cpc", ChannelKind::kPaidClick, "emerging");
  bing.cpc = 1.05;
  bing.ctr = 0.035;
  bing.first_weight = 3;
  bing.return_weight = 1;
  bing.purchase_factor = 1.1;
  bing.campaigns = {{"generic_search_bing", 0, kDemoDays - 1, {"hiking_boots", "tents"}}};
  bing.terms = {"hiking boots", "camping tent", "outdoor jacket"};
  add(bing);
  ChannelInfo facebook =
      Channel("Paid Social", "facebook", "paid_social", ChannelKind::kPaidClick, "core");
  facebook.cpc = 0.85;
  facebook.ctr = 0.011;
  facebook.impression_share = 0.5;
  facebook.first_weight = 14;
  facebook.return_weight = 6;
  facebook.b2b_factor = 0.5;
  facebook.campaigns = {
      {"prospecting_lookalike", 0, kDemoDays - 1, {"video_15s", "carousel"}},
      {"retargeting_dpa", 0, kDemoDays - 1, {"dynamic_product"}},
      {"summer sale 2025", 151, kDemoDays - 1, {"static_banner", "reel"}}};
  add(facebook);
  ChannelInfo instagram = Channel("Paid Social", "instagram", "paid_social",
                                  ChannelKind::kPaidClick, "emerging");
  instagram.cpc = 1.05;
  instagram.ctr = 0.009;
  instagram.impression_share = 0.5;
  instagram.first_weight = 7;
  instagram.return_weight = 3;
  instagram.b2b_factor = 0.3;
  instagram.purchase_factor = 0.8;
  instagram.campaigns = {{"reels_awareness", 0, kDemoDays - 1, {"reel_a", "reel_b"}},
                         {"spring sale 2025", 59, 120, {"story"}}};
  add(instagram);
  ChannelInfo linkedin = Channel("Paid Social", "linkedin", "paid_social",
                                 ChannelKind::kPaidClick, "emerging");
  linkedin.cpc = 6.20;
  linkedin.ctr = 0.005;
  linkedin.impression_share = 0.4;
  linkedin.first_weight = 1;
  linkedin.return_weight = 1;
  linkedin.b2b_factor = 10;
  linkedin.purchase_factor = 0.4;
  linkedin.campaigns = {{"abm_corporate_gifting", 0, kDemoDays - 1, {"sponsored_post"}},
                        {"lead_gen_catalog", 28, kDemoDays - 1, {"lead_form"}}};
  add(linkedin);
  ChannelInfo display =
      Channel("Display", "gdn", "display", ChannelKind::kPaidClick, "experimental");
  display.cpm = 2.80;
  display.ctr = 0.0025;
  display.impression_share = 0.8;
  display.view_only = 0.35;
  display.first_weight = 5;
  display.return_weight = 4;
  display.b2b_factor = 0.5;
  display.purchase_factor = 0.7;
  display.campaigns = {{"remarketing_banner", 0, kDemoDays - 1, {"300x250", "728x90"}},
                       {"prospecting_display", 14, kDemoDays - 1, {"300x600"}}};
  add(display);
  ChannelInfo affiliate =
      Channel("Affiliates", "awin", "affiliate", ChannelKind::kPaidClick, "experimental");
  affiliate.cpc = 0.45;
  affiliate.ctr = 0.02;
  affiliate.first_weight = 4;
  affiliate.return_weight = 2;
  affiliate.b2b_factor = 0.2;
  affiliate.purchase_factor = 1.4;
  affiliate.campaigns = {{"cashback_partners", 0, kDemoDays - 1, {"topcashback"}},
                         {"coupon_sites", 0, kDemoDays - 1, {"vouchercodes"}}};
  add(affiliate);
  ChannelInfo email =
      Channel("Email", "newsletter", "email", ChannelKind::kEmail, "core");
  email.return_weight = 25;
  email.purchase_factor = 1.5;
  email.campaigns = {{"weekly_digest", 0, kDemoDays - 1, {"hero", "footer"}},
                     {"product_update", 0, kDemoDays - 1, {"hero"}},
                     {"spring_promo", 78, 140, {"cta_button"}}};
  add(email);
  ChannelInfo organic =
      Channel("Organic Search", "google", "organic", ChannelKind::kOrganic, "core");
  organic.first_weight = 20;
  organic.return_weight = 14;
  organic.referrers = {"https://www.google.com/", "https://www.google.com/",
                       "https://www.google.com/", "https://www.google.com/",
                       "https://www.bing.com/",   "https://duckduckgo.com/"};
  add(organic);
  ChannelInfo referral =
      Channel("Referral", "", "referral", ChannelKind::kReferral, "core");
  referral.first_weight = 6;
  referral.return_weight = 3;
  referral.b2b_factor = 1.5;
  referral.referrers = {"https://www.outdoorgearlab.com/reviews/best-hiking-boots",
                        "https://www.rei.com/learn/expert-advice",
                        "https://www.reddit.com/r/CampingGear/",
                        "https://trailblog.example.org/gear"};
  add(referral);
  ChannelInfo social =
      Channel("Organic Social", "", "referral", ChannelKind::kReferral, "core");
  social.first_weight = 4;
  social.return_weight = 2;
  social.referrers = {"https://l.facebook.com/", "https://www.instagram.com/",
                      "https://t.co/", "https://www.linkedin.com/feed/"};
  add(social);
  ChannelInfo direct =
      Channel("Direct", "(direct)", "(none)", ChannelKind::kDirect, "core");
  direct.first_weight = 8;
  direct.return_weight = 22;
  direct.b2b_factor = 1.2;
  direct.purchase_factor = 1.3;
  add(direct);
  return channels;
}

}  // namespace

const std::vector<ChannelInfo>& DemoChannels() {
  static const std::vector<ChannelInfo> channels = MakeChannels();
  return channels;
}

const std::vector<std::string>& BrowserUserAgents() {
  static const std::vector<std::string> agents = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/124.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
      "Gecko) "
      "Version/17.4 Safari/605.1.15",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
      "Gecko) "
      "Chrome/123.0.0.0 Safari/537.36",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/122.0.0.0 Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
      "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/124.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/123.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
      "Gecko) "
      "Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
      "(KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
      "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
  };
  return agents;
}

const std::vector<std::string>& CrawlerUserAgents() {
  static const std::vector<std::string> agents = {
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
      "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
      "python-requests/2.31.0",
      "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
      "curl/8.4.0",
      "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
  };
  return agents;
}

const std::vector<std::string>& LandingPaths() {
  static const std::vector<std::string> paths = {"/",
                                                 "/collections/hiking-boots",
                                                 "/collections/tents",
                                                 "/collections/jackets",
                                                 "/products/ridge-gtx-boot",
                                                 "/products/summit-2p-tent",
                                                 "/products/storm-shell-jacket",
                                                 "/blog/how-to-choose-hiking-boots",
                                                 "/blog/winter-camping-checklist",
                                                 "/sale",
                                                 "/wholesale",
                                                 "/corporate-gifts",
                                                 "/catalog"};
  return paths;
}

const std::vector<std::string>& LeadForms() {
  static const std::vector<std::string> forms = {"wholesale_inquiry",
                                                 "corporate_gift_quote",
                                                 "catalog_download", "newsletter_signup"};
  return forms;
}

std::string_view SiteOrigin() { return "https://www.northwind-outdoor.com"; }

std::string AnonymousId(uint64_t seed, uint64_t ns, uint64_t person, int device) {
  const uint64_t key = (ns << 56) | (person << 2) | static_cast<uint64_t>(device & 3);
  return fmt::format("{:016x}", Mix64(key ^ Mix64(seed)));
}

std::string UserId(uint64_t seed, uint64_t person) {
  return fmt::format("cus_{}{:07d}", static_cast<char>('a' + seed % 26), person + 1);
}

std::string PersonEmail(uint64_t seed, uint64_t person) {
  static const char* const kFirst[] = {
      "anna", "ben",  "chloe", "david",  "emma", "felix", "grace",  "henry",
      "isla", "jack", "kira",  "liam",   "maya", "noah",  "olivia", "paul",
      "ruby", "sam",  "tara",  "victor", "wen",  "yusuf", "zoe",    "li"};
  static const char* const kLast[] = {
      "smith", "garcia",   "mueller", "rossi",  "tanaka", "nguyen", "khan",  "dubois",
      "silva", "kowalski", "jensen",  "obrien", "chen",   "patel",  "novak", "berg"};
  static const char* const kDomains[] = {
      "gmail.com", "outlook.com", "yahoo.com",     "icloud.com",
      "proton.me", "web.de",      "acme-corp.com", "summitlogistics.com"};
  const uint64_t mixed = Mix64(person ^ Mix64(seed + 17));
  return fmt::format("{}.{}{}@{}", kFirst[mixed % 24], kLast[(mixed >> 8) % 16],
                     person + 1, kDomains[(mixed >> 16) % 8]);
}

std::string IpAddress(int ns, uint64_t index) {
  static const int kPersonOctets[] = {24, 46, 73, 98, 109, 174, 201, 213};
  static const int kBotOctets[] = {5, 66, 185, 193};
  const uint64_t low =
      (index * 0x9E3779ULL + 0x51ED27ULL) & 0xFFFFFFULL;  // bijection mod 2^24
  const int first =
      ns == 0 ? kPersonOctets[(index >> 3) % 8] : kBotOctets[(index >> 2) % 4];
  return fmt::format("{}.{}.{}.{}", first, (low >> 16) & 0xFF, (low >> 8) & 0xFF,
                     low & 0xFF);
}

std::string Money(double value) { return fmt::format("{:.2f}", value); }

}  // namespace mroi::internal
