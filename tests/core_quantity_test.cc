#include "engine/core/quantity.h"

#include <gtest/gtest.h>

#include <string>

namespace kf {
namespace {

constexpr int64_t kMi = 1024 * 1024;
constexpr int64_t kGi = 1024 * kMi;

constexpr const char* kErrFormat =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr const char* kErrNumeric = "unable to parse numeric part of quantity";
constexpr const char* kErrSuffix = "unable to parse quantity's suffix";

int64_t Milli(const std::string& s) {
  auto q = Quantity::Parse(s);
  EXPECT_TRUE(q.ok()) << s << ": " << q.status().ToString();
  return q.ok() ? q->milli() : INT64_MIN;
}

std::string ParseError(const std::string& s) {
  auto q = Quantity::Parse(s);
  if (q.ok()) return "parsed to " + std::to_string(q->milli()) + "m";
  EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument) << s;
  return q.status().message();
}

TEST(QuantityTest, ParsesKubernetesForms) {
  EXPECT_EQ(Milli("128Mi"), 128 * kMi * 1000);
  EXPECT_EQ(Milli("0.5Gi"), 512 * kMi * 1000);
  EXPECT_EQ(Milli("1Gi"), kGi * 1000);
  EXPECT_EQ(Milli("1.5Gi"), 1536 * kMi * 1000);
  EXPECT_EQ(Milli("250m"), 250);
  EXPECT_EQ(Milli("1"), 1000);
  EXPECT_EQ(Milli("1.5"), 1500);
  EXPECT_EQ(Milli("2k"), 2000000);
  EXPECT_EQ(Milli("1e3"), 1000000);
  EXPECT_EQ(Milli("1E3"), 1000000);
  EXPECT_EQ(Milli("1.5e3"), 1500000);
  EXPECT_EQ(Milli("1e-3"), 1);
  EXPECT_EQ(Milli("5e-1"), 500);
  EXPECT_EQ(Milli("1e+2"), 100000);
  EXPECT_EQ(Milli("100M"), int64_t{100000000} * 1000);
  EXPECT_EQ(Milli("1G"), int64_t{1000000000} * 1000);
  EXPECT_EQ(Milli("1T"), int64_t{1000000000000} * 1000);
  EXPECT_EQ(Milli("1P"), int64_t{1000000000000000} * 1000);
  EXPECT_EQ(Milli("1Ki"), 1024000);
  EXPECT_EQ(Milli("1.5Ki"), 1536000);
  EXPECT_EQ(Milli("1Ti"), (int64_t{1} << 40) * 1000);
  EXPECT_EQ(Milli("8Pi"), (int64_t{1} << 53) * 1000);
}

TEST(QuantityTest, SignsZerosAndDots) {
  EXPECT_EQ(Milli("0"), 0);
  EXPECT_EQ(Milli("0.0"), 0);
  EXPECT_EQ(Milli("-0"), 0);
  EXPECT_EQ(Milli("0Mi"), 0);
  EXPECT_EQ(Milli("+1"), 1000);
  EXPECT_EQ(Milli("-250m"), -250);
  EXPECT_EQ(Milli("-1.5Gi"), -1536 * kMi * 1000);
  EXPECT_EQ(Milli(".5"), 500);
  EXPECT_EQ(Milli("1."), 1000);
  EXPECT_EQ(Milli("1.G"), int64_t{1000000000} * 1000);  // accepted by Kubernetes too
  EXPECT_EQ(Milli("00100"), 100000);
  EXPECT_EQ(Milli("0.000"), 0);
}

TEST(QuantityTest, BelowOneMilliRoundsUp) {
  EXPECT_EQ(Milli("1n"), 1);
  EXPECT_EQ(Milli("1u"), 1);
  EXPECT_EQ(Milli("0.1m"), 1);
  EXPECT_EQ(Milli("1500u"), 2);
  EXPECT_EQ(Milli("1000u"), 1);
  EXPECT_EQ(Milli("1001u"), 2);
  EXPECT_EQ(Milli("-1n"), -1);  // rounds away from zero
  EXPECT_EQ(Milli("0.0001Ki"), 103);  // 102.4m
  EXPECT_EQ(Milli("1e-30"), 1);
  EXPECT_EQ(Milli("0.000000000000000000000000001"), 1);
}

TEST(QuantityTest, ErrorTextsMatchKubernetes) {
  EXPECT_EQ(ParseError(""), kErrFormat);
  EXPECT_EQ(ParseError("abc"), kErrFormat);
  EXPECT_EQ(ParseError("1Qi"), kErrFormat);
  EXPECT_EQ(ParseError("1 Mi"), kErrFormat);
  EXPECT_EQ(ParseError(" 1"), kErrFormat);
  EXPECT_EQ(ParseError("1e3.5"), kErrFormat);
  EXPECT_EQ(ParseError("1.2.3"), kErrFormat);
  EXPECT_EQ(ParseError("512MB"), kErrFormat);
  EXPECT_EQ(ParseError("1iM"), kErrSuffix);
  EXPECT_EQ(ParseError("1e"), kErrSuffix);
  EXPECT_EQ(ParseError("1Mi2"), kErrSuffix);
  EXPECT_EQ(ParseError("1k-"), kErrSuffix);
  EXPECT_EQ(ParseError("1ee3"), kErrSuffix);
  EXPECT_EQ(ParseError("--1"), kErrSuffix);  // Go reads "-1" as the suffix too
  EXPECT_EQ(ParseError("1mm"), kErrSuffix);
  EXPECT_EQ(ParseError("1KI"), kErrFormat);
  EXPECT_EQ(ParseError("1kI"), kErrFormat);
  EXPECT_EQ(ParseError("1K"), kErrSuffix);
  EXPECT_EQ(ParseError("."), kErrNumeric);
  EXPECT_EQ(ParseError("Mi"), kErrNumeric);
  EXPECT_EQ(ParseError("-"), kErrNumeric);
}

TEST(QuantityTest, TooLargeForMilliInt64) {
  EXPECT_EQ(ParseError("1E"), "quantity \"1E\" is too large");
  EXPECT_EQ(ParseError("9Pi"), "quantity \"9Pi\" is too large");
  EXPECT_EQ(ParseError("1e400"), "quantity \"1e400\" is too large");
  EXPECT_EQ(ParseError("99999999999999999999999"), "quantity \"99999999999999999999999\" is too large");
  EXPECT_EQ(Milli("9223372036854775807m"), INT64_MAX);
  EXPECT_EQ(ParseError("9223372036854775808m"), "quantity \"9223372036854775808m\" is too large");
}

TEST(QuantityTest, ValueRoundsUp) {
  EXPECT_EQ(Quantity::Parse("1500m")->Value(), 2);
  EXPECT_EQ(Quantity::Parse("2")->Value(), 2);
  EXPECT_EQ(Quantity::Parse("0.5Gi")->Value(), 512 * kMi);
  EXPECT_EQ(Quantity::Parse("1m")->Value(), 1);
  EXPECT_EQ(Quantity::Parse("-1500m")->Value(), -2);
  EXPECT_EQ(Quantity().Value(), 0);
  EXPECT_DOUBLE_EQ(Quantity::Parse("250m")->AsDouble(), 0.25);
}

TEST(QuantityTest, ConstructorsAndOrdering) {
  EXPECT_EQ(Quantity::FromUnits(3).milli(), 3000);
  EXPECT_EQ(Quantity::FromMilli(250), Quantity::Parse("250m").value());
  EXPECT_EQ(Quantity::Parse("0.5Gi").value(), Quantity::Parse("512Mi").value());
  EXPECT_GT(Quantity::Parse("1Gi").value(), Quantity::Parse("1G").value());
  EXPECT_LT(Quantity::Parse("999m").value(), Quantity::Parse("1").value());
}

TEST(QuantityFormatTest, Memory) {
  EXPECT_EQ(FormatMemory(256 * kMi), "256Mi");
  EXPECT_EQ(FormatMemory(512 * kMi), "512Mi");
  EXPECT_EQ(FormatMemory(kGi), "1Gi");
  EXPECT_EQ(FormatMemory(1536 * kMi), "1536Mi");
  EXPECT_EQ(FormatMemory(2 * kGi), "2Gi");
  EXPECT_EQ(FormatMemory(1000), "1000");
  EXPECT_EQ(FormatMemory(1024), "1Ki");
  EXPECT_EQ(FormatMemory(1536), "1536");
  EXPECT_EQ(FormatMemory(1000000000), "1000000000");
  EXPECT_EQ(FormatMemory(0), "0");
  EXPECT_EQ(FormatMemory(-kGi), "-1Gi");
  EXPECT_EQ(FormatMemory(int64_t{1} << 40), "1Ti");
  EXPECT_EQ(FormatMemory(int64_t{1} << 62), "4Ei");
  EXPECT_EQ(FormatMemory(INT64_MIN), "-8Ei");
}

TEST(QuantityFormatTest, MemoryRoundTripsThroughParse) {
  for (int64_t bytes : {256 * kMi, 1536 * kMi, kGi, int64_t{1000}, int64_t{1024 * 3}}) {
    auto q = Quantity::Parse(FormatMemory(bytes));
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->Value(), bytes);
  }
}

TEST(QuantityFormatTest, MemoryTop) {
  EXPECT_EQ(FormatMemoryTop(253000000), "241Mi");
  EXPECT_EQ(FormatMemoryTop(241 * kMi + kMi - 1), "241Mi");
  EXPECT_EQ(FormatMemoryTop(0), "0Mi");
  EXPECT_EQ(FormatMemoryTop(kMi - 1), "0Mi");
  EXPECT_EQ(FormatMemoryTop(kGi), "1024Mi");
}

TEST(QuantityFormatTest, Cpu) {
  EXPECT_EQ(FormatCpu(250), "250m");
  EXPECT_EQ(FormatCpu(1000), "1");
  EXPECT_EQ(FormatCpu(2000), "2");
  EXPECT_EQ(FormatCpu(1500), "1500m");
  EXPECT_EQ(FormatCpu(0), "0");
  EXPECT_EQ(FormatCpuTop(89), "89m");
  EXPECT_EQ(FormatCpuTop(1000), "1000m");
  EXPECT_EQ(FormatCpuTop(0), "0m");
}

}  // namespace
}  // namespace kf
