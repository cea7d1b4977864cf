// The scenario library through engine/eval: every scenario passes with the
// builtin agent, and still passes when every name in it is changed (nothing
// may key off a scenario's names); recordings do not depend on -j.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/eval/runner.h"
#include "engine/scenario/rename.h"
#include "engine/scenario/scenario.h"
#include "recorder/export.h"
#include "recorder/reader.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

std::vector<std::string> Library() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(testing::SourceDir() + "/scenarios")) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Failures(const std::vector<eval::CaseResult>& results) {
  std::string out;
  for (const eval::CaseResult& r : results) {
    if (r.passed()) continue;
    out += r.path + ": " + (r.error.ok() ? eval::ToJson(r.score).dump(2) : r.error.ToString()) + "\n";
  }
  return out;
}

TEST(EvalLibrary, EveryScenarioPassesWithTheBuiltinAgent) {
  eval::EvalOptions o;
  o.scenario_paths = Library();
  ASSERT_GE(o.scenario_paths.size(), 11u);
  o.jobs = 2;
  Result<std::vector<eval::CaseResult>> r = eval::RunEval(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), o.scenario_paths.size());
  EXPECT_EQ(Failures(*r), "");
}

TEST(EvalLibrary, RenamedScenariosStillPass) {
  const std::string dir = testing::TempDir();
  eval::EvalOptions o;
  o.jobs = 2;
  for (const std::string& path : Library()) {
    const std::string text = testing::ReadFileOrDie(path);
    Result<RenamedScenario> renamed = RenameScenario(text, path, 20261129);
    ASSERT_TRUE(renamed.ok()) << renamed.status().ToString();
    Result<Scenario> original = LoadScenarioText(text, path);
    ASSERT_TRUE(original.ok());
    // The incident's own names are among those changed, and gone from the text.
    const RootCause& rc = original->expectations.root_cause;
    for (const std::string& name : {rc.ns, rc.name}) {
      if (name.empty()) continue;
      ASSERT_TRUE(renamed->names.count(name)) << path << ": " << name << " not renamed";
      EXPECT_EQ(renamed->text.find("\"" + name + "\""), std::string::npos) << path << ": " << name;
    }
    const std::string out = dir + "/" + std::filesystem::path(path).filename().string();
    std::ofstream(out) << renamed->text;
    o.scenario_paths.push_back(out);
  }
  Result<std::vector<eval::CaseResult>> r = eval::RunEval(o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Failures(*r), "");
}

TEST(EvalLibrary, RenamingIsSeededAndConsistent) {
  const std::string path = testing::SourceDir() + "/scenarios/checkout-service-selector.yaml";
  const std::string text = testing::ReadFileOrDie(path);
  Result<RenamedScenario> a = RenameScenario(text, path, 1), b = RenameScenario(text, path, 1),
                          c = RenameScenario(text, path, 2);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->text, b->text);
  EXPECT_NE(a->text, c->text);
  const std::string ns = a->names.at("shop"), app = a->names.at("checkout"), web = a->names.at("checkout-web");
  Result<Scenario> s = LoadScenarioText(a->text, "renamed.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->expectations.root_cause.ns, ns);
  EXPECT_EQ(s->expectations.root_cause.name, app);
  EXPECT_NE(s->prompt.find(app), std::string::npos) << s->prompt;
  // Whole tokens only: "checkout-web" got its own name, not "<app>-web".
  EXPECT_NE(a->text.find("app=" + web), std::string::npos);
  EXPECT_EQ(a->text.find(app + "-web"), std::string::npos);
  EXPECT_NE(a->text.find("service=\\\"" + app + "\\\""), std::string::npos);  // inside PromQL
}

std::string ExportAll(const std::string& db) {
  Result<recorder::Reader> reader = recorder::Reader::Open(db);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::ostringstream out;
  EXPECT_TRUE(recorder::ExportRuns(*reader, {}, out).ok());
  return out.str();
}

TEST(EvalLibrary, RecordingsDoNotDependOnParallelism) {
  const std::string dir = testing::TempDir();
  eval::EvalOptions o;
  for (const char* name : {"payment-service-oom", "inventory-api-healthy", "checkout-service-selector"}) {
    o.scenario_paths.push_back(testing::SourceDir() + "/scenarios/" + name + ".yaml");
  }
  o.engine_version = "test";
  o.jobs = 1;
  o.db = dir + "/one.db";
  Result<std::vector<eval::CaseResult>> one = eval::RunEval(o);
  o.jobs = 3;
  o.db = dir + "/three.db";
  Result<std::vector<eval::CaseResult>> three = eval::RunEval(o);
  ASSERT_TRUE(one.ok() && three.ok());
  for (size_t i = 0; i < one->size(); ++i) {
    EXPECT_FALSE((*one)[i].run_id.empty());
    EXPECT_EQ((*one)[i].run_id, (*three)[i].run_id);
  }
  EXPECT_EQ(ExportAll(dir + "/one.db"), ExportAll(dir + "/three.db"));
}

}  // namespace
}  // namespace kf
