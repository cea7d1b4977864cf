// Crash safety of a real run: the kubeflight binary runs the flagship and is
// SIGKILLed at seeded points (KUBEFLIGHT_FAULT_KILL_AFTER_EVENT, docs/cli.md);
// every database must pass PRAGMA integrity_check, and every killed run must
// resume to the same final cluster and verdict as an uninterrupted run,
// without applying its change twice.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <random>
#include <set>

#include "engine/replay/resume.h"
#include "tests/replay_testing.h"

namespace kf::replay {
namespace {

// Mutating tool calls that really ran in a recorded run (engine-issued
// calls of mutating tools whose result is not "not executed again").
int AppliedChanges(const std::string& db, const std::string& run_id) {
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  Result<std::vector<recorder::StoredEvent>> events = reader->Events(run_id);
  int n = 0;
  for (const recorder::StoredEvent& e : *events) {
    if (e.type != "tool_result") continue;
    const Tool* tool = ToolCatalog::Default().Find(e.payload["call"]["name"].get<std::string>());
    if (tool == nullptr || tool->annotations().read_only) continue;
    if (e.payload["structured"].is_object() && e.payload["structured"].value("not_repeated", false)) continue;
    ++n;
  }
  return n;
}

TEST(ReplayCrashTest, KilledFlagshipRunsResumeToTheUninterruptedEnd) {
  const std::string dir = kf::testing::TempDir();
  auto reference = testing::RecordFlagship(dir + "/reference.db", "1");
  ASSERT_EQ(reference.run.result.outcome, agent::RunOutcome::kPassed);
  const std::string final_state = CanonicalJson(reference.run.simulation->DumpObjects());
  Result<recorder::Reader> ref_reader = recorder::Reader::Open(dir + "/reference.db");
  const int total = static_cast<int>(ref_reader->Events(reference.run_id)->size());
  ASSERT_EQ(AppliedChanges(dir + "/reference.db", reference.run_id), 1);

  // Seeded kill points over the whole run, plus the two that matter most:
  // right after the first event, and right after the change's intent.
  std::set<int> points = {1};
  Result<std::vector<recorder::StoredEvent>> ref_events = ref_reader->Events(reference.run_id);
  for (const recorder::StoredEvent& e : *ref_events) {
    if (e.type == "tool_call" && e.payload["by_engine"] == true) {
      points.insert(static_cast<int>(e.seq));
      break;
    }
  }
  std::mt19937 rng(20260310);
  std::uniform_int_distribution<int> pick(1, total - 1);
  while (points.size() < 16) points.insert(pick(rng));

  for (int point : points) {
    SCOPED_TRACE("killed after event " + std::to_string(point));
    const std::string db = dir + "/killed-" + std::to_string(point) + ".db";
    std::string out;
    const int rc = kf::testing::RunKubeflight("run payment-service-oom --approve=1 --db " + db, &out, false,
                                              "KUBEFLIGHT_FAULT_KILL_AFTER_EVENT=" + std::to_string(point));
    // The shell popen runs reports a SIGKILLed child as 128 + 9.
    ASSERT_TRUE(rc == -1 || rc == 137) << "expected a SIGKILL, got exit " << rc << "\n" << out;
    {
      SQLite::Database sql(db, SQLite::OPEN_READONLY);
      EXPECT_EQ(sql.execAndGet("PRAGMA integrity_check").getString(), "ok");
    }
    Result<recorder::Reader> reader = recorder::Reader::Open(db);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    Result<std::vector<recorder::RunRecord>> runs = reader->ListRuns();
    ASSERT_TRUE(runs.ok());
    ASSERT_EQ(runs->size(), 1u);
    const recorder::RunRecord& killed = runs->front();
    EXPECT_EQ(killed.outcome.status, recorder::RunStatus::kRunning);
    EXPECT_TRUE(reader->CheckGapless(killed.info.id).ok());
    EXPECT_LE(reader->Events(killed.info.id)->size(), static_cast<size_t>(point));

    Result<agent::PolicyGate> approve = agent::PolicyGate::Parse("1");
    ResumeRequest req;
    req.db_path = db;
    req.run_id = killed.info.id;
    req.gate = &*approve;
    req.resolve_scenario = &testing::ResolveInSourceTree;
    Result<ResumeOutcome> resumed = ResumeRecordedRun(req);
    ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
    EXPECT_FALSE(resumed->run.divergence) << resumed->run.divergence->Render();
    EXPECT_EQ(resumed->run.result.outcome, agent::RunOutcome::kPassed);
    EXPECT_EQ(resumed->run.result.report.message, reference.run.result.report.message);
    EXPECT_EQ(CanonicalJson(resumed->simulation->DumpObjects()), final_state);
    EXPECT_EQ(AppliedChanges(db, resumed->run.recorded_run_id), 1);
  }
}

}  // namespace
}  // namespace kf::replay
