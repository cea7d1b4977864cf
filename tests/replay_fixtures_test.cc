// The committed flagship recordings (fixtures/recordings, written by
// scripts/record-fixtures.sh) must replay on this engine exactly: a change in
// what the engine does shows up here as a divergence, and a change in what
// the simulator answers as drift. Re-record on purpose when a change means it.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/replay/replay.h"
#include "recorder/export.h"
#include "tests/replay_testing.h"

namespace kf::replay {
namespace {

class ReplayFixturesTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ReplayFixturesTest, ImportsAndReplaysWithoutDivergenceOrDrift) {
  const std::string fixture =
      kf::testing::SourceDir() + "/fixtures/recordings/payment-service-oom-approve-" + GetParam() + ".jsonl";
  const std::string db = kf::testing::TempDir() + "/fixture.db";
  std::ifstream in(fixture, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing " << fixture << " (scripts/record-fixtures.sh writes it)";
  Result<recorder::ImportStats> stats = recorder::ImportRuns(db, in, fixture);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  ASSERT_EQ(stats->runs_added, 1);

  for (ToolSource tools : {ToolSource::kRecorded, ToolSource::kSimulate}) {
    ReplayRequest req;
    req.db_path = db;
    req.tools = tools;
    req.resolve_scenario = &testing::ResolveInSourceTree;
    req.record = false;
    Result<ReplayOutcome> out = ReplayRecording(req);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_FALSE(out->run.divergence) << out->run.divergence->Render();
    for (const Drift& d : out->run.drifts) ADD_FAILURE() << d.Render();
    EXPECT_EQ(out->source_status, "passed");
    EXPECT_EQ(out->run.result.outcome, agent::RunOutcome::kPassed);
  }
}

INSTANTIATE_TEST_SUITE_P(Flagship, ReplayFixturesTest, ::testing::Values("1", "2"));

}  // namespace
}  // namespace kf::replay
