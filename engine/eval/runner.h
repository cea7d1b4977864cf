// Runs scenarios with an agent and scores every run: the library call behind
// `kubeflight eval`.
//
// Cases (scenario × repeat) run on `jobs` threads, each in its own simulated
// cluster. Recording is deterministic whatever `jobs` is: each run's events
// are buffered and written to the recording in case order (a run is written
// as soon as every earlier case is), so the same cases give the same run ids
// and bytes with -j1 and -j8.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/core/status.h"
#include "engine/eval/score.h"

namespace kf::eval {

struct EvalOptions {
  std::vector<std::string> scenario_paths;  // run in this order
  int repeat = 1;                           // runs per scenario
  int jobs = 1;                             // threads
  std::string approve = "recommended";      // the PolicyGate of every run
  std::string agent = "builtin";            // when make_agent is not set
  // Builds the agent of each run (an LLM agent); null: `agent`. Called on the
  // worker thread; must be safe to call concurrently.
  std::function<Result<std::unique_ptr<agent::Agent>>(Clock& run_clock)> make_agent;
  std::string model;           // recorded with each run ("" builtin)
  std::string engine_version;  // recorded with each run
  std::string db;              // record into this file; "" records nothing
};

struct CaseResult {
  std::string scenario;  // its name ("" when it failed to load: see error)
  std::string path;
  int repeat = 1;        // 1-based
  uint64_t seed = 0;
  Status error;          // the run could not start (load error, ...): a failure
  std::string outcome;   // "passed", "verification_failed", ...
  Score score;
  std::string run_id;    // in the recording; "" when not recorded
  double wall_ms = 0;    // wall time of run + scoring
  bool passed() const { return error.ok() && score.passed(); }
};

// Called once per finished case, in completion order, never concurrently.
using ProgressFn = std::function<void(const CaseResult& result, int done, int total)>;

// Results in case order (scenario order, repeats adjacent). Errors: a bad
// --approve value, or a recording that cannot be opened or written (the
// runs' results are then lost: the recording is what CI keeps).
Result<std::vector<CaseResult>> RunEval(const EvalOptions& options, const ProgressFn& progress = nullptr);

}  // namespace kf::eval
