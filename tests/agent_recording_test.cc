// RecordingObserver: a real flagship run recorded through the loop.
#include <gtest/gtest.h>

#include "engine/agent/json_printer.h"
#include "tests/replay_testing.h"

namespace kf::agent {
namespace {

using replay::testing::ExportAll;
using replay::testing::RecordFlagship;

TEST(RecordingObserverTest, RecordsTheRunRowAndEveryEvent) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  auto flagship = RecordFlagship(db, "1");
  ASSERT_FALSE(flagship.run_id.empty());
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  ASSERT_TRUE(reader.ok());
  Result<recorder::RunRecord> run = reader->GetRun(flagship.run_id);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->info.mode, recorder::RunMode::kSimulated);
  EXPECT_EQ(run->info.scenario, "payment-service-oom");
  EXPECT_EQ(run->info.agent, "builtin");
  EXPECT_EQ(run->info.seed, flagship.run.seed);
  EXPECT_EQ(run->info.engine_version, "test");
  EXPECT_EQ(run->info.scenario_hash.size(), 64u);
  EXPECT_EQ(run->outcome.status, recorder::RunStatus::kPassed);
  EXPECT_EQ(run->outcome.verdict, "Verification: PASSED");
  const Transcript& t = flagship.run.result.transcript;
  EXPECT_EQ(run->outcome.totals.steps, static_cast<int64_t>(t.size()));
  int64_t calls = 0;
  for (const Step& s : t) calls += s.kind == Step::Kind::kToolCall ? 1 : 0;
  EXPECT_EQ(run->outcome.totals.tool_calls, calls);
  EXPECT_EQ(run->outcome.totals.tokens_in, 0);
  EXPECT_GT(run->outcome.ended_at, run->info.started_at);
  // Simulated: wall time is the virtual time.
  EXPECT_EQ(run->info.started_wall, run->info.started_at);

  Result<std::vector<recorder::StoredEvent>> events = reader->Events(flagship.run_id);
  ASSERT_TRUE(events.ok());
  ASSERT_GT(events->size(), 20u);
  EXPECT_TRUE(reader->CheckGapless(flagship.run_id).ok());
  EXPECT_EQ(events->front().type, "run_started");
  EXPECT_EQ(events->back().type, "report");
  for (const recorder::StoredEvent& e : *events) {
    EXPECT_EQ(e.payload["seq"], e.seq);
    EXPECT_EQ(e.payload["type"], e.type);
    EXPECT_EQ(e.payload["phase"], e.phase);
    EXPECT_EQ(e.payload["step"], e.step);
    EXPECT_EQ(e.wall_time, e.virtual_time);
  }
}

TEST(RecordingObserverTest, PayloadsAreTheJsonLinesOfRunJson) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  Result<recorder::Recorder> rec = recorder::Recorder::Open(db);
  ASSERT_TRUE(rec.ok());
  RecordingObserver recording(&*rec, recorder::RunInfo{});
  std::ostringstream lines;
  JsonLinesPrinter printer(lines);
  MultiObserver both;
  both.Add(&printer);
  both.Add(&recording);
  Result<PolicyGate> gate = PolicyGate::Parse("2");
  RunRequest req;
  req.scenario_path = replay::testing::FlagshipPath();
  req.gate = &*gate;
  req.observer = &both;
  ASSERT_TRUE(RunScenario(req).ok());
  ASSERT_TRUE(rec->Close().ok());
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  Result<std::vector<recorder::StoredEvent>> events = reader->Events(recording.run_id());
  ASSERT_TRUE(events.ok());
  std::string recorded;
  for (const recorder::StoredEvent& e : *events) recorded += CanonicalJson(e.payload) + "\n";
  EXPECT_EQ(recorded, lines.str());
}

TEST(RecordingObserverTest, SameScenarioAndSeedRecordTheSameBytes) {
  const std::string a = kf::testing::TempDir() + "/a.db";
  const std::string b = kf::testing::TempDir() + "/b.db";
  auto ra = RecordFlagship(a, "1");
  auto rb = RecordFlagship(b, "1");
  EXPECT_EQ(ra.run_id, rb.run_id);
  const std::string ea = ExportAll(a);
  EXPECT_GT(ea.size(), 1000u);
  EXPECT_EQ(ea, ExportAll(b));
  // The event rows themselves, column by column.
  Result<recorder::Reader> x = recorder::Reader::Open(a);
  Result<recorder::Reader> y = recorder::Reader::Open(b);
  auto ex = x->Events(ra.run_id);
  auto ey = y->Events(rb.run_id);
  ASSERT_TRUE(ex.ok() && ey.ok());
  ASSERT_EQ(ex->size(), ey->size());
  for (size_t i = 0; i < ex->size(); ++i) {
    EXPECT_EQ(CanonicalJson(recorder::EventToJson((*ex)[i])), CanonicalJson(recorder::EventToJson((*ey)[i])));
  }
}

TEST(RecordingObserverTest, StoppedAtTheGateIsRecordedResumable) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  NoTerminalGate gate;
  auto flagship = RecordFlagship(db, &gate);
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  Result<recorder::RunRecord> run = reader->GetRun(flagship.run_id);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->outcome.status, recorder::RunStatus::kStoppedAtGate);
  EXPECT_EQ(RunStatusForOutcome("verification_failed"), recorder::RunStatus::kFailed);
  EXPECT_EQ(RunStatusForOutcome("no_action"), recorder::RunStatus::kPassed);
  EXPECT_EQ(RunStatusForOutcome("budget_exhausted"), recorder::RunStatus::kError);
}

TEST(RecordingObserverTest, AFirstEventOtherThanRunStartedIsAnError) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  Result<recorder::Recorder> rec = recorder::Recorder::Open(db);
  ASSERT_TRUE(rec.ok());
  RecordingObserver recording(&*rec, recorder::RunInfo{});
  RunEvent e;
  e.seq = 1;
  e.body = PhaseChanged{};
  recording.OnEvent(e);
  EXPECT_EQ(recording.status().message(), "recording: the first event is \"phase\", not \"run_started\"");
  EXPECT_EQ(recording.run_id(), "");
}

}  // namespace
}  // namespace kf::agent
