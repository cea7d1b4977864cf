#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "recorder/store.h"
#include "tests/recorder_testing.h"

namespace kf::recorder {
namespace {

using testing::SampleEvent;
using testing::SampleRunInfo;
using testing::TempDb;

int64_t Count(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

Recorder OpenOrDie(const std::string& path) {
  auto rec = Recorder::Open(path);
  EXPECT_TRUE(rec.ok()) << rec.status().ToString();
  return std::move(rec).value();
}

TEST(RecorderWriterTest, DerivedRunIdsAreDeterministic) {
  std::string a = TempDb(), b = TempDb();
  Recorder ra = OpenOrDie(a), rb = OpenOrDie(b);
  auto a1 = ra.BeginRun(SampleRunInfo()), a2 = ra.BeginRun(SampleRunInfo());
  auto b1 = rb.BeginRun(SampleRunInfo());
  ASSERT_TRUE(a1.ok() && a2.ok() && b1.ok());
  EXPECT_EQ(*a1, *b1);  // same info, same position in the file
  EXPECT_NE(*a1, *a2);  // the file's run counter differs
  EXPECT_EQ(a1->size(), 17u);
  EXPECT_EQ((*a1)[0], 'r');
  auto other_seed = rb.BeginRun(SampleRunInfo(7));
  ASSERT_TRUE(other_seed.ok());
  EXPECT_NE(*other_seed, *a2);
}

TEST(RecorderWriterTest, ExplicitRunIdsAreKeptAndChecked) {
  Recorder rec = OpenOrDie(TempDb());
  RunInfo info = SampleRunInfo();
  info.id = "incident-2026-03-10";
  auto id = rec.BeginRun(info);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "incident-2026-03-10");
  auto again = rec.BeginRun(info);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  info.id = "bad id/with slash";
  EXPECT_EQ(rec.BeginRun(info).status().message(),
            "run id \"bad id/with slash\": expected 1-128 characters of [A-Za-z0-9._:-]");
}

TEST(RecorderWriterTest, EventsAreNumberedWithoutGapsPerRun) {
  std::string path = TempDb();
  Recorder rec = OpenOrDie(path);
  std::string r1 = rec.BeginRun(SampleRunInfo(1)).value();
  std::string r2 = rec.BeginRun(SampleRunInfo(2)).value();
  for (int step = 1; step <= 3; ++step) {
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(rec.Append(r1, SampleEvent(step, i)).ok());
      ASSERT_TRUE(rec.Append(r2, SampleEvent(step, i)).ok());
    }
    ASSERT_TRUE(rec.CommitStep().ok());
  }
  auto reader = Reader::Open(path);
  ASSERT_TRUE(reader.ok());
  for (const std::string& run : {r1, r2}) {
    auto events = reader->Events(run);
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    ASSERT_EQ(events->size(), 6u);
    for (size_t k = 0; k < events->size(); ++k) {
      const StoredEvent& e = (*events)[k];
      EXPECT_EQ(e.seq, static_cast<int64_t>(k) + 1);
      EXPECT_EQ(e.step, static_cast<int64_t>(k) / 2 + 1);
      EXPECT_EQ(e.payload, SampleEvent(e.step, static_cast<int>(k % 2)).payload);
      EXPECT_EQ(e.summary, Json({{"tool", "kubernetes.list_pods"}}));
      EXPECT_EQ(e.payload_hash, Sha256Hex(CanonicalJson(e.payload)));
    }
    EXPECT_TRUE(reader->CheckGapless(run).ok());
  }
}

TEST(RecorderWriterTest, StepIsWrittenOnlyWhenCommitted) {
  std::string path = TempDb();
  Recorder rec = OpenOrDie(path);
  std::string run = rec.BeginRun(SampleRunInfo()).value();
  ASSERT_TRUE(rec.Append(run, SampleEvent(1, 0)).ok());
  ASSERT_TRUE(rec.Append(run, SampleEvent(1, 1)).ok());
  EXPECT_EQ(Count(path, "SELECT count(*) FROM events"), 0);
  ASSERT_TRUE(rec.CommitStep().ok());
  EXPECT_EQ(Count(path, "SELECT count(*) FROM events"), 2);
  // An event of the next step writes the previous step first.
  ASSERT_TRUE(rec.Append(run, SampleEvent(2, 0)).ok());
  ASSERT_TRUE(rec.Append(run, SampleEvent(3, 0)).ok());
  EXPECT_EQ(Count(path, "SELECT count(*) FROM events"), 3);
  EXPECT_EQ(Count(path, "SELECT max(step) FROM events"), 2);
}

TEST(RecorderWriterTest, DestructorAndEndRunWriteTheBuffer) {
  std::string path = TempDb();
  std::string run;
  {
    Recorder rec = OpenOrDie(path);
    run = rec.BeginRun(SampleRunInfo()).value();
    ASSERT_TRUE(rec.Append(run, SampleEvent(1)).ok());
  }
  EXPECT_EQ(Count(path, "SELECT count(*) FROM events"), 1);
  auto reader = Reader::Open(path);
  EXPECT_EQ(reader->GetRun(run)->outcome.status, RunStatus::kRunning);

  Recorder rec = OpenOrDie(path);
  std::string second = rec.BeginRun(SampleRunInfo(9)).value();
  ASSERT_TRUE(rec.Append(second, SampleEvent(1)).ok());
  RunOutcome outcome;
  outcome.status = RunStatus::kPassed;
  outcome.verdict = "verification passed: 5/5 checks";
  outcome.ended_at = 1773153240000;
  outcome.ended_wall = 1800000000500;
  outcome.totals = {7, 5, 1200, 300, 0.25};
  ASSERT_TRUE(rec.EndRun(second, outcome).ok());
  auto stored = reader->GetRun(second);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->outcome.status, RunStatus::kPassed);
  EXPECT_EQ(stored->outcome.verdict, "verification passed: 5/5 checks");
  EXPECT_EQ(stored->outcome.ended_at, 1773153240000);
  EXPECT_EQ(stored->outcome.totals.tool_calls, 5);
  EXPECT_DOUBLE_EQ(stored->outcome.totals.cost_usd, 0.25);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM events"), 2);
  // An ended run takes no more events.
  EXPECT_EQ(rec.Append(second, SampleEvent(2)).code(), StatusCode::kFailedPrecondition);
}

