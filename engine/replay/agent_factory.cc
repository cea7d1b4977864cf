#include "engine/replay/agent_factory.h"

#include "engine/agent/builtin_agent.h"
#include "engine/replay/llm_replay_agent.h"

namespace kf::replay {

Result<std::unique_ptr<agent::Agent>> MakeAgentForReplay(const recorder::RunRecord& run,
                                                         const std::vector<recorder::StoredEvent>& events) {
  if (run.info.agent == "builtin") return std::unique_ptr<agent::Agent>(new agent::BuiltinAgent());
  if (IsLlmRun(run)) return MakeLlmReplayAgent(run, events);
  return Unimplemented("cannot replay agent \"" + run.info.agent +
                       "\": unsupported agent (this kubeflight replays: builtin, llm:PROVIDER:MODEL)");
}

Result<std::unique_ptr<agent::Agent>> MakeLiveAgent(const std::string& name) {
  if (name == "builtin") return std::unique_ptr<agent::Agent>(new agent::BuiltinAgent());
  return InvalidArgument("unknown agent \"" + name + "\": expected builtin");
}

Result<agent::AgentAction> SwitchAgent::Next(const agent::AgentContext& context,
                                             const agent::Transcript& transcript) {
  if (static_cast<int>(transcript.size()) < steps_) return first_->Next(context, transcript);
  return second_->Next(context, transcript);
}

}  // namespace kf::replay
