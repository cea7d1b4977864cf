// Replay, what-if and resume of real flagship recordings, in process.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/replay/agent_factory.h"
#include "engine/replay/divergence.h"
#include "engine/replay/replay.h"
#include "engine/replay/resume.h"
#include "tests/replay_testing.h"

namespace kf::replay {
namespace {

using testing::RecordFlagship;
using testing::ResolveInSourceTree;

ReplayRequest Request(const std::string& db, const std::string& run) {
  ReplayRequest r;
  r.db_path = db;
  r.run_id = run;
  r.resolve_scenario = &ResolveInSourceTree;
  r.engine_version = "test";
  return r;
}

// Rewrites one recorded event of an export with `edit`, imports the result
// into a fresh recording and returns its path.
std::string Tampered(const std::string& db, int64_t seq, const std::function<void(Json*)>& edit) {
  std::istringstream in(testing::ExportAll(db));
  std::string line, out;
  while (std::getline(in, line)) {
    Json j = Json::parse(line);
    if (j.contains("event") && j["event"]["seq"] == seq) {
      edit(&j["event"]["payload"]);
      j["event"].erase("payload_hash");
    }
    out += CanonicalJson(j) + "\n";
  }
  const std::string copy = kf::testing::TempDir() + "/tampered.db";
  std::istringstream src(out);
  Result<recorder::ImportStats> st = recorder::ImportRuns(copy, src, "tampered.jsonl");
  EXPECT_TRUE(st.ok()) << st.status().ToString();
  return copy;
}

// The seq of the n-th (0-based) recorded event of `type`.
int64_t SeqOf(const std::string& db, const std::string& run, const std::string& type, int n = 0) {
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  Result<std::vector<recorder::StoredEvent>> events = reader->Events(run);
  for (const recorder::StoredEvent& e : *events) {
    if (e.type == type && n-- == 0) return e.seq;
  }
  ADD_FAILURE() << "no " << type << " event";
  return 0;
}

TEST(ReplayTest, AFlagshipRecordingReplaysIdenticallyWithoutACluster) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  for (const char* approve : {"1", "2", "deny"}) {
    auto flagship = RecordFlagship(db, approve);
    Result<ReplayOutcome> out = ReplayRecording(Request(db, flagship.run_id));
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_FALSE(out->run.divergence) << approve << ": " << out->run.divergence->Render();
    EXPECT_EQ(out->simulation, nullptr);
    EXPECT_EQ(out->run.result.outcome, flagship.run.result.outcome) << approve;
    Result<recorder::Reader> reader = recorder::Reader::Open(db);
    EXPECT_EQ(out->run.events_compared, static_cast<int64_t>(reader->Events(flagship.run_id)->size()));
    // The replay is recorded as a replay of the run, with the same events.
    Result<recorder::RunRecord> rr = reader->GetRun(out->run.recorded_run_id);
    ASSERT_TRUE(rr.ok());
    EXPECT_EQ(rr->info.mode, recorder::RunMode::kReplay);
    EXPECT_EQ(rr->info.parent_run_id, flagship.run_id);
    EXPECT_EQ(rr->outcome.status, reader->GetRun(flagship.run_id)->outcome.status);
    auto a = reader->Events(flagship.run_id);
    auto b = reader->Events(out->run.recorded_run_id);
    ASSERT_EQ(a->size(), b->size());
    for (size_t i = 0; i < a->size(); ++i) EXPECT_EQ((*a)[i].payload_hash, (*b)[i].payload_hash) << i;
  }
}

TEST(ReplayTest, TheLastRunIsReplayedWhenNoIdIsGiven) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  RecordFlagship(db, "1");
  auto second = RecordFlagship(db, "2");
  ReplayRequest req = Request(db, "");
  req.record = false;
  Result<ReplayOutcome> out = ReplayRecording(req);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->source_run_id, second.run_id);
  EXPECT_EQ(out->run.recorded_run_id, "");
}

