// The heart of replay: a recorded run played back into a live loop.
//
// The session is the loop's observer, tool invoker, approval gate and
// preview, all at once (wire it with session_runner.h):
//  - every event the loop emits is compared with the recorded event at the
//    same position (after Comparable()); the first mismatch is the
//    divergence, and Interrupt() then stops the loop;
//  - a tool call gets the recorded result that follows it (ToolSource
//    kRecorded: no cluster; the replay clock moves to the recorded time) or
//    runs against the simulator, whose answer is compared with the recorded
//    one (kSimulate: a difference is simulator drift). The recorded
//    structured result is moved into the loop, not copied (it is most of a
//    replay's memory); the tool_result event that follows must carry it
//    unchanged, which its JsonFingerprint checks;
//  - an approval gets the recorded decision;
//  - a preview (the approval request's exact change) comes from the recorded
//    approval request (kRecorded) or the simulator (kSimulate).
//
// Only the first `prefix` recorded events are played. Past them the session
// either reports a divergence (a replay: the engine did more than was
// recorded) or goes live (resume, what-if): tools run against the cluster,
// decisions come from `live_gate`. Going live after a recorded call of a
// mutating tool whose result is not recorded (the process died while the
// change was applied) first previews the change against the cluster; when
// the cluster already shows it, the call is not executed again.
//
// Not thread-safe; all pointers are not owned and must outlive the session.
// The recording is the session's to consume: recorded tool results are moved
// out of it as they are handed to the loop.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "engine/agent/approval_gate.h"
#include "engine/agent/run_event.h"
#include "engine/replay/divergence.h"
#include "engine/replay/recorded_run.h"
#include "engine/tools/tool.h"

namespace kf::replay {

enum class ToolSource {
  kRecorded,  // recorded results; no cluster
  kSimulate,  // re-executed against the scenario's simulator, compared
};

struct SessionOptions {
  size_t prefix = std::numeric_limits<size_t>::max();  // clamped to the recording's length
  bool live_after_prefix = false;
  ToolSource tools = ToolSource::kRecorded;
  // A simulator answer that differs from the recording stops the run as a
  // divergence (resume: the rebuilt cluster is not the recorded one).
  bool drift_is_divergence = false;
  // kRecorded with live_after_prefix: after the prefix, tool calls and
  // previews go to the session's cluster (resume of a live run: the prefix
  // is the recorded answers, the rest is the live cluster).
  bool cluster_after_prefix = false;
  const ToolCatalog* catalog = nullptr;    // required
  agent::ApprovalGate* live_gate = nullptr;  // required when live_after_prefix
  VirtualClock* replay_clock = nullptr;    // kRecorded: the ReplayCluster's clock
};

class ReplaySession final : public agent::RunObserver {
 public:
  ReplaySession(RecordedRun& recorded, SessionOptions options);

  void OnEvent(const agent::RunEvent& event) override;
  ToolResult Invoke(const agent::ToolCall& call, bool by_engine, const ToolContext& ctx);
  agent::Decision Decide(const agent::Proposal& proposal);
  Status Preview(agent::Option* option, const ToolContext& ctx);
  // FailedPrecondition "replay diverged at event N" once diverged.
  Status Interrupt() const;
  // Call after the loop returned: a replay that produced fewer events than
  // its prefix diverged at the first one it did not produce.
  void Finish();

  const std::optional<Divergence>& divergence() const { return divergence_; }
  const std::vector<Drift>& drifts() const { return drifts_; }
  bool went_live() const { return live_; }
  // Mutations found already applied and not executed again.
  int mutations_not_repeated() const { return not_repeated_; }
  size_t prefix() const { return prefix_; }
  int64_t events_compared() const { return compared_; }

 private:
  // The recorded event right after the last one the loop emitted, when it
  // is within the prefix; else null.
  const recorder::StoredEvent* NextRecorded() const;
  // `recorded_payload` overrides the recorded event's payload (comparable
  // form) when not null.
  void Diverge(const recorder::StoredEvent* recorded, const std::string& replayed_type,
               const Json& replayed, const std::string& note, const Json* recorded_payload = nullptr);
  ToolResult RunLive(const agent::ToolCall& call, bool by_engine, const ToolContext& ctx);
  // The recorded result of the tool call before `next`, its structured
  // result moved out of the recording.
  Result<ToolResult> TakeRecordedResult(recorder::StoredEvent& next);
  // Whether `event` equals its recording `rec`.
  bool Matches(const agent::RunEvent& event, const std::string& type, const recorder::StoredEvent& rec) const;
  // The recorded payload of `rec` as it was before its structured result was
  // handed out, taken back from `event` when that carries it unchanged;
  // `*note` says so when it does not.
  Json RecordedPayload(const recorder::StoredEvent& rec, const agent::RunEvent& event, std::string* note) const;

  // A structured result moved out of the recording: the event it belongs to
  // and its fingerprint.
  struct HandedOut {
    int64_t seq = 0;
    uint64_t fingerprint = 0;
  };

  RecordedRun& recorded_;
  std::optional<HandedOut> handed_out_;
  SessionOptions options_;
  size_t prefix_;
  int64_t last_seq_ = 0;
  int64_t last_step_ = 0;
  std::string last_phase_ = "INVESTIGATE";
  int64_t compared_ = 0;
  bool live_ = false;
  int not_repeated_ = 0;
  std::optional<Divergence> divergence_;
  std::vector<Drift> drifts_;
};

// The ApprovalGate face of a session.
class SessionGate final : public agent::ApprovalGate {
 public:
  explicit SessionGate(ReplaySession* session) : session_(session) {}
  agent::Decision Decide(const agent::Proposal& proposal) override { return session_->Decide(proposal); }

 private:
  ReplaySession* session_;
};

}  // namespace kf::replay
