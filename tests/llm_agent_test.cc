// The LLM agent end to end: a scripted "model" on the loopback fake server
// (OpenAI Chat Completions and Anthropic Messages, whole and streamed), the
// real HTTP client, the real simulator and tools, under the engine's loop.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>

#include "engine/agent/llm_agent.h"
#include "engine/core/strings.h"
#include "engine/agent/tool_calls.h"
#include "tests/testing/scripted_llm_run.h"
#include "tests/testing/test_util.h"

namespace kf::agent {
namespace {

using kf::testing::FakeLlmServer;
using kf::testing::ScriptedLlm;
using kf::testing::ScriptedRunOptions;
using kf::testing::ScriptedResponse;
using kf::testing::ScriptedRunResult;
using kf::testing::Wire;
using kf::testing::WireName;

const Json kListPods = {{"namespace", "production"}, {"label_selector", "app=payment-service"}};
const Json kEvents = {{"namespace", "production"}};
const Json kTopPods = {{"namespace", "production"}, {"label_selector", "app=payment-service"}};
const Json kHistory = {{"kind", "deployment"}, {"namespace", "production"}, {"name", "payment-service"}};
const Json kOomEvents = {{"namespace", "production"}, {"reason", "OOMKilling"}};

Json MemoryPatch() {
  return calls::PatchResource(
             "deployment", "production", "payment-service",
             Json{{"spec",
                   {{"template",
                     {{"spec",
                       {{"containers",
                         Json::array({{{"name", "payment-service"},
                                       {"resources",
                                        {{"limits", {{"memory", "512Mi"}}}, {"requests", {{"memory", "256Mi"}}}}}}})}}}}}}}})
      .args;
}

Json AssessmentArgs() {
  return {{"root_cause",
           {{"summary", "v2.14.0 needs more memory than the 256Mi limit; pods are OOMKilled."},
            {"category", "oom"},
            {"resource", "deployment/payment-service"},
            {"namespace", "production"}}},
          {"impact", "Pods restart in CrashLoopBackOff; p99 latency is up."},
          {"evidence",
           Json::array({{{"step", 1}, {"summary", "pods restarting"}},
                        {{"step", 2}, {"summary", "OOMKilling events"}},
                        {{"step", 3}, {"summary", "usage near the 256Mi limit"}}})},
          {"options",
           Json::array({{{"title", "Increase memory limit from 256Mi to 512Mi and request to 256Mi"},
                         {"tool", "kubernetes.patch_resource"},
                         {"arguments", MemoryPatch()},
                         {"rationale", "Headroom for the new memory demand."}}})},
          {"follow_up", "Update the Helm chart values before the next release."}};
}

Json VerificationArgs(int first_step) {
  return {{"checks",
           Json::array({{{"name", "pods-ready"},
                         {"passed", true},
                         {"evidence", "All 4 pods Running and Ready, 0 restarts"},
                         {"steps", {first_step}}},
                        {{"name", "no-oom-events"},
                         {"passed", true},
                         {"evidence", "No OOMKilling events since the change"},
                         {"steps", {first_step + 1}}}})},
          {"verdict", "PASSED"},
          {"summary", "The memory increase fixed the OOM kills."},
          {"highlights", {"All 4 pods healthy, 0 restarts, no OOMKilled events post-fix"}}};
}

// The flagship investigation, as a model would run it.
void ScriptFlagship(ScriptedLlm& llm) {
  llm.Call("kubernetes.list_pods", kListPods);  // step 1
  llm.Call("kubernetes.get_events", kEvents);   // step 2
  llm.Call("kubernetes.top_pods", kTopPods);    // step 3
  llm.Call("kubernetes.get_rollout_history", kHistory);  // step 4
  llm.Call("submit_assessment", AssessmentArgs());  // step 5 assessment, 6 approval, 7 patch, 8 rollout status
  llm.Call("kubernetes.list_pods", kListPods);  // step 9 (allowed again: a change ran)
  llm.Call("kubernetes.get_events", kOomEvents);  // step 10
  llm.Call("submit_verification", VerificationArgs(9));  // step 11
}

std::string Memory(const ScriptedRunResult& r, const char* which) {
  Result<Json> d = r.run->simulation->cluster().Get("Deployment", "production", "payment-service");
  if (!d.ok()) return "";
  const Json* v = JsonAtPath(*d, std::string("spec.template.spec.containers[0].resources.") + which + ".memory");
  return v && v->is_string() ? v->get<std::string>() : "";
}

std::vector<const ModelExchanged*> Exchanges(const ScriptedRunResult& r) {
  std::vector<const ModelExchanged*> out;
  for (const RunEvent& e : r.events) {
    if (auto* m = std::get_if<ModelExchanged>(&e.body)) out.push_back(m);
  }
  return out;
}

std::vector<std::string> OfferedTools(const testing::ReceivedRequest& req) {
  std::vector<std::string> out;
  for (const Json& t : req.json["tools"]) {
    out.push_back(t.contains("function") ? t["function"]["name"].get<std::string>() : t["name"].get<std::string>());
  }
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The text of the tool result answering `call_id` in an OpenAI request.
std::string OpenAiToolResult(const testing::ReceivedRequest& req, const std::string& call_id) {
  for (const Json& m : req.json["messages"]) {
    if (m["role"] == "tool" && m["tool_call_id"] == call_id) return m["content"].get<std::string>();
  }
  return "(none)";
}

struct Flagship : ::testing::TestWithParam<std::tuple<Wire, bool>> {};

TEST_P(Flagship, ScriptedModelFindsTheFixGetsApprovalAndVerifies) {
  ScriptedRunOptions o;
  o.wire = std::get<0>(GetParam());
  o.stream = std::get<1>(GetParam());
  o.agent.price = llm::Price{3.0, 15.0};
  ScriptedLlm llm(o);
  ASSERT_TRUE(llm.Start());
  ScriptFlagship(llm);
  ScriptedRunResult r = llm.Run();
  ASSERT_TRUE(r.run.ok()) << r.run.status().ToString();
  const RunResult& res = r.run->result;
  EXPECT_EQ(res.outcome, RunOutcome::kPassed) << r.transcript;
  EXPECT_EQ(Memory(r, "limits"), "512Mi");
  EXPECT_EQ(Memory(r, "requests"), "256Mi");
  ASSERT_EQ(res.transcript.size(), 11u) << r.transcript;
  EXPECT_EQ(res.transcript[6].call.name, "kubernetes.patch_resource");
  EXPECT_TRUE(res.transcript[6].by_engine);
  EXPECT_EQ(res.report.root_cause, "v2.14.0 needs more memory than the 256Mi limit; pods are OOMKilled.");
  EXPECT_EQ(llm.server().Pending(), 0u);

  // Eight exchanges, each an event with the exact bodies, usage and cost.
  std::vector<const ModelExchanged*> ex = Exchanges(r);
  ASSERT_EQ(ex.size(), 8u);
  ASSERT_EQ(r.requests.size(), 8u);
  for (size_t i = 0; i < ex.size(); ++i) {
    EXPECT_EQ(ex[i]->request, r.requests[i].body);
    EXPECT_EQ(ex[i]->attempts, 1);
    EXPECT_EQ(ex[i]->latency_ms, 0);  // the run's virtual clock: no time passes while the model thinks
    EXPECT_TRUE(ex[i]->priced);
    EXPECT_GT(ex[i]->input_tokens, 0);
  }
  const int64_t in = ex[0]->input_tokens, out = ex[0]->output_tokens;
  EXPECT_DOUBLE_EQ(ex[0]->cost_usd, (in * 3.0 + out * 15.0) / 1e6);
  EXPECT_NE(r.transcript.find(StrFormat("(model fake-model: %lld in + %lld out tokens, $",
                                        static_cast<long long>(in), static_cast<long long>(out))),
            std::string::npos)
      << r.transcript;
  EXPECT_NE(r.transcript.find(StrFormat("Model usage: 8 exchanges, %lld input + %lld output tokens, $",
                                        static_cast<long long>(in * 8), static_cast<long long>(out * 8))),
            std::string::npos)
      << r.transcript;

  // Investigating, the model is offered read-only tools and submit_assessment;
  // verifying, submit_verification. Never a mutating tool.
  std::vector<std::string> first = OfferedTools(r.requests[0]);
  EXPECT_TRUE(Contains(first, "kubernetes__list_pods"));
  EXPECT_TRUE(Contains(first, "submit_assessment"));
  EXPECT_FALSE(Contains(first, "submit_verification"));
  EXPECT_FALSE(Contains(first, "kubernetes__patch_resource"));
  std::vector<std::string> verify = OfferedTools(r.requests[5]);
  EXPECT_TRUE(Contains(verify, "submit_verification"));
  EXPECT_FALSE(Contains(verify, "submit_assessment"));
  EXPECT_FALSE(Contains(verify, "kubernetes__patch_resource"));
  EXPECT_TRUE(Contains(verify, "finish"));
  // The system prompt explains the loop and lists the mutating tools for options.
  const std::string system = o.wire == Wire::kAnthropic ? r.requests[0].json["system"].get<std::string>()
                                                        : r.requests[0].json["messages"][0]["content"].get<std::string>();
  EXPECT_NE(system.find("Plan -> Execute -> Verify"), std::string::npos);
  EXPECT_NE(system.find("- kubernetes.patch_resource: "), std::string::npos);
  if (o.wire == Wire::kOpenAi) {
    // What the loop did with the assessment reaches the model as its result.
    const std::string result = OpenAiToolResult(r.requests[5], "call_5");
    EXPECT_NE(result.find("Step 5: assessment recorded.\nStep 6: approval requested for:\n  option 1: Increase "
                          "memory limit from 256Mi to 512Mi and request to 256Mi (Patch deployment/payment-service"),
              std::string::npos)
        << result;
    EXPECT_NE(result.find("Decision: approved option 1 (policy:--approve=1)"), std::string::npos) << result;
    EXPECT_NE(result.find("Step 7 (run by the engine: kubernetes.patch_resource):"), std::string::npos) << result;
    EXPECT_NE(result.find("Now in VERIFY"), std::string::npos) << result;
    EXPECT_EQ(o.stream, r.requests[0].json.value("stream", false));
  }
}

INSTANTIATE_TEST_SUITE_P(Wires, Flagship,
                         ::testing::Values(std::make_tuple(Wire::kOpenAi, false), std::make_tuple(Wire::kOpenAi, true),
                                           std::make_tuple(Wire::kAnthropic, false),
                                           std::make_tuple(Wire::kAnthropic, true)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param) == Wire::kOpenAi ? "OpenAi" : "Anthropic") +
                                  (std::get<1>(info.param) ? "Streamed" : "Whole");
                         });

class LlmAgentTest : public ::testing::Test {
 public:
  ScriptedRunResult RunScript(const std::function<void(ScriptedLlm&)>& script, ScriptedRunOptions o = {}) {
    ScriptedLlm llm(o);
    EXPECT_TRUE(llm.Start());
    script(llm);
    ScriptedRunResult r = llm.Run();
    EXPECT_TRUE(r.run.ok()) << r.run.status().ToString();
    pending_ = llm.server().Pending();
    return r;
  }
  size_t pending_ = 0;
};

TEST_F(LlmAgentTest, MalformedArgumentsGoBackToTheModelAsAToolError) {
  ScriptedRunResult r = RunScript([](ScriptedLlm& llm) {
    llm.CallRaw("kubernetes.list_pods", "{\"namespace\": \"production\"");  // call_1: cut short
    llm.Call("kubernetes.list_pods", kListPods);                            // call_2
    llm.Call("finish", {{"message", "nothing to change"}});
  });
  ASSERT_TRUE(r.run.ok());
  EXPECT_EQ(r.run->result.outcome, RunOutcome::kNoAction);
  ASSERT_EQ(r.requests.size(), 3u);
  const std::string err = OpenAiToolResult(r.requests[1], "call_1");
  EXPECT_TRUE(StartsWith(err, "error: the arguments of kubernetes.list_pods are not valid JSON (invalid JSON at byte "
                              "offset"))
      << err;
  EXPECT_NE(err.find("); send one JSON object matching the tool's schema"), std::string::npos) << err;
  // The bad call never reached the loop: step 1 is the corrected call.
  ASSERT_EQ(r.run->result.transcript.size(), 2u);
  EXPECT_EQ(r.run->result.transcript[0].call.args, kListPods);
}

TEST_F(LlmAgentTest, UnknownToolAndSchemaViolationAreToolErrors) {
  ScriptedRunResult r = RunScript([](ScriptedLlm& llm) {
    llm.Call("kubernetes.nope", Json::object());                                     // call_1
    llm.Call("kubernetes.list_pods", {{"namespace", "production"}, {"replicas", 3}});  // call_2
    llm.Call("finish", {{"message", "giving up"}});
  });
  ASSERT_TRUE(r.run.ok());
  ASSERT_EQ(r.requests.size(), 3u);
  const std::string unknown = OpenAiToolResult(r.requests[1], "call_1");
  EXPECT_TRUE(StartsWith(unknown, "error: unknown tool \"kubernetes.nope\"; the tools are: kubernetes.describe, "))
      << unknown;
  EXPECT_NE(unknown.find(", submit_assessment, submit_verification, finish"), std::string::npos) << unknown;
  EXPECT_EQ(OpenAiToolResult(r.requests[2], "call_2"),
            "error: invalid arguments for kubernetes.list_pods: unknown property \"replicas\"");
  EXPECT_EQ(r.run->result.transcript.size(), 1u);  // only the finish
}

TEST_F(LlmAgentTest, PatchDuringInvestigationBecomesAProposalNeverAnExecution) {
  ScriptedRunOptions o;
  o.approve = "deny";
  ScriptedRunResult r = RunScript(
      [](ScriptedLlm& llm) {
        llm.Call("kubernetes.patch_resource", MemoryPatch());  // call_1, during INVESTIGATE
        llm.Call("finish", {{"message", "the change was denied"}});
      },
      o);
  ASSERT_TRUE(r.run.ok());
  const RunResult& res = r.run->result;
  EXPECT_EQ(res.outcome, RunOutcome::kDenied);
  EXPECT_EQ(Memory(r, "limits"), "256Mi");  // nothing changed
  ASSERT_GE(res.transcript.size(), 2u);
  EXPECT_EQ(res.transcript[0].kind, Step::Kind::kRefused);
  EXPECT_EQ(res.transcript[1].kind, Step::Kind::kApproval);
  EXPECT_EQ(res.transcript[1].proposal.options[0].call.name, "kubernetes.patch_resource");
  const std::string result = OpenAiToolResult(r.requests[1], "call_1");
  EXPECT_TRUE(StartsWith(result, "Step 1: refused by the engine: mutating tool kubernetes.patch_resource may run "
                                 "only in EXECUTE"))
      << result;
  EXPECT_NE(result.find("Decision: denied (policy:--approve=deny)"), std::string::npos) << result;
  EXPECT_NE(result.find("Now in ASSESS"), std::string::npos) << result;
}

TEST_F(LlmAgentTest, RepeatedCallIsRefusedWithANote) {
  ScriptedRunResult r = RunScript([](ScriptedLlm& llm) {
    llm.Call("kubernetes.list_pods", kListPods);  // call_1
    llm.Call("kubernetes.list_pods", kListPods);  // call_2: the same
    llm.Call("finish", {{"message", "done"}});
  });
  ASSERT_TRUE(r.run.ok());
  EXPECT_EQ(OpenAiToolResult(r.requests[2], "call_2"),
            "refused: kubernetes.list_pods was already called with these arguments at step 1, and no change has "
            "run since; its result is above. Vary the arguments to narrow or widen the query, or move on.");
  EXPECT_EQ(r.run->result.transcript.size(), 2u);
}

TEST_F(LlmAgentTest, LargeOutputIsCutWithANoteOnNarrowing) {
  ScriptedRunOptions o;
  o.agent.max_tool_output_bytes = 100;
  ScriptedRunResult r = RunScript(
      [](ScriptedLlm& llm) {
        llm.Call("kubernetes.get_events", kEvents);
        llm.Call("finish", {{"message", "done"}});
      },
      o);
  ASSERT_TRUE(r.run.ok());
  const std::string result = OpenAiToolResult(r.requests[1], "call_1");
  const size_t full = r.run->result.transcript[0].result.text.size();
  ASSERT_GT(full, 100u);
  EXPECT_NE(result.find(StrFormat("\n[output cut: 100 of %zu bytes shown. Narrow the query: a namespace or "
                                  "label_selector, tail_lines for logs",
                                  full)),
            std::string::npos)
      << result;
}

TEST_F(LlmAgentTest, AnswersWithoutToolCallsAreNudgedThenTheRunEnds) {
  ScriptedRunResult r = RunScript([](ScriptedLlm& llm) {
    for (int i = 0; i < 4; ++i) llm.Text("I think it is memory.");
  });
  ASSERT_TRUE(r.run.ok());
  EXPECT_EQ(r.run->result.outcome, RunOutcome::kError);
  EXPECT_EQ(r.run->result.error.message(),
            "agent: the model gave 4 answers in a row that the engine could not use; the last: an answer without a "
            "tool call");
  ASSERT_EQ(r.requests.size(), 4u);
  const Json& last = r.requests[1].json["messages"].back();
  EXPECT_EQ(last["role"], "user");
  EXPECT_EQ(last["content"],
            "Your answer had no tool call. Answer with a tool call: investigate with the read-only tools or call "
            "submit_assessment, or call finish to end the run.");
}

// Three investigation answers under budget `o`: the run must end cleanly
// as budget_exhausted with `message` after the second answer.
void ExpectBudgetStopsAfterTwoAnswers(LlmAgentTest& test, const ScriptedRunOptions& o, const std::string& message) {
  ScriptedRunResult r = test.RunScript(
      [](ScriptedLlm& llm) {
        llm.Call("kubernetes.list_pods", kListPods);
        llm.Call("kubernetes.get_events", kEvents);
        llm.Call("kubernetes.top_pods", kTopPods);
      },
      o);
  ASSERT_TRUE(r.run.ok());
  EXPECT_EQ(r.run->result.outcome, RunOutcome::kBudgetExhausted);
  EXPECT_EQ(r.run->result.error.message(), message);
  EXPECT_EQ(r.requests.size(), 2u);
}

TEST_F(LlmAgentTest, TokenBudgetStopsTheRunCleanly) {
  ScriptedRunOptions o;
  o.agent.max_total_tokens = 50;  // each scripted answer uses 27
  ExpectBudgetStopsAfterTwoAnswers(*this, o, "agent: token budget exhausted: 54 tokens used, budget 50");
}

TEST_F(LlmAgentTest, CostBudgetStopsTheRunCleanly) {
  ScriptedRunOptions o;
  o.agent.price = llm::Price{1000, 1000};  // $0.001 per token: each scripted answer costs $0.027
  o.agent.max_cost_usd = 0.05;
  ExpectBudgetStopsAfterTwoAnswers(*this, o, "agent: cost budget exhausted: $0.0540 spent, budget $0.0500");
}

TEST_F(LlmAgentTest, RateLimitedThenSuccessRecordsTwoAttempts) {
  ScriptedRunResult r = RunScript([](ScriptedLlm& llm) {
    ScriptedResponse limited = FakeLlmServer::OpenAiError(429, "rate_limit_error", "slow down");
    limited.headers.push_back({"retry-after", "2"});
    llm.Push(limited);
    llm.Call("finish", {{"message", "done"}});
  });
  ASSERT_TRUE(r.run.ok());
  EXPECT_EQ(r.run->result.outcome, RunOutcome::kNoAction);
  std::vector<const ModelExchanged*> ex = Exchanges(r);
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0]->attempts, 2);
  EXPECT_EQ(r.requests.size(), 2u);
  EXPECT_NE(r.transcript.find(", 2 attempts)"), std::string::npos) << r.transcript;
}

