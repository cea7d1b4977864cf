#include "engine/replay/replay.h"

#include "engine/replay/agent_factory.h"
#include "engine/replay/replay_cluster.h"
#include "engine/replay/scenario_source.h"
#include "engine/scenario/scenario.h"
#include "engine/tools/tool.h"

namespace kf::replay {

size_t WhatIfPrefix(const RecordedRun& recorded, int steps) {
  size_t n = 0;
  for (size_t i = 0; i < recorded.events.size(); ++i) {
    if (recorded.events[i].step > steps) break;
    if (recorded.events[i].type != "phase") n = i + 1;
  }
  return n;
}

Result<ReplayOutcome> ReplayRecording(const ReplayRequest& request) {
  if (request.until_step && *request.until_step < 0) {
    return InvalidArgument("--until must be a step number >= 0, got " + std::to_string(*request.until_step));
  }
  KF_ASSIGN_OR_RETURN(RecordedRun recorded, LoadRecordedRun(request.db_path, request.run_id));
  KF_ASSIGN_OR_RETURN(std::unique_ptr<agent::Agent> agent, MakeAgentForReplay(recorded.run, recorded.events));
  const bool what_if = request.until_step.has_value();
  if (what_if && !request.live_gate) return InvalidArgument("ReplayRecording: a what-if needs a live gate");

  ReplayOutcome out;
  out.source_run_id = recorded.run.info.id;
  out.source_status = recorder::RunStatusName(recorded.run.outcome.status);
  SessionRunSpec spec;
  spec.recorded = &recorded;
  spec.agent = agent.get();
  spec.observer = request.observer;
  spec.prompt = RecordedPrompt(recorded);
  spec.session.catalog = &ToolCatalog::Default();
  spec.session.tools = what_if ? ToolSource::kSimulate : request.tools;
  if (what_if) {
    spec.session.prefix = WhatIfPrefix(recorded, *request.until_step);
    spec.session.live_after_prefix = true;
    spec.session.live_gate = request.live_gate;
  }
  std::unique_ptr<ReplayCluster> no_cluster;
  if (spec.session.tools == ToolSource::kSimulate) {
    if (!request.resolve_scenario) return InvalidArgument("ReplayRecording: resolve_scenario is required");
    KF_ASSIGN_OR_RETURN(std::string path,
                        FindRecordedScenario(recorded.run, request.scenario_path, request.resolve_scenario));
    KF_ASSIGN_OR_RETURN(Scenario scenario, LoadScenarioFile(path));
    KF_ASSIGN_OR_RETURN(out.simulation, Simulation::Create(scenario, recorded.run.info.seed));
    spec.cluster = &out.simulation->cluster();
    spec.metrics = &out.simulation->metrics();
    if (what_if) {
      std::unique_ptr<agent::Agent> next;
      if (request.make_agent) {
        KF_ASSIGN_OR_RETURN(next, request.make_agent(out.simulation->clock()));
      } else {
        KF_ASSIGN_OR_RETURN(next, MakeLiveAgent(request.agent));
      }
      agent = std::make_unique<SwitchAgent>(std::move(agent), std::move(next), *request.until_step);
      spec.agent = agent.get();
    }
  } else {
    no_cluster = std::make_unique<ReplayCluster>(recorded.run.info.started_at);
    spec.cluster = no_cluster.get();
    spec.session.replay_clock = &no_cluster->virtual_clock();
  }
  if (request.record) {
    spec.record_db = request.db_path;
    spec.record_info.mode = recorder::RunMode::kReplay;
    spec.record_info.scenario_hash = recorded.run.info.scenario_hash;
    spec.record_info.model = recorded.run.info.model;
    spec.record_info.engine_version = request.engine_version;
    spec.record_info.parent_run_id = recorded.run.info.id;
    Json labels = Json::object();
    labels["tools"] = spec.session.tools == ToolSource::kSimulate ? "simulate" : "recorded";
    if (what_if) labels["what_if"] = Json{{"until_step", *request.until_step}, {"agent", request.agent}};
    spec.record_info.labels = labels;
  }
  KF_ASSIGN_OR_RETURN(out.run, RunSession(spec));
  return out;
}

}  // namespace kf::replay
