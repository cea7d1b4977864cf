// The Agent seam: given the transcript so far, the next action. The builtin
// playbook agent (builtin_agent.h) and the LLM agent implement it. The loop
// enforces the phase rules whatever an agent returns.
#pragma once

#include <functional>
#include <string>

#include "engine/agent/run_event.h"
#include "engine/agent/transcript.h"

namespace kf::agent {

struct AgentAction {
  enum class Kind {
    kToolCall,            // call: run a tool (read-only unless approved)
    kSubmitAssessment,    // assessment: root cause, evidence, options
    kSubmitVerification,  // verification: named checks and a verdict
    kFinish,              // message: stop (nothing more to do or offer)
  };
  Kind kind = Kind::kFinish;
  ToolCall call;
  Assessment assessment;
  Verification verification;
  std::string message;

  static AgentAction Call(std::string name, Json args);
  static AgentAction Assess(Assessment a);
  static AgentAction Verify(Verification v);
  static AgentAction Finish(std::string message);
};

// What the agent is told besides the transcript.
struct AgentContext {
  std::string prompt;  // the operator's request
  Phase phase = Phase::kInvestigate;
  int iteration = 1;   // 1 + FAILED verifications so far
  // Adds an agent's own event (e.g. ModelExchanged) to the run's event
  // stream, numbered in order with the loop's and stamped with the current
  // step, phase, iteration and time. Empty when nobody listens.
  std::function<void(RunEventBody)> emit;
};

class Agent {
 public:
  virtual ~Agent() = default;
  virtual std::string name() const = 0;  // "builtin"
  // The next action. Must be deterministic in (context, transcript) for a
  // run to replay. Errors end the run (kError); ResourceExhausted (a token
  // or cost budget ran out) ends it as kBudgetExhausted.
  virtual Result<AgentAction> Next(const AgentContext& context, const Transcript& transcript) = 0;
};

}  // namespace kf::agent
