#include "mroi/dictionary.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace mroi {
namespace {

TEST(DictionaryTest, EmptyStringIsIdZero) {
  Dictionary dict;
  EXPECT_EQ(dict.size(), 1);
  EXPECT_EQ(dict.Intern(""), kEmptyString);
  EXPECT_EQ(dict.Get(kEmptyString), "");
}

TEST(DictionaryTest, InternIsStableAndDense) {
  Dictionary dict;
  StringId google = dict.Intern("google");
  StringId facebook = dict.Intern("facebook");
  EXPECT_EQ(google, 1);
  EXPECT_EQ(facebook, 2);
  EXPECT_EQ(dict.Intern("google"), google);
  EXPECT_EQ(dict.Find("facebook"), facebook);
  EXPECT_EQ(dict.Find("bing"), -1);
  EXPECT_EQ(dict.Get(facebook), "facebook");
}

TEST(DictionaryTest, ViewsSurviveGrowthAcrossBlocks) {
  Dictionary dict;
  std::string long_value(3 << 20, 'x');  // bigger than one block
  StringId big = dict.Intern(long_value);
  for (int value_idx = 0; value_idx < 100000; ++value_idx) {
    dict.Intern("id-" + std::to_string(value_idx));
  }
  EXPECT_EQ(dict.Get(big).size(), long_value.size());
  EXPECT_EQ(dict.Get(dict.Find("id-77777")), "id-77777");
  EXPECT_EQ(dict.size(), 100002);
  Dictionary moved = std::move(dict);
  EXPECT_EQ(moved.Find("id-5"), moved.Intern("id-5"));
}

TEST(DictionaryTest, AgreesWithAReferenceMap) {
  // Random short strings over a tiny alphabet: many near-collisions and repeats.
  std::mt19937_64 rng(0x5487655);
  Dictionary dict;
  std::unordered_map<std::string, StringId> reference{{"", kEmptyString}};
  for (int step = 0; step < 200000; ++step) {
    std::string text(rng() % 12, 'a');
    for (char& c : text) c = static_cast<char>('a' + rng() % 3);
    StringId id = dict.Intern(text);
    auto [it, inserted] = reference.emplace(text, id);
    ASSERT_EQ(it->second, id) << text;
    ASSERT_EQ(dict.Get(id), text);
  }
  EXPECT_EQ(static_cast<size_t>(dict.size()), reference.size());
  for (const auto& [text, id] : reference) EXPECT_EQ(dict.Find(text), id);
  EXPECT_EQ(dict.Find("zzz"), -1);
}

TEST(DictionaryTest, ReserveKeepsIdsAndLookups) {
  Dictionary dict;
  StringId early = dict.Intern("early");
  dict.Reserve(300000);  // rehashes the index to 1 << 20 slots (2 * 300000 <= 2^20)
  EXPECT_EQ(dict.Find("early"), early);
  EXPECT_EQ(dict.Get(early), "early");
  for (int value_idx = 0; value_idx < 300000; ++value_idx) {
    ASSERT_EQ(dict.Intern("v" + std::to_string(value_idx)), value_idx + 2);
  }
  EXPECT_EQ(dict.size(), 300002);  // "", "early", 300000 values
  EXPECT_EQ(dict.Find("v299999"), 300001);
  EXPECT_EQ(dict.Find("v300000"), -1);
  dict.Reserve(10);  // smaller than the size: no change
  dict.Reserve(-1);
  EXPECT_EQ(dict.Find("v123"), 125);
  EXPECT_EQ(dict.Intern(""), kEmptyString);
}

TEST(DictionaryTest, InternWithHashAndPrefetchAgreeWithIntern) {
  Dictionary dict;
  const std::string texts[] = {"google", "facebook", "a-very-long-user-agent-string/1.0",
                               "google"};
  StringId ids[4];
  for (int idx = 0; idx < 4; ++idx) {
    const uint64_t hash = Dictionary::HashText(texts[idx]);
    dict.Prefetch(hash);      // a hint: no effect on the contents
    dict.PrefetchText(hash);  // also on an empty or a foreign slot
    ids[idx] = dict.Intern(texts[idx], hash);
  }
  EXPECT_EQ(ids[0], 1);
  EXPECT_EQ(ids[1], 2);
  EXPECT_EQ(ids[2], 3);
  EXPECT_EQ(ids[3], ids[0]);
  EXPECT_EQ(dict.Intern("facebook"), ids[1]);
  EXPECT_EQ(dict.Get(ids[2]), texts[2]);
  EXPECT_EQ(dict.bytes(), 6 + 8 + 33);  // each distinct string counted once
}

TEST(DictionaryTest, PrefixesAndNearTwinsAreToldApart) {
  // Strings that differ only in length or in the last byte, over a tiny table
  // that grows many times.
  Dictionary dict;
  std::string text;
  std::vector<StringId> ids;
  for (int length = 1; length <= 40; ++length) {
    text.push_back('x');
    ids.push_back(dict.Intern(text));
    std::string other = text;
    other.back() = 'y';
    ids.push_back(dict.Intern(other));
  }
  ASSERT_EQ(ids.size(), 80u);
  for (size_t idx = 0; idx < ids.size(); ++idx) {
    EXPECT_EQ(ids[idx], static_cast<StringId>(idx + 1));
  }
  EXPECT_EQ(dict.Get(ids[78]), std::string(40, 'x'));
  EXPECT_EQ(dict.Find(std::string(41, 'x')), -1);
}

}  // namespace
}  // namespace mroi
