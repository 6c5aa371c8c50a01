#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mroi/server.h"

namespace mroi {
namespace {

namespace fs = std::filesystem;

class AccessTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mroi_token_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AccessTokenTest, CreatedOnceWithMode0600ThenRead) {
  auto first = LoadOrCreateAccessToken(dir_.string());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->token.size(), 64u);
  EXPECT_EQ(first->token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(first->path, (dir_ / ".mroi-token").string());
  struct stat info {};
  ASSERT_EQ(::stat(first->path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto second = LoadOrCreateAccessToken(dir_.string());
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->token, first->token);
}

TEST_F(AccessTokenTest, TwoFoldersGetDifferentTokens) {
  fs::create_directories(dir_ / "other");
  auto one = LoadOrCreateAccessToken(dir_.string());
  auto two = LoadOrCreateAccessToken((dir_ / "other").string());
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_NE(one->token, two->token);
}

TEST_F(AccessTokenTest, BadFileIsAnError) {
  std::ofstream(dir_ / ".mroi-token") << "not a token\n";
  auto token = LoadOrCreateAccessToken(dir_.string());
  EXPECT_EQ(token.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(token.status().message().find("64 hex digits"), std::string::npos);
}

TEST_F(AccessTokenTest, MissingFolderIsIOError) {
  auto token = LoadOrCreateAccessToken((dir_ / "missing").string());
  EXPECT_EQ(token.status().code(), StatusCode::kIOError);
}

TEST(LoopbackTest, Hosts) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("::"));
  EXPECT_FALSE(IsLoopbackHost("192.168.1.2"));
  EXPECT_FALSE(IsLoopbackHost("127.0.0.1.evil.com"));
  EXPECT_FALSE(IsLoopbackHost("127.example.com"));
  EXPECT_FALSE(IsLoopbackHost(""));
}

}  // namespace
}  // namespace mroi
