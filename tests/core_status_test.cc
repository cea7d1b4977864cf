#include "engine/core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace kf {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_EQ(Status::Ok(), Status());
}

TEST(StatusTest, ConstructorsSetCodeAndMessage) {
  struct Case {
    Status status;
    StatusCode code;
    const char* name;
  };
  const Case cases[] = {
      {InvalidArgument("m"), StatusCode::kInvalidArgument, "InvalidArgument"},
      {NotFound("m"), StatusCode::kNotFound, "NotFound"},
      {AlreadyExists("m"), StatusCode::kAlreadyExists, "AlreadyExists"},
      {Conflict("m"), StatusCode::kConflict, "Conflict"},
      {FailedPrecondition("m"), StatusCode::kFailedPrecondition, "FailedPrecondition"},
      {PermissionDenied("m"), StatusCode::kPermissionDenied, "PermissionDenied"},
      {Unauthenticated("m"), StatusCode::kUnauthenticated, "Unauthenticated"},
      {Unavailable("m"), StatusCode::kUnavailable, "Unavailable"},
      {DeadlineExceeded("m"), StatusCode::kDeadlineExceeded, "DeadlineExceeded"},
      {ResourceExhausted("m"), StatusCode::kResourceExhausted, "ResourceExhausted"},
      {Unimplemented("m"), StatusCode::kUnimplemented, "Unimplemented"},
      {Internal("m"), StatusCode::kInternal, "Internal"},
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(c.status.ok()) << c.name;
    EXPECT_EQ(c.status.code(), c.code) << c.name;
    EXPECT_EQ(c.status.message(), "m");
    EXPECT_STREQ(StatusCodeName(c.code), c.name);
    EXPECT_EQ(c.status.ToString(), std::string(c.name) + ": m");
  }
  EXPECT_STREQ(StatusCodeName(StatusCode::kOk), "OK");
}

TEST(StatusTest, ToStringQuotesMessage) {
  EXPECT_EQ(NotFound("pods \"x\" not found").ToString(), "NotFound: pods \"x\" not found");
}

TEST(StatusTest, WithPrefix) {
  Status s = InvalidArgument("bad quantity").WithPrefix("spec.replicas");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "spec.replicas: bad quantity");
  EXPECT_TRUE(Status().WithPrefix("ignored").ok());
  EXPECT_EQ(Status().WithPrefix("ignored").message(), "");
}

TEST(StatusTest, Equality) {
  EXPECT_EQ(NotFound("a"), NotFound("a"));
  EXPECT_FALSE(NotFound("a") == NotFound("b"));
  EXPECT_FALSE(NotFound("a") == Conflict("a"));
}

TEST(ResultTest, HoldsValue) {
  Result<int> r = 7;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(r.value(), 7);
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(r.value_or(1), 7);
}

TEST(ResultTest, HoldsError) {
  Result<std::string> r = NotFound("gone");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), NotFound("gone"));
  EXPECT_EQ(r.value_or("fallback"), "fallback");
}

TEST(ResultTest, ArrowAndMoveOut) {
  Result<std::string> r = std::string("hello");
  EXPECT_EQ(r->size(), 5u);
  std::string moved = std::move(r).value();
  EXPECT_EQ(moved, "hello");
  Result<std::unique_ptr<int>> p = std::make_unique<int>(3);
  std::unique_ptr<int> owned = std::move(p).value();
  EXPECT_EQ(*owned, 3);
}

Status FailIf(bool fail) { return fail ? Unavailable("down") : Status::Ok(); }

Status Chain(bool fail, int* reached) {
  KF_RETURN_IF_ERROR(FailIf(fail));
  *reached = 1;
  return Status::Ok();
}

Result<int> Half(int v) {
  if (v % 2 != 0) return InvalidArgument("odd");
  return v / 2;
}

Result<int> Quarter(int v) {
  KF_ASSIGN_OR_RETURN(int h, Half(v));
  KF_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusMacrosTest, ReturnIfError) {
  int reached = 0;
  EXPECT_EQ(Chain(true, &reached), Unavailable("down"));
  EXPECT_EQ(reached, 0);
  EXPECT_TRUE(Chain(false, &reached).ok());
  EXPECT_EQ(reached, 1);
}

TEST(StatusMacrosTest, AssignOrReturn) {
  EXPECT_EQ(Quarter(8).value(), 2);
  EXPECT_EQ(Quarter(6).status(), InvalidArgument("odd"));
  EXPECT_EQ(Quarter(5).status(), InvalidArgument("odd"));
}

}  // namespace
}  // namespace kf
