// `kubeflight resume`: continue a recorded run that stopped at the approval
// gate or was killed. The recorded prefix is replayed against a freshly
// built simulator (each tool call re-executed and checked against the
// recorded answer, so the cluster is back where the run left it), then the
// loop goes on live: decisions from `gate`, tools against the simulator.
//
// A change whose call was recorded but whose result was not (the process
// died while applying it) is never applied twice: the cluster is checked
// first, and a change it already shows is not executed again.
//
// The resumed run is recorded as a new run (same mode, parent_run_id = the
// resumed run); the old run is left as it was.
#pragma once

#include <memory>
#include <string>

#include "engine/replay/session_runner.h"
#include "engine/sim/simulation.h"

namespace kf::replay {

struct ResumeRequest {
  std::string db_path;
  std::string run_id;  // required
  agent::ApprovalGate* gate = nullptr;  // required: decisions after the prefix
  std::string scenario_path;  // "" = by the recorded name
  std::string (*resolve_scenario)(const std::string&) = nullptr;  // required
  agent::RunObserver* observer = nullptr;
  bool record = true;
  std::string engine_version;
};

struct ResumeOutcome {
  std::string parent_run_id;
  SessionRunResult run;
  std::unique_ptr<Simulation> simulation;  // the cluster as the resumed run left it
};

// Errors: FailedPrecondition when the run already ended ("run r1 already
// ended (passed); nothing to resume") or is a replay; Unimplemented for live
// runs ("resuming a live run needs the live cluster backend, which resume
// does not drive yet"); the scenario is missing or changed; the recording
// cannot be read or written.
Result<ResumeOutcome> ResumeRecordedRun(const ResumeRequest& request);

// The recorded events a resume replays: every event, except that a run
// stopped at the gate stops before its deferring decision.
size_t ResumePrefix(const RecordedRun& recorded);

}  // namespace kf::replay
