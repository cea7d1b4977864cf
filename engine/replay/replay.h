// `kubeflight replay`: re-run the agent of a recorded run against its
// recording, and say whether it did exactly the same thing.
//
//   ReplayRequest req; req.db_path = "runs.db"; req.run_id = "r1f2…";
//   KF_ASSIGN_OR_RETURN(ReplayOutcome out, ReplayRecording(req));
//   if (out.run.divergence) std::cout << out.run.divergence->Render();
//
// Modes:
//  - tools kRecorded (default): tool results, previews and approval
//    decisions all come from the recording, in order; no cluster, no
//    network, no key. Success: every event the engine emits equals the
//    recorded one (after Comparable()), and none is missing or extra.
//  - tools kSimulate: tool calls are re-executed against the scenario's
//    simulator (the scenario is found by name and checked against the
//    recorded hash); where the simulator now answers differently is drift.
//    The recorded answers are still what the agent sees.
//  - until_step N (what-if): the first N steps replay as above against the
//    simulator, then the loop goes on live with `agent` (or `make_agent`)
//    and `live_gate`; an agent that starts mid-run reads the steps so far.
// The replay itself is recorded (mode replay, parent_run_id = the source
// run) into the same file unless record is false.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/replay/session_runner.h"
#include "engine/sim/simulation.h"

namespace kf::replay {

struct ReplayRequest {
  std::string db_path;
  std::string run_id;  // "" = the file's last run
  ToolSource tools = ToolSource::kRecorded;
  std::optional<int> until_step;  // what-if (implies kSimulate)
  std::string agent = "builtin";  // what-if: the agent after step N (its name, for the recording)
  // What-if: makes the agent after step N on the simulation's clock (an LLM
  // agent over a live model, say); null: MakeLiveAgent(agent).
  std::function<Result<std::unique_ptr<agent::Agent>>(Clock&)> make_agent;
  agent::ApprovalGate* live_gate = nullptr;  // what-if: required
  std::string scenario_path;  // "" = by the recorded name
  std::string (*resolve_scenario)(const std::string&) = nullptr;  // required for simulate/what-if
  agent::RunObserver* observer = nullptr;  // may be null
  bool record = true;
  std::string engine_version;
};

struct ReplayOutcome {
  std::string source_run_id;
  std::string source_status;  // recorded status name, e.g. "passed"
  SessionRunResult run;
  std::unique_ptr<Simulation> simulation;  // simulate / what-if
};

// Errors: the recording or run cannot be read, the agent cannot be replayed
// (MakeAgentForReplay), the scenario is missing or changed (simulate,
// what-if), bad arguments (until_step < 0: InvalidArgument).
Result<ReplayOutcome> ReplayRecording(const ReplayRequest& request);

// How many recorded events a what-if replays before going live: every event
// up to the last one of step `steps`, without trailing phase changes (those
// already belong to what the next action does).
size_t WhatIfPrefix(const RecordedRun& recorded, int steps);

}  // namespace kf::replay
