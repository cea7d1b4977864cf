#include "engine/agent/run_scenario.h"

#include "engine/agent/builtin_agent.h"
#include "engine/scenario/scenario.h"

namespace kf::agent {

Result<ScenarioRun> RunScenario(const RunRequest& request) {
  if (!request.make_agent && request.agent != "builtin") {
    return InvalidArgument("unknown agent \"" + request.agent + "\": expected builtin");
  }
  if (!request.gate) return InvalidArgument("RunScenario: a gate is required");
  KF_ASSIGN_OR_RETURN(Scenario scenario, LoadScenarioFile(request.scenario_path));
  KF_ASSIGN_OR_RETURN(std::unique_ptr<Simulation> sim, Simulation::Create(scenario, request.seed));
  BuiltinAgent builtin;
  std::unique_ptr<Agent> made;
  if (request.make_agent) {
    KF_ASSIGN_OR_RETURN(made, request.make_agent(sim->cluster().clock()));
  }
  LoopEnv env;
  env.agent = made ? made.get() : &builtin;
  env.gate = request.gate;
  env.tools = &ToolCatalog::Default();
  env.ctx.cluster = &sim->cluster();
  env.ctx.metrics = &sim->metrics();
  env.observer = request.observer;
  LoopOptions options;
  options.scenario = scenario.name;
  options.prompt = scenario.prompt;
  options.seed = request.seed.value_or(scenario.seed);
  options.budgets = request.budgets;
  ScenarioRun run;
  run.scenario = scenario.name;
  run.seed = options.seed;
  run.result = RunLoop(env, options);
  run.simulation = std::move(sim);
  return run;
}

}  // namespace kf::agent
