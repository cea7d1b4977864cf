// Everything the loop does is told to observers as typed events: the
// transcript printer, the JSON-lines printer and the recorder are observers.
// Each event carries its sequence number (1-based, without gaps), the
// transcript step it belongs to, the phase, the iteration and the virtual
// time. No wall time: a run's events are a pure function of its inputs.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/agent/transcript.h"
#include "engine/core/status.h"

namespace kf::agent {

enum class RunOutcome {
  kPassed,              // verification PASSED
  kVerificationFailed,  // the last verification FAILED (loops exhausted or nothing left to try)
  kStoppedAtGate,       // the gate deferred; resumable
  kDenied,              // every proposal was denied; nothing changed
  kNoAction,            // the agent found nothing to change
  kBudgetExhausted,     // steps or virtual time ran out
  kError,               // a tool, agent or backend error ended the run
};
const char* RunOutcomeName(RunOutcome outcome);  // "passed", "verification_failed", ...

// What the REPORT phase says.
struct Report {
  RunOutcome outcome = RunOutcome::kError;
  std::string root_cause;      // summary from the last assessment
  std::string change;          // the executed option's title; "" when none
  std::vector<std::string> highlights;  // verification report lines
  std::string follow_up;
  std::string message;         // one line on how the run ended
  int failed_verifications = 0;  // FAILED verdicts (each looped back, budget permitting)
};
Json ToJson(const Report& r);

struct RunStarted {
  std::string scenario;
  std::string prompt;
  std::string agent;
  uint64_t seed = 0;
};
struct PhaseChanged {
  Phase from = Phase::kInvestigate;
  Phase to = Phase::kInvestigate;
  bool initial = false;
  std::string reason;
};
struct ToolCalled {
  ToolCall call;
  bool by_engine = false;
};
struct ToolReturned {
  ToolCall call;
  ToolResult result;
};
struct ActionRefused {
  std::string action;  // "kubernetes.patch_resource", "submit_verification", ...
  std::string reason;
};
struct AssessmentMade {
  Assessment assessment;
};
struct ApprovalRequested {
  Proposal proposal;
};
struct DecisionMade {
  Decision decision;
  Proposal proposal;
};
struct CheckDone {
  Check check;
};
struct VerdictReached {
  Verification verification;
};
struct ReportMade {
  Report report;
};
struct RunError {
  Status status;
};
// One request/response exchange with a model (the LLM agent). `request` and
// `response` are the exact bodies (the SSE text when streamed), keys never
// included. latency_ms is measured on the run's clock: 0 in simulation
// unless time passed, wall time only live. cost_usd is 0 when the price
// table has no entry for the model (priced is then false).
struct ModelExchanged {
  std::string provider;  // "openai", "anthropic", "openai-compatible"
  std::string model;     // the provider's model id ("gpt-4o")
  std::string request;
  std::string response;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  double cost_usd = 0;
  bool priced = false;
  int64_t latency_ms = 0;
  int attempts = 1;
  // A failed exchange (the run ends with this error): the request as it was
  // sent, no response, and the model client's error. ok() when it succeeded.
  Status error;
};

using RunEventBody = std::variant<RunStarted, PhaseChanged, ToolCalled, ToolReturned, ActionRefused,
                                  AssessmentMade, ApprovalRequested, DecisionMade, CheckDone,
                                  VerdictReached, ReportMade, RunError, ModelExchanged>;

struct RunEvent {
  int seq = 0;
  int step = 0;  // the transcript step this event belongs to (0 before any)
  Phase phase = Phase::kInvestigate;
  int iteration = 1;
  UnixMillis time = 0;
  RunEventBody body;
};

// "run_started", "phase", "tool_call", "tool_result", "refused", "assessment",
// "approval_request", "decision", "check", "verdict", "report", "error",
// "model_exchange".
const char* EventTypeName(const RunEvent& e);
// One JSON object per event: {"seq","type","step","phase","iteration","time",...body}.
Json ToJson(const RunEvent& e);
// ToJson without a tool result's "text" and "structured" (the bulk of a run's
// bytes), for comparing those two in place; other events as ToJson.
Json ToJsonWithoutResultContent(const RunEvent& e);

// Receives every event in order. Called synchronously from the loop.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void OnEvent(const RunEvent& event) = 0;
};

// Forwards to several observers, in order. Does not own them.
class MultiObserver final : public RunObserver {
 public:
  void Add(RunObserver* o) { observers_.push_back(o); }
  void OnEvent(const RunEvent& event) override {
    for (RunObserver* o : observers_) o->OnEvent(event);
  }

 private:
  std::vector<RunObserver*> observers_;
};

// Keeps every event (tests, eval).
class CollectingObserver final : public RunObserver {
 public:
  void OnEvent(const RunEvent& event) override { events_.push_back(event); }
  const std::vector<RunEvent>& events() const { return events_; }

 private:
  std::vector<RunEvent> events_;
};

}  // namespace kf::agent
