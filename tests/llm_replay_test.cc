// ReplayModel: a recorded LLM run replays byte for byte with no server, and
// a changed request (system prompt, model settings, tool schema) diverges at the first exchange with a
// readable diff. Also the model_exchange event's JSON and the JSON diff.
#include <gtest/gtest.h>

#include <optional>
#include <sstream>

#include "engine/agent/llm_agent.h"
#include "engine/agent/transcript_printer.h"
#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/llm/json_diff.h"
#include "engine/llm/http_model.h"
#include "engine/llm/replay_model.h"
#include "engine/tools/tool.h"
#include "tests/testing/scripted_llm_run.h"

namespace kf::llm {
namespace {

using kf::testing::ScriptedLlm;
using kf::testing::ScriptedRunOptions;
using kf::testing::ScriptedRunResult;
using kf::testing::Wire;

const Json kListPods = {{"namespace", "production"}, {"label_selector", "app=payment-service"}};

std::vector<Json> EventJsons(const ScriptedRunResult& r) {
  std::vector<Json> out;
  for (const agent::RunEvent& e : r.events) out.push_back(agent::ToJson(e));
  return out;
}

// A short recorded run: two investigation calls, then finish.
ScriptedRunResult Record(ScriptedRunOptions o) {
  ScriptedLlm llm(o);
  EXPECT_TRUE(llm.Start());
  llm.Call("kubernetes.list_pods", kListPods);
  llm.Call("kubernetes.get_events", {{"namespace", "production"}, {"reason", "OOMKilling"}});
  llm.Call("finish", {{"message", "recorded"}});
  return llm.Run();
}

class ReplayTest : public ::testing::TestWithParam<std::tuple<Wire, bool>> {};

TEST_P(ReplayTest, ReplaysARecordedRunByteForByte) {
  ScriptedRunOptions o;
  o.wire = std::get<0>(GetParam());
  o.stream = std::get<1>(GetParam());
  ScriptedRunResult live = Record(o);
  ASSERT_TRUE(live.run.ok());
  ASSERT_EQ(live.run->result.outcome, agent::RunOutcome::kNoAction);
  Result<std::unique_ptr<ReplayModel>> replay = ReplayModel::FromEvents(EventJsons(live));
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  ASSERT_EQ((*replay)->size(), 3);
  ScriptedLlm offline(o);  // never started: no server
  ScriptedRunResult again = offline.RunWith(replay->get());
  ASSERT_TRUE(again.run.ok());
  EXPECT_EQ(again.run->result.outcome, agent::RunOutcome::kNoAction);
  EXPECT_EQ((*replay)->replayed(), 3);
  EXPECT_FALSE((*replay)->divergence());
  EXPECT_EQ(again.json, live.json);
  EXPECT_EQ(again.transcript, live.transcript);
}

INSTANTIATE_TEST_SUITE_P(Wires, ReplayTest,
                         ::testing::Values(std::make_tuple(Wire::kOpenAi, false), std::make_tuple(Wire::kOpenAi, true),
                                           std::make_tuple(Wire::kAnthropic, false),
                                           std::make_tuple(Wire::kAnthropic, true)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param) == Wire::kOpenAi ? "OpenAi" : "Anthropic") +
                                  (std::get<1>(info.param) ? "Streamed" : "Whole");
                         });

TEST(ReplayModel, ChangedSystemPromptDivergesAtTheFirstRequestWithADiff) {
  ScriptedRunResult live = Record({});
  ASSERT_TRUE(live.run.ok());
  Result<std::unique_ptr<ReplayModel>> replay = ReplayModel::FromEvents(EventJsons(live));
  ASSERT_TRUE(replay.ok());
  ScriptedRunOptions changed;
  changed.agent.extra_instructions = "Be brief.";
  ScriptedLlm offline(changed);
  ScriptedRunResult again = offline.RunWith(replay->get());
  ASSERT_TRUE(again.run.ok());
  const agent::RunResult& res = again.run->result;
  EXPECT_EQ(res.outcome, agent::RunOutcome::kError);
  EXPECT_TRUE(IsReplayDivergence(res.error));
  EXPECT_TRUE(StartsWith(res.error.message(), "agent: replay diverged at model exchange 1 (recorded event 3, step 0): "
                                              "the request differs from the recording:\n"))
      << res.error.message();
  ASSERT_TRUE((*replay)->divergence());
  const ReplayDivergence& d = *(*replay)->divergence();
  EXPECT_EQ(d.exchange, 1);
  EXPECT_EQ(d.seq, 3);  // run_started, phase, then the first exchange
  EXPECT_EQ(d.step, 0);
  EXPECT_TRUE(StartsWith(d.diff, "messages[0].content: at character ")) << d.diff;
  EXPECT_NE(d.diff.find("/ now \"…"), std::string::npos) << d.diff;
  EXPECT_NE(d.diff.find("Operator instructions:\\nBe brief.\\n\""), std::string::npos) << d.diff;
  EXPECT_EQ(res.transcript.size(), 0u);
}

