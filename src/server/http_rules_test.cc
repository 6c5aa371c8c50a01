#include "http_rules_internal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace mroi::internal {
namespace {

namespace fs = std::filesystem;

// A dashboard folder with index.html, assets/app.js, a symlink out of it and a secret
// file beside it.
class StaticPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / fmt_name();
    fs::remove_all(base_);
    fs::create_directories(base_ / "dist" / "assets");
    Write(base_ / "dist" / "index.html", "<html>");
    Write(base_ / "dist" / "assets" / "app.js", "x");
    Write(base_ / "secret.txt", "secret");
    fs::create_symlink(base_ / "secret.txt", base_ / "dist" / "leak.txt");
    fs::create_symlink(base_ / "dist" / "assets" / "app.js", base_ / "dist" / "alias.js");
    root_ = fs::canonical(base_ / "dist").string();
  }
  void TearDown() override { fs::remove_all(base_); }
  static std::string fmt_name() { return "mroi_static_" + std::to_string(::getpid()); }
  static void Write(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  fs::path base_;
  std::string root_;
};

TEST_F(StaticPathTest, ServesFilesAndIndex) {
  auto index = ResolveStaticPath(root_, "/");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ(*index, root_ + "/index.html");
  auto asset = ResolveStaticPath(root_, "/assets/app.js");
  ASSERT_TRUE(asset.ok());
  EXPECT_EQ(*asset, root_ + "/assets/app.js");
  auto folder = ResolveStaticPath(root_, "/assets/");
  EXPECT_EQ(folder.status().code(), StatusCode::kNotFound);  // no index.html there
  // A symlink that stays inside the folder is served (as its target).
  auto alias = ResolveStaticPath(root_, "/alias.js");
  ASSERT_TRUE(alias.ok());
  EXPECT_EQ(*alias, root_ + "/assets/app.js");
}

