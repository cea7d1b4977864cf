// Wire codecs against literal provider JSON.
#include <gtest/gtest.h>

#include "engine/llm/anthropic_codec.h"
#include "engine/llm/openai_codec.h"
#include "engine/llm/sse.h"
#include "engine/llm/tool_names.h"

namespace kf::llm {
namespace {

ChatRequest ToolRequest() {
  ChatRequest req;
  req.model = "m";
  req.system = "You are an SRE.";
  req.tools = {{"kubernetes.list_pods", "List pods", Json::parse(R"({"type":"object","properties":{"namespace":{"type":"string"}}})")}};
  req.messages.push_back(Message::User("why is payment-service failing?"));
  ToolCall call{"call_1", "kubernetes.list_pods", Json{{"namespace", "prod"}}, true};
  req.messages.push_back(Message::Assistant("Looking.", {call}));
  req.messages.push_back(Message::ToolResult("call_1", "payment-7f 0/1 OOMKilled"));
  return req;
}

struct Collect : StreamSink {
  std::vector<std::string> deltas;
  std::vector<std::string> tools;
  void OnText(std::string_view d) override { deltas.emplace_back(d); }
  void OnToolCallStart(const std::string& id, const std::string& name) override { tools.push_back(id + " " + name); }
};

// Feeds an SSE text through a decoder; the first error or the result.
Result<ChatResponse> DecodeStream(const WireCodec& codec, const ChatRequest& req, const std::string& sse,
                                  StreamSink* sink) {
  auto decoder = codec.NewStreamDecoder(req);
  Status st;
  SseParser parser([&](const SseEvent& ev) {
    if (st.ok()) st = decoder->OnEvent(ev, sink);
  });
  parser.Feed(sse);
  if (!st.ok()) return st;
  return decoder->Finish();
}

TEST(LlmToolNamesTest, DotsMapReversibly) {
  EXPECT_EQ(ToWireToolName("kubernetes.list_pods"), "kubernetes__list_pods");
  ToolNameMap names({{"a__b.c", "", Json::object()}});
  EXPECT_EQ(names.FromWire(ToWireToolName("a__b.c")), "a__b.c");
  EXPECT_EQ(names.FromWire("prometheus__query"), "prometheus.query");
}

TEST(LlmOpenAiCodecTest, EncodesToolRoundTrip) {
  ChatRequest req = ToolRequest();
  req.max_tokens = 100;
  req.temperature = 0;
  EXPECT_EQ(OpenAiCodec().EncodeRequest(req),
            R"({"max_tokens":100,"messages":[{"content":"You are an SRE.","role":"system"},)"
            R"({"content":"why is payment-service failing?","role":"user"},)"
            R"({"content":"Looking.","role":"assistant","tool_calls":[{"function":{"arguments":"{\"namespace\":\"prod\"}",)"
            R"("name":"kubernetes__list_pods"},"id":"call_1","type":"function"}]},)"
            R"({"content":"payment-7f 0/1 OOMKilled","role":"tool","tool_call_id":"call_1"}],"model":"m",)"
            R"("temperature":0.0,"tools":[{"function":{"description":"List pods","name":"kubernetes__list_pods",)"
            R"("parameters":{"properties":{"namespace":{"type":"string"}},"type":"object"}},"type":"function"}]})");
}

TEST(LlmOpenAiCodecTest, DialectAndStreamOptions) {
  ChatRequest req;
  req.model = "gpt-4o";
  req.max_tokens = 5;
  req.stream = true;
  req.messages.push_back(Message::User("hi"));
  OpenAiDialect dialect;
  dialect.max_completion_tokens = true;
  EXPECT_EQ(OpenAiCodec(dialect).EncodeRequest(req),
            R"({"max_completion_tokens":5,"messages":[{"content":"hi","role":"user"}],"model":"gpt-4o",)"
            R"("stream":true,"stream_options":{"include_usage":true}})");
}

TEST(LlmOpenAiCodecTest, InvalidArgumentsSentBackRaw) {
  ChatRequest req;
  req.model = "m";
  ToolCall bad{"c", "x.y", Json("{not json"), false};
  req.messages.push_back(Message::Assistant("", {bad}));
  EXPECT_EQ(OpenAiCodec().EncodeRequest(req),
            R"({"messages":[{"content":null,"role":"assistant","tool_calls":[{"function":{"arguments":"{not json",)"
            R"("name":"x__y"},"id":"c","type":"function"}]}],"model":"m"})");
}

TEST(LlmOpenAiCodecTest, DecodesToolCallResponse) {
  auto r = OpenAiCodec().DecodeResponse(
      R"({"id":"chatcmpl-123","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024",
          "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
          "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"kubernetes__list_pods","arguments":"{\"namespace\":\"prod\"}"}},
                        {"id":"call_def","type":"function","function":{"name":"kubernetes__get_logs","arguments":"{\"pod\":"}}]}}],
          "usage":{"prompt_tokens":812,"completion_tokens":21,"total_tokens":833}})",
      ToolRequest());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "chatcmpl-123");
  EXPECT_EQ(r->model, "gpt-4o-2024");
  EXPECT_EQ(r->text, "");
  EXPECT_EQ(r->stop_reason, "tool_use");
  EXPECT_EQ(r->usage.input_tokens, 812);
  EXPECT_EQ(r->usage.output_tokens, 21);
  ASSERT_EQ(r->tool_calls.size(), 2u);
  EXPECT_EQ(r->tool_calls[0], (ToolCall{"call_abc", "kubernetes.list_pods", Json{{"namespace", "prod"}}, true}));
  EXPECT_EQ(r->tool_calls[1].name, "kubernetes.get_logs");
  EXPECT_FALSE(r->tool_calls[1].arguments_valid);
  EXPECT_EQ(r->tool_calls[1].arguments, Json("{\"pod\":"));
}

