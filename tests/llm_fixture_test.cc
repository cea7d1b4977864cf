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

using kf::testing::FakeLlmServer;
using kf::testing::ScriptedLlm;
using kf::testing::ScriptedResponse;
using kf::testing::ScriptedRunOptions;
using kf::testing::ScriptedRunResult;
using kf::testing::Wire;

const Json kListPods = {{"namespace", "production"}, {"label_selector", "app=payment-service"}};

// The memory patch the flagship's fix sends.
Json MemoryPatch() {
  return {{"kind", "deployment"},
          {"namespace", "production"},
          {"name", "payment-service"},
          {"patch",
           {{"spec",
             {{"template",
               {{"spec",
                 {{"containers",
                   Json::array({{{"name", "payment-service"},
                                 {"resources", {{"limits", {{"memory", "512Mi"}}}}}}})}}}}}}}}}};
}

// The flagship, shorter than llm_agent_test's: evidence, the fix, verification.
void Script(ScriptedLlm& llm) {
  llm.Call("kubernetes.list_pods", kListPods);
  llm.Call("kubernetes.get_events", {{"namespace", "production"}, {"reason", "OOMKilling"}});
  Json patch = MemoryPatch();
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

// The error cases of issue #6's scripted conversations, each ending as a
// user would see it.
void MalformedArguments(ScriptedLlm& llm) {
  llm.CallRaw("kubernetes.list_pods", "{\"namespace\": \"production\"");  // cut short
  llm.Call("kubernetes.list_pods", kListPods);
  llm.Call("finish", {{"message", "nothing to change"}});
}
void UnknownTool(ScriptedLlm& llm) {
  llm.Call("kubernetes.nope", Json::object());
  llm.Call("kubernetes.list_pods", {{"namespace", "production"}, {"replicas", 3}});  // schema violation
  llm.Call("finish", {{"message", "giving up"}});
}
void PatchDuringInvestigation(ScriptedLlm& llm) {
  llm.Call("kubernetes.patch_resource", MemoryPatch());  // becomes a proposal; the policy denies it
  llm.Call("finish", {{"message", "the change was denied"}});
}
void RateLimitedThenSuccess(ScriptedLlm& llm) {
  ScriptedResponse limited = FakeLlmServer::OpenAiError(429, "rate_limit_error", "slow down");
  limited.headers.push_back({"retry-after", "2"});
  llm.Push(limited);
  llm.Call("kubernetes.list_pods", kListPods);
  llm.Call("finish", {{"message", "done"}});
}
void DroppedStream(ScriptedLlm& llm) {
  ScriptedResponse dropped = FakeLlmServer::OpenAiStreamToolCall("call_x", "finish", {"{\"mess"});
  dropped.chunks.resize(2);  // no finish_reason, no [DONE]
  dropped.drop_after_chunks = true;
  llm.Push(dropped);
  llm.Call("finish", {{"message", "done"}});
}
void Timeout(ScriptedLlm& llm) {
  llm.Call("kubernetes.list_pods", kListPods);
  ScriptedResponse slow = FakeLlmServer::OpenAiText("late");
  slow.delay_ms = 5000;  // the client gives up first; Stop() cuts it short
  llm.Push(slow);
}
void WrongKey(ScriptedLlm& llm) {
  llm.Push(FakeLlmServer::AnthropicError(401, "authentication_error", "invalid x-api-key"));
}

struct Case {
  const char* name;
  const char* file;
  void (*script)(ScriptedLlm&);
  RunOutcome outcome;
  Wire wire = Wire::kOpenAi;
  bool stream = false;
  std::string approve = "1";
  DurationMs timeout_ms = 0;  // 0: the default; with it, no retries
};

class LlmFixture : public ::testing::TestWithParam<Case> {};

TEST_P(LlmFixture, RecordedRunReplaysOfflineByteForByte) {
  const Case c = GetParam();
  ScriptedRunOptions o;
  o.wire = c.wire;
  o.stream = c.stream;
  o.approve = c.approve;
  if (c.timeout_ms > 0) {
    o.model.timeouts.total_ms = c.timeout_ms;
    o.model.retry.max_attempts = 1;
  }
  const std::string path = kf::testing::SourceDir() + "/fixtures/llm/" + c.file;
  const char* update = std::getenv("KF_UPDATE_FIXTURES");
  if (update != nullptr && std::string(update) == "1") {
    ScriptedLlm llm(o);
    ASSERT_TRUE(llm.Start());
    c.script(llm);
    ScriptedRunResult live = llm.Run();
    ASSERT_TRUE(live.run.ok());
    ASSERT_EQ(RunOutcomeName(live.run->result.outcome), std::string(RunOutcomeName(c.outcome))) << live.transcript;
    std::ofstream(path, std::ios::binary) << live.json;
  }
  const std::string recorded = kf::testing::ReadFileOrDie(path);
  Result<std::unique_ptr<llm::ReplayModel>> model = llm::ReplayModel::FromEvents(Lines(recorded));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  ScriptedLlm offline(o);  // its server is never started
  ScriptedRunResult again = offline.RunWith(model->get());
  ASSERT_TRUE(again.run.ok());
  EXPECT_FALSE((*model)->divergence()) << (*model)->divergence()->diff;
  EXPECT_EQ(RunOutcomeName(again.run->result.outcome), std::string(RunOutcomeName(c.outcome)));
  EXPECT_EQ((*model)->replayed(), (*model)->size());
  EXPECT_EQ(again.json, recorded);
}

INSTANTIATE_TEST_SUITE_P(
    Recordings, LlmFixture,
    ::testing::Values(
        Case{"OpenAi", "flagship-openai.jsonl", Script, RunOutcome::kPassed},
        Case{"AnthropicStream", "flagship-anthropic-stream.jsonl", Script, RunOutcome::kPassed, Wire::kAnthropic,
             true},
        Case{"MalformedArguments", "malformed-arguments.jsonl", MalformedArguments, RunOutcome::kNoAction},
        Case{"UnknownTool", "unknown-tool.jsonl", UnknownTool, RunOutcome::kNoAction},
        Case{"PatchDuringInvestigation", "patch-during-investigation.jsonl", PatchDuringInvestigation,
             RunOutcome::kDenied, Wire::kOpenAi, false, "deny"},
        Case{"RateLimitedThenSuccess", "rate-limited-then-success.jsonl", RateLimitedThenSuccess,
             RunOutcome::kNoAction},
        Case{"DroppedStream", "dropped-stream.jsonl", DroppedStream, RunOutcome::kNoAction, Wire::kOpenAi, true},
        Case{"Timeout", "timeout.jsonl", Timeout, RunOutcome::kError, Wire::kOpenAi, false, "1", 300},
        Case{"WrongKey", "wrong-key.jsonl", WrongKey, RunOutcome::kError, Wire::kAnthropic}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kf::agent
