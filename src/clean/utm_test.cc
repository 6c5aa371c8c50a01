#include <gtest/gtest.h>

#include "mroi/clean.h"

namespace mroi {
namespace {

TEST(UtmTest, SourceTrimsLowerCasesAndAppliesAliases) {
  EXPECT_EQ(NormaliseSource("  FB "), "facebook");
  EXPECT_EQ(NormaliseSource("m.facebook.com"), "facebook");
  EXPECT_EQ(NormaliseSource("l.facebook.com"), "facebook");
  EXPECT_EQ(NormaliseSource("Facebook.com"), "facebook");
  EXPECT_EQ(NormaliseSource("IG"), "instagram");
  EXPECT_EQ(NormaliseSource("Google"), "google");
  EXPECT_EQ(NormaliseSource("newsletter"), "newsletter");
}

TEST(UtmTest, ExtraAliasesApplyAfterBuiltIns) {
  std::map<std::string, std::string> extra = {{"goog", "google"}, {"facebook", "meta"}};
  EXPECT_EQ(NormaliseSource("GOOG", extra), "google");
  // "fb" -> "facebook" (built in) -> "meta" (extra).
  EXPECT_EQ(NormaliseSource("fb", extra), "meta");
}

TEST(UtmTest, MediumAliases) {
  EXPECT_EQ(NormaliseMedium("CPC"), "cpc");
  EXPECT_EQ(NormaliseMedium("ppc"), "cpc");
  EXPECT_EQ(NormaliseMedium("Paid"), "cpc");
  EXPECT_EQ(NormaliseMedium("paidsearch"), "cpc");
  EXPECT_EQ(NormaliseMedium("E-Mail"), "email");
  EXPECT_EQ(NormaliseMedium("e_mail"), "email");
  EXPECT_EQ(NormaliseMedium("PaidSocial"), "paid_social");
  EXPECT_EQ(NormaliseMedium("paid_social"), "paid_social");
  EXPECT_EQ(NormaliseMedium("organic"), "organic");
  std::map<std::string, std::string> extra = {{"social_paid", "paid_social"}};
  EXPECT_EQ(NormaliseMedium("Social_Paid", extra), "paid_social");
}

TEST(UtmTest, UrlDecoding) {
  EXPECT_EQ(NormaliseUtmValue("Spring%20Sale"), "spring sale");
  EXPECT_EQ(NormaliseUtmValue("spring+sale"), "spring sale");
  EXPECT_EQ(NormaliseUtmValue("%46B"), "fb");
  EXPECT_EQ(NormaliseSource("%46B"), "facebook");
  // A '%' without two hex digits is kept as it is.
  EXPECT_EQ(NormaliseUtmValue("50%off"), "50%off");
  EXPECT_EQ(NormaliseUtmValue("100%"), "100%");
  EXPECT_EQ(NormaliseUtmValue("%2"), "%2");
  EXPECT_EQ(NormaliseUtmValue("   "), "");
  EXPECT_EQ(NormaliseUtmValue("%20x%20"), "x");
}

TEST(UtmTest, NormalisationIsIdempotent) {
  for (const char* value : {" FB ", "Spring%20Sale", "E-Mail", "paid", "(direct)", "x.com"}) {
    std::string once = NormaliseSource(value);
    EXPECT_EQ(NormaliseSource(once), once) << value;
    std::string medium = NormaliseMedium(value);
    EXPECT_EQ(NormaliseMedium(medium), medium) << value;
  }
}

TEST(UtmTest, SourceFromReferrer) {
  EXPECT_EQ(SourceFromReferrer("https://www.google.com/search?q=x"), "google");
  EXPECT_EQ(SourceFromReferrer("https://www.google.co.uk/"), "google");
  EXPECT_EQ(SourceFromReferrer("https://search.yahoo.com/search?p=shoes"), "yahoo");
  EXPECT_EQ(SourceFromReferrer("http://m.facebook.com/story.php"), "facebook");
  EXPECT_EQ(SourceFromReferrer("https://l.facebook.com/l.php?u=x"), "facebook");
  EXPECT_EQ(SourceFromReferrer("https://t.co/abc"), "t.co");
  EXPECT_EQ(SourceFromReferrer("https://news.ycombinator.com/item?id=1"),
            "news.ycombinator.com");
  EXPECT_EQ(SourceFromReferrer("HTTPS://Blog.Example.ORG:8080/post#x"), "blog.example.org");
  EXPECT_EQ(SourceFromReferrer("https://user@www.bing.com/"), "bing");
  EXPECT_EQ(SourceFromReferrer(""), "");
  EXPECT_EQ(SourceFromReferrer("https:///nohost"), "");
}

}  // namespace
}  // namespace mroi