TEST(LlmOpenAiCodecTest, DecodesStopReasons) {
  auto r = OpenAiCodec().DecodeResponse(
      R"({"choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"trunc"}}]})", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "trunc");
  EXPECT_EQ(r->stop_reason, "max_tokens");
}

TEST(LlmOpenAiCodecTest, MalformedResponse) {
  auto r = OpenAiCodec().DecodeResponse(R"({"object":"list"})", {});
  EXPECT_EQ(r.status().ToString(), "Internal: malformed response: no choices[0].message");
  r = OpenAiCodec().DecodeResponse("<html>", {});
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(LlmOpenAiCodecTest, DecodesError) {
  ProviderError e = OpenAiCodec().DecodeError(
      R"({"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}})");
  EXPECT_EQ(e.message, "The model `gpt-9` does not exist");
  EXPECT_EQ(e.type, "invalid_request_error");
  EXPECT_EQ(e.code, "model_not_found");
  EXPECT_EQ(OpenAiCodec().DecodeError("Bad Gateway").message, "");
}

TEST(LlmOpenAiCodecTest, StreamAssemblesTextAndToolCallsByIndex) {
  const std::string sse =
      "data: {\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Check\"},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ing.\"},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"kubernetes__list_pods\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"prometheus__query\",\"arguments\":\"{\\\"q\\\":\"}}]},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"namespace\\\":\"}}]},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"prod\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"up\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n"
      "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":9,\"total_tokens\":59}}\n\n"
      "data: [DONE]\n\n";
  Collect sink;
  auto r = DecodeStream(OpenAiCodec(), ToolRequest(), sse, &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(sink.deltas, (std::vector<std::string>{"Check", "ing."}));
  EXPECT_EQ(sink.tools, (std::vector<std::string>{"call_a kubernetes.list_pods", "call_b prometheus.query"}));
  EXPECT_EQ(r->text, "Checking.");
  EXPECT_EQ(r->id, "c1");
  EXPECT_EQ(r->stop_reason, "tool_use");
  EXPECT_EQ(r->usage.input_tokens, 50);
  EXPECT_EQ(r->usage.output_tokens, 9);
  ASSERT_EQ(r->tool_calls.size(), 2u);
  EXPECT_EQ(r->tool_calls[0], (ToolCall{"call_a", "kubernetes.list_pods", Json{{"namespace", "prod"}}, true}));
  EXPECT_EQ(r->tool_calls[1], (ToolCall{"call_b", "prometheus.query", Json{{"q", "up"}}, true}));
}

TEST(LlmOpenAiCodecTest, StreamWithoutDoneOrFinishIsDropped) {
  auto r = DecodeStream(OpenAiCodec(), {},
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"},\"finish_reason\":null}]}\n\n",
                        nullptr);
  EXPECT_EQ(r.status().ToString(), "Unavailable: stream ended before [DONE]");
}

TEST(LlmOpenAiCodecTest, StreamErrorChunk) {
  auto r = DecodeStream(OpenAiCodec(), {},
                        "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n",
                        nullptr);
  EXPECT_EQ(r.status().ToString(), "Unavailable: server_error: The server had an error");
}

TEST(LlmAnthropicCodecTest, EncodesToolRoundTrip) {
  ChatRequest req = ToolRequest();
  req.messages.push_back(Message::ToolResult("call_2", "forbidden", true));
  EXPECT_EQ(AnthropicCodec().EncodeRequest(req),
            R"({"max_tokens":4096,"messages":[{"content":"why is payment-service failing?","role":"user"},)"
            R"({"content":[{"text":"Looking.","type":"text"},{"id":"call_1","input":{"namespace":"prod"},)"
            R"("name":"kubernetes__list_pods","type":"tool_use"}],"role":"assistant"},)"
            R"({"content":[{"content":"payment-7f 0/1 OOMKilled","tool_use_id":"call_1","type":"tool_result"},)"
            R"({"content":"forbidden","is_error":true,"tool_use_id":"call_2","type":"tool_result"}],"role":"user"}],)"
            R"("model":"m","system":"You are an SRE.","tools":[{"description":"List pods",)"
            R"("input_schema":{"properties":{"namespace":{"type":"string"}},"type":"object"},"name":"kubernetes__list_pods"}]})");
}

TEST(LlmAnthropicCodecTest, DecodesToolUseResponse) {
  auto r = AnthropicCodec().DecodeResponse(
      R"({"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
          "content":[{"type":"text","text":"Let me look."},
                     {"type":"tool_use","id":"toolu_01","name":"kubernetes__list_pods","input":{"namespace":"prod"}}],
          "stop_reason":"tool_use","stop_sequence":null,
          "usage":{"input_tokens":400,"output_tokens":30,"cache_read_input_tokens":0}})",
      ToolRequest());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text, "Let me look.");
  EXPECT_EQ(r->stop_reason, "tool_use");
  EXPECT_EQ(r->usage.input_tokens, 400);
  EXPECT_EQ(r->usage.output_tokens, 30);
  ASSERT_EQ(r->tool_calls.size(), 1u);
  EXPECT_EQ(r->tool_calls[0], (ToolCall{"toolu_01", "kubernetes.list_pods", Json{{"namespace", "prod"}}, true}));
}

