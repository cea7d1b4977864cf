#include "engine/replay/session_runner.h"

#include "engine/agent/recording_observer.h"
#include "recorder/db_path.h"
#include "recorder/recorder.h"

namespace kf::replay {

std::string RecordedPrompt(const RecordedRun& recorded) {
  for (const recorder::StoredEvent& e : recorded.events) {
    if (e.type == "run_started") return e.payload.value("prompt", std::string());
  }
  return "";
}

Result<SessionRunResult> RunSession(const SessionRunSpec& spec) {
  ReplaySession session(*spec.recorded, spec.session);
  SessionGate gate(&session);

  agent::MultiObserver observers;
  observers.Add(&session);  // first: it decides what the loop is fed next
  if (spec.observer) observers.Add(spec.observer);
  std::optional<recorder::Recorder> rec;
  std::optional<agent::RecordingObserver> recording;
  if (!spec.record_db.empty()) {
    KF_RETURN_IF_ERROR(recorder::EnsureParentDirectory(spec.record_db));
    KF_ASSIGN_OR_RETURN(recorder::Recorder opened, recorder::Recorder::Open(spec.record_db));
    rec.emplace(std::move(opened));
    recording.emplace(&*rec, spec.record_info);
    recording->set_outcome_override([&session]() -> std::optional<recorder::RunOutcome> {
      if (!session.divergence()) return std::nullopt;
      recorder::RunOutcome o;
      o.status = recorder::RunStatus::kDiverged;
      o.verdict = "replay diverged at event " + std::to_string(session.divergence()->seq);
      return o;
    });
    observers.Add(&*recording);
  }

  agent::LoopEnv env;
  env.agent = spec.agent;
  env.gate = &gate;
  env.tools = spec.session.catalog;
  env.ctx.cluster = spec.cluster;
  env.ctx.metrics = spec.metrics;
  env.observer = &observers;
  env.invoke = [&session](const agent::ToolCall& call, bool by_engine, const ToolContext& ctx) {
    return session.Invoke(call, by_engine, ctx);
  };
  env.interrupt = [&session] { return session.Interrupt(); };
  agent::LoopOptions options;
  options.scenario = spec.recorded->run.info.scenario;
  options.prompt = spec.prompt;
  options.seed = spec.recorded->run.info.seed;
  options.settle = spec.settle;
  options.preview = [&session](agent::Option* option, const ToolContext& ctx) {
    return session.Preview(option, ctx);
  };

  SessionRunResult out;
  out.result = agent::RunLoop(env, options);
  session.Finish();
  out.divergence = session.divergence();
  out.drifts = session.drifts();
  out.went_live = session.went_live();
  out.mutations_not_repeated = session.mutations_not_repeated();
  out.prefix = session.prefix();
  out.events_compared = session.events_compared();
  if (rec) {
    Status st = recording->status();
    if (Status closed = rec->Close(); st.ok()) st = closed;
    KF_RETURN_IF_ERROR(st);
    out.recorded_run_id = recording->run_id();
  }
  return out;
}

}  // namespace kf::replay