// Replays the recorded run with `changed` options; returns the divergence.
std::optional<ReplayDivergence> ReplayWith(const ScriptedRunResult& live, const ScriptedRunOptions& changed) {
  Result<std::unique_ptr<ReplayModel>> replay = ReplayModel::FromEvents(EventJsons(live));
  EXPECT_TRUE(replay.ok());
  if (!replay.ok()) return std::nullopt;
  ScriptedLlm offline(changed);
  ScriptedRunResult again = offline.RunWith(replay->get());
  EXPECT_TRUE(again.run.ok());
  if (again.run.ok()) {
    EXPECT_TRUE(IsReplayDivergence(again.run->result.error));
  }
  return (*replay)->divergence();
}

TEST(ReplayModel, ChangedModelSettingsDivergeAtTheFirstRequest) {
  ScriptedRunResult live = Record({});
  ASSERT_TRUE(live.run.ok());
  ScriptedRunOptions warmer;
  warmer.agent.temperature = 0.7;
  std::optional<ReplayDivergence> d = ReplayWith(live, warmer);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->exchange, 1);
  EXPECT_EQ(d->diff, "temperature: recorded 0.0 / now 0.7\n");
  ScriptedRunOptions shorter;
  shorter.agent.max_output_tokens = 1024;
  d = ReplayWith(live, shorter);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->exchange, 1);
  EXPECT_EQ(d->diff, "max_tokens: recorded 4096 / now 1024\n");
}

// A catalog tool, with one more optional property in its schema when `widen`.
class WidenedTool final : public Tool {
 public:
  WidenedTool(const Tool* base, bool widen) : base_(base), schema_(base->input_schema()) {
    if (widen) schema_["properties"]["limit"] = {{"type", "integer"}, {"description", "at most this many"}};
  }
  const std::string& name() const override { return base_->name(); }
  const std::string& description() const override { return base_->description(); }
  const Json& input_schema() const override { return schema_; }
  ToolAnnotations annotations() const override { return base_->annotations(); }
  ToolResult Run(const Json& args, const ToolContext& ctx) const override { return base_->Run(args, ctx); }

 private:
  const Tool* base_;
  Json schema_;
};

TEST(ReplayModel, ChangedToolSchemaDivergesAtTheFirstRequest) {
  ScriptedRunResult live = Record({});
  ASSERT_TRUE(live.run.ok());
  ToolCatalog changed;
  for (const std::unique_ptr<Tool>& tool : ToolCatalog::Default().tools()) {
    changed.Add(std::make_unique<WidenedTool>(tool.get(), tool->name() == "kubernetes.list_pods"));
  }
  ScriptedRunOptions o;
  o.tools = &changed;
  std::optional<ReplayDivergence> d = ReplayWith(live, o);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->exchange, 1);
  EXPECT_EQ(d->seq, 3);
  EXPECT_NE(d->diff.find(".function.parameters.properties.limit: recorded (missing) / now "), std::string::npos)
      << d->diff;
}

TEST(ReplayModel, RunningOutOfExchangesIsADivergence) {
  ReplayModel empty(std::vector<RecordedExchange>{});
  ChatRequest req;
  req.messages.push_back(Message::User("hi"));
  Result<ChatResponse> r = empty.Chat(req, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsReplayDivergence(r.status()));
  EXPECT_EQ(r.status().message(), "replay diverged at model exchange 1: the recording has only 0 model exchanges");
}

TEST(ReplayModel, MalformedEventIsRejectedNamingTheField) {
  Json e = {{"type", "model_exchange"}, {"seq", 12}, {"provider", "openai"}, {"model", "m"}, {"request", "{}"},
            {"response", 5}};
  Result<std::unique_ptr<ReplayModel>> r = ReplayModel::FromEvents({e});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "model_exchange event 12: \"response\": expected a string");
  e["response"] = "{}";
  e["provider"] = "acme";
  EXPECT_EQ(ReplayModel::FromEvents({e}).status().message(),
            "model_exchange event 12: \"provider\": unknown provider \"acme\" (openai, anthropic, openai-compatible)");
}

TEST(ReplayModel, VolatileFieldsAreIgnored) {
  EXPECT_EQ(CanonicalRequest("{\"user\":\"run-1\",\"model\":\"m\", \"metadata\":{\"id\":1}}"), "{\"model\":\"m\"}");
  EXPECT_EQ(CanonicalRequest("not json"), "not json");
}

