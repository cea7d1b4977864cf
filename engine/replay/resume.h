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
// A live run resumes against the live cluster: the prefix is fed the
// recorded answers (the cluster has moved on since), then tools, previews
// (server-side dry runs) and the approved change go to the cluster that
// `connect_live` returns, behind the live mode's approval rule.
//
// The resumed run is recorded as a new run (same mode, parent_run_id = the
// resumed run); the old run is left as it was.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/replay/session_runner.h"
#include "engine/sim/simulation.h"

namespace kf::replay {

// What a live run resumes against (not owned; valid until the resume ends).
struct LiveTarget {
  ClusterBackend* cluster = nullptr;     // required: the guarded live backend
  MetricsBackend* metrics = nullptr;     // may be null
  agent::ApprovalGate* gate = nullptr;   // required: decisions after the prefix
  DurationMs settle = 5 * 60 * 1000;     // wait after the change before verifying (live --settle)
};

struct ResumeRequest {
  std::string db_path;
  std::string run_id;  // required
  agent::ApprovalGate* gate = nullptr;  // required for simulated runs: decisions after the prefix
  // Required to resume a live run: connects to its cluster (the recorded
  // run's info says which context and server it ran against).
  std::function<Result<LiveTarget>(const recorder::RunInfo&)> connect_live;
  std::string scenario_path;  // "" = by the recorded name
  std::string (*resolve_scenario)(const std::string&) = nullptr;  // required
  agent::RunObserver* observer = nullptr;
  bool record = true;
  std::string engine_version;
};

struct ResumeOutcome {
  std::string parent_run_id;
  SessionRunResult run;
  std::unique_ptr<Simulation> simulation;  // the cluster as the resumed run left it (null: live)
};

// Errors: FailedPrecondition when the run already ended ("run r1 already
// ended (passed); nothing to resume") or is a replay, or is live and there is
// no connect_live; connect_live's error; the scenario is missing or changed;
// the recording cannot be read or written.
Result<ResumeOutcome> ResumeRecordedRun(const ResumeRequest& request);

// The recorded events a resume replays: every event, except that a run
// stopped at the gate stops before its deferring decision.
size_t ResumePrefix(const RecordedRun& recorded);

}  // namespace kf::replay
