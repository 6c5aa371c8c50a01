// GenerateEventLog: one chunk of a seeded touchpoints + conversions log, in memory, for
// bench/gen_events and the scale benchmark (bench/dask_scale.py). Each chunk draws from
// its own random stream (seed, chunk), so chunks are generated independently and in any
// order; persons are numbered across chunks so that the overlap persons of chunk c
// reappear under the same ids in chunk c + 1.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "demo/random.h"
#include "mroi/demo_events.h"
#include "mroi/time.h"

namespace mroi {

namespace {

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
constexpr int64_t kNumChannels = sizeof(kChannels) / sizeof(kChannels[0]);

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
constexpr const char* kCrawlers[] = {
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "python-requests/2.31.0",
};

constexpr const char kTouchpointsHeader[] =
    "timestamp,anonymous_id,user_id,email,event_type,utm_source,utm_medium,utm_campaign,"
    "referrer,landing_page,user_agent,ip,page_views,duration_s\n";
constexpr const char kConversionsHeader[] =
    "timestamp,order_id,user_id,anonymous_id,email,revenue,cogs,currency\n";

// A burst of one bot IP: `length` rows from row `first_row` on, spread over 40 s,
// made by a handful of persons.
struct Burst {
  int64_t first_row = 0;
  int64_t length = 0;
  int64_t ip_number = 0;
  std::vector<int64_t> persons;
};
constexpr int64_t kBurstSeconds = 40;
constexpr int64_t kBurstPersons = 8;

// An order of the chunk, for its duplicates and refund.
struct Order {
  size_t line_begin = 0;  // its line in conversions.rows
  size_t line_end = 0;
  int64_t number = 0;
  int64_t person = 0;
  int64_t cents = 0;
  bool refunded = false;
};

Status CheckOptions(const EventLogOptions& options) {
  if (options.chunk < 0) return InvalidArgument("event log: chunk must be >= 0");
  if (options.rows < 0) return InvalidArgument("event log: rows must be >= 0");
  if (options.persons < 1) return InvalidArgument("event log: persons must be >= 1");
  if (!(options.overlap >= 0.0 && options.overlap < 1.0)) {
    return InvalidArgument("event log: overlap must be in [0, 1)");
  }
  if (options.chunk_span_s < 1) {
    return InvalidArgument("event log: chunk_span_s must be >= 1");
  }
  if (options.bot_ips < 0) return InvalidArgument("event log: bot_ips must be >= 0");
  return Status::OK();
}

// Generates the rows; one instance per call.
class ChunkWriter {
 public:
  ChunkWriter(const EventLogOptions& options, EventLog* log)
      : options_(options),
        log_(log),
        rng_(options.seed, static_cast<uint64_t>(options.chunk)),
        own_first_(options.chunk * options.persons),
        overlap_count_(options.overlap > 0
                           ? std::max<int64_t>(1, std::llround(static_cast<double>(
                                                      options.persons) * options.overlap))
                           : 0) {}

  void Run() {
    const int64_t rows = options_.rows;
    log_->touchpoints.header = kTouchpointsHeader;
    log_->conversions.header = kConversionsHeader;
    log_->touchpoints.rows.reserve(static_cast<size_t>(rows) * 270);
    log_->conversions.rows.reserve(static_cast<size_t>(rows / 50 + 16) * 130);
    PlanBursts();
    const int64_t window_start = options_.start_time + options_.chunk * options_.chunk_span_s;
    int64_t last_time = window_start;
    size_t next_burst = 0;
    for (int64_t row = 0; row < rows;) {
      const int64_t nominal =
          window_start + static_cast<int64_t>(static_cast<__int128>(row) *
                                              options_.chunk_span_s / std::max<int64_t>(rows, 1));
      if (next_burst < bursts_.size() && bursts_[next_burst].first_row == row) {
        const Burst& burst = bursts_[next_burst++];
        const int64_t burst_start = std::max(nominal, last_time);
        for (int64_t j = 0; j < burst.length; ++j) {
          last_time = burst_start + j * kBurstSeconds / burst.length;
          BurstRow(burst, last_time);
        }
        row += burst.length;
        continue;
      }
      last_time = std::max(nominal, last_time);
      TouchpointRow(row, last_time);
      ++row;
    }
    log_->touchpoints.row_count = rows;
  }

