#include "engine/core/duration.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/core/rng.h"

namespace kf {
namespace {

constexpr DurationMs kSec = 1000;
constexpr DurationMs kMin = 60 * kSec;
constexpr DurationMs kHour = 60 * kMin;
constexpr DurationMs kDay = 24 * kHour;

DurationMs Parse(const std::string& s) {
  auto d = ParseDuration(s);
  EXPECT_TRUE(d.ok()) << s << ": " << d.status().ToString();
  return d.value_or(-424242);
}

std::string ParseError(const std::string& s) {
  auto d = ParseDuration(s);
  if (d.ok()) return "parsed to " + std::to_string(*d);
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
  return d.status().message();
}

TEST(ParseDurationTest, GoForms) {
  EXPECT_EQ(Parse("5m"), 5 * kMin);
  EXPECT_EQ(Parse("1h30m"), 90 * kMin);
  EXPECT_EQ(Parse("10s"), 10 * kSec);
  EXPECT_EQ(Parse("250ms"), 250);
  EXPECT_EQ(Parse("1.5h"), 90 * kMin);
  EXPECT_EQ(Parse("-20m"), -20 * kMin);
  EXPECT_EQ(Parse("+5s"), 5 * kSec);
  EXPECT_EQ(Parse("0"), 0);
  EXPECT_EQ(Parse("-0"), 0);
  EXPECT_EQ(Parse("0s"), 0);
  EXPECT_EQ(Parse("1h0m0s"), kHour);
  EXPECT_EQ(Parse("2m30.5s"), 150500);
  EXPECT_EQ(Parse(".5s"), 500);
  EXPECT_EQ(Parse("5.s"), 5000);
  EXPECT_EQ(Parse("1500us"), 1);
  EXPECT_EQ(Parse("1500\xC2\xB5s"), 1);
  EXPECT_EQ(Parse("999999ns"), 0);
  EXPECT_EQ(Parse("1000000ns"), 1);
  EXPECT_EQ(Parse("0.001s"), 1);
}

TEST(ParseDurationTest, PrometheusUnits) {
  EXPECT_EQ(Parse("1d"), kDay);
  EXPECT_EQ(Parse("1w"), 7 * kDay);
  EXPECT_EQ(Parse("1y"), 365 * kDay);
  EXPECT_EQ(Parse("1d12h"), 36 * kHour);
  EXPECT_EQ(Parse("100y"), 36500 * kDay);
}

TEST(ParseDurationTest, GoErrorTexts) {
  EXPECT_EQ(ParseError(""), "time: invalid duration \"\"");
  EXPECT_EQ(ParseError("abc"), "time: invalid duration \"abc\"");
  EXPECT_EQ(ParseError("-"), "time: invalid duration \"-\"");
  EXPECT_EQ(ParseError(".h"), "time: invalid duration \".h\"");
  EXPECT_EQ(ParseError("5"), "time: missing unit in duration \"5\"");
  EXPECT_EQ(ParseError("5m3"), "time: missing unit in duration \"5m3\"");
  EXPECT_EQ(ParseError("5x"), "time: unknown unit \"x\" in duration \"5x\"");
  EXPECT_EQ(ParseError("5 m"), "time: unknown unit \" m\" in duration \"5 m\"");
  EXPECT_EQ(ParseError("5M"), "time: unknown unit \"M\" in duration \"5M\"");
  EXPECT_EQ(ParseError("99999999999999999999999h"),
            "time: invalid duration \"99999999999999999999999h\"");
  EXPECT_EQ(ParseError("999999999999y"), "time: invalid duration \"999999999999y\"");
}

TEST(FormatDurationTest, ShortestGoForm) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(90 * kMin), "1h30m");
  EXPECT_EQ(FormatDuration(5 * kMin), "5m");
  EXPECT_EQ(FormatDuration(10 * kSec), "10s");
  EXPECT_EQ(FormatDuration(250), "250ms");
  EXPECT_EQ(FormatDuration(1500), "1.5s");
  EXPECT_EQ(FormatDuration(kHour), "1h");
  EXPECT_EQ(FormatDuration(kDay), "24h");
  EXPECT_EQ(FormatDuration(25 * kHour + kMin + kSec + 1), "25h1m1.001s");
  EXPECT_EQ(FormatDuration(-20 * kMin), "-20m");
  EXPECT_EQ(FormatDuration(-250), "-250ms");
  EXPECT_EQ(FormatDuration(kHour + 10), "1h0.01s");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  Rng rng(11);
  for (int i = 0; i < 2000; ++i) {
    DurationMs d = rng.UniformInt(-400 * kDay, 400 * kDay);
    if (i % 3 == 0) d = d / kSec * kSec;
    ASSERT_EQ(Parse(FormatDuration(d)), d) << FormatDuration(d);
  }
  EXPECT_EQ(Parse(FormatDuration(INT64_MAX)), INT64_MAX);
}

