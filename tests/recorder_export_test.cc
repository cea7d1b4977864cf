#include <gtest/gtest.h>

#include <sstream>

#include "recorder/export.h"
#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "tests/recorder_testing.h"

namespace kf::recorder {
namespace {

using testing::SampleEvent;
using testing::SampleRunInfo;
using testing::TempDb;

// Writes `runs` runs of `steps` steps (two events each) and returns their ids.
std::vector<std::string> WriteRuns(const std::string& path, int runs, int steps, uint64_t first_seed = 1) {
  auto rec = Recorder::Open(path);
  EXPECT_TRUE(rec.ok()) << rec.status().ToString();
  std::vector<std::string> ids;
  for (int r = 0; r < runs; ++r) {
    std::string id = rec->BeginRun(SampleRunInfo(first_seed + static_cast<uint64_t>(r))).value();
    for (int step = 1; step <= steps; ++step) {
      EXPECT_TRUE(rec->Append(id, SampleEvent(step, 0)).ok());
      EXPECT_TRUE(rec->Append(id, SampleEvent(step, 1)).ok());
    }
    RunOutcome outcome;
    outcome.status = RunStatus::kPassed;
    outcome.verdict = "ok";
    outcome.ended_at = 1773153000000;
    outcome.totals.steps = steps;
    outcome.totals.cost_usd = 0.125;
    EXPECT_TRUE(rec->EndRun(id, outcome).ok());
    ids.push_back(id);
  }
  return ids;
}

std::string Export(const std::string& path, const std::vector<std::string>& ids = {}) {
  auto reader = Reader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::ostringstream out;
  Status status = ExportRuns(*reader, ids, out);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out.str();
}

// The id of the first run of an export.
std::string RunIdOnLine2(const std::string& text) {
  size_t begin = text.find('\n') + 1;
  return Json::parse(text.substr(begin, text.find('\n', begin) - begin))["run"]["id"];
}

Result<ImportStats> Import(const std::string& path, const std::string& text) {
  std::istringstream in(text);
  return ImportRuns(path, in, "run.jsonl");
}

TEST(RecorderExportTest, FormatIsVersionedJsonLines) {
  std::string path = TempDb();
  std::vector<std::string> ids = WriteRuns(path, 1, 2);
  std::string text = Export(path);
  std::istringstream lines(text);
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line)) all.push_back(line);
  ASSERT_EQ(all.size(), 7u);  // header, run, 4 events, end
  EXPECT_EQ(all[0], R"({"format":"kubeflight-recording","version":1})");
  EXPECT_EQ(Json::parse(all[1])["run"]["id"], ids[0]);
  EXPECT_EQ(Json::parse(all[2])["event"]["seq"], 1);
  EXPECT_EQ(Json::parse(all[5])["event"]["seq"], 4);
  EXPECT_EQ(all[6], R"({"end":{"events":4,"runs":1}})");
}

TEST(RecorderExportTest, ExportIsByteIdenticalAndRoundTrips) {
  std::string a = TempDb(), b = TempDb();
  std::vector<std::string> ids = WriteRuns(a, 3, 3);
  std::string first = Export(a);
  EXPECT_EQ(Export(a), first);
  auto stats = Import(b, first);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->runs_added, 3);
  EXPECT_EQ(stats->events_added, 18);
  EXPECT_EQ(Export(b), first);  // ids, order, payloads and outcomes kept
  EXPECT_EQ(Export(b, {ids[1]}), Export(a, {ids[1]}));
}

TEST(RecorderExportTest, ReimportIsIdempotentAndConflictsAreRefused) {
  std::string a = TempDb(), b = TempDb();
  WriteRuns(a, 2, 2);
  std::string text = Export(a);
  ASSERT_TRUE(Import(b, text).ok());
  auto again = Import(b, text);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->runs_identical, 2);
  EXPECT_EQ(again->runs_added, 0);

  // The same run id with another verdict.
  std::string id = RunIdOnLine2(text);
  std::string changed = text;
  changed.replace(changed.find(R"("verdict":"ok")"), 14, R"("verdict":"no")");
  auto conflict = Import(b, changed);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), StatusCode::kConflict);
  EXPECT_EQ(conflict.status().message(), "run.jsonl:2: " + b + ": run " + id + " already exists with different metadata");
}

