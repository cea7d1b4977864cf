// The library call behind `kubeflight run`: load a scenario, build its
// simulated cluster at the alert time, run the loop with an agent and a gate,
// telling `observer` everything. The simulation is returned so callers (tests,
// eval) can inspect the final cluster.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/agent/loop.h"
#include "engine/sim/simulation.h"

namespace kf::agent {

struct RunRequest {
  std::string scenario_path;
  std::optional<uint64_t> seed;  // overrides the scenario's seed
  std::string agent = "builtin";
  ApprovalGate* gate = nullptr;        // required; not owned
  RunObserver* observer = nullptr;     // may be null; not owned
  Budgets budgets;
  // When set, builds the agent instead of `agent` (e.g. the LLM agent of
  // `run --model`); it gets the run's clock (the simulation's). Its error
  // stops the run before it starts.
  std::function<Result<std::unique_ptr<Agent>>(Clock& run_clock)> make_agent;
};

struct ScenarioRun {
  std::string scenario;  // its name
  uint64_t seed = 0;
  RunResult result;
  std::unique_ptr<Simulation> simulation;  // the cluster as the run left it
};

// Errors (the run did not start): the scenario fails to load (its loader's
// message), the simulation cannot be built, or the agent is unknown
// (InvalidArgument `unknown agent "x": expected builtin`).
Result<ScenarioRun> RunScenario(const RunRequest& request);

}  // namespace kf::agent