TEST(ReplayTest, AChangedRequestIsReportedAtTheFirstMismatch) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  auto flagship = RecordFlagship(db, "1");
  const int64_t seq = SeqOf(db, flagship.run_id, "tool_call", 2);
  std::string original_name;
  const std::string copy = Tampered(db, seq, [&](Json* p) {
    original_name = (*p)["call"]["name"].get<std::string>();
    (*p)["call"]["args"]["namespace"] = "staging";
  });
  Result<ReplayOutcome> out = ReplayRecording(Request(copy, flagship.run_id));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_TRUE(out->run.divergence);
  const Divergence& d = *out->run.divergence;
  EXPECT_EQ(d.seq, seq);
  EXPECT_EQ(d.recorded_type, "tool_call");
  EXPECT_EQ(d.replayed_type, "tool_call");
  EXPECT_EQ(d.phase, "INVESTIGATE");
  const std::string report = d.Render();
  EXPECT_NE(report.find("replay diverged at step 3 (INVESTIGATE), event " + std::to_string(seq) + ":"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("  recorded: tool_call " + original_name), std::string::npos) << report;
  EXPECT_NE(report.find("    call.args.namespace: recorded \"staging\", replayed \"production\""),
            std::string::npos)
      << report;
  // The replay stopped there, and is recorded as diverged.
  EXPECT_EQ(out->run.result.outcome, agent::RunOutcome::kError);
  Result<recorder::Reader> reader = recorder::Reader::Open(copy);
  Result<recorder::RunRecord> rr = reader->GetRun(out->run.recorded_run_id);
  ASSERT_TRUE(rr.ok());
  EXPECT_EQ(rr->outcome.status, recorder::RunStatus::kDiverged);
  EXPECT_EQ(rr->outcome.verdict, "replay diverged at event " + std::to_string(seq));
}

TEST(ReplayTest, ADifferentRecordedResultChangesWhatTheAgentDoesNext) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  auto flagship = RecordFlagship(db, "1");
  const int64_t seq = SeqOf(db, flagship.run_id, "decision");
  // The recording says the person denied: the replay is fed that decision,
  // and then does what a denial leads to, which is not what was recorded next.
  const std::string copy = Tampered(db, seq, [](Json* p) {
    (*p)["decision"]["kind"] = "deny";
    (*p)["decision"]["option"] = 0;
  });
  Result<ReplayOutcome> out = ReplayRecording(Request(copy, flagship.run_id));
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out->run.divergence);
  EXPECT_EQ(out->run.divergence->seq, seq + 1);
  EXPECT_NE(out->run.divergence->Render().find("    to: recorded \"EXECUTE\", replayed \"ASSESS\""),
            std::string::npos)
      << out->run.divergence->Render();
}

TEST(ReplayTest, ARecordingThatGoesOnAfterTheReplayEndedDiverges) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  auto flagship = RecordFlagship(db, "1");
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  const int64_t last = static_cast<int64_t>(reader->Events(flagship.run_id)->size());
  // The last event (the report) becomes something the replay will not do.
  const std::string copy = Tampered(db, last, [](Json* p) { (*p)["report"]["message"] = "edited"; });
  Result<ReplayOutcome> out = ReplayRecording(Request(copy, flagship.run_id));
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out->run.divergence);
  EXPECT_EQ(out->run.divergence->seq, last);
  EXPECT_NE(out->run.divergence->Render().find("report.message: recorded \"edited\", replayed "
                                               "\"Verification: PASSED\""),
            std::string::npos);
}

TEST(ReplayTest, SimulateReExecutesToolsAndReportsDrift) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  auto flagship = RecordFlagship(db, "1");
  ReplayRequest req = Request(db, flagship.run_id);
  req.tools = ToolSource::kSimulate;
  req.record = false;
  Result<ReplayOutcome> same = ReplayRecording(req);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_FALSE(same->run.divergence);
  EXPECT_TRUE(same->run.drifts.empty());
  ASSERT_NE(same->simulation, nullptr);

  const int64_t seq = SeqOf(db, flagship.run_id, "tool_result", 1);
  const std::string copy = Tampered(db, seq, [](Json* p) { (*p)["text"] = "an older simulator said this\n"; });
  req.db_path = copy;
  Result<ReplayOutcome> drift = ReplayRecording(req);
  ASSERT_TRUE(drift.ok());
  EXPECT_FALSE(drift->run.divergence) << drift->run.divergence->Render();
  ASSERT_EQ(drift->run.drifts.size(), 1u);
  EXPECT_EQ(drift->run.drifts[0].seq, seq);
  EXPECT_NE(drift->run.drifts[0].Render().find("text: recorded \"an older simulator said this\\n\""),
            std::string::npos)
      << drift->run.drifts[0].Render();
}

TEST(ReplayTest, SimulateRefusesAChangedScenario) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  auto flagship = RecordFlagship(db, "1");
  const std::string other = kf::testing::TempDir() + "/flagship.yaml";
  std::ofstream(other) << kf::testing::ReadFileOrDie(testing::FlagshipPath()) << "# edited\n";
  ReplayRequest req = Request(db, flagship.run_id);
  req.tools = ToolSource::kSimulate;
  req.scenario_path = other;
  Result<ReplayOutcome> out = ReplayRecording(req);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("scenario payment-service-oom changed since run " + flagship.run_id +
                                        " was recorded (hash "),
            std::string::npos)
      << out.status().message();
}

