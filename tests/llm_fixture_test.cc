// Committed recordings of scripted LLM runs (fixtures/llm/*.jsonl, one event
// per line as `run --json` prints them) replay offline, byte for byte: no
// server, no key. A change to the prompt, the tool schemas, the tools'
// output or the loop shows up here as a divergence.
//
// To re-record after an intended change: KF_UPDATE_FIXTURES=1 ./kubeflight_tests
// --gtest_filter='*LlmFixture*' (then review the diff of fixtures/llm/).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/core/strings.h"
#include "engine/llm/replay_model.h"
#include "tests/testing/scripted_llm_run.h"
#include "tests/testing/test_util.h"

namespace kf::agent {
namespace {

using kf::testing::ScriptedLlm;
using kf::testing::ScriptedRunOptions;
using kf::testing::ScriptedRunResult;
using kf::testing::Wire;

const Json kListPods = {{"namespace", "production"}, {"label_selector", "app=payment-service"}};

// The flagship, shorter than llm_agent_test's: evidence, the fix, verification.
void Script(ScriptedLlm& llm) {
  llm.Call("kubernetes.list_pods", kListPods);
  llm.Call("kubernetes.get_events", {{"namespace", "production"}, {"reason", "OOMKilling"}});
  Json patch = {{"kind", "deployment"},
                {"namespace", "production"},
                {"name", "payment-service"},
                {"patch",
                 {{"spec",
                   {{"template",
                     {{"spec",
                       {{"containers",
                         Json::array({{{"name", "payment-service"},
                                       {"resources", {{"limits", {{"memory", "512Mi"}}}}}}})}}}}}}}}}};
  llm.Call("submit_assessment",
           {{"root_cause", {{"summary", "The 256Mi memory limit is too small for v2.14.0."}, {"category", "oom"}}},
            {"impact", "Pods are OOMKilled."},
            {"evidence", Json::array({{{"step", 2}, {"summary", "OOMKilling events"}}})},
            {"options", Json::array({{{"title", "Raise the memory limit to 512Mi"},
                                      {"tool", "kubernetes.patch_resource"},
                                      {"arguments", patch}}})}});
  llm.Call("kubernetes.list_pods", kListPods);
  llm.Call("submit_verification",
           {{"checks", Json::array({{{"name", "pods-ready"}, {"passed", true}, {"evidence", "4/4 Ready"}, {"steps", {7}}}})},
            {"verdict", "PASSED"},
            {"summary", "fixed"}});
}

std::vector<Json> Lines(const std::string& text) {
  std::vector<Json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    Result<Json> j = ParseJson(line);
    EXPECT_TRUE(j.ok()) << line;
    if (j.ok()) out.push_back(*j);
  }
  return out;
}

struct Case {
  const char* file;
  Wire wire;
  bool stream;
};

class LlmFixture : public ::testing::TestWithParam<Case> {};

TEST_P(LlmFixture, RecordedRunReplaysOfflineByteForByte) {
  const Case c = GetParam();
  ScriptedRunOptions o;
  o.wire = c.wire;
  o.stream = c.stream;
  const std::string path = kf::testing::SourceDir() + "/fixtures/llm/" + c.file;
  const char* update = std::getenv("KF_UPDATE_FIXTURES");
  if (update != nullptr && std::string(update) == "1") {
    ScriptedLlm llm(o);
    ASSERT_TRUE(llm.Start());
    Script(llm);
    ScriptedRunResult live = llm.Run();
    ASSERT_TRUE(live.run.ok());
    ASSERT_EQ(live.run->result.outcome, RunOutcome::kPassed) << live.transcript;
    std::ofstream(path, std::ios::binary) << live.json;
  }
  const std::string recorded = kf::testing::ReadFileOrDie(path);
  Result<std::unique_ptr<llm::ReplayModel>> model = llm::ReplayModel::FromEvents(Lines(recorded));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ScriptedLlm offline(o);  // its server is never started
  ScriptedRunResult again = offline.RunWith(model->get());
  ASSERT_TRUE(again.run.ok());
  EXPECT_FALSE((*model)->divergence()) << (*model)->divergence()->diff;
  EXPECT_EQ(again.run->result.outcome, RunOutcome::kPassed);
  EXPECT_EQ((*model)->replayed(), (*model)->size());
  EXPECT_EQ(again.json, recorded);
}

INSTANTIATE_TEST_SUITE_P(Recordings, LlmFixture,
                         ::testing::Values(Case{"flagship-openai.jsonl", Wire::kOpenAi, false},
                                           Case{"flagship-anthropic-stream.jsonl", Wire::kAnthropic, true}),
                         [](const auto& info) {
                           return std::string(info.param.wire == Wire::kOpenAi ? "OpenAi" : "AnthropicStream");
                         });

}  // namespace
}  // namespace kf::agent
