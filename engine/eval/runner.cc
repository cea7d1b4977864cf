#include "engine/eval/runner.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/agent/approval_gate.h"
#include "engine/agent/recording_observer.h"
#include "engine/agent/run_scenario.h"
#include "engine/core/clock.h"
#include "engine/eval/scorer.h"
#include "engine/replay/scenario_source.h"
#include "recorder/db_path.h"

namespace kf::eval {

namespace {

// Keeps a run's events for the ordered write, and sums its model usage.
class BufferingObserver final : public agent::RunObserver {
 public:
  void OnEvent(const agent::RunEvent& event) override {
    events.push_back(event);
    if (std::string(agent::EventTypeName(event)) != "model_exchange") return;
    const Json payload = agent::ToJson(event);
    figures.tokens_in += payload.value("input_tokens", int64_t{0});
    figures.tokens_out += payload.value("output_tokens", int64_t{0});
    figures.cost_usd += payload.value("cost_usd", 0.0);
  }
  std::vector<agent::RunEvent> events;
  RunFigures figures;
};

struct Case {
  std::string path;
  int repeat = 1;
};

// One case, start to score.
CaseResult RunCase(const EvalOptions& o, const Case& c, BufferingObserver* events) {
  WallClock wall;
  const UnixMillis started = wall.Now();
  CaseResult out;
  out.path = c.path;
  out.repeat = c.repeat;
  Result<Scenario> scenario = LoadScenarioFile(c.path);
  if (!scenario.ok()) {
    out.error = scenario.status();
    return out;
  }
  out.scenario = scenario->name;
  Result<agent::PolicyGate> gate = agent::PolicyGate::Parse(o.approve);
  if (!gate.ok()) {
    out.error = gate.status();
    return out;
  }
  agent::RunRequest req;
  req.scenario_path = c.path;
  req.agent = o.agent;
  req.gate = &*gate;
  req.observer = events;
  req.make_agent = o.make_agent;
  Result<agent::ScenarioRun> run = agent::RunScenario(req);
  if (!run.ok()) {
    out.error = run.status();
    return out;
  }
  out.seed = run->seed;
  out.outcome = agent::RunOutcomeName(run->result.outcome);
  out.score = ScoreRun(*scenario, run->result, *run->simulation, events->figures);
  out.wall_ms = static_cast<double>(wall.Now() - started);
  return out;
}

// Writes finished cases to the recording in case order.
class OrderedRecorder {
 public:
  OrderedRecorder(const EvalOptions& o, std::optional<recorder::Recorder>* rec) : o_(o), rec_(rec) {}

  // REQUIRES: the caller holds the runner's lock.
  Status Flush(std::vector<CaseResult>& results, std::vector<std::optional<BufferingObserver>>& buffers,
               const std::vector<Case>& cases) {
    while (next_ < results.size() && buffers[next_].has_value() && finished_[next_]) {
      if (rec_->has_value()) KF_RETURN_IF_ERROR(Write(results[next_], *buffers[next_], cases[next_]));
      buffers[next_].reset();  // free the events
      ++next_;
    }
    return Status::Ok();
  }
  void MarkFinished(size_t i, size_t n) {
    finished_.resize(n, false);
    finished_[i] = true;
  }

 private:
  Status Write(CaseResult& r, const BufferingObserver& events, const Case& c) {
    if (events.events.empty()) return Status::Ok();  // never started
    recorder::RunInfo info;
    info.mode = recorder::RunMode::kSimulated;
    info.engine_version = o_.engine_version;
    info.model = o_.model;
    info.labels["approve"] = o_.approve;
    info.labels["eval"] = true;
    if (o_.repeat > 1) info.labels["repeat"] = c.repeat;
    if (Result<std::string> hash = replay::ScenarioFileHash(c.path); hash.ok()) info.scenario_hash = *hash;
    agent::RecordingObserver observer(&**rec_, info);
    for (const agent::RunEvent& e : events.events) observer.OnEvent(e);
    KF_RETURN_IF_ERROR(observer.status());
    r.run_id = observer.run_id();
    return Status::Ok();
  }

  const EvalOptions& o_;
  std::optional<recorder::Recorder>* rec_;
  std::vector<bool> finished_;
  size_t next_ = 0;
};

}  // namespace

Result<std::vector<CaseResult>> RunEval(const EvalOptions& o, const ProgressFn& progress) {
  KF_RETURN_IF_ERROR(agent::PolicyGate::Parse(o.approve).status());
  std::vector<Case> cases;
  for (const std::string& p : o.scenario_paths) {
    for (int k = 1; k <= std::max(1, o.repeat); ++k) cases.push_back({p, k});
  }
  std::optional<recorder::Recorder> rec;
  if (!o.db.empty()) {
    KF_RETURN_IF_ERROR(recorder::EnsureParentDirectory(o.db));
    KF_ASSIGN_OR_RETURN(recorder::Recorder opened, recorder::Recorder::Open(o.db));
    rec.emplace(std::move(opened));
  }
  const size_t n = cases.size();
  std::vector<CaseResult> results(n);
  std::vector<std::optional<BufferingObserver>> buffers(n);
  OrderedRecorder ordered(o, &rec);
  std::mutex mu;  // guards results, buffers, ordered, status, done, progress
  Status status;
  int done = 0;
  std::atomic<size_t> next{0};

  auto worker = [&] {
    for (size_t i = next++; i < n; i = next++) {
      BufferingObserver events;
      CaseResult r = RunCase(o, cases[i], &events);
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(r);
      buffers[i].emplace(std::move(events));
      ordered.MarkFinished(i, n);
      if (status.ok()) status = ordered.Flush(results, buffers, cases);
      ++done;
      if (progress) progress(results[i], done, static_cast<int>(n));
    }
  };
  const int jobs = std::clamp(o.jobs, 1, static_cast<int>(std::max<size_t>(n, 1)));
  std::vector<std::thread> threads;
  for (int j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  if (rec.has_value()) {
    Status closed = rec->Close();
    if (status.ok()) status = closed;
  }
  if (!status.ok()) return status.WithPrefix("recording " + o.db);
  return results;
}

}  // namespace kf::eval
