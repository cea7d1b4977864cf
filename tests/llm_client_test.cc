// The HTTP model clients end to end against the loopback fake server, with
// the real libcurl transport and a VirtualClock for backoff.
#include <gtest/gtest.h>

#include "engine/llm/http_model.h"
#include "tests/testing/fake_llm_server.h"

namespace kf::llm {
namespace {

using kf::testing::FakeLlmServer;
using kf::testing::ScriptedResponse;

constexpr UnixMillis kStart = 1'700'000'000'000;

struct RecordingSink : StreamSink {
  std::vector<std::string> deltas;
  std::vector<Status> retries;
  std::vector<DurationMs> delays;
  void OnText(std::string_view d) override { deltas.emplace_back(d); }
  void OnRetry(const Status& why, DurationMs delay) override {
    retries.push_back(why);
    delays.push_back(delay);
  }
};

class LlmClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start()); }

  std::unique_ptr<Model> NewModel(Provider provider, const std::string& model, ModelOptions opts = Fast()) {
    Endpoint ep;
    ep.provider = provider;
    ep.model = model;
    if (provider == Provider::kAnthropic) {
      ep.base_url = server_.BaseUrl();
      ep.api_key = "sk-ant-test";
      ep.key_env = "ANTHROPIC_API_KEY";
    } else {
      ep.base_url = server_.BaseUrl() + "/v1";
      ep.api_key = "sk-test";
      ep.key_env = provider == Provider::kOpenAi ? "OPENAI_API_KEY" : "KUBEFLIGHT_LLM_API_KEY";
    }
    return NewHttpModel(ep, opts, transport_.get(), &clock_);
  }

  static ModelOptions Fast() {
    ModelOptions o;
    o.timeouts.connect_ms = 2000;
    o.timeouts.total_ms = 5000;
    o.timeouts.idle_ms = 5000;
    o.retry.max_attempts = 3;
    o.seed = 7;
    return o;
  }

  static ChatRequest Ask(bool stream = false) {
    ChatRequest req;
    req.system = "You are an SRE.";
    req.tools = {{"kubernetes.list_pods", "List pods", {{"type", "object"}}}};
    req.messages.push_back(Message::User("what is failing?"));
    req.stream = stream;
    return req;
  }

  FakeLlmServer server_;
  std::unique_ptr<HttpTransport> transport_ = NewCurlTransport();
  VirtualClock clock_{kStart};
};

TEST_F(LlmClientTest, OpenAiToolCallRoundTrip) {
  server_.Push(FakeLlmServer::OpenAiToolCalls({{"call_1", "kubernetes__list_pods", R"({"namespace":"prod"})"}}));
  server_.Push(FakeLlmServer::OpenAiText("payment-service is OOMKilled", 40, 8));
  auto model = NewModel(Provider::kOpenAi, "gpt-4o");
  ChatRequest req = Ask();
  auto first = model->Chat(req, nullptr);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->stop_reason, "tool_use");
  ASSERT_EQ(first->tool_calls.size(), 1u);
  EXPECT_EQ(first->tool_calls[0], (ToolCall{"call_1", "kubernetes.list_pods", Json{{"namespace", "prod"}}, true}));
  EXPECT_EQ(first->attempts, 1);
  EXPECT_EQ(first->latency_ms, 0) << "latency comes from the virtual clock";

  req.messages.push_back(Message::Assistant("", first->tool_calls));
  req.messages.push_back(Message::ToolResult("call_1", "payment-7f 0/1 OOMKilled"));
  auto second = model->Chat(req, nullptr);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->text, "payment-service is OOMKilled");
  EXPECT_EQ(second->stop_reason, "end_turn");
  EXPECT_EQ(second->usage.input_tokens, 40);
  EXPECT_EQ(second->usage.output_tokens, 8);

  auto got = server_.Requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].path, "/v1/chat/completions");
  EXPECT_EQ(got[0].headers["authorization"], "Bearer sk-test");
  EXPECT_EQ(got[0].json["model"], "gpt-4o");
  EXPECT_EQ(got[0].json["max_completion_tokens"], nullptr);
  EXPECT_EQ(got[0].json["tools"][0]["function"]["name"], "kubernetes__list_pods");
  EXPECT_EQ(got[1].json["messages"][2]["tool_calls"][0]["function"]["name"], "kubernetes__list_pods");
  EXPECT_EQ(got[1].json["messages"][3],
            (Json{{"role", "tool"}, {"tool_call_id", "call_1"}, {"content", "payment-7f 0/1 OOMKilled"}}));
  EXPECT_EQ(second->raw_request, got[1].body) << "the recorder gets the exact bytes sent";
  EXPECT_EQ(second->raw_request.find("sk-test"), std::string::npos);
}

