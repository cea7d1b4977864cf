// Time. All engine time is milliseconds since the Unix epoch (UTC), as
// UnixMillis. Only WallClock (clock.cc) reads the real time; everything else
// gets a Clock passed in, so a run is deterministic under a VirtualClock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>

namespace kf {

using UnixMillis = int64_t;
using DurationMs = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMillis Now() const = 0;
  // Lets `d` pass: a virtual clock advances (firing due timers), the wall
  // clock sleeps. REQUIRES: d >= 0.
  virtual void Sleep(DurationMs d) = 0;
};

// The real time. Used by live mode only.
class WallClock final : public Clock {
 public:
  UnixMillis Now() const override;
  void Sleep(DurationMs d) override;
};

// A deterministic clock that owns its timers. Timers fire in (due time,
// insertion order) order; a callback may schedule more timers, including ones
// due at the current time, which fire in the same AdvanceTo call.
// Not thread-safe.
class VirtualClock final : public Clock {
 public:
  using TimerId = uint64_t;
  explicit VirtualClock(UnixMillis start) : now_(start) {}

  UnixMillis Now() const override { return now_; }
  void Sleep(DurationMs d) override { AdvanceTo(now_ + d); }

  // Schedules `fn` at absolute time `at` (clamped to Now()). Returns an id
  // usable with Cancel.
  TimerId Schedule(UnixMillis at, std::function<void()> fn);
  // Cancels a pending timer; no-op when it already fired or is unknown.
  void Cancel(TimerId id);
  // Fires every timer due at or before `t`, in order, setting Now() to each
  // timer's due time as it fires; then sets Now() to t. REQUIRES: t >= Now().
  void AdvanceTo(UnixMillis t);
  // Due time of the earliest pending timer, or -1 when none.
  UnixMillis NextTimer() const;
  size_t PendingTimers() const { return timers_.size(); }

 private:
  UnixMillis now_;
  uint64_t next_id_ = 1;
  // Key (due, id): the id is the insertion order, which breaks ties.
  std::map<std::pair<UnixMillis, TimerId>, std::function<void()>> timers_;
  std::map<TimerId, UnixMillis> due_by_id_;
};

// RFC 3339 in UTC with second precision, as Kubernetes writes
// creationTimestamp: "2026-03-10T14:29:00Z".
std::string FormatRfc3339(UnixMillis t);
// RFC 3339 with microseconds, as Kubernetes writes MicroTime (eventTime):
// "2026-03-10T14:29:00.000000Z".
std::string FormatRfc3339Micro(UnixMillis t);
// Parses "2026-03-10T14:29:00Z", fractional seconds and numeric offsets
// ("+02:00") accepted. Returns false on malformed input.
bool ParseRfc3339(const std::string& s, UnixMillis* out);

}  // namespace kf
