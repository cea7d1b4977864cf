// The recorder integrated into a run, and replay, each next to a raw SQLite
// baseline doing the same work the obvious way, on the flagship's real events:
//  - record: RecordingObserver::OnEvent (ToJson(RunEvent), redact, canonical
//    JSON, SHA-256, the event row and a blob row for a payload of 4 KiB or
//    more, one transaction per loop step) vs one
//    INSERT of the same ToJson(RunEvent) payload per event into an
//    events-shaped table, committing at the same step boundaries, plus the
//    run's own row (inserted when it starts, updated when it ends, each in
//    its own transaction, as the recorder does); both WAL +
//    synchronous=NORMAL.
//  - replay: ReplayRecording of the flagship recording (load, decode, feed
//    the loop with the builtin agent re-deciding every step, compare every
//    event) vs a raw scan parsing the same rows' payloads. Both open the
//    recording per run as a user's replay must (read-write, WAL; closing the
//    last connection checkpoints), so the ratio is what replay adds to
//    reading the file. BM_Load (open, read and decode the recording, close)
//    shows how much of the replay is reading.
// Prints the ratios of medians (goals: record < 1.5x, replay < 2x).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/agent/approval_gate.h"
#include "engine/agent/recording_observer.h"
#include "engine/agent/run_scenario.h"
#include "engine/replay/recorded_run.h"
#include "engine/replay/replay.h"
#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "bench/ratio_reporter.h"
#include "bench/scratch_files.h"