TEST(JsonDiff, NamesPathsAndShowsStringsAroundTheFirstDifference) {
  Json a = {{"model", "gpt-4o"}, {"messages", Json::array({{{"content", "hello world"}}})}, {"n", 1}};
  Json b = {{"model", "gpt-4o"}, {"messages", Json::array({{{"content", "hello there"}}, {{"content", "x"}}})}};
  EXPECT_EQ(DiffJson(a, b),
            "messages: recorded 1 items / now 2 items\n"
            "messages[0].content: at character 6: recorded \"hello world\" / now \"hello there\"\n"
            "n: recorded 1 / now (missing)\n");
  EXPECT_EQ(DiffJson(a, a), "");
  std::string long_a(200, 'a'), long_b(200, 'a');
  long_b[100] = 'b';
  EXPECT_EQ(DiffJson(Json(long_a), Json(long_b)),
            "(the whole request): at character 100: recorded \"…" + std::string(30, 'a') + "a" + std::string(49, 'a') +
                "…\" / now \"…" + std::string(30, 'a') + "b" + std::string(49, 'a') + "…\"\n");
}

TEST(ModelExchangeEvent, JsonFieldsAndTranscriptLine) {
  agent::RunEvent e;
  e.seq = 4;
  e.step = 2;
  agent::ModelExchanged m;
  m.provider = "openai";
  m.model = "gpt-4o";
  m.request = "{\"a\":1}";
  m.response = "{\"b\":2}";
  m.input_tokens = 812;
  m.output_tokens = 21;
  m.cost_usd = 0.00224;
  m.priced = true;
  m.latency_ms = 0;
  m.attempts = 2;
  e.body = m;
  Json j = agent::ToJson(e);
  EXPECT_EQ(j["type"], "model_exchange");
  EXPECT_EQ(j["model"], "gpt-4o");
  EXPECT_EQ(j["provider"], "openai");
  EXPECT_EQ(j["request"], "{\"a\":1}");
  EXPECT_EQ(j["response"], "{\"b\":2}");
  EXPECT_EQ(j["input_tokens"], 812);
  EXPECT_EQ(j["output_tokens"], 21);
  EXPECT_DOUBLE_EQ(j["cost_usd"].get<double>(), 0.00224);
  EXPECT_EQ(j["latency_ms"], 0);
  EXPECT_EQ(j["attempts"], 2);
  std::ostringstream out;
  agent::TranscriptPrinter printer(out);
  printer.OnEvent(e);
  m.priced = false;
  m.cost_usd = 0;
  m.attempts = 1;
  m.latency_ms = 1500;
  e.body = m;
  printer.OnEvent(e);
  agent::Report report;
  report.outcome = agent::RunOutcome::kNoAction;
  report.message = "done";
  e.body = agent::ReportMade{report};
  printer.OnEvent(e);
  EXPECT_EQ(out.str(),
            "(model gpt-4o: 812 in + 21 out tokens, $0.0022, 2 attempts)\n"
            "(model gpt-4o: 812 in + 21 out tokens, cost unknown, " + FormatDuration(1500) + ")\n"
            "Outcome: no_action - done\n"
            "Model usage: 2 exchanges, 1624 input + 42 output tokens, at least $0.0022 (some exchanges unpriced)\n");
}

}  // namespace
TEST(ModelExchangeEvent, AFailedExchangeIsRecordedAndReplaysAsTheSameError) {
  agent::RunEvent e;
  e.seq = 7;
  e.step = 3;
  agent::ModelExchanged m;
  m.provider = "anthropic";
  m.model = "claude-x";
  ChatRequest req;
  req.model = "claude-x";
  req.messages.push_back(Message::User("investigate"));
  m.request = NewWireCodec(Provider::kAnthropic)->EncodeRequest(req);
  m.latency_ms = 300;
  m.error = Unauthenticated("anthropic: 401 Unauthorized: invalid API key (check ANTHROPIC_API_KEY)");
  e.body = m;
  Json j = agent::ToJson(e);
  EXPECT_EQ(j["response"], "");
  EXPECT_EQ(j["error"], Json({{"code", "Unauthenticated"},
                              {"message", "anthropic: 401 Unauthorized: invalid API key (check ANTHROPIC_API_KEY)"}}));
  std::ostringstream out;
  agent::TranscriptPrinter printer(out);
  printer.OnEvent(e);
  EXPECT_EQ(out.str(), "(model claude-x: failed after " + FormatDuration(300) +
                           ": anthropic: 401 Unauthorized: invalid API key (check ANTHROPIC_API_KEY))\n");

  Result<std::unique_ptr<ReplayModel>> model = ReplayModel::FromEvents({j});
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  Result<ChatResponse> r = (*model)->Chat(req, nullptr);
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(r.status().message(), "anthropic: 401 Unauthorized: invalid API key (check ANTHROPIC_API_KEY)");
  EXPECT_FALSE((*model)->divergence());

  j["error"] = {{"code", "Gremlins"}, {"message", "x"}};
  EXPECT_EQ(ReplayModel::FromEvents({j}).status().message(),
            "model_exchange event 7: \"error\": expected {\"code\": a status code name, \"message\": ...}");
}

}  // namespace kf::llm