TEST(ReplayTest, WhatIfContinuesLiveAfterNSteps) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  auto flagship = RecordFlagship(db, "1");
  const agent::Transcript& t = flagship.run.result.transcript;
  int assessment = 0;
  for (const agent::Step& s : t) {
    if (s.kind == agent::Step::Kind::kAssessment) assessment = s.number;
  }
  ASSERT_GT(assessment, 0);
  Result<agent::PolicyGate> deny = agent::PolicyGate::Parse("deny");
  ReplayRequest req = Request(db, flagship.run_id);
  req.until_step = assessment;
  req.live_gate = &*deny;
  Result<ReplayOutcome> out = ReplayRecording(req);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_FALSE(out->run.divergence) << out->run.divergence->Render();
  EXPECT_TRUE(out->run.went_live);
  // Recorded: approved and passed. What if it had been denied?
  EXPECT_EQ(out->run.result.outcome, agent::RunOutcome::kDenied);
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  Result<recorder::RunRecord> rr = reader->GetRun(out->run.recorded_run_id);
  ASSERT_TRUE(rr.ok());
  EXPECT_EQ(rr->info.labels["what_if"]["until_step"], assessment);
  EXPECT_EQ(rr->outcome.status, recorder::RunStatus::kDenied);
}

TEST(ReplayTest, UnsupportedAgentsAreNamed) {
  recorder::RunRecord run;
  run.info.agent = "llm";
  auto agent = MakeAgentForReplay(run, {});
  ASSERT_FALSE(agent.ok());
  EXPECT_EQ(agent.status().message(), "cannot replay agent \"llm\": unsupported agent (this kubeflight replays: builtin, llm:PROVIDER:MODEL)");
  EXPECT_EQ(MakeLiveAgent("gpt").status().message(), "unknown agent \"gpt\": expected builtin");
}

TEST(ResumeTest, AStoppedRunResumesToTheSameEndAsAnUninterruptedOne) {
  const std::string db = kf::testing::TempDir() + "/runs.db";
  agent::NoTerminalGate no_terminal;
  auto stopped = RecordFlagship(db, &no_terminal);
  ASSERT_EQ(stopped.run.result.outcome, agent::RunOutcome::kStoppedAtGate);
  auto straight = RecordFlagship(kf::testing::TempDir() + "/straight.db", "1");

  Result<agent::PolicyGate> approve = agent::PolicyGate::Parse("1");
  ResumeRequest req;
  req.db_path = db;
  req.run_id = stopped.run_id;
  req.gate = &*approve;
  req.resolve_scenario = &ResolveInSourceTree;
  req.engine_version = "test";
  std::ostringstream text;
  agent::TranscriptPrinter printer(text);
  req.observer = &printer;
  Result<ResumeOutcome> out = ResumeRecordedRun(req);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_FALSE(out->run.divergence) << out->run.divergence->Render();
  EXPECT_EQ(out->run.result.outcome, agent::RunOutcome::kPassed);
  EXPECT_EQ(text.str(), straight.transcript);
  EXPECT_EQ(CanonicalJson(out->simulation->DumpObjects()),
            CanonicalJson(straight.run.simulation->DumpObjects()));
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  Result<recorder::RunRecord> rr = reader->GetRun(out->run.recorded_run_id);
  ASSERT_TRUE(rr.ok());
  EXPECT_EQ(rr->info.parent_run_id, stopped.run_id);
  EXPECT_EQ(rr->info.mode, recorder::RunMode::kSimulated);
  EXPECT_EQ(rr->outcome.status, recorder::RunStatus::kPassed);

  // A finished run cannot be resumed.
  req.run_id = out->run.recorded_run_id;
  Result<ResumeOutcome> again = ResumeRecordedRun(req);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().message(), "run " + rr->info.id + " already ended (passed); nothing to resume");
}

TEST(DivergenceTest, ComparableDropsVolatileFieldsAndRedacts) {
  Json a = {{"latency_ms", 12}, {"body", {{"Authorization", "Bearer abc.def"}, {"created", 17}}}, {"id", "x"}};
  EXPECT_EQ(CanonicalJson(Comparable("tool_result", a)),
            R"({"body":{"Authorization":"[REDACTED]"},"id":"x"})");
  EXPECT_EQ(CanonicalJson(Comparable("model_exchange", a)), R"({"body":{"Authorization":"[REDACTED]"}})");
  std::vector<std::string> diff = DiffJson(Json{{"a", {1, 2}}, {"b", "x"}}, Json{{"a", {1}}, {"c", true}});
  EXPECT_EQ(diff, (std::vector<std::string>{"a[1]: recorded 2, replayed <absent>",
                                            "b: recorded \"x\", replayed <absent>",
                                            "c: recorded <absent>, replayed true"}));
}

}  // namespace
}  // namespace kf::replay
