// The values a recording holds: runs and their events. Plain, copyable types
// with a canonical JSON form (what export writes and import compares).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf::recorder {

enum class RunMode { kSimulated, kLive, kReplay };

enum class RunStatus {
  kRunning,        // begun, not ended (or the writer died)
  kPassed,
  kFailed,
  kStoppedAtGate,  // deferred at the approval gate; may be resumed
  kDenied,
  kError,
  kDiverged,       // a replay whose requests stopped matching the recording
};

// "simulated", "live", "replay".
const char* RunModeName(RunMode mode);
// "running", "passed", "failed", "stopped_at_gate", "denied", "error", "diverged".
const char* RunStatusName(RunStatus status);
// InvalidArgument naming the bad value when `name` is not one of the above.
Result<RunMode> ParseRunMode(std::string_view name);
Result<RunStatus> ParseRunStatus(std::string_view name);

// What is known when a run begins. Every value comes from the caller (the
// engine's clock, seed and configuration); the recorder invents nothing.
struct RunInfo {
  // Empty: Recorder::BeginRun derives one deterministically.
  std::string id;
  RunMode mode = RunMode::kSimulated;
  std::string scenario;       // "payment-service-oom"
  std::string scenario_hash;  // hex SHA-256 of the scenario content
  uint64_t seed = 0;
  std::string agent;           // "builtin"
  std::string model;           // "" for the builtin agent
  std::string engine_version;  // "0.1.0"
  UnixMillis started_at = 0;   // virtual time
  UnixMillis started_wall = 0;
  std::string parent_run_id;  // the run a replay or resume started from; "" none
  Json labels = Json::object();
};

struct RunTotals {
  int64_t steps = 0;
  int64_t tool_calls = 0;
  int64_t tokens_in = 0;
  int64_t tokens_out = 0;
  double cost_usd = 0;
};

// How a run ended. While a run is kRunning, ended_at and ended_wall are 0.
struct RunOutcome {
  RunStatus status = RunStatus::kRunning;
  std::string verdict;  // one line for people, e.g. "verification passed: 5/5 checks"
  UnixMillis ended_at = 0;  // virtual time
  UnixMillis ended_wall = 0;
  RunTotals totals;
};

// A run as stored.
struct RunRecord {
  RunInfo info;
  RunOutcome outcome;
  // Position in this database's run list (1, 2, ...). Local to one file:
  // not exported, and an imported run gets the next free ordinal.
  int64_t ordinal = 0;
};

// One event as the engine hands it to the recorder.
struct RecordedEvent {
  std::string type;   // "model_request", "tool_call", "phase", ... (non-empty)
  std::string phase;  // "INVESTIGATE", ...
  int64_t step = 0;   // loop step; non-decreasing within a run
  UnixMillis virtual_time = 0;
  UnixMillis wall_time = 0;
  Json payload;            // stored once per distinct (redacted) value
  Json summary = nullptr;  // small inline JSON (<= kMaxSummaryBytes) or null
};

inline constexpr size_t kMaxSummaryBytes = 4096;

// One event as read back.
struct StoredEvent {
  std::string run_id;
  int64_t seq = 0;  // 1, 2, ... without gaps within a run
  int64_t step = 0;
  std::string type;
  std::string phase;
  UnixMillis virtual_time = 0;
  UnixMillis wall_time = 0;
  std::string payload_hash;  // hex SHA-256 of CanonicalJson(payload)
  Json payload;
  Json summary = nullptr;
};

// Canonical JSON forms. RunToJson leaves out the ordinal (local to a file).
Json RunToJson(const RunRecord& run);
Json EventToJson(const StoredEvent& event);
// Inverses; InvalidArgument names the missing or mistyped field
// ("run.seed: expected unsigned integer").
Result<RunRecord> RunFromJson(const Json& j);
Result<StoredEvent> EventFromJson(const Json& j);

}  // namespace kf::recorder
