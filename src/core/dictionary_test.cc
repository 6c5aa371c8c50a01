#include "mroi/dictionary.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

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

}  // namespace
}  // namespace mroi