 private:
  // Bursts sit evenly spaced in the chunk, one per 1000 rows at most.
  void PlanBursts() {
    const int64_t count = std::min<int64_t>(options_.bot_ips, options_.rows / 1000);
    for (int64_t b = 0; b < count; ++b) {
      Burst burst;
      burst.first_row = (b + 1) * options_.rows / (count + 1);
      burst.length = 121 + rng_.UniformInt(0, 39);
      burst.ip_number = options_.chunk * options_.bot_ips + b;
      for (int64_t p = 0; p < kBurstPersons; ++p) burst.persons.push_back(DrawPerson());
      bursts_.push_back(std::move(burst));
    }
  }

  // A person of this chunk: one of the previous chunk's overlap with probability
  // `overlap` (chunks after the first), else one of the chunk's own.
  int64_t DrawPerson() {
    if (options_.chunk > 0 && overlap_count_ > 0 && rng_.Bernoulli(options_.overlap)) {
      return own_first_ - overlap_count_ + rng_.UniformInt(0, overlap_count_ - 1);
    }
    return own_first_ + rng_.UniformInt(0, options_.persons - 1);
  }

  void AppendTime(int64_t t, std::string* out) {
    if (t != cached_time_) {
      cached_time_ = t;
      cached_time_text_ = FormatTimestamp(t);
    }
    out->append(cached_time_text_);
  }

  static void AppendIp(int64_t person, std::string* out) {
    const auto p = static_cast<uint64_t>(person);
    fmt::format_to(std::back_inserter(*out), "10.{}.{}.{}", (p >> 16) & 255, (p >> 8) & 255,
                   p & 255);
  }

  void BurstRow(const Burst& burst, int64_t t) {
    const int64_t person =
        burst.persons[static_cast<size_t>(rng_.UniformInt(0, kBurstPersons - 1))];
    const int64_t device = rng_.UniformInt(0, 2);
    std::string& out = log_->touchpoints.rows;
    AppendTime(t, &out);
    const auto ip = static_cast<uint64_t>(burst.ip_number);
    fmt::format_to(std::back_inserter(out),
                   ",a{}-{},,,session,,,,,https://shop.example/,\"{}\",198.18.{}.{},1,{}\n",
                   person, device, kBrowsers[person % 5], (ip >> 8) & 255, ip & 255,
                   rng_.UniformInt(1, 5));
    ++log_->bot_ip_rows;
  }

  void TouchpointRow(int64_t row, int64_t t) {
    const int64_t person = DrawPerson();
    const int64_t device = rng_.UniformInt(0, 2);
    const int64_t roll = rng_.UniformInt(0, 999);
    const Channel& channel = kChannels[rng_.UniformInt(0, kNumChannels - 1)];
    const bool crawler = roll < 5;
    const bool messy = roll >= 5 && roll < 15;
    const bool logged_in = rng_.UniformInt(0, 3) == 0;
    const bool with_email = logged_in && rng_.UniformInt(0, 3) == 0;
    const bool click = channel.medium[0] != '\0' && rng_.UniformInt(0, 2) == 0;
    const char* agent = crawler ? kCrawlers[roll % 3] : kBrowsers[person % 5];
    std::string source = channel.source;
    if (messy && !source.empty()) source[0] = static_cast<char>(source[0] - 'a' + 'A');
    const char* campaign = messy ? "" : channel.campaign;
    const int64_t pages = rng_.UniformInt(1, 6);
    const int64_t duration = pages == 1 ? rng_.UniformInt(1, 40) : rng_.UniformInt(20, 619);

    std::string& out = log_->touchpoints.rows;
    AppendTime(t, &out);
    fmt::format_to(std::back_inserter(out), ",a{}-{},", person, device);
    if (logged_in) fmt::format_to(std::back_inserter(out), "u{}", person);
    out.push_back(',');
    // Some emails in another case: the stitcher normalises them.
    if (with_email) {
      if (device == 0) {
        fmt::format_to(std::back_inserter(out), "P{}@Example.com", person);
      } else {
        fmt::format_to(std::back_inserter(out), "p{}@example.com", person);
      }
    }
    fmt::format_to(std::back_inserter(out),
                   ",{},{},{},{},{},https://shop.example/p/{},\"{}\",", click ? "click" : "session",
                   source, channel.medium, campaign, channel.referrer, roll % 50, agent);
    AppendIp(person, &out);
    fmt::format_to(std::back_inserter(out), ",{},{}\n", pages, duration);
    if (crawler) ++log_->crawler_rows;
    if (messy) ++log_->messy_rows;
    if (logged_in) ++log_->login_rows;
    if (!crawler && row % 50 == 0) Conversion(person, device, t);
  }