TEST_F(LlmAgentTest, DroppedStreamIsRetried) {
  ScriptedRunOptions o;
  o.stream = true;
  ScriptedRunResult r = RunScript(
      [](ScriptedLlm& llm) {
        ScriptedResponse dropped = FakeLlmServer::OpenAiStreamToolCall("call_x", "finish", {"{\"mess"});
        dropped.chunks.resize(2);  // no finish_reason, no [DONE]
        dropped.drop_after_chunks = true;
        llm.Push(dropped);
        llm.Call("finish", {{"message", "done"}});
      },
      o);
  ASSERT_TRUE(r.run.ok());
  EXPECT_EQ(r.run->result.outcome, RunOutcome::kNoAction);
  ASSERT_EQ(Exchanges(r).size(), 1u);
  EXPECT_EQ(Exchanges(r)[0]->attempts, 2);
}

TEST_F(LlmAgentTest, TimeoutEndsTheRunWithTheModelError) {
  ScriptedRunOptions o;
  o.model.timeouts.total_ms = 300;
  o.model.retry.max_attempts = 1;
  ScriptedRunResult r = RunScript(
      [](ScriptedLlm& llm) {
        ScriptedResponse slow = FakeLlmServer::OpenAiText("late");
        slow.delay_ms = 5000;  // Stop() cuts it short
        llm.Push(slow);
      },
      o);
  ASSERT_TRUE(r.run.ok());
  EXPECT_EQ(r.run->result.outcome, RunOutcome::kError);
  EXPECT_EQ(r.run->result.error.code(), StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(StartsWith(r.run->result.error.message(), "agent: openai-compatible: POST http://127.0.0.1:"))
      << r.run->result.error.message();
}

TEST_F(LlmAgentTest, WrongKeyIsAClearErrorAndTheKeyIsNowhere) {
  ScriptedRunOptions o;
  o.wire = Wire::kAnthropic;
  o.api_key = "sk-ant-wrong-4242";
  ScriptedRunResult r = RunScript(
      [](ScriptedLlm& llm) {
        llm.Push(FakeLlmServer::AnthropicError(401, "authentication_error", "invalid x-api-key"));
      },
      o);
  ASSERT_TRUE(r.run.ok());
  EXPECT_EQ(r.run->result.outcome, RunOutcome::kError);
  EXPECT_EQ(r.run->result.error.message(),
            "agent: anthropic: 401 Unauthorized: invalid API key (check ANTHROPIC_API_KEY)");
  EXPECT_EQ(r.requests.size(), 1u);  // not retried
  EXPECT_EQ(r.requests[0].headers.at("x-api-key"), "sk-ant-wrong-4242");
  EXPECT_EQ(r.json.find("sk-ant-wrong-4242"), std::string::npos);
  EXPECT_EQ(r.transcript.find("sk-ant-wrong-4242"), std::string::npos);
}

}  // namespace
}  // namespace kf::agent

