// The LLM agent of a recorded run, re-run offline: its model is a
// ReplayModel (engine/llm/replay_model.h) that answers with the recorded
// responses in order and fails with a divergence at the first request that
// differs from the recorded one. No network and no key are used.
#pragma once

#include <memory>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/core/status.h"
#include "recorder/types.h"

namespace kf::replay {

// Whether `run` was made by the LLM agent (its agent name is "llm:…").
bool IsLlmRun(const recorder::RunRecord& run);

// The LLM agent for `run`, configured as it was recorded: provider and model
// from the run's model spec (else from its agent name), streaming as the
// first recorded request asked, prices from the config file as `run` finds
// them (a changed price table changes the recorded cost, a divergence).
// Errors: no model spec, a malformed model_exchange event.
Result<std::unique_ptr<agent::Agent>> MakeLlmReplayAgent(const recorder::RunRecord& run,
                                                         const std::vector<recorder::StoredEvent>& events);

}  // namespace kf::replay
