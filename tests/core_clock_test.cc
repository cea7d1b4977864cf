#include "engine/core/clock.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kf {
namespace {

constexpr UnixMillis kStart = 1773152940000;  // 2026-03-10T14:29:00Z

TEST(VirtualClockTest, StartsAtGivenTime) {
  VirtualClock c(kStart);
  EXPECT_EQ(c.Now(), kStart);
  EXPECT_EQ(c.NextTimer(), -1);
  EXPECT_EQ(c.PendingTimers(), 0u);
}

TEST(VirtualClockTest, FiresInDueThenInsertionOrder) {
  VirtualClock c(0);
  std::vector<std::string> fired;
  c.Schedule(30, [&] { fired.push_back("c@" + std::to_string(c.Now())); });
  c.Schedule(10, [&] { fired.push_back("a@" + std::to_string(c.Now())); });
  c.Schedule(30, [&] { fired.push_back("d@" + std::to_string(c.Now())); });
  c.Schedule(10, [&] { fired.push_back("b@" + std::to_string(c.Now())); });
  EXPECT_EQ(c.NextTimer(), 10);
  EXPECT_EQ(c.PendingTimers(), 4u);
  c.AdvanceTo(100);
  EXPECT_EQ(fired, (std::vector<std::string>{"a@10", "b@10", "c@30", "d@30"}));
  EXPECT_EQ(c.Now(), 100);
  EXPECT_EQ(c.PendingTimers(), 0u);
}

TEST(VirtualClockTest, AdvanceStopsAtTarget) {
  VirtualClock c(0);
  int fired = 0;
  c.Schedule(50, [&] { ++fired; });
  c.Schedule(51, [&] { ++fired; });
  c.AdvanceTo(50);
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(c.Now(), 50);
  EXPECT_EQ(c.NextTimer(), 51);
  c.Sleep(1);
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(c.Now(), 51);
}

TEST(VirtualClockTest, CallbacksMayScheduleMoreIncludingNow) {
  VirtualClock c(0);
  std::vector<std::string> fired;
  c.Schedule(10, [&] {
    fired.push_back("first");
    c.Schedule(c.Now(), [&] { fired.push_back("same-time"); });
    c.Schedule(15, [&] { fired.push_back("later@" + std::to_string(c.Now())); });
    c.Schedule(500, [&] { fired.push_back("beyond"); });
  });
  c.Schedule(10, [&] { fired.push_back("second"); });
  c.AdvanceTo(20);
  // The same-time timer was inserted after "second", so it fires after it.
  EXPECT_EQ(fired, (std::vector<std::string>{"first", "second", "same-time", "later@15"}));
  EXPECT_EQ(c.PendingTimers(), 1u);
  EXPECT_EQ(c.NextTimer(), 500);
}

TEST(VirtualClockTest, PastTimesClampToNow) {
  VirtualClock c(1000);
  UnixMillis seen = -1;
  c.Schedule(5, [&] { seen = c.Now(); });
  EXPECT_EQ(c.NextTimer(), 1000);
  c.AdvanceTo(1000);
  EXPECT_EQ(seen, 1000);
}

TEST(VirtualClockTest, Cancel) {
  VirtualClock c(0);
  int a = 0, b = 0;
  auto ida = c.Schedule(10, [&] { ++a; });
  c.Schedule(10, [&] { ++b; });
  c.Cancel(ida);
  c.Cancel(ida);     // twice: no-op
  c.Cancel(999999);  // unknown: no-op
  EXPECT_EQ(c.PendingTimers(), 1u);
  c.AdvanceTo(10);
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
}

TEST(VirtualClockTest, CancelFromCallbackAndAfterFiring) {
  VirtualClock c(0);
  int late = 0;
  VirtualClock::TimerId victim = 0;
  auto first = c.Schedule(5, [&] { c.Cancel(victim); });
  victim = c.Schedule(5, [&] { ++late; });
  c.AdvanceTo(10);
  EXPECT_EQ(late, 0);
  c.Cancel(first);  // already fired: no-op
  EXPECT_EQ(c.PendingTimers(), 0u);
}

TEST(VirtualClockTest, IdsAreUnique) {
  VirtualClock c(0);
  auto a = c.Schedule(1, [] {});
  auto b = c.Schedule(1, [] {});
  EXPECT_NE(a, b);
}

TEST(VirtualClockTest, UsableThroughClockInterface) {
  VirtualClock vc(kStart);
  Clock& clock = vc;
  clock.Sleep(90000);
  EXPECT_EQ(clock.Now(), kStart + 90000);
}

TEST(WallClockTest, NowIsRecentAndSleepAdvances) {
  WallClock c;
  UnixMillis t0 = c.Now();
  EXPECT_GT(t0, 1577836800000);  // after 2020-01-01
  c.Sleep(5);
  EXPECT_GE(c.Now(), t0 + 5);
  c.Sleep(0);
}

TEST(Rfc3339Test, Format) {
  EXPECT_EQ(FormatRfc3339(kStart), "2026-03-10T14:29:00Z");
  EXPECT_EQ(FormatRfc3339(kStart + 999), "2026-03-10T14:29:00Z");
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(951782400000), "2000-02-29T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(-1000), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(253402300799000), "9999-12-31T23:59:59Z");
  // Years print as %04lld: zero-padded below 1000, wider above 9999, with a
  // sign before year 0 (proleptic Gregorian).
  EXPECT_EQ(FormatRfc3339(-62135596800000), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(-62167219200000), "0000-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(-62167219200001), "-001-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339(253402300800000), "10000-01-01T00:00:00Z");
}

TEST(Rfc3339Test, FormatMicro) {
  EXPECT_EQ(FormatRfc3339Micro(kStart), "2026-03-10T14:29:00.000000Z");
  EXPECT_EQ(FormatRfc3339Micro(kStart + 42), "2026-03-10T14:29:00.042000Z");
  EXPECT_EQ(FormatRfc3339Micro(-1), "1969-12-31T23:59:59.999000Z");
  EXPECT_EQ(FormatRfc3339Micro(253402300800007), "10000-01-01T00:00:00.007000Z");
}

TEST(Rfc3339Test, Parse) {
  UnixMillis t = 0;
  ASSERT_TRUE(ParseRfc3339("2026-03-10T14:29:00Z", &t));
  EXPECT_EQ(t, kStart);
  ASSERT_TRUE(ParseRfc3339("2026-03-10T14:29:00.5Z", &t));
  EXPECT_EQ(t, kStart + 500);
  ASSERT_TRUE(ParseRfc3339("2026-03-10T14:29:00.123456789Z", &t));
  EXPECT_EQ(t, kStart + 123);
  ASSERT_TRUE(ParseRfc3339("2026-03-10T16:29:00+02:00", &t));
  EXPECT_EQ(t, kStart);
  ASSERT_TRUE(ParseRfc3339("2026-03-10T09:59:00-04:30", &t));
  EXPECT_EQ(t, kStart);
  ASSERT_TRUE(ParseRfc3339("2026-03-10t14:29:00z", &t));
  EXPECT_EQ(t, kStart);
  ASSERT_TRUE(ParseRfc3339("2024-02-29T00:00:00Z", &t));
  ASSERT_TRUE(ParseRfc3339("1969-12-31T23:59:59Z", &t));
  EXPECT_EQ(t, -1000);
}

TEST(Rfc3339Test, RoundTrip) {
  for (UnixMillis t : {UnixMillis{0}, kStart, UnixMillis{951782400000}, UnixMillis{-86400000},
                       UnixMillis{4102444800000}}) {
    UnixMillis back = 1;
    ASSERT_TRUE(ParseRfc3339(FormatRfc3339(t), &back)) << t;
    EXPECT_EQ(back, t);
    ASSERT_TRUE(ParseRfc3339(FormatRfc3339Micro(t + 7), &back));
    EXPECT_EQ(back, t + 7);
  }
}

TEST(Rfc3339Test, RejectsMalformed) {
  UnixMillis t = 123;
  for (const char* bad : {"", "2026-03-10", "2026-03-10T14:29:00", "2026-03-10 14:29:00Z",
                          "2026-13-10T14:29:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
                          "2026-03-10T24:00:00Z", "2026-03-10T14:60:00Z", "2026-03-10T14:29:60Z",
                          "2026-03-10T14:29:00.Z", "2026-03-10T14:29:00+0200",
                          "2026-03-10T14:29:00Zjunk", "26-03-10T14:29:00Z", "2026-3-10T14:29:00Z",
                          "2026-00-10T14:29:00Z", "2026-03-00T14:29:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad, &t)) << bad;
  }
  EXPECT_EQ(t, 123);
}

}  // namespace
}  // namespace kf