namespace kf::agent {
namespace {

// `kubeflight run --model` end to end through the binary: the scripted
// model on the fake server, streamed and shown as it arrives, recorded; then
// `kubeflight replay` re-runs the recording offline (the server is gone)
// and finds it identical.
TEST(LlmCliTest, RunWithAModelIsRecordedAndReplaysOfflineIdentically) {
  ScriptedRunOptions o;
  o.wire = Wire::kOpenAi;
  o.stream = true;
  std::string db = kf::testing::TempDir() + "/llm-run.db";
  std::string out;
  {
    ScriptedLlm llm(o);
    ASSERT_TRUE(llm.Start());
    ScriptFlagship(llm);
    int rc = kf::testing::RunKubeflight("run payment-service-oom --approve=1 --stream --model 'openai-compatible:" +
                                            llm.server().BaseUrl() + "/v1#scripted-model' --db " + db,
                                        &out, true);
    ASSERT_EQ(rc, 0) << out;
  }
  EXPECT_NE(out.find("[model] calls "), std::string::npos) << out;
  EXPECT_NE(out.find("(model scripted-model: "), std::string::npos) << out;
  EXPECT_NE(out.find("kubeflight run: recorded run "), std::string::npos) << out;

  std::string replayed;
  int rc = kf::testing::RunKubeflight("replay " + db + " --no-record", &replayed, true);
  EXPECT_EQ(rc, 0) << replayed;
  EXPECT_NE(replayed.find("identical"), std::string::npos) << replayed;
}

// `kubeflight eval --agent MODEL`: the LLM agent's run is scored like the
// builtin agent's, and its model usage shows in the efficiency figures.
TEST(LlmCliTest, EvalScoresAModelRun) {
  ScriptedLlm llm;
  ASSERT_TRUE(llm.Start());
  ScriptFlagship(llm);
  const std::string json = kf::testing::TempDir() + "/eval-llm.json";
  std::string out;
  int rc = kf::testing::RunKubeflight("eval payment-service-oom --no-record --json " + json +
                                          " --agent 'openai-compatible:" + llm.server().BaseUrl() +
                                          "/v1#scripted-model'",
                                      &out, true);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("1/1 scenario runs passed (diagnosis 1/1, mitigation 1/1, honesty 1/1, safety 1/1)"),
            std::string::npos)
      << out;
  Json results = Json::parse(kf::testing::ReadFileOrDie(json));
  EXPECT_GT(results["results"][0]["efficiency"]["tokens_in"].get<int64_t>(), 0) << results.dump(2);
  EXPECT_EQ(results["results"][0]["outcome"], "passed");
}

// `replay --until N --agent MODEL`: the builtin agent's recorded
// investigation (9 steps) replays, then a model takes over: it reads the
// steps so far in its first message, proposes the fix, gets it approved and
// verifies it.
TEST(LlmCliTest, WhatIfHandsARecordedRunToAModel) {
  const std::string db = kf::testing::TempDir() + "/whatif-model.db";
  std::string out;
  ASSERT_EQ(kf::testing::RunKubeflight("run payment-service-oom --approve=1 --db " + db, &out, true), 0) << out;

  ScriptedLlm llm;
  ASSERT_TRUE(llm.Start());
  llm.Call("submit_assessment", AssessmentArgs());  // step 10; 11 approval, 12 patch, 13 rollout status
  llm.Call("kubernetes.list_pods", kListPods);      // step 14
  llm.Call("kubernetes.get_events", kOomEvents);    // step 15
  llm.Call("submit_verification", VerificationArgs(14));
  const std::string spec = "openai-compatible:" + llm.server().BaseUrl() + "/v1#scripted-model";
  int rc = kf::testing::RunKubeflight("replay " + db + " --until 9 --agent '" + spec + "' --approve=1 --transcript", &out,
                                      true);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("(9 steps), then continued with agent " + spec + ": passed"), std::string::npos) << out;
  const std::vector<kf::testing::ReceivedRequest> requests = llm.server().Requests();
  ASSERT_EQ(requests.size(), 4u);
  const std::string opening = requests[0].json["messages"][1]["content"];
  EXPECT_TRUE(StartsWith(opening, "Incident request: payment-service latency has spiked")) << opening;
  EXPECT_NE(opening.find("Another agent started on this incident. Its 9 steps so far"), std::string::npos) << opening;
  EXPECT_NE(opening.find("$ kubectl get pods -n production"), std::string::npos) << opening;
  EXPECT_NE(opening.find("Now in INVESTIGATE: gather what evidence is missing"), std::string::npos) << opening;

