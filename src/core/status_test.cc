#include "mroi/status.h"

#include <gtest/gtest.h>

#include "mroi/result.h"

namespace mroi {
namespace {

Result<int> Half(int value) {
  if (value % 2 != 0) return InvalidArgument("odd");
  return value / 2;
}

Result<int> Quarter(int value) {
  MROI_ASSIGN_OR_RETURN(int half, Half(value));
  MROI_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int value) {
  MROI_RETURN_IF_ERROR(Half(value).status());
  return Status::OK();
}

TEST(StatusTest, OkAndErrorRender) {
  EXPECT_TRUE(Status::OK().ok());
  EXPECT_EQ(Status::OK().ToString(), "ok");
  Status error = NotFound("no file x.csv");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.code(), StatusCode::kNotFound);
  EXPECT_EQ(error.ToString(), "not_found: no file x.csv");
  EXPECT_EQ(error.WithContext("ingest").message(), "ingest: no file x.csv");
}

TEST(StatusTest, MacrosPropagate) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_FALSE(CheckEven(3).ok());
  EXPECT_EQ(Half(3).value_or(-1), -1);
}

}  // namespace
}  // namespace mroi
