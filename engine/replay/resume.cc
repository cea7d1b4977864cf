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

Result<ResumeOutcome> ResumeRecordedRun(const ResumeRequest& request) {
  if (!request.gate || !request.resolve_scenario) {
    return InvalidArgument("ResumeRecordedRun: gate and resolve_scenario are required");
  }
  KF_ASSIGN_OR_RETURN(recorder::Reader reader, recorder::Reader::Open(request.db_path));
  KF_ASSIGN_OR_RETURN(RecordedRun recorded, LoadRecordedRun(reader, request.run_id));
  const recorder::RunInfo& info = recorded.run.info;
  const recorder::RunStatus status = recorded.run.outcome.status;
  if (info.mode == recorder::RunMode::kReplay) {
    return FailedPrecondition("run " + info.id + " is a replay; resume its parent run " + info.parent_run_id);
  }
  if (info.mode == recorder::RunMode::kLive) {
    return Unimplemented("resuming a live run needs the live cluster backend, which resume does not drive yet");
  }
  if (status != recorder::RunStatus::kRunning && status != recorder::RunStatus::kStoppedAtGate) {
    return FailedPrecondition("run " + info.id + " already ended (" + recorder::RunStatusName(status) +
                              "); nothing to resume");
  }
  KF_ASSIGN_OR_RETURN(std::unique_ptr<agent::Agent> agent, MakeAgentForReplay(recorded.run, recorded.events));
  KF_ASSIGN_OR_RETURN(std::string path,
                      FindRecordedScenario(recorded.run, request.scenario_path, request.resolve_scenario));
  KF_ASSIGN_OR_RETURN(Scenario scenario, LoadScenarioFile(path));

  ResumeOutcome out;
  out.parent_run_id = info.id;
  KF_ASSIGN_OR_RETURN(out.simulation, Simulation::Create(scenario, info.seed));
  SessionRunSpec spec;
  spec.recorded = &recorded;
  spec.agent = agent.get();
  spec.cluster = &out.simulation->cluster();
  spec.metrics = &out.simulation->metrics();
  spec.observer = request.observer;
  spec.prompt = RecordedPrompt(recorded).empty() ? scenario.prompt : RecordedPrompt(recorded);
  spec.session.catalog = &ToolCatalog::Default();
  spec.session.tools = ToolSource::kSimulate;
  spec.session.prefix = ResumePrefix(recorded);
  spec.session.live_after_prefix = true;
  spec.session.drift_is_divergence = true;
  spec.session.live_gate = request.gate;
  if (request.record) {
    spec.record_db = request.db_path;
    spec.record_info.mode = info.mode;
    spec.record_info.scenario_hash = info.scenario_hash;
    spec.record_info.model = info.model;
    spec.record_info.engine_version = request.engine_version;
    spec.record_info.parent_run_id = info.id;
    spec.record_info.labels = Json{{"resumed_from", info.id}};
  }
  KF_ASSIGN_OR_RETURN(out.run, RunSession(spec));
  return out;
}

}  // namespace kf::replay