TEST_F(LlmClientTest, AnthropicToolUseRoundTrip) {
  server_.Push(FakeLlmServer::AnthropicToolUse("toolu_1", "kubernetes__list_pods", {{"namespace", "prod"}}, "Checking."));
  server_.Push(FakeLlmServer::AnthropicText("done"));
  auto model = NewModel(Provider::kAnthropic, "claude-sonnet-4-5");
  ChatRequest req = Ask();
  auto first = model->Chat(req, nullptr);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->text, "Checking.");
  ASSERT_EQ(first->tool_calls.size(), 1u);
  EXPECT_EQ(first->tool_calls[0].name, "kubernetes.list_pods");
  req.messages.push_back(Message::Assistant(first->text, first->tool_calls));
  req.messages.push_back(Message::ToolResult("toolu_1", "no such namespace", true));
  auto second = model->Chat(req, nullptr);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->text, "done");

  auto got = server_.Requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].path, "/v1/messages");
  EXPECT_EQ(got[0].headers["x-api-key"], "sk-ant-test");
  EXPECT_EQ(got[0].headers["anthropic-version"], "2023-06-01");
  EXPECT_EQ(got[0].headers.count("authorization"), 0u);
  EXPECT_EQ(got[0].json["system"], "You are an SRE.");
  EXPECT_EQ(got[1].json["messages"][2]["content"][0],
            (Json{{"type", "tool_result"}, {"tool_use_id", "toolu_1"}, {"content", "no such namespace"}, {"is_error", true}}));
}

TEST_F(LlmClientTest, OpenAiStreamingDeltasArriveInOrder) {
  server_.Push(FakeLlmServer::OpenAiStream({"The ", "pod ", "was ", "OOMKilled."}));
  auto model = NewModel(Provider::kOpenAiCompatible, "llama3");
  RecordingSink sink;
  auto r = model->Chat(Ask(true), &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(sink.deltas, (std::vector<std::string>{"The ", "pod ", "was ", "OOMKilled."}));
  EXPECT_EQ(r->text, "The pod was OOMKilled.");
  EXPECT_EQ(r->stop_reason, "end_turn");
  EXPECT_EQ(r->usage.output_tokens, 5);
  EXPECT_NE(r->raw_response.find("data: [DONE]"), std::string::npos) << "raw SSE is kept for the recorder";
  auto got = server_.Requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].headers["accept"], "text/event-stream");
  EXPECT_EQ(got[0].json["stream"], true);
}

TEST_F(LlmClientTest, OpenAiStreamingToolCall) {
  server_.Push(FakeLlmServer::OpenAiStreamToolCall("call_9", "kubernetes__list_pods", {"{\"name", "space\":", "\"prod\"}"}));
  auto model = NewModel(Provider::kOpenAi, "gpt-4o");
  auto r = model->Chat(Ask(true), nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->tool_calls.size(), 1u);
  EXPECT_EQ(r->tool_calls[0], (ToolCall{"call_9", "kubernetes.list_pods", Json{{"namespace", "prod"}}, true}));
  EXPECT_EQ(r->stop_reason, "tool_use");
}