TEST_F(StaticPathTest, RefusesTraversal) {
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/./index.html",
                           "/..", "/assets//app.js", "/%2e%2e/secret.txt",
                           "/a\\..\\secret.txt"}) {
    auto resolved = ResolveStaticPath(root_, path);
    EXPECT_EQ(resolved.status().code(), StatusCode::kInvalidArgument) << path;
  }
  EXPECT_EQ(ResolveStaticPath(root_, std::string("/index.html\0x", 13)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ResolveStaticPath(root_, "index.html").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(StaticPathTest, SymlinkOutOfTheFolderIsNotFound) {
  EXPECT_EQ(ResolveStaticPath(root_, "/leak.txt").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ResolveStaticPath(root_, "/etc/passwd").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ResolveStaticPath(root_, "/missing.js").status().code(), StatusCode::kNotFound);
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(ContentTypeFor("/a/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("app.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("logo.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("data.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("font.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("archive.tar"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("html"), "application/octet-stream");
}

TEST(QueryTest, UnknownParameterNamesTheAcceptedOnes) {
  QueryParams params{{"period", {"2025-Q1"}}, {"colour", {"red"}}};
  Status status = CheckParams(params, {"period", "compare"}, "/api/metrics");
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "unknown parameter 'colour' for /api/metrics; accepted: period, compare");
  EXPECT_TRUE(CheckParams({{"period", {"2025-Q1"}}}, {"period"}, "/api/x").ok());
  EXPECT_EQ(CheckParams({{"a", {}}}, {}, "/api/health").message(),
            "unknown parameter 'a' for /api/health; accepted: none");
}

TEST(QueryTest, RejectsLongAndControlValues) {
  EXPECT_FALSE(CheckParams({{"period", {std::string(1001, 'x')}}}, {"period"}, "r").ok());
  EXPECT_TRUE(CheckParams({{"period", {std::string(1000, 'x')}}}, {"period"}, "r").ok());
  EXPECT_FALSE(CheckParams({{"period", {"a\nb"}}}, {"period"}, "r").ok());
  // SQL-looking text is just text.
  EXPECT_TRUE(CheckParams({{"channel", {"' OR 1=1 --"}}}, {"channel"}, "r").ok());
}

TEST(QueryTest, SingleParam) {
  QueryParams params{{"a", {"1"}}, {"b", {"1", "2"}}};
  EXPECT_EQ(*SingleParam(params, "a"), "1");
  EXPECT_EQ(*SingleParam(params, "missing"), "");
  EXPECT_EQ(SingleParam(params, "b").status().message(),
            "parameter 'b' given 2 times; give it once");
}

TEST(QueryTest, CanonicalFormIsSortedAndEncoded) {
  QueryParams one{{"period", {"2025-Q1"}}, {"channel", {"Paid Search", "Email"}}};
  EXPECT_EQ(CanonicalQuery(one), "channel=Paid%20Search&channel=Email&period=2025-Q1");
  EXPECT_EQ(CanonicalQuery({}), "");
  // '&' and '=' inside values cannot forge another parameter.
  EXPECT_NE(CanonicalQuery({{"a", {"1&b=2"}}}), CanonicalQuery({{"a", {"1"}}, {"b", {"2"}}}));
  EXPECT_EQ(PercentEncode("a b/~"), "a%20b%2F~");
}

TEST(JsonBodyTest, MembersBecomeParameters) {
  auto params = ParamsFromJsonBody(R"({"period":"2025-Q1","budget":1500.5,"ci":true,
                                       "channel":["Email","Direct"]})");
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  EXPECT_EQ((*params)["period"], std::vector<std::string>{"2025-Q1"});
  EXPECT_EQ((*params)["budget"], std::vector<std::string>{"1500.5"});
  EXPECT_EQ((*params)["ci"], std::vector<std::string>{"true"});
  EXPECT_EQ((*params)["channel"], (std::vector<std::string>{"Email", "Direct"}));
}

TEST(JsonBodyTest, BadBodiesAreInvalidArgument) {
  for (const char* body : {"{", "{\"a\":}", "[1,2]", "\"text\"", "{\"a\":{\"b\":1}}",
                           "{\"a\":null}", "{\"a\":[[1]]}", "\xff\xfe"}) {
    auto params = ParamsFromJsonBody(body);
    EXPECT_EQ(params.status().code(), StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(ParamsFromJsonBody("{").status().message(), "the request body is not valid JSON");
}

TEST(StatusMappingTest, CodesAndErrorBody) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 422);
  EXPECT_EQ(HttpStatusFor(StatusCode::kIOError), 500);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
  auto body = nlohmann::json::parse(ErrorJson("invalid_argument", "bad \"x\""));
  EXPECT_EQ(body["error"]["code"], "invalid_argument");
  EXPECT_EQ(body["error"]["message"], "bad \"x\"");
  // Invalid UTF-8 in a message does not throw.
  EXPECT_NO_THROW(nlohmann::json::parse(ErrorJson("x", "\xff")));
}

TEST(TokenCheckTest, BearerHeader) {
  const std::string token(64, 'a');
  EXPECT_TRUE(BearerTokenMatches("Bearer " + token, token));
  EXPECT_TRUE(BearerTokenMatches("bearer  " + token + " ", token));
  EXPECT_FALSE(BearerTokenMatches("Bearer " + token.substr(1), token));
  EXPECT_FALSE(BearerTokenMatches("Bearer " + token + "a", token));
  EXPECT_FALSE(BearerTokenMatches("Basic " + token, token));
  EXPECT_FALSE(BearerTokenMatches(token, token));
  EXPECT_FALSE(BearerTokenMatches("", token));
  EXPECT_FALSE(BearerTokenMatches("Bearer ", ""));  // an empty token never matches
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(RouteNameTest, Valid) {
  EXPECT_TRUE(IsValidRouteName("clv"));
  EXPECT_TRUE(IsValidRouteName("plan/reverse"));
  EXPECT_TRUE(IsValidRouteName("ab-test_2"));
  EXPECT_FALSE(IsValidRouteName(""));
  EXPECT_FALSE(IsValidRouteName("/clv"));
  EXPECT_FALSE(IsValidRouteName("clv/"));
  EXPECT_FALSE(IsValidRouteName("a//b"));
  EXPECT_FALSE(IsValidRouteName("Clv"));
  EXPECT_FALSE(IsValidRouteName("../x"));
  EXPECT_FALSE(IsValidRouteName(std::string(65, 'a')));
}

}  // namespace
}  // namespace mroi::internal