TEST(LlmAnthropicCodecTest, DecodesError) {
  ProviderError e = AnthropicCodec().DecodeError(
      R"({"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}})");
  EXPECT_EQ(e.type, "not_found_error");
  EXPECT_EQ(e.message, "model: claude-x");
}

TEST(LlmAnthropicCodecTest, StreamAssemblesTextAndToolInput) {
  const std::string sse =
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      "event: ping\ndata: {\"type\":\"ping\"}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Look\"}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ing.\"}}\n\n"
      "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"kubernetes__list_pods\",\"input\":{}}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"namespace\\\": \\\"pr\"}}\n\n"
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"od\\\"}\"}}\n\n"
      "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
      "event: brand_new_event\ndata: {\"type\":\"brand_new_event\"}\n\n"
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":42}}\n\n"
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  Collect sink;
  auto r = DecodeStream(AnthropicCodec(), ToolRequest(), sse, &sink);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(sink.deltas, (std::vector<std::string>{"Look", "ing."}));
  EXPECT_EQ(sink.tools, (std::vector<std::string>{"toolu_1 kubernetes.list_pods"}));
  EXPECT_EQ(r->text, "Looking.");
  EXPECT_EQ(r->id, "msg_1");
  EXPECT_EQ(r->stop_reason, "tool_use");
  EXPECT_EQ(r->usage.input_tokens, 25);
  EXPECT_EQ(r->usage.output_tokens, 42);
  ASSERT_EQ(r->tool_calls.size(), 1u);
  EXPECT_EQ(r->tool_calls[0], (ToolCall{"toolu_1", "kubernetes.list_pods", Json{{"namespace", "prod"}}, true}));
}

TEST(LlmAnthropicCodecTest, StreamErrorEventIsOverloaded) {
  auto r = DecodeStream(AnthropicCodec(), {},
                        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
                        nullptr);
  EXPECT_EQ(r.status().ToString(), "Unavailable: overloaded_error: Overloaded");
}

TEST(LlmAnthropicCodecTest, StreamWithoutMessageStopIsDropped) {
  auto r = DecodeStream(AnthropicCodec(), {},
                        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\"}}\n\n", nullptr);
  EXPECT_EQ(r.status().ToString(), "Unavailable: stream ended before message_stop");
}

}  // namespace
}  // namespace kf::llm
