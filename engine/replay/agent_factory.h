// Building the agent of a replay, a resume or a what-if: ONE place decides
// which agent re-runs a recording, so new agents (the LLM agent, fed the
// recorded model responses) are added here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/core/status.h"
#include "recorder/types.h"

namespace kf::replay {

// The agent that re-runs `run` from its recorded events: the builtin agent
// (deterministic: it decides again and must decide the same) for agent
// "builtin"; the LLM agent over the recorded model responses for
// "llm:PROVIDER:MODEL" (llm_replay_agent.h); otherwise Unimplemented
// `cannot replay agent "x": unsupported agent (this kubeflight replays:
// builtin, llm:PROVIDER:MODEL)`.
Result<std::unique_ptr<agent::Agent>> MakeAgentForReplay(const recorder::RunRecord& run,
                                                         const std::vector<recorder::StoredEvent>& events);

// The agent a what-if continues with (`replay --until N --agent NAME`):
// "builtin", else InvalidArgument `unknown agent "x": expected builtin`.
Result<std::unique_ptr<agent::Agent>> MakeLiveAgent(const std::string& name);

// Asks `first` while the transcript has fewer than `steps` steps, then
// `second`. Its name is first's (the recorded run's agent).
class SwitchAgent final : public agent::Agent {
 public:
  SwitchAgent(std::unique_ptr<agent::Agent> first, std::unique_ptr<agent::Agent> second, int steps)
      : first_(std::move(first)), second_(std::move(second)), steps_(steps) {}
  std::string name() const override { return first_->name(); }
  Result<agent::AgentAction> Next(const agent::AgentContext& context,
                                  const agent::Transcript& transcript) override;

 private:
  std::unique_ptr<agent::Agent> first_;
  std::unique_ptr<agent::Agent> second_;
  int steps_;
};

}  // namespace kf::replay