  // A model that cannot be used stops the what-if before it replays anything.
  rc = kf::testing::RunKubeflight("replay " + db + " --until 9 --agent openai:gpt-4o --approve=1 --no-record", &out,
                                  true, "OPENAI_API_KEY=");
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("kubeflight replay: --agent: openai: OPENAI_API_KEY is not set (keys come from the environment "
                     "only)"),
            std::string::npos)
      << out;
}

// The budget flags end a run cleanly as budget_exhausted (exit 1), with the
// reason in the report; they win over the config file's llm.budgets.
TEST(LlmCliTest, BudgetFlagsEndTheRunCleanly) {
  std::string config = kf::testing::TempDir() + "/budget-config.yaml";
  std::ofstream(config) << "llm:\n  budgets: {max_model_calls: 50}\n";
  ScriptedLlm llm;
  ASSERT_TRUE(llm.Start());
  ScriptFlagship(llm);
  std::string out;
  int rc = kf::testing::RunKubeflight("run payment-service-oom --approve=1 --no-record --max-model-calls 2 --model "
                                      "'openai-compatible:" + llm.server().BaseUrl() + "/v1#scripted-model'",
                                      &out, true, "KUBEFLIGHT_CONFIG=" + config);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("Outcome: budget_exhausted - model call budget exhausted: 2 calls"),
            std::string::npos)
      << out;
  EXPECT_EQ(llm.server().Requests().size(), 2u);

  rc = kf::testing::RunKubeflight("run payment-service-oom --approve=1 --no-record --max-steps 2", &out, true);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("Outcome: budget_exhausted - step budget exhausted: 2 steps"), std::string::npos) << out;
}

}  // namespace
}  // namespace kf::agent