  // An order of `person`, then now and then a duplicate or refund of an earlier one.
  void Conversion(int64_t person, int64_t device, int64_t t) {
    std::string& out = log_->conversions.rows;
    Order order;
    order.line_begin = out.size();
    order.number = next_order_++;
    order.person = person;
    order.cents = 2000 + rng_.UniformInt(0, 29999);
    AppendTime(t, &out);
    fmt::format_to(std::back_inserter(out), ",o{}-{},", options_.chunk, order.number);
    // Which ids the order carries: mostly user_id + anonymous_id (an identity edge),
    // some user_id only, user_id + email, or email only.
    const int64_t ids = rng_.UniformInt(0, 19);
    if (ids < 19) fmt::format_to(std::back_inserter(out), "u{}", person);
    out.push_back(',');
    if (ids < 14) fmt::format_to(std::back_inserter(out), "a{}-{}", person, device);
    out.push_back(',');
    if (ids >= 17) fmt::format_to(std::back_inserter(out), "p{}@example.com", person);
    fmt::format_to(std::back_inserter(out), ",{}.{:02}", order.cents / 100, order.cents % 100);
    if (rng_.UniformInt(0, 4) != 0) {
      fmt::format_to(std::back_inserter(out), ",{}.{:02},EUR\n", order.cents * 6 / 1000,
                     order.cents * 6 / 10 % 100);
    } else {
      out.append(",,EUR\n");
    }
    order.line_end = out.size();
    orders_.push_back(order);
    ++log_->conversions.row_count;

    const int64_t extra = rng_.UniformInt(0, 99);
    if (orders_.size() < 2 || extra >= 2) return;
    Order& earlier = orders_[static_cast<size_t>(
        rng_.UniformInt(0, static_cast<int64_t>(orders_.size()) - 2))];
    if (extra == 0) {
      // A pixel that fired twice: the same line again.
      const std::string line = out.substr(earlier.line_begin,
                                          earlier.line_end - earlier.line_begin);
      out.append(line);
      ++log_->duplicate_orders;
    } else if (!earlier.refunded) {
      earlier.refunded = true;
      const int64_t refund_cents = earlier.cents / (1 + rng_.UniformInt(0, 1));  // all or half
      AppendTime(t, &out);
      fmt::format_to(std::back_inserter(out), ",o{}-{},u{},,,-{}.{:02},,EUR\n", options_.chunk,
                     earlier.number, earlier.person, refund_cents / 100, refund_cents % 100);
      ++log_->refunds;
    } else {
      return;
    }
    ++log_->conversions.row_count;
  }

  const EventLogOptions& options_;
  EventLog* log_;
  internal::Rng rng_;
  const int64_t own_first_;
  const int64_t overlap_count_;
  std::vector<Burst> bursts_;
  std::vector<Order> orders_;
  int64_t next_order_ = 0;
  int64_t cached_time_ = -1;
  std::string cached_time_text_;
};

}  // namespace

Result<EventLog> GenerateEventLog(const EventLogOptions& options) {
  MROI_RETURN_IF_ERROR(CheckOptions(options));
  EventLog log;
  ChunkWriter(options, &log).Run();
  return log;
}

}  // namespace mroi
