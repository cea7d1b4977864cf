// `kubeflight eval` and `kubeflight runs merge` through the binary: the table,
// the exit codes, JUnit and JSON files, shards merged back together.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/core/json.h"
#include "recorder/reader.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

using testing::RunKubeflight;

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

size_t RunsIn(const std::string& db) {
  Result<recorder::Reader> r = recorder::Reader::Open(db);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return 0;
  Result<std::vector<recorder::RunRecord>> runs = r->ListRuns();
  return runs.ok() ? runs->size() : 0;
}

TEST(EvalCommand, TableJUnitJsonAndRecording) {
  const std::string dir = testing::TempDir();
  std::string out;
  const int rc = RunKubeflight("eval payment-service-oom inventory-api-healthy -j 2 --junit " + dir +
                                   "/junit.xml --json " + dir + "/results.json --db " + dir + "/runs.db",
                               &out, /*merge_stderr=*/true);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("SCENARIO"), std::string::npos) << out;
  EXPECT_NE(out.find("payment-service-oom"), std::string::npos) << out;
  EXPECT_NE(out.find("2/2 scenario runs passed (diagnosis 2/2, mitigation 2/2, honesty 2/2, safety 2/2)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("kubeflight eval: recorded 2 run(s) in " + dir + "/runs.db"), std::string::npos) << out;
  const std::string xml = testing::ReadFileOrDie(dir + "/junit.xml");
  EXPECT_EQ(Count(xml, "<testcase "), 2u) << xml;
  EXPECT_NE(xml.find("failures=\"0\" errors=\"0\""), std::string::npos) << xml;
  Json results = Json::parse(testing::ReadFileOrDie(dir + "/results.json"));
  EXPECT_EQ(results["summary"]["passed"], 2);
  EXPECT_EQ(results["results"][0]["scenario"], "payment-service-oom");
  EXPECT_EQ(results["results"][0]["diagnosis"]["passed"], true);
  EXPECT_FALSE(results["results"][0]["run_id"].get<std::string>().empty());
  EXPECT_EQ(RunsIn(dir + "/runs.db"), 2u);
}

TEST(EvalCommand, AFailingScenarioExitsSevenAndSaysWhy) {
  const std::string dir = testing::TempDir();
  std::string text = testing::ReadFileOrDie(testing::SourceDir() + "/scenarios/payment-service-oom.yaml");
  const std::string from = "  root_cause:\n    category: oom";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "  root_cause:\n    category: config");
  std::ofstream(dir + "/wrong.yaml") << text;
  std::string out;
  EXPECT_EQ(RunKubeflight("eval " + dir + "/wrong.yaml --no-record --junit " + dir + "/j.xml", &out, true), 7) << out;
  EXPECT_NE(out.find("FAIL"), std::string::npos) << out;
  EXPECT_NE(out.find("category oom, deployment/payment-service in production; expected category config"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("0/1 scenario runs passed"), std::string::npos) << out;
  EXPECT_NE(testing::ReadFileOrDie(dir + "/j.xml").find("<failure message=\"failed: diagnosis\""), std::string::npos);
}

TEST(EvalCommand, ABrokenScenarioIsAnErrorRow) {
  const std::string dir = testing::TempDir();
  std::ofstream(dir + "/broken.yaml") << "version: 1\nname: broken\ntitel: x\n";
  std::string out;
  EXPECT_EQ(RunKubeflight("eval " + dir + "/broken.yaml --no-record", &out, true), 7) << out;
  EXPECT_NE(out.find("ERROR"), std::string::npos) << out;
  EXPECT_NE(out.find("broken.yaml:3: titel: unknown field"), std::string::npos) << out;
}

TEST(EvalCommand, RepeatRunsEachScenarioKTimes) {
  const std::string dir = testing::TempDir();
  std::string out;
  EXPECT_EQ(RunKubeflight("eval inventory-api-healthy --repeat 2 -j 2 --db " + dir + "/r.db", &out, true), 0) << out;
  EXPECT_NE(out.find("inventory-api-healthy #1"), std::string::npos) << out;
  EXPECT_NE(out.find("inventory-api-healthy #2"), std::string::npos) << out;
  EXPECT_NE(out.find("2/2 scenario runs passed"), std::string::npos) << out;
  EXPECT_EQ(RunsIn(dir + "/r.db"), 2u);  // the repeat label keeps them apart
}

TEST(EvalCommand, BadFlagsAreUsageErrors) {
  std::string out;
  EXPECT_EQ(RunKubeflight("eval --shard 3/2 --no-record", &out, true), 2) << out;
  EXPECT_NE(out.find("invalid --shard \"3/2\": expected I/N with 1 <= I <= N"), std::string::npos) << out;
  EXPECT_EQ(RunKubeflight("eval -j 0 --no-record", &out, true), 2) << out;
}

TEST(EvalCommand, ShardsRecordSeparatelyAndMergeBack) {
  const std::string dir = testing::TempDir();
  const std::string names = "payment-service-oom inventory-api-healthy checkout-service-selector";
  std::string out1, out2, merged;
  EXPECT_EQ(RunKubeflight("eval " + names + " --shard 1/2 --db " + dir + "/s1.db", &out1, true), 0) << out1;
  EXPECT_EQ(RunKubeflight("eval " + names + " --shard 2/2 --db " + dir + "/s2.db", &out2, true), 0) << out2;
  // Sorted by name: checkout-service-selector, inventory-api-healthy, payment-service-oom.
  EXPECT_NE(out1.find("checkout-service-selector"), std::string::npos) << out1;
  EXPECT_NE(out1.find("payment-service-oom"), std::string::npos) << out1;
  EXPECT_NE(out2.find("inventory-api-healthy"), std::string::npos) << out2;
  EXPECT_EQ(out2.find("payment-service-oom"), std::string::npos) << out2;
  EXPECT_EQ(RunsIn(dir + "/s1.db"), 2u);
  EXPECT_EQ(RunsIn(dir + "/s2.db"), 1u);
  EXPECT_EQ(RunKubeflight("runs merge " + dir + "/all.db " + dir + "/s1.db " + dir + "/s2.db", &merged, true), 0)
      << merged;
  EXPECT_NE(merged.find("merged 3 run(s), "), std::string::npos) << merged;
  EXPECT_EQ(RunsIn(dir + "/all.db"), 3u);
  // Merging again adds nothing: identical runs are skipped.
  EXPECT_EQ(RunKubeflight("runs merge " + dir + "/all.db " + dir + "/s2.db", &merged, true), 0) << merged;
  EXPECT_NE(merged.find("merged 0 run(s), 0 event(s) from 1 recording(s) into " + dir + "/all.db; 1 already present"),
            std::string::npos)
      << merged;
  EXPECT_EQ(RunKubeflight("runs merge " + dir + "/all.db " + dir + "/missing.db", &merged, true), 1) << merged;
}

}  // namespace
}  // namespace kf