TEST(HumanDurationTest, MatchesKubectl) {
  struct Case {
    DurationMs d;
    const char* want;
  };
  const Case cases[] = {
      {-2 * kSec, "<invalid>"},
      {-1999, "0s"},
      {-1, "0s"},
      {0, "0s"},
      {999, "0s"},
      {45 * kSec, "45s"},
      {119 * kSec + 999, "119s"},
      {2 * kMin, "2m"},
      {3 * kMin + 10 * kSec, "3m10s"},
      {9 * kMin + 59 * kSec, "9m59s"},
      {10 * kMin, "10m"},
      {18 * kMin + 30 * kSec, "18m"},
      {125 * kMin, "125m"},
      {179 * kMin + 59 * kSec, "179m"},
      {3 * kHour, "3h"},
      {3 * kHour + 5 * kMin, "3h5m"},
      {7 * kHour + 59 * kMin, "7h59m"},
      {8 * kHour, "8h"},
      {47 * kHour + 59 * kMin, "47h"},
      {48 * kHour, "2d"},
      {50 * kHour, "2d2h"},
      {3 * kDay, "3d"},
      {7 * kDay + 23 * kHour, "7d23h"},
      {8 * kDay, "8d"},
      {729 * kDay, "729d"},
      {730 * kDay, "2y"},
      {731 * kDay, "2y1d"},
      {8 * 365 * kDay - kDay, "7y364d"},
      {8 * 365 * kDay, "8y"},
      {3650 * kDay + 100 * kDay, "10y"},
  };
  for (const auto& c : cases) EXPECT_EQ(HumanDuration(c.d), c.want) << c.d;
}

TEST(HumanDurationTest, FormatAge) {
  const UnixMillis now = 1773152940000;
  EXPECT_EQ(FormatAge(now - 47 * kMin, now), "47m");
  EXPECT_EQ(FormatAge(now, now), "0s");
  EXPECT_EQ(FormatAge(now + 10 * kSec, now), "<invalid>");
  EXPECT_EQ(FormatAge(0, now), "<unknown>");
}

TEST(HumanDurationTest, EventInterval) {
  const UnixMillis now = 1773152940000;
  EXPECT_EQ(FormatEventInterval(now - 16 * kMin, now - 2 * kMin, 14, now), "2m (x14 over 16m)");
  EXPECT_EQ(FormatEventInterval(now - 16 * kMin, now - 16 * kMin, 1, now), "16m");
  EXPECT_EQ(FormatEventInterval(now - 16 * kMin, now - 16 * kMin, 0, now), "16m");
  EXPECT_EQ(FormatEventInterval(0, now - 5 * kMin, 1, now), "5m");
  EXPECT_EQ(FormatEventInterval(now - 3 * kHour, now - 45 * kSec, 2, now), "45s (x2 over 3h)");
}

}  // namespace
}  // namespace kf
