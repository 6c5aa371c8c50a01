#include "mroi/identity.h"

#include <algorithm>
#include <map>
#include <queue>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "identity/email_internal.h"
#include "identity/union_find_internal.h"

namespace mroi {
namespace {

// sha256("test@example.com"), from `printf %s test@example.com | sha256sum`.
constexpr char kTestEmailSha256[] =
    "973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b";

Touchpoint MakeTouch(Dataset* dataset, const std::string& anonymous_id,
                     const std::string& user_id = "", const std::string& email = "") {
  Touchpoint touch;
  touch.anonymous_id = dataset->strings.Intern(anonymous_id);
  touch.user_id = dataset->strings.Intern(user_id);
  touch.email = dataset->strings.Intern(email);
  return touch;
}

TEST(NormaliseEmailTest, TrimsAndLowerCases) {
  EXPECT_EQ(NormaliseEmail("  Jane.Doe@Example.COM\t\n"), "jane.doe@example.com");
  EXPECT_EQ(NormaliseEmail("a@b"), "a@b");
}

TEST(NormaliseEmailTest, NoAtSignGivesEmpty) {
  EXPECT_EQ(NormaliseEmail("not an email"), "");
  EXPECT_EQ(NormaliseEmail("   "), "");
  EXPECT_EQ(NormaliseEmail(""), "");
}

TEST(Sha256HexTest, KnownVector) {
  auto digest = internal::Sha256Hex("test@example.com");
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(*digest, kTestEmailSha256);
  EXPECT_TRUE(internal::IsSha256Hex(*digest));
  EXPECT_FALSE(internal::IsSha256Hex("test@example.com"));
}

TEST(UnionFindTest, MergesAndCountsSizes) {
  internal::UnionFind sets;
  for (int element = 0; element < 5; ++element) sets.Add();
  sets.Union(0, 1);
  sets.Union(3, 4);
  sets.Union(1, 4);
  EXPECT_EQ(sets.Find(0), sets.Find(3));
  EXPECT_NE(sets.Find(0), sets.Find(2));
  EXPECT_EQ(sets.SetSize(4), 4);
  EXPECT_EQ(sets.SetSize(2), 1);
}

// Device A: anonymous a1 logged in as u1 on one row. Device B: anonymous a2 fills a
// lead form with the email that u1 used on an order. A deal references the lead only.
// All of it is one person; a3 on a third device stays apart.
TEST(StitchIdentitiesTest, CrossDeviceLeadAndDealAreOnePerson) {
  Dataset dataset;
  dataset.touchpoints.push_back(MakeTouch(&dataset, "a1", "u1"));
  dataset.touchpoints.push_back(MakeTouch(&dataset, "a2"));
  dataset.touchpoints.push_back(MakeTouch(&dataset, "a3"));
  Conversion order;
  order.user_id = dataset.strings.Intern("u1");
  order.email = dataset.strings.Intern("U1@Example.com ");
  dataset.conversions.push_back(order);
  Lead lead;
  lead.lead_id = dataset.strings.Intern("L1");
  lead.email = dataset.strings.Intern("  u1@EXAMPLE.COM");
  lead.anonymous_id = dataset.strings.Intern("a2");
  dataset.leads.push_back(lead);
  Deal deal;
  deal.deal_id = dataset.strings.Intern("D1");
  deal.lead_id = dataset.strings.Intern("L1");
  dataset.deals.push_back(deal);

  auto result = StitchIdentities(IdentityOptions{}, &dataset);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  // Persons numbered by first appearance: a1/u1 = 0, a3 = 1.
  EXPECT_EQ(result->touchpoint_person, (std::vector<int32_t>{0, 0, 1}));
  EXPECT_EQ(result->conversion_person, (std::vector<int32_t>{0}));
  EXPECT_EQ(result->lead_person, (std::vector<int32_t>{0}));
  EXPECT_EQ(result->deal_person, (std::vector<int32_t>{0}));
  // ids: a1 a2 a3 (anonymous), u1 (user), u1@example.com (email), L1 (lead), D1 (deal).
  EXPECT_EQ(result->ids, 7);
  EXPECT_EQ(result->persons, 2);
  EXPECT_EQ(result->ids_by_kind, (std::array<int64_t, kNumIdKinds>{3, 1, 1, 1, 1}));
  // Emails were normalised in place, to the same string.
  EXPECT_EQ(dataset.str(dataset.conversions[0].email), "u1@example.com");
  EXPECT_EQ(dataset.leads[0].email, dataset.conversions[0].email);
}

TEST(StitchIdentitiesTest, SameTextOfDifferentKindsIsNotMerged) {
  Dataset dataset;
  dataset.touchpoints.push_back(MakeTouch(&dataset, "42"));
  dataset.touchpoints.push_back(MakeTouch(&dataset, "", "42"));
  dataset.touchpoints.push_back(MakeTouch(&dataset, "42"));
  Lead lead;
  lead.lead_id = dataset.strings.Intern("42");
  dataset.leads.push_back(lead);
  auto result = StitchIdentities(IdentityOptions{}, &dataset);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->touchpoint_person, (std::vector<int32_t>{0, 1, 0}));
  EXPECT_EQ(result->lead_person, (std::vector<int32_t>{2}));
  EXPECT_EQ(result->ids, 3);
  EXPECT_EQ(result->persons, 3);
}

TEST(StitchIdentitiesTest, HashesEmailsOnRequest) {
  Dataset dataset;
  dataset.touchpoints.push_back(MakeTouch(&dataset, "", "", " Test@Example.com"));
  Conversion order;
  order.email = dataset.strings.Intern("test@example.com");
  dataset.conversions.push_back(order);
  IdentityOptions options;
  options.hash_emails = true;
  auto result = StitchIdentities(options, &dataset);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(dataset.str(dataset.touchpoints[0].email), kTestEmailSha256);
  EXPECT_EQ(dataset.conversions[0].email, dataset.touchpoints[0].email);
  EXPECT_EQ(result->persons, 1);
  EXPECT_EQ(result->ids_by_kind[static_cast<size_t>(IdKind::kEmail)], 1);
}

TEST(StitchIdentitiesTest, AlreadyHashedEmailIsKeptAndMatchesHashedPlainEmail) {
  // A hashed email from an ad platform (upper-case hex) and the plain address.
  Dataset dataset;
  std::string upper = kTestEmailSha256;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](char c) { return static_cast<char>(std::toupper(c)); });
  dataset.touchpoints.push_back(MakeTouch(&dataset, "a1", "", upper));
  dataset.touchpoints.push_back(MakeTouch(&dataset, "a2", "", "test@example.com"));
  IdentityOptions options;
  options.hash_emails = true;
  auto result = StitchIdentities(options, &dataset);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(dataset.str(dataset.touchpoints[0].email), kTestEmailSha256);
  EXPECT_EQ(result->touchpoint_person, (std::vector<int32_t>{0, 0}));
  // Stitching twice changes nothing (the hashes are recognised as hashes).
  auto again = StitchIdentities(options, &dataset);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(dataset.str(dataset.touchpoints[1].email), kTestEmailSha256);
  EXPECT_EQ(again->persons, 1);
}