namespace {

using kf::Json;
namespace agent = kf::agent;
namespace recorder = kf::recorder;

// The flagship's events (--approve=1), collected once.
const std::vector<agent::RunEvent>& FlagshipEvents() {
  static const std::vector<agent::RunEvent> events = [] {
    agent::CollectingObserver collect;
    auto gate = agent::PolicyGate::Parse("1");
    agent::RunRequest req;
    req.scenario_path = std::string(KF_SOURCE_DIR) + "/scenarios/payment-service-oom.yaml";
    req.gate = &*gate;
    req.observer = &collect;
    if (!agent::RunScenario(req).ok()) std::abort();
    return collect.events();
  }();
  return events;
}

// The recording the replay benchmarks read, and its run id.
const std::pair<std::string, std::string>& FlagshipRecording() {
  static const std::pair<std::string, std::string> rec = [] {
    std::string path = kf::bench::ScratchPath("flagship.db");
    auto r = recorder::Recorder::Open(path);
    agent::RecordingObserver obs(&*r, recorder::RunInfo{});
    for (const agent::RunEvent& e : FlagshipEvents()) obs.OnEvent(e);
    if (!obs.status().ok() || !r->Close().ok()) std::abort();
    return std::make_pair(path, obs.run_id());
  }();
  return rec;
}

// The flagship's events `shift` seconds later: every payload differs from
// the previous iteration's, so deduplication of identical payloads does not
// flatter the recorder.
std::vector<agent::RunEvent> Shifted(int64_t shift) {
  std::vector<agent::RunEvent> events = FlagshipEvents();
  for (agent::RunEvent& e : events) e.time += shift * 1000;
  return events;
}

void BM_RecordRun(benchmark::State& state) {
  auto rec = recorder::Recorder::Open(kf::bench::ScratchPath("record.db"));
  const size_t n = FlagshipEvents().size();
  int64_t shift = 0;
  for (auto _ : state) {
    const std::vector<agent::RunEvent> events = Shifted(++shift);
    agent::RecordingObserver obs(&*rec, recorder::RunInfo{});
    for (const agent::RunEvent& e : events) obs.OnEvent(e);
    if (!obs.status().ok()) state.SkipWithError("recording failed");
  }
  (void)rec->Close();
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_RawInsertRun(benchmark::State& state) {
  SQLite::Database db(kf::bench::ScratchPath("raw.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("CREATE TABLE raw_events (run_id INTEGER NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL, "
          "type TEXT NOT NULL, phase TEXT NOT NULL, virtual_time INTEGER NOT NULL, wall_time INTEGER NOT NULL, "
          "payload TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID");
  db.exec("CREATE TABLE raw_runs (id INTEGER PRIMARY KEY, info TEXT NOT NULL, status TEXT, verdict TEXT)");
  SQLite::Statement insert(db, "INSERT INTO raw_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement begin_run(db, "INSERT INTO raw_runs (id, info) VALUES (?, ?)");
  SQLite::Statement end_run(db, "UPDATE raw_runs SET status = ?, verdict = ? WHERE id = ?");
  const std::string info = Json{{"scenario", "payment-service-oom"}, {"agent", "builtin"}}.dump();
  const size_t n = FlagshipEvents().size();
  int64_t run = 0;
  for (auto _ : state) {
    const std::vector<agent::RunEvent> events = Shifted(++run);
    db.exec("BEGIN IMMEDIATE");
    begin_run.bind(1, run);
    begin_run.bind(2, info);
    begin_run.exec();
    begin_run.reset();
    db.exec("COMMIT");
    int last_step = -1;
    db.exec("BEGIN IMMEDIATE");
    for (const agent::RunEvent& e : events) {
      if (last_step >= 0 && e.step != last_step) {
        db.exec("COMMIT");
        db.exec("BEGIN IMMEDIATE");
      }
      last_step = e.step;
      std::string payload = agent::ToJson(e).dump();
      insert.bind(1, run);
      insert.bind(2, e.seq);
      insert.bind(3, e.step);
      insert.bind(4, agent::EventTypeName(e));
      insert.bind(5, agent::PhaseName(e.phase));
      insert.bind(6, e.time);
      insert.bind(7, e.time);
      insert.bindNoCopy(8, payload);
      insert.exec();
      insert.reset();
    }
    db.exec("COMMIT");
    db.exec("BEGIN IMMEDIATE");
    end_run.bind(1, "passed");
    end_run.bind(2, "PASSED");
    end_run.bind(3, run);
    end_run.exec();
    end_run.reset();
    db.exec("COMMIT");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_Replay(benchmark::State& state) {
  const auto& [path, run] = FlagshipRecording();
  kf::replay::ReplayRequest req;
  req.db_path = path;
  req.run_id = run;
  req.record = false;
  for (auto _ : state) {
    auto out = kf::replay::ReplayRecording(req);
    if (!out.ok() || out->run.divergence) state.SkipWithError("replay failed or diverged");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(FlagshipEvents().size()));
}

// Reading alone: what a replay costs before the loop runs.
void BM_Load(benchmark::State& state) {
  const auto& [path, run] = FlagshipRecording();
  for (auto _ : state) {
    auto out = kf::replay::LoadRecordedRun(path, run);
    if (!out.ok()) state.SkipWithError("load failed");
  }
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->MinTime(0.5);

void BM_RawScan(benchmark::State& state) {
  const auto& [path, run] = FlagshipRecording();
  for (auto _ : state) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA journal_mode = WAL");
    SQLite::Statement st(db,
                         "SELECT e.seq, e.type, coalesce(e.payload, b.bytes) FROM events e "
                         "LEFT JOIN blobs b ON e.payload IS NULL AND b.hash = e.payload_hash "
                         "WHERE e.run_id = ? ORDER BY e.seq");
    st.bind(1, run);
    int64_t n = 0;
    while (st.executeStep()) n += Json::parse(st.getColumn(2).getString()).size();
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(FlagshipEvents().size()));
}

BENCHMARK(BM_RecordRun)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(BM_RawInsertRun)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(BM_Replay)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(BM_RawScan)->Unit(benchmark::kMillisecond)->MinTime(0.5);

}  // namespace

int main(int argc, char** argv) {
  kf::bench::InitializeWithRepetitions(argc, argv);
  kf::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("flagship run: %zu events\n", FlagshipEvents().size());
  reporter.PrintRatio("recording overhead per event", "BM_RecordRun", "BM_RawInsertRun", 1.5);
  reporter.PrintRatio("replay time per event", "BM_Replay", "BM_RawScan", 2.0);
  benchmark::Shutdown();
  return 0;
}
