// Neutral chat types and the Model seam. Provider codecs (openai_codec.h,
// anthropic_codec.h) translate these to and from wire JSON; the agent and the
// recorder see only these.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf::llm {

// A tool invocation the model asked for. `name` is the catalog name
// ("kubernetes.list_pods"), already mapped back from the wire form.
struct ToolCall {
  std::string id;
  std::string name;
  // The parsed arguments. When the model produced text that is not valid
  // JSON (OpenAI sends arguments as a string), `arguments` is that raw
  // string and `arguments_valid` is false, so the agent can report it.
  Json arguments = Json::object();
  bool arguments_valid = true;

  bool operator==(const ToolCall&) const = default;
};

enum class Role { kUser, kAssistant, kTool };
// "user", "assistant", "tool".
const char* RoleName(Role role);

// One transcript entry:
//   user:      content
//   assistant: content (may be empty) and tool_calls (may be empty)
//   tool:      the result of tool_call_id as content; is_error marks a failed
//              tool run (Anthropic's tool_result is_error).
struct Message {
  Role role = Role::kUser;
  std::string content;
  std::vector<ToolCall> tool_calls;
  std::string tool_call_id;
  bool is_error = false;

  static Message User(std::string text);
  static Message Assistant(std::string text, std::vector<ToolCall> calls = {});
  static Message ToolResult(std::string call_id, std::string text, bool is_error = false);
};

struct ToolSpec {
  std::string name;         // catalog name, dots allowed
  std::string description;
  Json input_schema = Json::object();  // JSON Schema of the arguments
};

struct ChatRequest {
  std::string model;   // provider model id ("gpt-4o"); filled by the Model when empty
  std::string system;  // system prompt; empty for none
  std::vector<Message> messages;
  std::vector<ToolSpec> tools;
  int max_tokens = 0;          // 0: provider default (Anthropic requires one: 4096)
  double temperature = -1;     // < 0: provider default
  bool stream = false;         // stream the answer through the StreamSink
};

struct Usage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
};

// Stop reasons, normalised to Anthropic's names: OpenAI "stop" → end_turn,
// "length" → max_tokens, "tool_calls" → tool_use; others pass through
// ("content_filter", "refusal", ...).
inline constexpr const char* kStopEndTurn = "end_turn";
inline constexpr const char* kStopToolUse = "tool_use";
inline constexpr const char* kStopMaxTokens = "max_tokens";

struct ChatResponse {
  std::string text;  // all text blocks concatenated
  std::vector<ToolCall> tool_calls;
  Usage usage;
  std::string stop_reason;
  std::string model;  // as the provider reported it; may be empty
  std::string id;     // provider response id; may be empty
  // The exact request body sent and response body received (the SSE text
  // when streaming), for the recorder. Never contain the API key: keys travel
  // in headers only, and any echo of the key in a body is replaced by
  // "[REDACTED]".
  std::string raw_request;
  std::string raw_response;
  DurationMs latency_ms = 0;  // Clock time of the whole Chat call, retries included
  int attempts = 1;
};

// Receives a streamed answer as it arrives. Called on the thread that called
// Model::Chat, in arrival order.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // A piece of answer text.
  virtual void OnText(std::string_view delta) = 0;
  // A tool call began (its arguments are still arriving). Optional.
  virtual void OnToolCallStart(const std::string& /*id*/, const std::string& /*name*/) {}
  // The attempt failed with a retryable error after `delay_ms` of backoff a
  // new attempt starts: text delivered so far is void and will be sent again.
  virtual void OnRetry(const Status& /*why*/, DurationMs /*delay_ms*/) {}
};

// The Model seam (DESIGN.md "Seams"). Implementations: the HTTP clients
// (http_model.h), and later the replaying model and test fakes.
// Not thread-safe: one Chat at a time per Model.
class Model {
 public:
  virtual ~Model() = default;
  // Sends one request. When request.stream is set and `sink` is non-null,
  // text deltas reach `sink` while the response arrives. Errors: see
  // http_model.h for the HTTP clients' codes.
  virtual Result<ChatResponse> Chat(const ChatRequest& request, StreamSink* sink) = 0;
  // "openai:gpt-4o", "anthropic:claude-sonnet-4-5", ... (no secrets).
  virtual std::string Describe() const = 0;
};

}  // namespace kf::llm