TEST(StitchIdentitiesTest, HashedEmailIsKeptWithoutHashingToo) {
  Dataset dataset;
  dataset.touchpoints.push_back(
      MakeTouch(&dataset, "", "", std::string(" ") + kTestEmailSha256));
  dataset.touchpoints.push_back(MakeTouch(&dataset, "", "", "Test@Example.com"));
  auto result = StitchIdentities(IdentityOptions{}, &dataset);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(dataset.str(dataset.touchpoints[0].email), kTestEmailSha256);
  EXPECT_EQ(dataset.str(dataset.touchpoints[1].email), "test@example.com");
  // Without hashing the plain address and its digest are two different ids.
  EXPECT_EQ(result->touchpoint_person, (std::vector<int32_t>{0, 1}));
}

TEST(StitchIdentitiesTest, InvalidEmailIsDroppedAndRowWithoutIdsHasNoPerson) {
  Dataset dataset;
  dataset.touchpoints.push_back(MakeTouch(&dataset, "", "", "nobody"));
  dataset.touchpoints.push_back(MakeTouch(&dataset, "a1"));
  Conversion order;  // no id at all
  dataset.conversions.push_back(order);
  auto result = StitchIdentities(IdentityOptions{}, &dataset);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(dataset.touchpoints[0].email, kEmptyString);
  EXPECT_EQ(result->touchpoint_person, (std::vector<int32_t>{-1, 0}));
  EXPECT_EQ(result->conversion_person, (std::vector<int32_t>{-1}));
  EXPECT_EQ(result->ids, 1);
  EXPECT_EQ(result->persons, 1);
}

TEST(StitchIdentitiesTest, EmptyDataset) {
  Dataset dataset;
  auto result = StitchIdentities(IdentityOptions{}, &dataset);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->ids, 0);
  EXPECT_EQ(result->persons, 0);
  EXPECT_TRUE(result->touchpoint_person.empty());
}

TEST(StitchIdentitiesTest, BadStringIdIsAnError) {
  Dataset dataset;
  Touchpoint touch;
  touch.user_id = 12345;  // never interned
  dataset.touchpoints.push_back(touch);
  auto result = StitchIdentities(IdentityOptions{}, &dataset);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);

  Dataset bad_email;
  Lead lead;
  lead.email = -7;
  bad_email.leads.push_back(lead);
  EXPECT_EQ(StitchIdentities(IdentityOptions{}, &bad_email).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(StitchIdentities(IdentityOptions{}, nullptr).status().code(),
            StatusCode::kInvalidArgument);
}