TEST(RecorderExportTest, ImportIsAllOrNothing) {
  std::string a = TempDb(), b = TempDb();
  WriteRuns(a, 2, 2);
  std::string text = Export(a);
  std::string truncated = text.substr(0, text.rfind("{\"end\""));
  auto status = Import(b, truncated);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.status().message(), "run.jsonl: truncated: no end line after line 11");
  auto reader = Reader::Open(b);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader->ListRuns()->empty());
}

TEST(RecorderExportTest, ImportErrorsNameTheLine) {
  std::string path = TempDb();
  EXPECT_EQ(Import(path, "{\"format\":\"kubeflight-recording\",\"version\":2}\n").status().message(),
            "run.jsonl:1: export format version 2 is newer than this kubeflight supports (1)");
  EXPECT_EQ(Import(path, "{\"format\":\"vcr\",\"version\":1}\n").status().message(),
            "run.jsonl:1: not a kubeflight recording export (format \"vcr\")");
  EXPECT_EQ(Import(path, "{\"format\":\"kubeflight-recording\",\"version\":1}\n{\"event\":{}}\n").status().message(),
            "run.jsonl:2: event before any run");
  EXPECT_EQ(Import(path, "").status().message(), "run.jsonl: empty: not a kubeflight recording export");

  std::string src = TempDb();
  WriteRuns(src, 1, 1);
  std::string text = Export(src);
  std::string tampered = text;
  tampered.replace(tampered.find("OOMKilled"), 9, "Completed");
  EXPECT_EQ(Import(path, tampered).status().message(),
            "run.jsonl:2: run " + RunIdOnLine2(text) +
                " seq 1: payload_hash does not match the payload");
  std::string no_seed = text;
  no_seed.replace(no_seed.find("\"seed\":1,"), 9, "");
  EXPECT_EQ(Import(path, no_seed).status().message(), "run.jsonl:2: run.seed: missing");
}

TEST(RecorderExportTest, MergeImportsEveryRunOfEachSource) {
  std::string a = TempDb(), b = TempDb(), dst = TempDb();
  std::vector<std::string> from_a = WriteRuns(a, 2, 2, 1);
  std::vector<std::string> from_b = WriteRuns(b, 2, 2, 10);
  ImportStats stats;
  ASSERT_TRUE(MergeDatabases(dst, {a, b}, &stats).ok());
  EXPECT_EQ(stats.runs_added, 4);
  EXPECT_EQ(stats.events_added, 16);
  auto reader = Reader::Open(dst);
  auto runs = reader->ListRuns();
  ASSERT_TRUE(runs.ok());
  std::vector<std::string> ids;
  for (const RunRecord& r : *runs) ids.push_back(r.info.id);
  EXPECT_EQ(ids, (std::vector<std::string>{from_a[0], from_a[1], from_b[0], from_b[1]}));
  for (const std::string& id : ids) EXPECT_TRUE(reader->CheckGapless(id).ok());
  EXPECT_EQ(Export(dst, from_b), Export(b));

  // Merging again changes nothing.
  ASSERT_TRUE(MergeDatabases(dst, {a, b}, &stats).ok());
  EXPECT_EQ(stats.runs_identical, 4);
  EXPECT_EQ(reader->ListRuns()->size(), 4u);
}

TEST(RecorderExportTest, MergeRefusesConflictingRunsAndWritesNothing) {
  std::string a = TempDb(), b = TempDb(), dst = TempDb();
  // Same derived ids (same info, same position), different events.
  WriteRuns(a, 1, 2);
  WriteRuns(b, 1, 3);
  Status status = MergeDatabases(dst, {a, b});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_NE(status.message().find(b + ": " + dst + ": run "), std::string::npos) << status.message();
  auto reader = Reader::Open(dst);
  EXPECT_TRUE(reader->ListRuns()->empty());
}

}  // namespace
}  // namespace kf::recorder
