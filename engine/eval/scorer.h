// Scores one finished run of a scenario (score.h says what each dimension
// means).
//
// The ground truth is read from the simulated cluster the run left behind, at
// the later of the run's end and the last executed change + verify_within:
// the simulation is advanced to that time first, so a fix that does not hold
// (OOM kills that come back a few minutes later) is not a pass.
#pragma once

#include <cstdint>

#include "engine/agent/loop.h"
#include "engine/eval/score.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"

namespace kf::eval {

// Figures the transcript does not hold, summed over the run's events.
struct RunFigures {
  int64_t tokens_in = 0;
  int64_t tokens_out = 0;
  double cost_usd = 0;
};

// REQUIRES: sim is the cluster `result` ran against.
Score ScoreRun(const Scenario& scenario, const agent::RunResult& result, Simulation& sim,
               const RunFigures& figures = {});

}  // namespace kf::eval
