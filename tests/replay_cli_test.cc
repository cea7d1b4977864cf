// The recording commands end to end through the kubeflight binary: run
// records by default, runs list/show/export/import, replay, resume.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/testing/test_util.h"

namespace kf {
namespace {

using kf::testing::RunKubeflight;

// "kubeflight run: recorded run ID in PATH" → ID.
std::string RecordedId(const std::string& out) {
  const std::string marker = "recorded run ";
  size_t at = out.rfind(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return out.substr(at, out.find(' ', at) - at);
}

TEST(RecordingCliTest, RunRecordsIntoTheStateDirectoryByDefault) {
  std::string out;
  ASSERT_EQ(RunKubeflight("run payment-service-oom --approve=1", &out, true), 0) << out;
  const std::string db = kf::testing::StateDir() + "/kubeflight/runs.db";
  EXPECT_TRUE(std::filesystem::exists(db));
  const std::string id = RecordedId(out);
  EXPECT_NE(out.find("kubeflight run: recorded run " + id + " in " + db + "\n"), std::string::npos) << out;
  ASSERT_EQ(RunKubeflight("runs list", &out), 0);
  EXPECT_NE(out.find(id + " "), std::string::npos) << out;
}

TEST(RecordingCliTest, NoRecordWritesNothing) {
  const std::string dir = kf::testing::TempDir();
  std::string out;
  ASSERT_EQ(RunKubeflight("run payment-service-oom --approve=1 --no-record --db " + dir + "/x.db", &out, true), 0);
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.db"));
  EXPECT_EQ(out.find("recorded run"), std::string::npos);
}

TEST(RecordingCliTest, ShowExportImportAndReplay) {
  const std::string dir = kf::testing::TempDir();
  const std::string db = dir + "/runs.db";
  std::string transcript, err;
  ASSERT_EQ(RunKubeflight("run payment-service-oom --approve=1 --db " + db + " 2>" + dir + "/err.txt", &transcript), 0);
  const std::string id = RecordedId(kf::testing::ReadFileOrDie(dir + "/err.txt"));
  ASSERT_FALSE(id.empty());
  std::string listing;
  ASSERT_EQ(RunKubeflight("runs list --db " + db, &listing), 0);
  EXPECT_EQ(listing.rfind("ID ", 0), 0u) << listing;
  EXPECT_NE(listing.find(id + "  simulated payment-service-oom"), std::string::npos) << listing;
  EXPECT_NE(listing.find(" passed "), std::string::npos) << listing;

  std::string shown;
  ASSERT_EQ(RunKubeflight("runs show " + id + " --db " + db, &shown), 0);
  EXPECT_EQ(shown, transcript);
  std::string json, shown_json;
  ASSERT_EQ(RunKubeflight("run payment-service-oom --approve=1 --json --no-record", &json), 0);
  ASSERT_EQ(RunKubeflight("runs show " + id + " --json --db " + db, &shown_json), 0);
  EXPECT_EQ(shown_json, json);

  ASSERT_EQ(RunKubeflight("runs export " + id + " --format jsonl -o " + dir + "/run.jsonl --db " + db, &err, true), 0)
      << err;
  std::string stdout_export;
  ASSERT_EQ(RunKubeflight("runs export " + id + " --db " + db, &stdout_export), 0);
  EXPECT_EQ(stdout_export, kf::testing::ReadFileOrDie(dir + "/run.jsonl"));
  EXPECT_EQ(stdout_export.rfind("{\"format\":\"kubeflight-recording\",\"version\":1}\n", 0), 0u);

  std::string imported;
  ASSERT_EQ(RunKubeflight("runs import " + dir + "/run.jsonl --db " + dir + "/imported.db", &imported), 0);
  EXPECT_NE(imported.find("imported 1 run(s), "), std::string::npos) << imported;

  std::string replayed;
  EXPECT_EQ(RunKubeflight("replay " + dir + "/imported.db --run " + id, &replayed), 0) << replayed;
  EXPECT_NE(replayed.find("replay of run " + id + ": identical ("), std::string::npos) << replayed;
  EXPECT_NE(replayed.find("recorded verdict passed)"), std::string::npos) << replayed;
  EXPECT_EQ(RunKubeflight("replay " + dir + "/imported.db --tools=simulate --no-record", &replayed), 0) << replayed;
}

TEST(RecordingCliTest, ReplayOfATamperedRecordingExitsSix) {
  const std::string dir = kf::testing::TempDir();
  std::string out;
  ASSERT_EQ(RunKubeflight("run payment-service-oom --approve=1 --db " + dir + "/runs.db", &out, true), 0);
  ASSERT_EQ(RunKubeflight("runs export --db " + dir + "/runs.db -o " + dir + "/all.jsonl", &out, true), 0) << out;
  // The recorded decision says option 2: this engine with this recording
  // approves option 2 and then does something else than what was recorded.
  std::string text = kf::testing::ReadFileOrDie(dir + "/all.jsonl");
  const std::string from = R"("decided_by":"policy:--approve=1","kind":"approve","option":1)";
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), R"("decided_by":"policy:--approve=1","kind":"approve","option":2)");
  // Drop the payload hashes (the edited payload no longer matches its hash).
  std::string cleaned;
  size_t pos = 0;
  while (true) {
    size_t h = text.find(",\"payload_hash\":\"", pos);
    if (h == std::string::npos) break;
    cleaned += text.substr(pos, h - pos);
    pos = text.find('"', h + 17) + 1;
  }
  cleaned += text.substr(pos);
  {
    std::ofstream f(dir + "/edited.jsonl");
    f << cleaned;
  }
  ASSERT_EQ(RunKubeflight("runs import " + dir + "/edited.jsonl --db " + dir + "/edited.db", &out, true), 0) << out;
  EXPECT_EQ(RunKubeflight("replay " + dir + "/edited.db", &out), 6) << out;
  EXPECT_NE(out.find("replay diverged at step "), std::string::npos) << out;
  EXPECT_NE(out.find("  differences:\n"), std::string::npos) << out;
}

TEST(RecordingCliTest, ResumeAStoppedRun) {
  const std::string dir = kf::testing::TempDir();
  const std::string db = dir + "/runs.db";
  std::string out, straight;
  ASSERT_EQ(RunKubeflight("run payment-service-oom --db " + db, &out, true), 4) << out;
  const std::string id = RecordedId(out);
  ASSERT_FALSE(id.empty()) << out;
  ASSERT_EQ(RunKubeflight("run payment-service-oom --approve=1 --no-record", &straight), 0);
  std::string resumed;
  EXPECT_EQ(RunKubeflight("resume " + id + " --approve=1 --db " + db, &resumed), 0) << resumed;
  EXPECT_EQ(resumed, straight);
  EXPECT_EQ(RunKubeflight("resume " + id + " --db " + db, &out, true), 4) << out;
  EXPECT_EQ(RunKubeflight("resume nope --db " + db, &out, true), 1);
  EXPECT_EQ(out, "kubeflight resume: " + db + ": no run nope\n");
}

TEST(RecordingCliTest, BadArgumentsAreNamed) {
  std::string out;
  EXPECT_EQ(RunKubeflight("runs export --format csv", &out, true), 2);
  EXPECT_EQ(out, "kubeflight runs export: unknown --format \"csv\": expected jsonl\n");
  EXPECT_EQ(RunKubeflight("replay x.db --tools=live", &out, true), 2);
  EXPECT_EQ(out, "kubeflight replay: unknown --tools \"live\": expected recorded|simulate\n");
  EXPECT_EQ(RunKubeflight("replay /nonexistent/x.db", &out, true), 1);
  EXPECT_NE(out.find("kubeflight replay: "), std::string::npos);
}

}  // namespace
}  // namespace kf
