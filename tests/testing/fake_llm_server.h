// A loopback HTTP server that plays scripted model responses, for the model
// client tests and the LLM agent's end-to-end tests. It speaks whatever the
// script says: builders below make OpenAI Chat Completions and Anthropic
// Messages bodies, whole or as SSE streams. Every request is recorded so
// tests can assert on what the client sent.
//
//   FakeLlmServer server;
//   ASSERT_TRUE(server.Start());
//   server.Push(FakeLlmServer::OpenAiText("hello"));
//   ... point a client at server.BaseUrl() + "/v1" ...
//   EXPECT_EQ(server.Requests()[0].path, "/v1/chat/completions");
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/core/json.h"

namespace kf::testing {

struct ScriptedResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Sent whole when `chunks` is empty.
  std::string body;
  // When set: a chunked response, one write (and flush) per chunk, in order.
  std::vector<std::string> chunks;
  // After the chunks, close the connection without ending the response (a
  // dropped stream).
  bool drop_after_chunks = false;
  // Wall-clock wait before responding (to trip client timeouts). Stop()
  // cuts it short.
  int delay_ms = 0;
  // Wall-clock wait between chunks.
  int chunk_delay_ms = 0;
};

struct ReceivedRequest {
  std::string method;
  std::string path;  // with the query string, if any
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  Json json;  // the body parsed; null when it is not JSON
};

class FakeLlmServer {
 public:
  FakeLlmServer();
  ~FakeLlmServer();  // Stop()s
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  // Binds 127.0.0.1 on an ephemeral port and serves on a background thread.
  bool Start();
  void Stop();
  int port() const { return port_; }
  // "http://127.0.0.1:PORT" (no trailing slash).
  std::string BaseUrl() const;

  // Queues the response to the next request (any method and path). With the
  // queue empty the server answers 500 {"error":{"message":"fake llm server:
  // no scripted response left"}}.
  void Push(ScriptedResponse response);
  size_t Pending() const;
  // Requests received so far, in arrival order.
  std::vector<ReceivedRequest> Requests() const;

  // ---- OpenAI Chat Completions bodies ----
  static ScriptedResponse OpenAiText(const std::string& text, int input_tokens = 10, int output_tokens = 5);
  // One assistant message with tool calls: {id, wire name, arguments text}.
  struct WireCall {
    std::string id, name, arguments;
  };
  static ScriptedResponse OpenAiToolCalls(const std::vector<WireCall>& calls);
  // An SSE stream: one chunk per text delta, then finish_reason "stop", a
  // usage chunk and [DONE]; each SSE event is a separate network chunk.
  static ScriptedResponse OpenAiStream(const std::vector<std::string>& deltas);
  // A streamed tool call: name first, arguments in the given fragments.
  static ScriptedResponse OpenAiStreamToolCall(const std::string& id, const std::string& name,
                                               const std::vector<std::string>& argument_fragments);
  static ScriptedResponse OpenAiError(int status, const std::string& type, const std::string& message,
                                      const std::string& code = "");

  // ---- Anthropic Messages bodies ----
  static ScriptedResponse AnthropicText(const std::string& text, int input_tokens = 10, int output_tokens = 5);
  static ScriptedResponse AnthropicToolUse(const std::string& id, const std::string& name, const Json& input,
                                           const std::string& text = "");
  // message_start, one text block with one text_delta per delta, message_delta
  // (end_turn), message_stop; a ping first.
  static ScriptedResponse AnthropicStream(const std::vector<std::string>& deltas);
  static ScriptedResponse AnthropicStreamToolUse(const std::string& id, const std::string& name,
                                                 const std::vector<std::string>& json_fragments);
  static ScriptedResponse AnthropicError(int status, const std::string& type, const std::string& message);

  // "data: <json>\n\n" and "event: <name>\ndata: <json>\n\n".
  static std::string SseData(const std::string& data);
  static std::string SseEvent(const std::string& event, const Json& data);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace kf::testing
