// Tests of Clean(): every rule on a small hand-built Dataset, with the hit and the
// near miss at each threshold, the order of the rules, and idempotence.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "mroi/clean.h"

namespace mroi {
namespace {

constexpr UnixSeconds kT0 = 1'740'823'200;  // 2025-03-01T10:00:00Z
constexpr const char* kBrowser =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36";

// Builds a Dataset row by row; line numbers count from 2 (the header is line 1).
class Builder {
 public:
  Builder() {
    for (const char* name : {"touchpoints.csv", "conversions.csv", "leads.csv", "deals.csv",
                             "spend.csv"}) {
      data.files.push_back({name, InputKind::kTouchpoints, 0});
    }
  }
  StringId S(std::string_view text) { return data.strings.Intern(text); }

  Touchpoint& Tp(std::string_view id, UnixSeconds at, EventType type = EventType::kSession) {
    Touchpoint tp;
    tp.origin = {0, ++data.files[0].rows_in + 1};
    tp.timestamp = at;
    tp.anonymous_id = S(id);
    tp.event_type = type;
    tp.user_agent = S(kBrowser);
    tp.utm_source = S("google");
    tp.utm_medium = S("cpc");
    tp.utm_campaign = S("spring");
    data.touchpoints.push_back(tp);
    return data.touchpoints.back();
  }
  Conversion& Order(std::string_view order_id, double revenue, double cogs = kMissing) {
    Conversion conversion;
    conversion.origin = {1, ++data.files[1].rows_in + 1};
    conversion.timestamp = kT0;
    conversion.order_id = S(order_id);
    conversion.revenue = revenue;
    conversion.cogs = cogs;
    data.conversions.push_back(conversion);
    return data.conversions.back();
  }
  Lead& NewLead(std::string_view email, std::string_view form, UnixSeconds at) {
    Lead lead;
    lead.origin = {2, ++data.files[2].rows_in + 1};
    lead.timestamp = at;
    lead.email = S(email);
    lead.form = S(form);
    data.leads.push_back(lead);
    return data.leads.back();
  }

