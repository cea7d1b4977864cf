// Records a run as it happens: a RunObserver that writes every RunEvent to a
// recording (recorder/recorder.h).
//
//   RecordingObserver rec(&recorder, info);   // info: mode, scenario hash, ...
//   multi.Add(&rec);  RunLoop(env, options);
//   KF_RETURN_IF_ERROR(rec.status());  std::string id = rec.run_id();
//
// Events are recorded generically: the payload is agent::ToJson(event), the
// type EventTypeName(event), so event kinds added later are recorded without
// changes here. The run row is begun at the "run_started" event (scenario,
// agent and seed from it, the rest from `info`) and ended at the "report"
// event with the status, the verdict (the report's message) and the totals:
// steps (the last event's step), tool calls ("tool_call" events), tokens and
// cost (summed over events carrying "input_tokens", "output_tokens" and
// "cost_usd", such as "model_exchange").
//
// Durability: one transaction per loop step (written when the step changes,
// and at the end). Two events are also written at once, because what follows
// them may never return: an approval request (a person may take minutes) and
// a tool call the engine issues itself (an approved change: its intent is in
// the file before the cluster is touched, so a resume after a crash knows the
// change may have been applied). Everything is redacted by the recorder.
//
// Times: virtual time from the event; wall time from `wall` when given (live
// runs), else equal to the virtual time, so that a simulated run records the
// same bytes every time.
//
// Errors: the first recorder error is kept in status() and recording stops;
// the run itself goes on. Not thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine/agent/run_event.h"
#include "engine/core/clock.h"
#include "recorder/recorder.h"

namespace kf::agent {

class RecordingObserver final : public RunObserver {
 public:
  // `recorder` and `wall` are not owned and must outlive the observer.
  RecordingObserver(recorder::Recorder* recorder, recorder::RunInfo info, Clock* wall = nullptr);

  void OnEvent(const RunEvent& event) override;

  // Asked when the run ends; a value replaces the status and verdict taken
  // from the report (a replay that diverged is recorded as kDiverged).
  using OutcomeOverride = std::function<std::optional<recorder::RunOutcome>()>;
  void set_outcome_override(OutcomeOverride fn) { override_ = std::move(fn); }

  // The run's id once "run_started" was recorded; "" before.
  const std::string& run_id() const { return run_id_; }
  // OK, or the first recorder error.
  const Status& status() const { return status_; }
  // True once the "report" event ended the run row.
  bool ended() const { return ended_; }
  const recorder::RunTotals& totals() const { return totals_; }

 private:
  void Begin(const RunEvent& event, const Json& payload);
  void End(const RunEvent& event, const Json& payload);
  void Fail(const Status& status);

  recorder::Recorder* recorder_;
  recorder::RunInfo info_;
  Clock* wall_;
  OutcomeOverride override_;
  std::string run_id_;
  Status status_;
  bool ended_ = false;
  int last_step_ = -1;
  recorder::RunTotals totals_;
};

// The recorder's status for an agent outcome name ("passed" → kPassed,
// "verification_failed" → kFailed, "no_action" → kPassed, ...).
recorder::RunStatus RunStatusForOutcome(const std::string& outcome);

}  // namespace kf::agent
