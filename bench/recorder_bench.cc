// Recorder costs, each next to a raw SQLite baseline doing the same work the
// obvious way:
//  - append: Recorder::Append (redact, canonical JSON, SHA-256, the event
//    row, and a blob row for a payload of 4 KiB or more) vs one INSERT of the serialised payload into an events-shaped
//    table; both in WAL + synchronous=NORMAL, one transaction per step of
//    kEventsPerStep events; both copy and stamp the payload per event.
//  - scan: Reader::ForEachEvent (inline payload or blob, parse payload and summary)
//    vs SELECT of the same rows and parsing their payloads.
// Prints the ratios of medians after the table (goals: append < 1.5x,
// scan < 2x).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "recorder/redact.h"
#include "bench/ratio_reporter.h"
#include "bench/scratch_files.h"

namespace {

using kf::Json;
using namespace kf::recorder;

constexpr int kEventsPerStep = 8;
constexpr int64_t kScanEvents = 20000;

// A tool result as the agent loop records it: about 1.5 KiB.
const Json& BasePayload() {
  static const Json payload = [] {
    Json pods = Json::array();
    for (int i = 0; i < 4; ++i) {
      pods.push_back({{"metadata", {{"name", "payment-service-7d4b9c-" + std::to_string(i)}, {"namespace", "production"},
                                    {"labels", {{"app", "payment-service"}, {"version", "v2.14.0"}}}}},
                      {"status", {{"phase", "Running"}, {"restartCount", 4 + i}, {"reason", "OOMKilled"}}}});
    }
    return Json{{"tool", "kubernetes.list_pods"},
                {"args", {{"namespace", "production"}, {"label_selector", "app=payment-service"}}},
                {"command", "kubectl get pods -n production -l app=payment-service"},
                {"text", "NAME                         READY   STATUS      RESTARTS   AGE\n"
                         "payment-service-7d4b9c-0     0/1     OOMKilled   4          12m\n"
                         "payment-service-7d4b9c-1     0/1     OOMKilled   5          12m\n"
                         "payment-service-7d4b9c-2     1/1     Running     6          12m\n"
                         "payment-service-7d4b9c-3     0/1     OOMKilled   7          12m\n"},
                {"structured", {{"items", pods}}},
                {"is_error", false}};
  }();
  return payload;
}

Json StampedPayload(int64_t seq) {
  Json payload = BasePayload();
  payload["seq"] = seq;  // every payload distinct: no deduplication helps
  return payload;
}

RecordedEvent MakeEvent(int64_t seq) {
  RecordedEvent e;
  e.type = "tool_result";
  e.phase = "INVESTIGATE";
  e.step = seq / kEventsPerStep + 1;
  e.virtual_time = 1773152940000 + seq;
  e.wall_time = 1800000000000 + seq;
  e.payload = StampedPayload(seq);
  e.summary = {{"tool", "kubernetes.list_pods"}};
  return e;
}

RunInfo BenchRun() {
  RunInfo info;
  info.scenario = "payment-service-oom";
  info.agent = "builtin";
  return info;
}

// The baseline store: the events table with the payload inline.
struct RawDb {
  explicit RawDb(const std::string& path)
      : db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE),
        insert(db, (Setup(db), "INSERT INTO raw_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {}
  static void Setup(SQLite::Database& db) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec(
        "CREATE TABLE raw_events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL, "
        "type TEXT NOT NULL, phase TEXT NOT NULL, virtual_time INTEGER NOT NULL, wall_time INTEGER NOT NULL, "
        "payload TEXT NOT NULL, summary TEXT, PRIMARY KEY (run_id, seq)) WITHOUT ROWID");
  }
  void Insert(const RecordedEvent& e, int64_t seq) {
    std::string payload = e.payload.dump();
    std::string summary = e.summary.dump();
    insert.bind(1, "run");
    insert.bind(2, seq);
    insert.bind(3, e.step);
    insert.bind(4, e.type);
    insert.bind(5, e.phase);
    insert.bind(6, e.virtual_time);
    insert.bind(7, e.wall_time);
    insert.bindNoCopy(8, payload);
    insert.bindNoCopy(9, summary);
    insert.exec();
    insert.reset();
  }
  SQLite::Database db;
  SQLite::Statement insert;
};

void BM_RecorderAppend(benchmark::State& state) {
  std::string path = kf::bench::ScratchPath("append.db");
  auto rec = Recorder::Open(path);
  std::string run = rec->BeginRun(BenchRun()).value();
  int64_t seq = 0;
  for (auto _ : state) {
    if (!rec->Append(run, MakeEvent(seq)).ok()) state.SkipWithError("append failed");
    if (++seq % kEventsPerStep == 0 && !rec->CommitStep().ok()) state.SkipWithError("commit failed");
  }
  (void)rec->Close();
  state.SetItemsProcessed(state.iterations());
}

void BM_RawInsert(benchmark::State& state) {
  RawDb raw(kf::bench::ScratchPath("raw.db"));
  int64_t seq = 0;
  raw.db.exec("BEGIN IMMEDIATE");
  for (auto _ : state) {
    raw.Insert(MakeEvent(seq), seq + 1);
    if (++seq % kEventsPerStep == 0) {
      raw.db.exec("COMMIT");
      raw.db.exec("BEGIN IMMEDIATE");
    }
  }
  raw.db.exec("COMMIT");
  state.SetItemsProcessed(state.iterations());
}

void BM_RedactPayload(benchmark::State& state) {
  for (auto _ : state) {
    Json payload = StampedPayload(1);
    benchmark::DoNotOptimize(RedactJson(&payload));
  }
}

void BM_CanonicalAndHash(benchmark::State& state) {
  Json payload = StampedPayload(1);
  for (auto _ : state) benchmark::DoNotOptimize(kf::Sha256Hex(kf::CanonicalJson(payload)));
}

std::string ScanRecording() {
  static const std::string path = [] {
    std::string p = kf::bench::ScratchPath("scan.db");
    auto rec = Recorder::Open(p);
    std::string run = rec->BeginRun(BenchRun()).value();
    for (int64_t seq = 0; seq < kScanEvents; ++seq) (void)rec->Append(run, MakeEvent(seq));
    (void)rec->Close();
    return p;
  }();
  return path;
}

void BM_ReaderScan(benchmark::State& state) {
  std::string path = ScanRecording();
  auto reader = Reader::Open(path);
  std::string run = reader->ListRuns()->front().info.id;
  for (auto _ : state) {
    int64_t n = 0;
    (void)reader->ForEachEvent(run, [&](const StoredEvent& e) {
      n += e.payload.size();
      return kf::Status::Ok();
    });
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * kScanEvents);
}

void BM_RawScan(benchmark::State& state) {
  static const std::string path = [] {
    std::string p = kf::bench::ScratchPath("rawscan.db");
    RawDb raw(p);
    raw.db.exec("BEGIN");
    for (int64_t seq = 0; seq < kScanEvents; ++seq) raw.Insert(MakeEvent(seq), seq + 1);
    raw.db.exec("COMMIT");
    return p;
  }();
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  for (auto _ : state) {
    SQLite::Statement st(db,
                         "SELECT seq, step, type, phase, virtual_time, wall_time, payload, summary FROM raw_events "
                         "WHERE run_id = 'run' ORDER BY seq");
    int64_t n = 0;
    while (st.executeStep()) {
      StoredEvent e;
      e.seq = st.getColumn(0).getInt64();
      e.step = st.getColumn(1).getInt64();
      e.type = st.getColumn(2).getString();
      e.phase = st.getColumn(3).getString();
      e.virtual_time = st.getColumn(4).getInt64();
      e.wall_time = st.getColumn(5).getInt64();
      e.payload = Json::parse(st.getColumn(6).getString());
      e.summary = Json::parse(st.getColumn(7).getString());
      n += e.payload.size();
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations() * kScanEvents);
}

BENCHMARK(BM_RecorderAppend)->Unit(benchmark::kMicrosecond)->MinTime(0.5);
BENCHMARK(BM_RawInsert)->Unit(benchmark::kMicrosecond)->MinTime(0.5);
BENCHMARK(BM_RedactPayload)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CanonicalAndHash)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReaderScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawScan)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  kf::bench::InitializeWithRepetitions(argc, argv);
  kf::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatio("append overhead per event", "BM_RecorderAppend", "BM_RawInsert", 1.5);
  reporter.PrintRatio("scan time per event", "BM_ReaderScan", "BM_RawScan", 2.0);
  benchmark::Shutdown();
  return 0;
}
