// OpenAI Chat Completions (POST {base}/chat/completions) with tools, as
// served by OpenAI, Azure-style gateways, Ollama, vLLM, llama.cpp's server
// and LiteLLM. Wire reference: docs/llm.md and
// shared/reference/replay-and-wire-formats.md §4.1.
#pragma once

#include "engine/llm/codec.h"

namespace kf::llm {

struct OpenAiDialect {
  // OpenAI's own API wants "max_completion_tokens" (newer models reject
  // "max_tokens"); compatible servers know "max_tokens".
  bool max_completion_tokens = false;
  // Ask for the final usage chunk when streaming (stream_options.include_usage).
  bool stream_usage = true;
};

class OpenAiCodec final : public WireCodec {
 public:
  explicit OpenAiCodec(OpenAiDialect dialect = {}) : dialect_(dialect) {}

  // System prompt as the first "system" message; tool results as "tool"
  // messages; tool calls with arguments as a JSON string; tool names mapped
  // with ToWireToolName. A call whose arguments were invalid JSON is sent
  // back with its raw text.
  std::string EncodeRequest(const ChatRequest& request) const override;
  // choices[0].message: content, tool_calls (arguments parsed; invalid JSON
  // kept raw with arguments_valid=false), finish_reason, usage.
  Result<ChatResponse> DecodeResponse(std::string_view body,
                                      const ChatRequest& request) const override;
  // "data: {chunk}" events; delta.content → sink; delta.tool_calls
  // assembled by index; "data: [DONE]" ends. A stream that ends without
  // [DONE] is complete only when a finish_reason arrived.
  std::unique_ptr<StreamDecoder> NewStreamDecoder(const ChatRequest& request) const override;
  // {"error": {"message", "type", "code"}}.
  ProviderError DecodeError(std::string_view body) const override;

 private:
  OpenAiDialect dialect_;
};

// finish_reason → neutral stop reason ("stop" → "end_turn", ...).
std::string OpenAiStopReason(const std::string& finish_reason);

}  // namespace kf::llm
