#include "engine/replay/resume.h"

#include "engine/replay/agent_factory.h"
#include "engine/replay/scenario_source.h"
#include "engine/scenario/scenario.h"
#include "engine/tools/tool.h"

namespace kf::replay {

size_t ResumePrefix(const RecordedRun& recorded) {
  if (recorded.run.outcome.status != recorder::RunStatus::kStoppedAtGate) return recorded.events.size();
  for (size_t i = recorded.events.size(); i-- > 0;) {
    const recorder::StoredEvent& e = recorded.events[i];
    if (e.type == "decision" && e.payload.contains("decision") &&
        e.payload["decision"].value("kind", std::string()) == "defer") {
      return i;
    }
  }
  return recorded.events.size();
}

namespace {

void SetResumedRecording(const ResumeRequest& request, const recorder::RunInfo& info, SessionRunSpec* spec) {
  if (!request.record) return;
  spec->record_db = request.db_path;
  spec->record_info.mode = info.mode;
  spec->record_info.scenario_hash = info.scenario_hash;
  spec->record_info.model = info.model;
  spec->record_info.engine_version = request.engine_version;
  spec->record_info.parent_run_id = info.id;
  spec->record_info.labels = Json{{"resumed_from", info.id}};
}

// What every resume runs: the recorded prefix, then the loop goes on live
// against `cluster` with decisions from `gate`; recorded as a new run of the
// same mode whose parent is the old one.
SessionRunSpec ResumeSpec(const ResumeRequest& request, RecordedRun& recorded, agent::Agent* agent,
                          ClusterBackend* cluster, MetricsBackend* metrics, agent::ApprovalGate* gate) {
  SessionRunSpec spec;
  spec.recorded = &recorded;
  spec.agent = agent;
  spec.cluster = cluster;
  spec.metrics = metrics;
  spec.observer = request.observer;
  spec.prompt = RecordedPrompt(recorded);
  spec.session.catalog = &ToolCatalog::Default();
  spec.session.prefix = ResumePrefix(recorded);
  spec.session.live_after_prefix = true;
  spec.session.live_gate = gate;
  SetResumedRecording(request, recorded.run.info, &spec);
  return spec;
}

Result<ResumeOutcome> ResumeLive(const ResumeRequest& request, RecordedRun& recorded, agent::Agent* agent) {
  const recorder::RunInfo& info = recorded.run.info;
  if (!request.connect_live) {
    return FailedPrecondition("run " + info.id + " ran against a live cluster (" + info.scenario +
                              "); resuming it needs that cluster");
  }
  KF_ASSIGN_OR_RETURN(LiveTarget live, request.connect_live(info));
  if (!live.cluster || !live.gate) return InvalidArgument("connect_live: a cluster and a gate are required");
  ResumeOutcome out;
  out.parent_run_id = info.id;
  SessionRunSpec spec = ResumeSpec(request, recorded, agent, live.cluster, live.metrics, live.gate);
  spec.settle = live.settle;
  spec.session.tools = ToolSource::kRecorded;  // the cluster has moved on: the prefix is the recording's
  spec.session.cluster_after_prefix = true;
  KF_ASSIGN_OR_RETURN(out.run, RunSession(spec));
  return out;
}

}  // namespace

Result<ResumeOutcome> ResumeRecordedRun(const ResumeRequest& request) {
  if ((!request.gate || !request.resolve_scenario) && !request.connect_live) {
    return InvalidArgument("ResumeRecordedRun: gate and resolve_scenario (or connect_live) are required");
  }
  KF_ASSIGN_OR_RETURN(RecordedRun recorded, LoadRecordedRun(request.db_path, request.run_id));
  const recorder::RunInfo& info = recorded.run.info;
  const recorder::RunStatus status = recorded.run.outcome.status;
  if (info.mode == recorder::RunMode::kReplay) {
    return FailedPrecondition("run " + info.id + " is a replay; resume its parent run " + info.parent_run_id);
  }
  if (status != recorder::RunStatus::kRunning && status != recorder::RunStatus::kStoppedAtGate) {
    return FailedPrecondition("run " + info.id + " already ended (" + recorder::RunStatusName(status) +
                              "); nothing to resume");
  }
  KF_ASSIGN_OR_RETURN(std::unique_ptr<agent::Agent> agent, MakeAgentForReplay(recorded.run, recorded.events));
  if (info.mode == recorder::RunMode::kLive) return ResumeLive(request, recorded, agent.get());
  if (!request.gate || !request.resolve_scenario) {
    return InvalidArgument("ResumeRecordedRun: gate and resolve_scenario are required");
  }
  KF_ASSIGN_OR_RETURN(std::string path,
                      FindRecordedScenario(recorded.run, request.scenario_path, request.resolve_scenario));
  KF_ASSIGN_OR_RETURN(Scenario scenario, LoadScenarioFile(path));

  ResumeOutcome out;
  out.parent_run_id = info.id;
  KF_ASSIGN_OR_RETURN(out.simulation, Simulation::Create(scenario, info.seed));
  SessionRunSpec spec = ResumeSpec(request, recorded, agent.get(), &out.simulation->cluster(),
                                   &out.simulation->metrics(), request.gate);
  if (spec.prompt.empty()) spec.prompt = scenario.prompt;
  spec.session.tools = ToolSource::kSimulate;  // re-executed, so the rebuilt cluster is where the run left it
  spec.session.drift_is_divergence = true;
  KF_ASSIGN_OR_RETURN(out.run, RunSession(spec));
  return out;
}

}  // namespace kf::replay
