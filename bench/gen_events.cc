// gen_events N DIR: writes DIR/touchpoints.csv with N rows and DIR/conversions.csv with
// N/50 rows, in the canonical schemas, in time order over 2025, seeded and deterministic.
// About 0.5 % of touchpoints come from crawlers and about 1 % are messy (mixed-case UTMs,
// missing campaign), so the eraser has real work; everything else is clean.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// splitmix64: small, fast and the same everywhere.
struct Random {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
};

struct Channel {
  const char* source;
  const char* medium;
  const char* campaign;
  const char* referrer;
};

constexpr Channel kChannels[] = {
    {"google", "cpc", "brand_search", ""},
    {"google", "cpc", "generic_search", ""},
    {"google", "organic", "", "https://www.google.com/"},
    {"facebook", "paid_social", "spring_sale", "https://m.facebook.com/"},
    {"instagram", "paid_social", "reels_q1", "https://l.instagram.com/"},
    {"linkedin", "cpc", "b2b_leads", "https://www.linkedin.com/"},
    {"newsletter", "email", "weekly_digest", ""},
    {"partner-blog.com", "referral", "", "https://partner-blog.com/review"},
    {"", "", "", ""},  // direct
    {"criteo", "display", "retargeting", ""},
    {"awin", "affiliate", "cashback", ""},
};
constexpr int kNumChannels = sizeof(kChannels) / sizeof(kChannels[0]);

constexpr const char* kBrowsers[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36",
};
constexpr const char* kBots[] = {
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "python-requests/2.31.0",
};

// Formats Unix seconds as ISO-8601 UTC.
void FormatTime(int64_t t, char* out) {
  int64_t days = t / 86400;
  int64_t secs = t % 86400;
  // Civil from days (Howard Hinnant's algorithm).
  days += 719468;
  int64_t era = days / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  std::snprintf(out, 64, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 "T%02" PRId64 ":%02" PRId64
                ":%02" PRId64 "Z",
                y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: gen_events N DIR\n");
    return 2;
  }
  const int64_t rows = std::strtoll(argv[1], nullptr, 10);
  const std::string dir = argv[2];
  std::FILE* tp = std::fopen((dir + "/touchpoints.csv").c_str(), "w");
  std::FILE* conv = std::fopen((dir + "/conversions.csv").c_str(), "w");
  if (tp == nullptr || conv == nullptr) {
    std::perror(dir.c_str());
    return 2;
  }
  static char tp_buffer[1 << 20];
  static char conv_buffer[1 << 20];
  std::setvbuf(tp, tp_buffer, _IOFBF, sizeof(tp_buffer));
  std::setvbuf(conv, conv_buffer, _IOFBF, sizeof(conv_buffer));
  std::fputs("timestamp,anonymous_id,user_id,event_type,utm_source,utm_medium,utm_campaign,"
             "referrer,landing_page,user_agent,ip,page_views,duration_s\n",
             tp);
  std::fputs("timestamp,order_id,user_id,anonymous_id,revenue,cogs,currency\n", conv);

  Random random{20250101};
  const int64_t persons = rows / 8 + 1;
  const int64_t start = 1735689600;  // 2025-01-01T00:00:00Z
  const int64_t span = 365 * 86400;
  int64_t orders = 0;
  char time_text[64];
  for (int64_t row = 0; row < rows; ++row) {
    int64_t t = start + row * span / rows;
    FormatTime(t, time_text);
    uint64_t person = random.Below(static_cast<uint64_t>(persons));
    uint64_t device = random.Below(3);
    uint64_t roll = random.Below(1000);
    const Channel& channel = kChannels[random.Below(kNumChannels)];
    bool bot = roll < 5;
    bool messy = roll >= 5 && roll < 15;
    bool logged_in = random.Below(4) == 0;
    bool click = channel.medium[0] != '\0' && random.Below(3) == 0;
    const char* agent = bot ? kBots[roll % 3] : kBrowsers[person % 5];
    std::string source = channel.source;
    if (messy && !source.empty()) source[0] = static_cast<char>(source[0] - 'a' + 'A');
    const char* campaign = messy ? "" : channel.campaign;
    uint64_t pages = 1 + random.Below(6);
    uint64_t duration = pages == 1 ? random.Below(40) + 1 : 20 + random.Below(600);
    char user[24] = "";
    if (logged_in) std::snprintf(user, sizeof(user), "u%" PRIu64, person);
    std::fprintf(tp,
                 "%s,a%" PRIu64 "-%" PRIu64 ",%s,%s,%s,%s,%s,%s,https://shop.example/p/%" PRIu64
                 ",\"%s\",10.%" PRIu64 ".%" PRIu64 ".%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
                 time_text, person, device, user, click ? "click" : "session", source.c_str(),
                 channel.medium, campaign, channel.referrer, roll % 50, agent,
                 (person >> 16) & 255, (person >> 8) & 255, person & 255, pages, duration);
    if (!bot && row % 50 == 0) {
      uint64_t cents = 2000 + random.Below(30000);
      std::fprintf(conv, "%s,o%" PRId64 ",u%" PRIu64 ",a%" PRIu64 "-%" PRIu64 ",%" PRIu64
                   ".%02" PRIu64,
                   time_text, orders++, person, person, device, cents / 100, cents % 100);
      if (random.Below(5) != 0) {
        std::fprintf(conv, ",%" PRIu64 ".%02" PRIu64 ",EUR\n", cents * 6 / 1000,
                     cents * 6 / 10 % 100);
      } else {
        std::fputs(",,EUR\n", conv);
      }
    }
  }
  if (std::fclose(tp) != 0 || std::fclose(conv) != 0) {
    std::perror("write");
    return 2;
  }
  std::printf("{\"touchpoints\":%" PRId64 ",\"conversions\":%" PRId64 "}\n", rows, orders);
  return 0;
}