  Dataset data;
};

int64_t CountRule(const Dataset& data, Rule rule) {
  int64_t count = 0;
  for (const RowIssue& issue : data.quarantine) count += issue.rule == rule;
  for (const RowChange& change : data.changes) count += change.rule == rule;
  return count;
}

CleanOptions Only(std::initializer_list<Rule> rules) {
  CleanOptions options;
  options.enabled.fill(false);
  for (Rule rule : rules) options.enabled[static_cast<int>(rule)] = true;
  return options;
}

TEST(CleanTest, BotUserAgentRemovesCrawlerRowsWithReason) {
  Builder b;
  b.Tp("human", kT0);
  b.Tp("crawler", kT0).user_agent =
      b.S("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
  b.Tp("human", kT0 + 5);
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  ASSERT_EQ(b.data.touchpoints.size(), 2u);
  ASSERT_EQ(b.data.quarantine.size(), 1u);
  const RowIssue& issue = b.data.quarantine[0];
  EXPECT_EQ(issue.rule, Rule::kBotUserAgent);
  EXPECT_EQ(issue.origin.line, 3);
  EXPECT_EQ(issue.column, -1);
  EXPECT_NE(issue.message.find("crawler pattern 'Googlebot"), std::string::npos) << issue.message;
  // The kept rows keep their order.
  EXPECT_EQ(b.data.touchpoints[0].origin.line, 2);
  EXPECT_EQ(b.data.touchpoints[1].origin.line, 4);
}

TEST(CleanTest, BotRateThirtyPerMinuteKeptThirtyOneRemoved) {
  Builder b;
  // "ok": 30 events at 0..58 s (2 s apart) -> kept; "bot": 31 events at 0..30 s.
  for (int i = 0; i < 30; ++i) b.Tp("ok", kT0 + 2 * i);
  for (int i = 0; i < 31; ++i) b.Tp("bot", kT0 + i);
  // "spread": 31 events, but the 31st is 60 s after the first -> no 60 s window has 31.
  for (int i = 0; i < 30; ++i) b.Tp("spread", kT0 + i);
  b.Tp("spread", kT0 + 60);
  ASSERT_TRUE(Clean(Only({Rule::kBotRate}), &b.data).ok());
  EXPECT_EQ(b.data.touchpoints.size(), 61u);  // 30 ok + 31 spread
  EXPECT_EQ(CountRule(b.data, Rule::kBotRate), 31);
  EXPECT_EQ(b.data.quarantine[0].message, "id 'bot' made 31 events in 60 s (limit 30)");
}

TEST(CleanTest, BotRateRemovesEveryRowOfTheIdIncludingLaterOnes) {
  Builder b;
  for (int i = 0; i < 31; ++i) b.Tp("bot", kT0 + i);
  b.Tp("bot", kT0 + 86400);  // a day later, still the same bot
  ASSERT_TRUE(Clean(Only({Rule::kBotRate}), &b.data).ok());
  EXPECT_TRUE(b.data.touchpoints.empty());
  EXPECT_EQ(CountRule(b.data, Rule::kBotRate), 32);
}

TEST(CleanTest, BotRatePerIp) {
  Builder b;
  // 121 events of 121 different ids from one IP inside 60 s: a bot IP; 120 are fine.
  for (int i = 0; i < 121; ++i) b.Tp("a" + std::to_string(i), kT0 + i / 3).ip = b.S("10.0.0.1");
  for (int i = 0; i < 120; ++i) b.Tp("b" + std::to_string(i), kT0 + i / 3).ip = b.S("10.0.0.2");
  ASSERT_TRUE(Clean(Only({Rule::kBotRate}), &b.data).ok());
  EXPECT_EQ(b.data.touchpoints.size(), 120u);
  EXPECT_EQ(CountRule(b.data, Rule::kBotRate), 121);
  EXPECT_EQ(b.data.quarantine[0].message, "ip '10.0.0.1' made 121 events in 60 s (limit 120)");
}

TEST(CleanTest, BotRateZeroDurationBursts) {
  Builder b;
  auto bounce = [&](std::string_view id, UnixSeconds at) {
    Touchpoint& tp = b.Tp(id, at);
    tp.page_views = 1;
    tp.duration_s = 0;
  };
  // "burst": 5 bounces 120 s apart (0..480 s, inside 600 s) -> bot.
  for (int i = 0; i < 5; ++i) bounce("burst", kT0 + 120 * i);
  // "slow": 5 bounces 150 s apart (0..600 s): the 5th is 600 s after the 1st -> kept.
  for (int i = 0; i < 5; ++i) bounce("slow", kT0 + 150 * i);
  // "four": only 4 bounces -> kept.
  for (int i = 0; i < 4; ++i) bounce("four", kT0 + i);
  ASSERT_TRUE(Clean(Only({Rule::kBotRate}), &b.data).ok());
  EXPECT_EQ(b.data.touchpoints.size(), 9u);
  EXPECT_EQ(CountRule(b.data, Rule::kBotRate), 5);
}

TEST(CleanTest, UserIdIsTheIdWithoutAnonymousId) {
  Builder b;
  for (int i = 0; i < 31; ++i) {
    Touchpoint& tp = b.Tp("", kT0 + i);
    tp.user_id = b.S("u1");
  }
  ASSERT_TRUE(Clean(Only({Rule::kBotRate}), &b.data).ok());
  EXPECT_EQ(CountRule(b.data, Rule::kBotRate), 31);
}

TEST(CleanTest, InvalidClickWindowFromLastKeptClick) {
  Builder b;
  b.Tp("a", kT0, EventType::kClick);       // kept
  b.Tp("a", kT0 + 59, EventType::kClick);  // 59 s after the kept one -> removed
  b.Tp("a", kT0 + 60, EventType::kClick);  // 60 s after the kept one -> kept
  b.Tp("a", kT0 + 100, EventType::kClick); // 40 s after the kept one at 60 -> removed
  b.Tp("a", kT0 + 10, EventType::kClick).utm_campaign = b.S("other");  // other campaign
  b.Tp("b", kT0 + 1, EventType::kClick);   // other id
  b.Tp("a", kT0 + 5);                      // a session, never an invalid click
  ASSERT_TRUE(Clean(Only({Rule::kInvalidClick}), &b.data).ok());
  EXPECT_EQ(b.data.touchpoints.size(), 5u);
  ASSERT_EQ(CountRule(b.data, Rule::kInvalidClick), 2);
  EXPECT_EQ(b.data.quarantine[0].origin.line, 3);
  EXPECT_EQ(b.data.quarantine[0].message,
            "repeat click on campaign 'spring' 59 s after the previous (window 60 s)");
  EXPECT_EQ(b.data.quarantine[1].origin.line, 5);
}

TEST(CleanTest, InvalidClickComparesNormalisedCampaigns) {
  Builder b;
  b.Tp("a", kT0, EventType::kClick).utm_campaign = b.S("Spring%20Sale");
  b.Tp("a", kT0 + 10, EventType::kClick).utm_campaign = b.S(" spring sale ");
  ASSERT_TRUE(Clean(Only({Rule::kInvalidClick}), &b.data).ok());
  EXPECT_EQ(b.data.touchpoints.size(), 1u);
}

TEST(CleanTest, RulesRunInOrderSoABotRowIsNotAlsoAnInvalidClick) {
  Builder b;
  const StringId crawler = b.S("curl/8.5.0");
  b.Tp("a", kT0, EventType::kClick).user_agent = crawler;
  b.Tp("a", kT0 + 10, EventType::kClick).user_agent = crawler;
  b.Tp("c", kT0, EventType::kClick);
  b.Tp("c", kT0 + 10, EventType::kClick);
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  EXPECT_EQ(CountRule(b.data, Rule::kBotUserAgent), 2);
  EXPECT_EQ(CountRule(b.data, Rule::kInvalidClick), 1);  // only c's repeat
  EXPECT_EQ(b.data.quarantine.size(), 3u);
  EXPECT_EQ(b.data.touchpoints.size(), 1u);
}

TEST(CleanTest, DuplicateLeadWindowAndNormalisedEmail) {
  Builder b;
  b.NewLead("Ann@Example.com ", "demo", kT0);            // kept
  b.NewLead("ann@example.com", "demo", kT0 + 86399);     // 1 s inside 24 h -> removed
  b.NewLead("ann@example.com", "demo", kT0 + 86400);     // exactly 24 h -> kept
  b.NewLead("ann@example.com", "whitepaper", kT0 + 10);  // other form -> kept
  b.NewLead("", "demo", kT0);                            // no email: never a duplicate
  b.NewLead("", "demo", kT0 + 1);
  ASSERT_TRUE(Clean(Only({Rule::kDuplicateLead}), &b.data).ok());
  EXPECT_EQ(b.data.leads.size(), 5u);
  ASSERT_EQ(CountRule(b.data, Rule::kDuplicateLead), 1);
  EXPECT_EQ(b.data.quarantine[0].origin.line, 3);
}

TEST(CleanTest, DuplicateOrderLastWinsByDefault) {
  Builder b;
  b.Order("o1", 100);
  b.Order("o1", 110);
  b.Order("o2", 50);
  b.Order("", 20);  // no order_id: never a duplicate
  b.Order("", 20);
  ASSERT_TRUE(Clean(Only({Rule::kDuplicateOrder}), &b.data).ok());
  ASSERT_EQ(b.data.conversions.size(), 4u);
  EXPECT_EQ(b.data.conversions[0].revenue, 110);
  EXPECT_EQ(b.data.quarantine[0].origin.line, 2);
  EXPECT_NE(b.data.quarantine[0].message.find("last copy (line 3)"), std::string::npos)
      << b.data.quarantine[0].message;
}

TEST(CleanTest, DuplicateOrderFirstWins) {
  Builder b;
  b.Order("o1", 100);
  b.Order("o1", 110);
  b.Order("o1", 120);
  CleanOptions options = Only({Rule::kDuplicateOrder});
  options.duplicate_order = DuplicateOrderPolicy::kFirstWins;
  ASSERT_TRUE(Clean(options, &b.data).ok());
  ASSERT_EQ(b.data.conversions.size(), 1u);
  EXPECT_EQ(b.data.conversions[0].revenue, 100);
  EXPECT_EQ(CountRule(b.data, Rule::kDuplicateOrder), 2);
}

TEST(CleanTest, RefundsAreNettedIntoTheirOrder) {
  Builder b;
  b.Order("o1", 100, 40);
  b.Order("o1", -30, -12);  // refund with cogs
  b.Order("o2", 80);        // no cogs: imputed after netting
  b.Order("o2", -20);
  b.Order("o3", -5);        // orphan
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  ASSERT_EQ(b.data.conversions.size(), 2u);
  // o1: revenue 100 - 30 = 70, cogs 40 - 12 = 28, gross profit 42.
  EXPECT_DOUBLE_EQ(b.data.conversions[0].revenue, 70);
  EXPECT_DOUBLE_EQ(b.data.conversions[0].cogs, 28);
  EXPECT_DOUBLE_EQ(b.data.conversions[0].gross_profit, 42);
  // o2: revenue 60, cogs imputed 60 * (1 - 0.4) = 36, gross profit 24.
  EXPECT_DOUBLE_EQ(b.data.conversions[1].revenue, 60);
  EXPECT_DOUBLE_EQ(b.data.conversions[1].cogs, 36);
  EXPECT_DOUBLE_EQ(b.data.conversions[1].gross_profit, 24);
  EXPECT_EQ(b.data.conversions[1].imputed, kImputedCogs);
  EXPECT_EQ(b.data.conversions[0].imputed, kImputedNone);
  int64_t netted = 0;
  for (const RowIssue& issue : b.data.quarantine) netted += issue.rule == Rule::kRefundNetted;
  EXPECT_EQ(netted, 2);
  // The change log names the order's revenue before and after.
  bool found = false;
  for (const RowChange& change : b.data.changes) {
    if (change.rule != Rule::kRefundNetted) continue;
    if (change.origin.line == 2) {
      found = true;
      EXPECT_EQ(b.data.str(change.field), "revenue");
      EXPECT_EQ(b.data.str(change.before), "100");
      EXPECT_EQ(b.data.str(change.after), "70");
    }
  }
  EXPECT_TRUE(found);
  ASSERT_EQ(CountRule(b.data, Rule::kOrphanRefund), 1);
  EXPECT_EQ(b.data.quarantine.back().origin.line, 6);
}

TEST(CleanTest, RefundAfterDuplicateOrderNetsIntoTheKeptCopy) {
  Builder b;
  b.Order("o1", 100);
  b.Order("o1", 100);
  b.Order("o1", -100);
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  ASSERT_EQ(b.data.conversions.size(), 1u);
  EXPECT_EQ(b.data.conversions[0].origin.line, 3);
  EXPECT_DOUBLE_EQ(b.data.conversions[0].revenue, 0);
  EXPECT_EQ(CountRule(b.data, Rule::kDuplicateOrder), 1);
}

TEST(CleanTest, GrossProfitGivenDerivesCogsWithoutImputing) {
  Builder b;
  Conversion& order = b.Order("o1", 100);
  order.gross_profit = 30;
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  EXPECT_DOUBLE_EQ(b.data.conversions[0].cogs, 70);
  EXPECT_DOUBLE_EQ(b.data.conversions[0].gross_profit, 30);
  EXPECT_EQ(b.data.conversions[0].imputed, kImputedNone);
  EXPECT_EQ(CountRule(b.data, Rule::kImputed), 0);
}

TEST(CleanTest, WonDealsGetImputedCogs) {
  Builder b;
  Deal won;
  won.origin = {3, 2};
  won.stage = DealStage::kWon;
  won.amount = 1000;
  Deal open = won;
  open.origin.line = 3;
  open.stage = DealStage::kOpen;
  b.data.deals = {won, open};
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  EXPECT_DOUBLE_EQ(b.data.deals[0].cogs, 600);  // 1000 * (1 - 0.4)
  EXPECT_EQ(b.data.deals[0].imputed, kImputedCogs);
  EXPECT_TRUE(IsMissing(b.data.deals[1].cogs));
}

TEST(CleanTest, UtmNormalisationLogsOneChangePerField) {
  Builder b;
  Touchpoint& tp = b.Tp("a", kT0);
  tp.utm_source = b.S(" FB ");
  tp.utm_medium = b.S("Paid_Social");
  tp.utm_campaign = b.S("Spring%20Sale");
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  const Touchpoint& out = b.data.touchpoints[0];
  EXPECT_EQ(b.data.str(out.utm_source), "facebook");
  EXPECT_EQ(b.data.str(out.utm_medium), "paid_social");
  EXPECT_EQ(b.data.str(out.utm_campaign), "spring sale");
  EXPECT_EQ(b.data.str(out.channel), "Paid Social");
  ASSERT_EQ(CountRule(b.data, Rule::kUtmNormalised), 3);
  EXPECT_EQ(b.data.str(b.data.changes[0].field), "utm_source");
  EXPECT_EQ(b.data.str(b.data.changes[0].before), " FB ");
  EXPECT_EQ(b.data.str(b.data.changes[0].after), "facebook");
}

TEST(CleanTest, MissingSourceComesFromReferrerOrDirect) {
  Builder b;
  Touchpoint& search = b.Tp("a", kT0);
  search.utm_source = search.utm_medium = search.utm_campaign = kEmptyString;
  search.referrer = b.S("https://www.google.com/search?q=shoes");
  Touchpoint& blog = b.Tp("b", kT0);
  blog.utm_source = blog.utm_medium = kEmptyString;
  blog.referrer = b.S("https://blog.example.org/post");
  Touchpoint& direct = b.Tp("c", kT0);
  direct.utm_source = direct.utm_medium = kEmptyString;
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  const auto& rows = b.data.touchpoints;
  EXPECT_EQ(b.data.str(rows[0].utm_source), "google");
  EXPECT_EQ(b.data.str(rows[0].utm_medium), "organic");
  EXPECT_EQ(b.data.str(rows[0].utm_campaign), "(not set)");
  EXPECT_EQ(b.data.str(rows[0].channel), "Organic Search");
  EXPECT_EQ(rows[0].imputed, kImputedSource | kImputedCampaign);
  EXPECT_EQ(b.data.str(rows[1].utm_source), "blog.example.org");
  EXPECT_EQ(b.data.str(rows[1].utm_medium), "referral");
  EXPECT_EQ(b.data.str(rows[1].channel), "Referral");
  EXPECT_EQ(rows[1].imputed, kImputedSource);
  EXPECT_EQ(b.data.str(rows[2].utm_source), "(direct)");
  EXPECT_EQ(b.data.str(rows[2].utm_medium), "(none)");
  EXPECT_EQ(b.data.str(rows[2].channel), "Direct");
  // 3 sources + 3 mediums + 1 campaign imputed.
  EXPECT_EQ(CountRule(b.data, Rule::kImputed), 7);
}

TEST(CleanTest, LeadsAndSpendGetChannels) {
  Builder b;
  Lead& lead = b.NewLead("a@b.c", "demo", kT0);
  lead.utm_source = b.S("Newsletter");
  lead.utm_medium = b.S("E-Mail");
  SpendRow given;
  given.origin = {4, 2};
  given.channel = b.S("TV");
  SpendRow grouped;
  grouped.origin = {4, 3};
  grouped.utm_source = b.S("google");
  grouped.utm_medium = b.S("CPC");
  grouped.campaign = b.S("Brand");
  b.data.spend = {given, grouped};
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  EXPECT_EQ(b.data.str(b.data.leads[0].channel), "Email");
  EXPECT_EQ(b.data.str(b.data.leads[0].utm_source), "newsletter");
  EXPECT_EQ(b.data.str(b.data.spend[0].channel), "TV");  // given: kept as is
  EXPECT_EQ(b.data.str(b.data.spend[1].channel), "Paid Search");
  EXPECT_EQ(b.data.str(b.data.spend[1].campaign), "brand");
}

TEST(CleanTest, ClickWithoutSessionIsFlaggedNotRemoved) {
  Builder b;
  b.Tp("a", kT0, EventType::kClick);
  b.Tp("a", kT0 + 1800);                     // session exactly 1800 s later: has one
  b.Tp("b", kT0, EventType::kClick);
  b.Tp("b", kT0 + 1801);                     // too late -> flagged
  b.Tp("c", kT0 + 100);
  b.Tp("c", kT0 + 200, EventType::kClick);   // session only before -> flagged
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  EXPECT_EQ(b.data.touchpoints.size(), 6u);
  ASSERT_EQ(CountRule(b.data, Rule::kClickWithoutSession), 2);
  std::vector<int64_t> lines;
  for (const RowChange& change : b.data.changes) {
    if (change.rule == Rule::kClickWithoutSession) lines.push_back(change.origin.line);
  }
  EXPECT_EQ(lines, (std::vector<int64_t>{4, 7}));
}

TEST(CleanTest, RowsOfABotIdAndABotIpGetTheIdReason) {
  Builder b;
  // "bot": 31 events in 31 s, all from IP 10.0.0.9, which also carries 90 events of 90
  // other ids in the same minute: 121 on the IP. The id's rows are reported with the id
  // reason (the id test runs first); the other 90 rows with the IP reason.
  for (int i = 0; i < 31; ++i) b.Tp("bot", kT0 + i).ip = b.S("10.0.0.9");
  for (int i = 0; i < 90; ++i) b.Tp("x" + std::to_string(i), kT0 + i / 2).ip = b.S("10.0.0.9");
  ASSERT_TRUE(Clean(Only({Rule::kBotRate}), &b.data).ok());
  EXPECT_TRUE(b.data.touchpoints.empty());
  ASSERT_EQ(b.data.quarantine.size(), 121u);
  // Issues follow row order: lines 2..32 are the id's rows, 33..122 the others.
  EXPECT_EQ(b.data.quarantine[0].origin.line, 2);
  EXPECT_EQ(b.data.quarantine[30].message, "id 'bot' made 31 events in 60 s (limit 30)");
  EXPECT_EQ(b.data.quarantine[31].origin.line, 33);
  EXPECT_EQ(b.data.quarantine[31].message,
            "ip '10.0.0.9' made 121 events in 60 s (limit 120)");
}

TEST(CleanTest, FlagsPointAtTheRightRowsAfterEarlierRowsAreRemoved) {
  Builder b;
  // Line 2: a crawler row (removed); lines 3-4: "a" clicks twice on one campaign 10 s
  // apart (the second is an invalid click, removed); line 5: "a"'s session 2000 s later
  // (too late: the first click is flagged); line 6: a click without any id (flagged).
  b.Tp("crawler", kT0).user_agent = b.S("Googlebot/2.1");
  b.Tp("a", kT0, EventType::kClick);
  b.Tp("a", kT0 + 10, EventType::kClick);
  b.Tp("a", kT0 + 2000);
  b.Tp("", kT0, EventType::kClick);
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  ASSERT_EQ(b.data.touchpoints.size(), 3u);
  EXPECT_EQ(CountRule(b.data, Rule::kBotUserAgent), 1);
  EXPECT_EQ(CountRule(b.data, Rule::kInvalidClick), 1);
  std::vector<int64_t> lines;
  for (const RowChange& change : b.data.changes) {
    if (change.rule == Rule::kClickWithoutSession) lines.push_back(change.origin.line);
  }
  EXPECT_EQ(lines, (std::vector<int64_t>{3, 6}));
  // The flags come last in the change log, after the rows' other changes.
  EXPECT_EQ(b.data.changes.back().rule, Rule::kClickWithoutSession);
}

TEST(CleanTest, ManyIdsAreGroupedLikeFew) {
  Builder b;
  // 70000 ids (over 2048 strings, so the grouping sorts in two passes, and over 2^17
  // rows, so two threads check the groups), each with two clicks on one campaign 10 s
  // apart, written with the ids interleaved and the later click first in the file: per
  // id the click at +10 s is the repeat -> 70000 removed, and each kept click (no
  // session) is flagged -> 70000 flags. Then a bot with 31 events.
  constexpr int kIds = 70000;
  for (int i = 0; i < kIds; ++i) b.Tp("id" + std::to_string(i), kT0 + 10, EventType::kClick);
  for (int i = 0; i < kIds; ++i) b.Tp("id" + std::to_string(i), kT0, EventType::kClick);
  for (int i = 0; i < 31; ++i) b.Tp("bot", kT0 + i);
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  EXPECT_EQ(CountRule(b.data, Rule::kBotRate), 31);
  EXPECT_EQ(CountRule(b.data, Rule::kInvalidClick), kIds);
  EXPECT_EQ(CountRule(b.data, Rule::kClickWithoutSession), kIds);
  ASSERT_EQ(b.data.touchpoints.size(), static_cast<size_t>(kIds));
  // The kept clicks are the earlier ones, lines 70002..140001, in order.
  EXPECT_EQ(b.data.touchpoints.front().origin.line, kIds + 2);
  EXPECT_EQ(b.data.touchpoints.back().origin.line, 2 * kIds + 1);
  // The quarantine lists the repeats in row order (lines 2..70001) after the bot's rows.
  ASSERT_EQ(b.data.quarantine.size(), static_cast<size_t>(kIds + 31));
  for (size_t i = 31; i < b.data.quarantine.size(); ++i) {
    ASSERT_EQ(b.data.quarantine[i].origin.line, static_cast<int64_t>(i - 31 + 2));
  }
  EXPECT_EQ(b.data.quarantine.back().message,
            "repeat click on campaign 'spring' 10 s after the previous (window 60 s)");
}

TEST(CleanTest, DisabledRulesDoNothing) {
  Builder b;
  b.Tp("a", kT0).user_agent = b.S("Googlebot/2.1");
  b.Tp("b", kT0, EventType::kClick);
  b.Tp("b", kT0 + 1, EventType::kClick);
  b.Tp("c", kT0).utm_source = b.S("FB");
  b.Order("o1", 10);
  b.Order("o1", 10);
  b.Order("o9", -3);
  CleanOptions options;
  options.enabled.fill(false);
  options.bot_list_path = "/nonexistent.json";  // not needed when bot_user_agent is off
  ASSERT_TRUE(Clean(options, &b.data).ok());
  EXPECT_EQ(b.data.touchpoints.size(), 4u);
  EXPECT_EQ(b.data.conversions.size(), 3u);
  EXPECT_TRUE(b.data.quarantine.empty());
  EXPECT_TRUE(b.data.changes.empty());
  EXPECT_EQ(b.data.str(b.data.touchpoints[3].utm_source), "FB");
  // Channels are still assigned (grouping is not a rule).
  EXPECT_EQ(b.data.str(b.data.touchpoints[0].channel), "Paid Search");
}

TEST(CleanTest, MissingOrMalformedDataFileLeavesDatasetUnchanged) {
  Builder b;
  b.Tp("a", kT0).utm_source = b.S("FB");
  b.Tp("a", kT0 + 1, EventType::kClick);
  b.Tp("a", kT0 + 2, EventType::kClick);
  CleanOptions options;
  options.bot_list_path = "/nonexistent/crawler-user-agents.json";
  Status status = Clean(options, &b.data);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("/nonexistent/crawler-user-agents.json"), std::string::npos);
  EXPECT_EQ(b.data.touchpoints.size(), 3u);
  EXPECT_EQ(b.data.str(b.data.touchpoints[0].utm_source), "FB");
  EXPECT_TRUE(b.data.quarantine.empty());
  EXPECT_TRUE(b.data.changes.empty());

  options = CleanOptions();
  options.source_categories_path = "/nonexistent/categories.csv";
  EXPECT_EQ(Clean(options, &b.data).code(), StatusCode::kNotFound);
  options = CleanOptions();
  options.channel_rules_path = std::string(MROI_SOURCE_DIR) + "/src/clean/clean_test.cc";
  EXPECT_EQ(Clean(options, &b.data).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(b.data.touchpoints.size(), 3u);
  EXPECT_TRUE(b.data.changes.empty());
}

TEST(CleanTest, CleaningCleanDataChangesNothing) {
  Builder b;
  b.Tp("a", kT0).utm_source = b.S(" FB ");
  b.Tp("a", kT0 + 1, EventType::kClick);
  b.Tp("a", kT0 + 2, EventType::kClick);
  b.Tp("a", kT0 + 3).utm_source = kEmptyString;
  for (int i = 0; i < 40; ++i) b.Tp("bot", kT0 + i);
  b.Tp("crawler", kT0).user_agent = b.S("Googlebot/2.1");
  b.NewLead("x@y.z", "demo", kT0);
  b.NewLead("x@y.z", "demo", kT0 + 5);
  b.Order("o1", 100);
  b.Order("o1", 100);
  b.Order("o1", -10);
  b.Order("o2", 50).gross_profit = 20;
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  EXPECT_GT(b.data.quarantine.size(), 40u);
  const size_t rows = b.data.touchpoints.size();
  const size_t conversions = b.data.conversions.size();
  std::vector<StringId> channels;
  for (const Touchpoint& tp : b.data.touchpoints) channels.push_back(tp.channel);
  b.data.quarantine.clear();
  b.data.changes.clear();
  ASSERT_TRUE(Clean(CleanOptions(), &b.data).ok());
  EXPECT_TRUE(b.data.quarantine.empty());
  EXPECT_TRUE(b.data.changes.empty());
  EXPECT_EQ(b.data.touchpoints.size(), rows);
  EXPECT_EQ(b.data.conversions.size(), conversions);
  for (size_t row = 0; row < rows; ++row) {
    EXPECT_EQ(b.data.touchpoints[row].channel, channels[row]);
  }
}

TEST(CleanTest, DefaultDataDirFollowsEnvironment) {
  const char* saved = std::getenv("MROI_DATA_DIR");
  std::string before = saved ? saved : "";
  setenv("MROI_DATA_DIR", "/tmp/somewhere", 1);
  EXPECT_EQ(DefaultDataDir(), "/tmp/somewhere");
  unsetenv("MROI_DATA_DIR");
  EXPECT_EQ(DefaultDataDir(), MROI_DATA_DIR);
  if (saved) setenv("MROI_DATA_DIR", before.c_str(), 1);
}

}  // namespace
}  // namespace mroi