TEST(RecorderWriterTest, RejectsMisuse) {
  Recorder rec = OpenOrDie(TempDb());
  EXPECT_EQ(rec.Append("nope", SampleEvent(1)).message(), rec.path() + ": run nope is not open in this recorder");
  std::string run = rec.BeginRun(SampleRunInfo()).value();
  ASSERT_TRUE(rec.Append(run, SampleEvent(3)).ok());
  EXPECT_EQ(rec.Append(run, SampleEvent(2)).message(), "run " + run + ": event step 2 after step 3");
  RecordedEvent untyped = SampleEvent(3);
  untyped.type = "";
  EXPECT_EQ(rec.Append(run, untyped).code(), StatusCode::kInvalidArgument);
  RecordedEvent big = SampleEvent(3);
  big.summary = {{"text", std::string(5000, 'x')}};
  EXPECT_EQ(rec.Append(run, big).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(rec.EndRun(run, RunOutcome{}).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(rec.Close().ok());
  EXPECT_EQ(rec.CommitStep().code(), StatusCode::kFailedPrecondition);
}

TEST(RecorderWriterTest, IdenticalPayloadsAreStoredOnce) {
  std::string path = TempDb();
  Recorder rec = OpenOrDie(path);
  std::string run = rec.BeginRun(SampleRunInfo()).value();
  for (int step = 1; step <= 10; ++step) {
    RecordedEvent e = SampleEvent(step);
    e.payload = {{"big", std::string(10000, 'a')}};
    ASSERT_TRUE(rec.Append(run, e).ok());
  }
  ASSERT_TRUE(rec.Close().ok());
  EXPECT_EQ(Count(path, "SELECT count(*) FROM events"), 10);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM blobs"), 1);
}

TEST(RecorderWriterTest, PayloadsAreStoredCanonically) {
  std::string path = TempDb();
  Recorder rec = OpenOrDie(path);
  std::string run = rec.BeginRun(SampleRunInfo()).value();
  RecordedEvent e = SampleEvent(1);
  e.payload = Json::parse(R"({ "b": 1, "a": [true, null, 2.5] })");
  ASSERT_TRUE(rec.Append(run, e).ok());
  ASSERT_TRUE(rec.Close().ok());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT CAST(payload AS TEXT) FROM events").getString(), R"({"a":[true,null,2.5],"b":1})");
}

TEST(RecorderWriterTest, SmallPayloadsStayInTheirEventAndLargeOnesGoToBlobs) {
  std::string path = TempDb();
  Recorder rec = OpenOrDie(path);
  std::string run = rec.BeginRun(SampleRunInfo()).value();
  // {"big":"aaa…"} serialises to 10 bytes plus the string.
  const std::vector<size_t> sizes = {10, store::kBlobMinBytes - 11, store::kBlobMinBytes - 10, 20000};
  for (size_t i = 0; i < sizes.size(); ++i) {
    RecordedEvent e = SampleEvent(static_cast<int64_t>(i + 1));
    e.payload = {{"big", std::string(sizes[i], 'a')}};
    ASSERT_TRUE(rec.Append(run, e).ok());
  }
  ASSERT_TRUE(rec.Close().ok());
  EXPECT_EQ(Count(path, "SELECT count(*) FROM events WHERE payload IS NOT NULL"), 2);
  EXPECT_EQ(Count(path, "SELECT count(*) FROM blobs"), 2);
  EXPECT_EQ(Count(path, "SELECT min(length(bytes)) FROM blobs"), static_cast<int64_t>(store::kBlobMinBytes));
  auto reader = Reader::Open(path);
  ASSERT_TRUE(reader.ok());
  auto events = reader->Events(run);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) {
    EXPECT_EQ((*events)[i].payload["big"].get_ref<const std::string&>().size(), sizes[i]);
  }
}

TEST(RecorderWriterTest, ListRunsKeepsTheFileOrderAndParents) {
  std::string path = TempDb();
  Recorder rec = OpenOrDie(path);
  std::vector<std::string> ids;
  for (uint64_t seed : {5, 3, 9}) ids.push_back(rec.BeginRun(SampleRunInfo(seed)).value());
  RunInfo replay = SampleRunInfo(5);
  replay.mode = RunMode::kReplay;
  replay.parent_run_id = ids[0];
  ids.push_back(rec.BeginRun(replay).value());
  auto reader = Reader::Open(path);
  auto runs = reader->ListRuns();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 4u);
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ((*runs)[i].info.id, ids[i]);
    EXPECT_EQ((*runs)[i].ordinal, static_cast<int64_t>(i) + 1);
  }
  EXPECT_EQ((*runs)[3].info.parent_run_id, ids[0]);
  EXPECT_EQ((*runs)[3].info.mode, RunMode::kReplay);
  EXPECT_EQ((*runs)[0].info.labels, Json({{"suite", "recorder"}}));
  EXPECT_EQ(reader->GetRun("nope").status().message(), path + ": no run nope");
}

