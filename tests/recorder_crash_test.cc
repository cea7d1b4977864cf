// Crash safety: a child process writes a recording and is SIGKILLed at
// seeded points; the parent then checks the file is intact and holds only
// whole, gapless steps.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "engine/core/rng.h"
#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "tests/recorder_testing.h"

namespace kf::recorder {
namespace {

constexpr int kRuns = 6;
constexpr int kSteps = 40;

// How many events step `step` of run `run` has in the plan of `seed`: 1-4.
int EventsInStep(uint64_t seed, int run, int step) {
  return 1 + static_cast<int>((seed * 31 + static_cast<uint64_t>(run) * 7 + static_cast<uint64_t>(step) * 13) % 4);
}

RecordedEvent PlannedEvent(uint64_t seed, int step, int i) {
  RecordedEvent e = testing::SampleEvent(step, i);
  // About 2 KiB per payload, so a step spans several pages.
  e.payload["log"] = Rng(seed * 1000 + static_cast<uint64_t>(step * 10 + i)).String(2048, "abcdefghij0123456789");
  return e;
}

// The child: writes the plan; raises SIGKILL right after appending event
// number kill_after_event (1-based, over the whole plan) when it is > 0.
[[noreturn]] void WritePlan(const std::string& path, uint64_t seed, int kill_after_event) {
  auto rec = Recorder::Open(path);
  if (!rec.ok()) _exit(2);
  int appended = 0;
  for (int run = 0; run < kRuns; ++run) {
    auto id = rec->BeginRun(testing::SampleRunInfo(seed * 100 + static_cast<uint64_t>(run)));
    if (!id.ok()) _exit(3);
    for (int step = 1; step <= kSteps; ++step) {
      for (int i = 0; i < EventsInStep(seed, run, step); ++i) {
        if (!rec->Append(*id, PlannedEvent(seed, step, i)).ok()) _exit(4);
        if (++appended == kill_after_event) raise(SIGKILL);
      }
      if (!rec->CommitStep().ok()) _exit(5);
    }
    RunOutcome outcome;
    outcome.status = RunStatus::kPassed;
    if (!rec->EndRun(*id, outcome).ok()) _exit(6);
  }
  _exit(0);
}

// Events committed before the step holding event number kill_after_event.
int64_t CommittedBefore(uint64_t seed, int kill_after_event) {
  int64_t total = 0;
  for (int run = 0; run < kRuns; ++run) {
    for (int step = 1; step <= kSteps; ++step) {
      int n = EventsInStep(seed, run, step);
      if (total + n >= kill_after_event) return total;
      total += n;
    }
  }
  return total;
}

int64_t TotalPlanned(uint64_t seed) { return CommittedBefore(seed, INT32_MAX); }

// Checks the file and returns the number of events it holds.
int64_t CheckRecording(const std::string& path, uint64_t seed) {
  if (!std::filesystem::exists(path)) return 0;  // killed before it created the file
  auto reader = Reader::Open(path);  // recovers the WAL
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return -1;
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
    SQLite::Statement dangling(db, "PRAGMA foreign_key_check");
    EXPECT_FALSE(dangling.executeStep()) << "dangling payload or run reference";
  }
  auto runs = reader->ListRuns();
  EXPECT_TRUE(runs.ok());
  int64_t events_seen = 0;
  for (const RunRecord& run : *runs) {
    int index = static_cast<int>(run.ordinal) - 1;
    EXPECT_TRUE(reader->CheckGapless(run.info.id).ok());
    auto events = reader->Events(run.info.id);
    EXPECT_TRUE(events.ok());
    std::map<int64_t, int> per_step;
    for (const StoredEvent& e : *events) ++per_step[e.step];
    int64_t expected_step = 1;
    for (const auto& [step, count] : per_step) {
      EXPECT_EQ(step, expected_step++) << "steps are not a prefix of the plan";
      EXPECT_EQ(count, EventsInStep(seed, index, static_cast<int>(step))) << "partial step " << step;
    }
    if (run.outcome.status == RunStatus::kPassed) {
      EXPECT_EQ(per_step.size(), static_cast<size_t>(kSteps));
    }
    events_seen += static_cast<int64_t>(events->size());
  }
  // The file takes new runs after the crash.
  auto rec = Recorder::Open(path);
  EXPECT_TRUE(rec.ok());
  auto id = rec->BeginRun(testing::SampleRunInfo(999999));
  EXPECT_TRUE(id.ok());
  EXPECT_TRUE(rec->Append(*id, testing::SampleEvent(1)).ok());
  EXPECT_TRUE(rec->Close().ok());
  return events_seen;
}

pid_t Spawn(const std::string& path, uint64_t seed, int kill_after_event) {
  pid_t pid = fork();
  if (pid == 0) WritePlan(path, seed, kill_after_event);
  return pid;
}

TEST(RecorderCrashTest, KilledBetweenAppendAndCommitKeepsWholeSteps) {
  Rng rng(20260310);
  for (int round = 0; round < 6; ++round) {
    uint64_t seed = rng.Next() % 1000;
    int kill_after = static_cast<int>(rng.UniformInt(1, TotalPlanned(seed)));
    std::string path = testing::TempDb();
    pid_t pid = Spawn(path, seed, kill_after);
    ASSERT_GT(pid, 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
    EXPECT_EQ(CheckRecording(path, seed), CommittedBefore(seed, kill_after))
        << "seed " << seed << " killed after event " << kill_after;
  }
}

TEST(RecorderCrashTest, KilledAtRandomTimesLeavesAnIntactFile) {
  Rng rng(77);
  int killed = 0;
  for (int round = 0; round < 12; ++round) {
    uint64_t seed = rng.Next() % 1000;
    std::string path = testing::TempDb();
    pid_t pid = Spawn(path, seed, /*kill_after_event=*/0);
    ASSERT_GT(pid, 0);
    usleep(static_cast<useconds_t>(rng.UniformInt(0, 60000)));
    kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) {
      ++killed;
    } else {
      ASSERT_EQ(WEXITSTATUS(status), 0) << "child failed before the kill";
    }
    int64_t events = CheckRecording(path, seed);
    EXPECT_GE(events, 0);
    EXPECT_LE(events, TotalPlanned(seed));
  }
  EXPECT_GT(killed, 0) << "no child was killed mid-write; lengthen the plan";
}

}  // namespace
}  // namespace kf::recorder
