#include "engine/agent/recording_observer.h"

namespace kf::agent {

namespace {

int64_t IntField(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return 0;
  return it->get<int64_t>();
}

double NumberField(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return 0;
  return it->get<double>();
}

bool CommitsAtOnce(const RunEvent& e) {
  if (std::holds_alternative<ApprovalRequested>(e.body)) return true;
  if (const auto* call = std::get_if<ToolCalled>(&e.body)) return call->by_engine;
  return false;
}

}  // namespace

recorder::RunStatus RunStatusForOutcome(const std::string& outcome) {
  using recorder::RunStatus;
  if (outcome == "passed" || outcome == "no_action") return RunStatus::kPassed;
  if (outcome == "verification_failed") return RunStatus::kFailed;
  if (outcome == "stopped_at_gate") return RunStatus::kStoppedAtGate;
  if (outcome == "denied") return RunStatus::kDenied;
  return RunStatus::kError;
}

RecordingObserver::RecordingObserver(recorder::Recorder* recorder, recorder::RunInfo info, Clock* wall)
    : recorder_(recorder), info_(std::move(info)), wall_(wall) {}

void RecordingObserver::Fail(const Status& status) {
  if (status_.ok()) status_ = status;
}

void RecordingObserver::Begin(const RunEvent& event, const Json& payload) {
  info_.scenario = payload.value("scenario", info_.scenario);
  info_.agent = payload.value("agent", info_.agent);
  if (payload.contains("seed") && payload["seed"].is_number_unsigned()) {
    info_.seed = payload["seed"].get<uint64_t>();
  }
  info_.started_at = event.time;
  info_.started_wall = wall_ ? wall_->Now() : event.time;
  Result<std::string> id = recorder_->BeginRun(info_);
  if (!id.ok()) {
    Fail(id.status().WithPrefix("recording"));
    return;
  }
  run_id_ = *id;
}

void RecordingObserver::End(const RunEvent& event, const Json& payload) {
  const Json& report = payload.contains("report") ? payload["report"] : payload;
  recorder::RunOutcome outcome;
  outcome.status = RunStatusForOutcome(report.value("outcome", std::string("error")));
  outcome.verdict = report.value("message", std::string());
  if (override_) {
    if (std::optional<recorder::RunOutcome> o = override_()) {
      outcome.status = o->status;
      outcome.verdict = o->verdict;
    }
  }
  outcome.ended_at = event.time;
  outcome.ended_wall = wall_ ? wall_->Now() : event.time;
  outcome.totals = totals_;
  if (Status st = recorder_->EndRun(run_id_, outcome); !st.ok()) {
    Fail(st.WithPrefix("recording"));
    return;
  }
  ended_ = true;
}

void RecordingObserver::OnEvent(const RunEvent& event) {
  if (!status_.ok() || ended_) return;
  const std::string type = EventTypeName(event);
  Json payload = ToJson(event);
  if (run_id_.empty()) {
    if (type != "run_started") {
      Fail(FailedPrecondition("recording: the first event is \"" + type + "\", not \"run_started\""));
      return;
    }
    Begin(event, payload);
    if (!status_.ok()) return;
  }
  if (event.step != last_step_ && last_step_ >= 0) {
    if (Status st = recorder_->CommitStep(); !st.ok()) return Fail(st.WithPrefix("recording"));
  }
  last_step_ = event.step;
  totals_.steps = event.step;
  if (type == "tool_call") ++totals_.tool_calls;
  totals_.tokens_in += IntField(payload, "input_tokens");
  totals_.tokens_out += IntField(payload, "output_tokens");
  totals_.cost_usd += NumberField(payload, "cost_usd");

  recorder::RecordedEvent rec;
  rec.type = type;
  rec.phase = PhaseName(event.phase);
  rec.step = event.step;
  rec.virtual_time = event.time;
  rec.wall_time = wall_ ? wall_->Now() : event.time;
  const bool is_report = type == "report";
  Json report = is_report ? payload : Json();
  rec.payload = std::move(payload);
  if (Status st = recorder_->Append(run_id_, std::move(rec)); !st.ok()) {
    return Fail(st.WithPrefix("recording"));
  }
  if (CommitsAtOnce(event)) {
    if (Status st = recorder_->CommitStep(); !st.ok()) return Fail(st.WithPrefix("recording"));
  }
  if (is_report) End(event, report);
}

}  // namespace kf::agent