TEST(RecorderWriterTest, GapCheckNamesTheFirstGap) {
  std::string path = TempDb();
  Recorder rec = OpenOrDie(path);
  std::string run = rec.BeginRun(SampleRunInfo()).value();
  for (int step = 1; step <= 5; ++step) ASSERT_TRUE(rec.Append(run, SampleEvent(step)).ok());
  ASSERT_TRUE(rec.Close().ok());
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM events WHERE seq = 4");
  }
  auto reader = Reader::Open(path);
  EXPECT_EQ(reader->CheckGapless(run).message(), "run " + run + ": seq 5 follows seq 3");
}

TEST(RecorderWriterTest, ReaderSeesCommittedStepsWhileWriting) {
  std::string path = TempDb();
  Recorder rec = OpenOrDie(path);
  std::string run = rec.BeginRun(SampleRunInfo()).value();
  auto reader = Reader::Open(path);
  ASSERT_TRUE(reader.ok());
  for (int step = 1; step <= 3; ++step) {
    ASSERT_TRUE(rec.Append(run, SampleEvent(step)).ok());
    ASSERT_TRUE(rec.CommitStep().ok());
    EXPECT_EQ(reader->Events(run)->size(), static_cast<size_t>(step));
  }
}

}  // namespace
}  // namespace kf::recorder