// Naive reference: ids are (kind, text) nodes, each row links its ids in a chain;
// components by breadth-first search; persons numbered by the first row that
// reaches a component. Returns persons per row in row order (all four tables).
struct NaiveIdentity {
  std::vector<int32_t> person;  // per row, tables concatenated
  int64_t ids = 0;
  int64_t persons = 0;
};

using IdList = std::vector<std::pair<int, std::string>>;

NaiveIdentity NaiveStitch(const std::vector<IdList>& rows) {
  std::map<std::pair<int, std::string>, int> node_of;
  for (const IdList& row : rows) {
    for (const auto& id : row) node_of.emplace(id, static_cast<int>(node_of.size()));
  }
  std::vector<std::vector<int>> edges(node_of.size());
  for (const IdList& row : rows) {
    for (size_t idx = 1; idx < row.size(); ++idx) {
      const int a = node_of[row[idx - 1]];
      const int b = node_of[row[idx]];
      edges[a].push_back(b);
      edges[b].push_back(a);
    }
  }
  std::vector<int> component(node_of.size(), -1);
  NaiveIdentity out;
  out.ids = static_cast<int64_t>(node_of.size());
  for (const IdList& row : rows) {
    if (row.empty()) {
      out.person.push_back(-1);
      continue;
    }
    const int start = node_of[row[0]];
    if (component[start] < 0) {
      const int label = static_cast<int>(out.persons++);
      std::queue<int> queue;
      queue.push(start);
      component[start] = label;
      while (!queue.empty()) {
        const int node = queue.front();
        queue.pop();
        for (int next : edges[node]) {
          if (component[next] < 0) {
            component[next] = label;
            queue.push(next);
          }
        }
      }
    }
    out.person.push_back(component[start]);
  }
  return out;
}

TEST(StitchIdentitiesTest, MatchesNaiveBreadthFirstSearchOnRandomGraphs) {
  std::mt19937 rng(0x5487655);
  for (int pool : {1, 3, 10, 40, 200}) {
    for (int rows : {0, 1, 5, 50, 500}) {
      Dataset dataset;
      std::vector<IdList> naive_rows;
      std::uniform_int_distribution<int> pick(0, pool - 1);
      std::bernoulli_distribution present(0.45);
      auto id = [&](int kind, StringId* field, IdList* list) {
        if (!present(rng)) return;
        const std::string text = std::to_string(pick(rng));
        // Emails need an '@'; mixed case checks that normalisation merges them.
        const std::string value = kind == static_cast<int>(IdKind::kEmail)
                                      ? (present(rng) ? "U" : "u") + text + "@x.org"
                                      : text;
        *field = dataset.strings.Intern(value);
        list->emplace_back(kind, kind == static_cast<int>(IdKind::kEmail)
                                     ? "u" + text + "@x.org"
                                     : text);
      };
      constexpr int kAnon = 0, kUser = 1, kEmail = 2, kLead = 3, kDeal = 4;
      for (int row = 0; row < rows; ++row) {
        Touchpoint touch;
        IdList list;
        id(kAnon, &touch.anonymous_id, &list);
        id(kUser, &touch.user_id, &list);
        id(kEmail, &touch.email, &list);
        dataset.touchpoints.push_back(touch);
        naive_rows.push_back(list);
      }
      for (int row = 0; row < rows / 5; ++row) {
        Conversion order;
        IdList list;
        id(kUser, &order.user_id, &list);
        id(kAnon, &order.anonymous_id, &list);
        id(kEmail, &order.email, &list);
        dataset.conversions.push_back(order);
        naive_rows.push_back(list);
      }
      for (int row = 0; row < rows / 5; ++row) {
        Lead lead;
        IdList list;
        id(kLead, &lead.lead_id, &list);
        id(kEmail, &lead.email, &list);
        id(kAnon, &lead.anonymous_id, &list);
        id(kUser, &lead.user_id, &list);
        dataset.leads.push_back(lead);
        naive_rows.push_back(list);
      }
      for (int row = 0; row < rows / 10; ++row) {
        Deal deal;
        IdList list;
        id(kDeal, &deal.deal_id, &list);
        id(kLead, &deal.lead_id, &list);
        id(kEmail, &deal.email, &list);
        id(kUser, &deal.user_id, &list);
        dataset.deals.push_back(deal);
        naive_rows.push_back(list);
      }
      const NaiveIdentity expected = NaiveStitch(naive_rows);
      auto result = StitchIdentities(IdentityOptions{}, &dataset);
      ASSERT_TRUE(result.ok());
      std::vector<int32_t> actual = result->touchpoint_person;
      for (const auto* part :
           {&result->conversion_person, &result->lead_person, &result->deal_person}) {
        actual.insert(actual.end(), part->begin(), part->end());
      }
      EXPECT_EQ(actual, expected.person) << "pool " << pool << " rows " << rows;
      EXPECT_EQ(result->ids, expected.ids) << "pool " << pool << " rows " << rows;
      EXPECT_EQ(result->persons, expected.persons) << "pool " << pool << " rows " << rows;
    }
  }
}

}  // namespace
}  // namespace mroi
