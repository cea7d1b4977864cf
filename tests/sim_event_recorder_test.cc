// EventRecorder: aggregation of repeated events and expiry after the
// API server's event TTL, for events it wrote and events written through
// the API (other timestamp forms).
#include "engine/sim/event_recorder.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "engine/core/clock.h"
#include "engine/core/rng.h"
#include "engine/sim/object_store.h"

namespace kf::sim {
namespace {

constexpr DurationMs kMinute = 60 * 1000;
constexpr DurationMs kTtl = 60 * kMinute;

class EventRecorderTest : public ::testing::Test {
 protected:
  EventRecorderTest() {
    (void)store_.Create(Json{{"apiVersion", "v1"},
                             {"kind", "Pod"},
                             {"metadata", {{"name", "web-1"}, {"namespace", "prod"}}}});
  }
  const Json& Pod() { return *store_.Get("Pod", "prod", "web-1"); }
  void RecordAt(UnixMillis t, const std::string& reason) {
    clock_.AdvanceTo(t);
    recorder_.Record(Pod(), "Normal", reason, reason + " happened", EventSource{"kubelet", "node-1"});
  }
  // Reasons of the stored events.
  std::set<std::string> Reasons() {
    std::set<std::string> out;
    for (const Json* e : store_.List("Event")) out.insert((*e)["reason"].get<std::string>());
    return out;
  }
  void ExpireAt(UnixMillis t) {
    clock_.AdvanceTo(t);
    recorder_.Expire(kTtl);
  }

  const UnixMillis t0_ = 1773144000000;  // 2026-03-10T12:00:00Z
  VirtualClock clock_{t0_};
  Rng rng_{7};
  ObjectStore store_{&clock_, &rng_};
  EventRecorder recorder_{&store_, &clock_};
};

TEST_F(EventRecorderTest, RepeatsAggregateIntoOneEvent) {
  RecordAt(t0_, "BackOff");
  RecordAt(t0_ + 5 * kMinute, "BackOff");
  auto events = store_.List("Event");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ((*events[0])["count"], 2);
  EXPECT_EQ((*events[0])["firstTimestamp"], "2026-03-10T12:00:00Z");
  EXPECT_EQ((*events[0])["lastTimestamp"], "2026-03-10T12:05:00Z");
}

TEST_F(EventRecorderTest, EventsLastSeenMoreThanTheTtlAgoAreDeleted) {
  RecordAt(t0_, "Pulled");
  RecordAt(t0_ + 10 * kMinute, "Started");
  RecordAt(t0_ + 30 * kMinute, "Pulled");  // aggregated: last seen moves to +30m
  ExpireAt(t0_ + 55 * kMinute);
  EXPECT_EQ(Reasons(), (std::set<std::string>{"Pulled", "Started"}));
  ExpireAt(t0_ + 75 * kMinute);
  EXPECT_EQ(Reasons(), (std::set<std::string>{"Pulled"}));
  ExpireAt(t0_ + 95 * kMinute);
  EXPECT_EQ(Reasons(), std::set<std::string>{});
  // A new occurrence after expiry is a new event, count 1.
  RecordAt(t0_ + 96 * kMinute, "Pulled");
  auto events = store_.List("Event");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ((*events[0])["count"], 1);
}

TEST_F(EventRecorderTest, AnEventLastSeenExactlyAtTheCutoffStays) {
  RecordAt(t0_, "Pulled");
  ExpireAt(t0_ + kTtl);  // cutoff == last seen: not before it
  EXPECT_EQ(Reasons(), (std::set<std::string>{"Pulled"}));
  ExpireAt(t0_ + kTtl + 1);  // one millisecond later it is
  EXPECT_EQ(Reasons(), std::set<std::string>{});
}

TEST_F(EventRecorderTest, EventsWrittenThroughTheApiExpireByTheirParsedTime) {
  RecordAt(t0_ + 40 * kMinute, "Started");
  // Written by a client: fractional seconds, an offset, no lastTimestamp.
  auto api_event = [&](const std::string& name, const Json& last) {
    Json e = {{"apiVersion", "v1"},
              {"kind", "Event"},
              {"metadata", {{"name", name}, {"namespace", "prod"}}},
              {"reason", name}};
    if (!last.is_null()) e["lastTimestamp"] = last;
    ASSERT_TRUE(store_.Create(e).ok());
  };
  api_event("Fractional", "2026-03-10T12:20:00.500Z");
  api_event("Offset", "2026-03-10T14:10:00+02:00");  // 12:10Z
  api_event("Unset", nullptr);                        // the epoch: always expired
  ExpireAt(t0_ + 70 * kMinute);  // cutoff 12:10Z
  EXPECT_EQ(Reasons(), (std::set<std::string>{"Fractional", "Offset", "Started"}));
  ExpireAt(t0_ + 80 * kMinute + 500);  // cutoff 12:20:00.5Z: 12:10Z gone, 12:20:00.5 not before it
  EXPECT_EQ(Reasons(), (std::set<std::string>{"Fractional", "Started"}));
  ExpireAt(t0_ + 80 * kMinute + 501);
  EXPECT_EQ(Reasons(), (std::set<std::string>{"Started"}));
}

}  // namespace
}  // namespace kf::sim