TEST_F(LlmClientTest, AnthropicStreamingDeltasAndToolInput) {
  server_.Push(FakeLlmServer::AnthropicStream({"Mem", "ory ", "limit."}));
  server_.Push(FakeLlmServer::AnthropicStreamToolUse("toolu_2", "kubernetes__list_pods", {"{\"namespace\":", " \"prod\"}"}));
  auto model = NewModel(Provider::kAnthropic, "claude-sonnet-4-5");
  RecordingSink sink;
  auto r = model->Chat(Ask(true), &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(sink.deltas, (std::vector<std::string>{"Mem", "ory ", "limit."}));
  EXPECT_EQ(r->text, "Memory limit.");
  EXPECT_EQ(r->usage.input_tokens, 10);
  EXPECT_EQ(r->usage.output_tokens, 5);
  r = model->Chat(Ask(true), &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->tool_calls.size(), 1u);
  EXPECT_EQ(r->tool_calls[0].arguments, (Json{{"namespace", "prod"}}));
  EXPECT_EQ(r->stop_reason, "tool_use");
}

TEST_F(LlmClientTest, RateLimitHonoursRetryAfterOnTheVirtualClock) {
  ScriptedResponse limited = FakeLlmServer::OpenAiError(429, "requests", "Rate limit reached for gpt-4o", "rate_limit_exceeded");
  limited.headers = {{"Retry-After", "7"}};
  server_.Push(limited);
  server_.Push(FakeLlmServer::OpenAiText("ok"));
  auto model = NewModel(Provider::kOpenAi, "gpt-4o");
  RecordingSink sink;
  auto r = model->Chat(Ask(), &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(clock_.Now() - kStart, 7000) << "slept exactly Retry-After";
  EXPECT_EQ(r->latency_ms, 7000);
  EXPECT_EQ(r->attempts, 2);
  ASSERT_EQ(sink.retries.size(), 1u);
  EXPECT_EQ(sink.retries[0].ToString(), "Unavailable: openai: 429 Too Many Requests: Rate limit reached for gpt-4o");
  EXPECT_EQ(sink.delays, (std::vector<DurationMs>{7000}));
  EXPECT_EQ(server_.Requests().size(), 2u);
}

TEST_F(LlmClientTest, OverloadedGivesUpAfterMaxAttemptsWithBackoff) {
  for (int i = 0; i < 3; ++i) server_.Push(FakeLlmServer::AnthropicError(529, "overloaded_error", "Overloaded"));
  auto model = NewModel(Provider::kAnthropic, "claude-sonnet-4-5");
  RecordingSink sink;
  auto r = model->Chat(Ask(), &sink);
  EXPECT_EQ(r.status().ToString(), "Unavailable: anthropic: 529 Overloaded: Overloaded (gave up after 3 attempts)");
  ASSERT_EQ(sink.delays.size(), 2u);
  EXPECT_EQ(clock_.Now() - kStart, sink.delays[0] + sink.delays[1]);
  EXPECT_GE(sink.delays[0], 800);
  EXPECT_LE(sink.delays[0], 1200);
  EXPECT_GE(sink.delays[1], 1600);
  EXPECT_LE(sink.delays[1], 2400);
}

TEST_F(LlmClientTest, DroppedStreamIsUnavailableAndRetried) {
  ScriptedResponse dropped = FakeLlmServer::OpenAiStream({"partial ", "answer"});
  dropped.chunks.resize(3);  // role chunk and two deltas; no finish, no [DONE]
  dropped.drop_after_chunks = true;
  server_.Push(dropped);
  server_.Push(FakeLlmServer::OpenAiStream({"whole answer"}));
  auto model = NewModel(Provider::kOpenAi, "gpt-4o");
  RecordingSink sink;
  auto r = model->Chat(Ask(true), &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text, "whole answer");
  EXPECT_EQ(r->attempts, 2);
  ASSERT_EQ(sink.retries.size(), 1u);
  EXPECT_EQ(sink.retries[0].code(), StatusCode::kUnavailable) << sink.retries[0].ToString();
  EXPECT_EQ(sink.deltas, (std::vector<std::string>{"partial ", "answer", "whole answer"}))
      << "the sink saw the void attempt, then OnRetry, then the new answer";
}

TEST_F(LlmClientTest, DroppedStreamWithoutRetriesIsUnavailable) {
  ScriptedResponse dropped = FakeLlmServer::AnthropicStream({"half"});
  dropped.chunks.resize(4);
  dropped.drop_after_chunks = true;
  server_.Push(dropped);
  ModelOptions opts = Fast();
  opts.retry.max_attempts = 1;
  auto model = NewModel(Provider::kAnthropic, "claude-sonnet-4-5", opts);
  auto r = model->Chat(Ask(true), nullptr);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
  EXPECT_TRUE(r.status().message().rfind("anthropic: ", 0) == 0) << r.status().ToString();
}

TEST_F(LlmClientTest, MidStreamOverloadedEventIsRetried) {
  ScriptedResponse overloaded = FakeLlmServer::AnthropicStream({"x"});
  overloaded.chunks.resize(2);
  overloaded.chunks.push_back(FakeLlmServer::SseEvent(
      "error", {{"type", "error"}, {"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}}));
  server_.Push(overloaded);
  server_.Push(FakeLlmServer::AnthropicStream({"fine"}));
  auto model = NewModel(Provider::kAnthropic, "claude-sonnet-4-5");
  RecordingSink sink;
  auto r = model->Chat(Ask(true), &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text, "fine");
  ASSERT_EQ(sink.retries.size(), 1u);
  EXPECT_EQ(sink.retries[0].ToString(), "Unavailable: anthropic: overloaded_error: Overloaded");
}

TEST_F(LlmClientTest, TimeoutIsDeadlineExceededAndRetried) {
  ScriptedResponse slow = FakeLlmServer::OpenAiText("late");
  slow.delay_ms = 3000;
  server_.Push(slow);
  server_.Push(FakeLlmServer::OpenAiText("on time"));
  ModelOptions opts = Fast();
  opts.timeouts.total_ms = 300;
  auto model = NewModel(Provider::kOpenAi, "gpt-4o", opts);
  RecordingSink sink;
  auto r = model->Chat(Ask(), &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text, "on time");
  ASSERT_EQ(sink.retries.size(), 1u);
  EXPECT_EQ(sink.retries[0].code(), StatusCode::kDeadlineExceeded) << sink.retries[0].ToString();
}

TEST_F(LlmClientTest, WrongKeyIsUnauthenticatedWithExactTextAndNoRetry) {
  server_.Push(FakeLlmServer::OpenAiError(401, "invalid_request_error",
                                          "Incorrect API key provided: sk-test. You can find your API key at ...",
                                          "invalid_api_key"));
  auto model = NewModel(Provider::kOpenAi, "gpt-4o");
  auto r = model->Chat(Ask(), nullptr);
  EXPECT_EQ(r.status().ToString(), "Unauthenticated: openai: 401 Unauthorized: invalid API key (check OPENAI_API_KEY)");
  EXPECT_EQ(server_.Requests().size(), 1u);
}

TEST_F(LlmClientTest, UnknownModelIsNotFound) {
  server_.Push(FakeLlmServer::OpenAiError(404, "invalid_request_error",
                                          "The model `gpt-9` does not exist or you do not have access to it.",
                                          "model_not_found"));
  server_.Push(FakeLlmServer::AnthropicError(404, "not_found_error", "model: claude-x"));
  auto r = NewModel(Provider::kOpenAi, "gpt-9")->Chat(Ask(), nullptr);
  EXPECT_EQ(r.status().ToString(),
            "NotFound: openai: 404 Not Found: model \"gpt-9\" not found: The model `gpt-9` does not exist or you do "
            "not have access to it.");
  r = NewModel(Provider::kAnthropic, "claude-x")->Chat(Ask(), nullptr);
  EXPECT_EQ(r.status().ToString(), "NotFound: anthropic: 404 Not Found: model \"claude-x\" not found: model: claude-x");
  EXPECT_EQ(server_.Requests().size(), 2u);
}

TEST_F(LlmClientTest, KeyEchoedInBodyIsRedacted) {
  server_.Push(FakeLlmServer::OpenAiText("your key is sk-test"));
  auto r = NewModel(Provider::kOpenAi, "gpt-4o")->Chat(Ask(), nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->raw_response.find("sk-test"), std::string::npos);
  EXPECT_NE(r->raw_response.find("[REDACTED]"), std::string::npos);
}

TEST_F(LlmClientTest, ConnectionRefusedIsUnavailable) {
  auto model = NewModel(Provider::kOpenAi, "gpt-4o");
  server_.Stop();
  auto r = model->Chat(Ask(), nullptr);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
  EXPECT_NE(r.status().message().find("(gave up after 3 attempts)"), std::string::npos) << r.status().ToString();
}

TEST_F(LlmClientTest, EmptyScriptAnswers500) {
  ModelOptions opts = Fast();
  opts.retry.max_attempts = 1;
  auto r = NewModel(Provider::kOpenAi, "gpt-4o", opts)->Chat(Ask(), nullptr);
  EXPECT_EQ(r.status().ToString(),
            "Unavailable: openai: 500 Internal Server Error: fake llm server: no scripted response left");
}

}  // namespace
}  // namespace kf::llm
