// Anthropic Messages (POST {base}/v1/messages) with tool_use / tool_result
// blocks. Wire reference: shared/reference/replay-and-wire-formats.md §4.2.
#pragma once

#include "engine/llm/codec.h"

namespace kf::llm {

// max_tokens sent when the request leaves it 0 (the API requires one).
inline constexpr int kAnthropicDefaultMaxTokens = 4096;

class AnthropicCodec final : public WireCodec {
 public:
  // System prompt as top-level "system"; assistant tool calls as tool_use
  // blocks (input: the arguments object; {} when they were invalid JSON);
  // consecutive tool messages as one user message of tool_result blocks
  // (is_error when set). Tool names mapped with ToWireToolName.
  std::string EncodeRequest(const ChatRequest& request) const override;
  // content blocks: text (concatenated), tool_use; stop_reason; usage.
  Result<ChatResponse> DecodeResponse(std::string_view body,
                                      const ChatRequest& request) const override;
  // message_start, content_block_start/delta (text_delta, input_json_delta)/
  // stop, message_delta, message_stop; ping and unknown events ignored;
  // "error" events → StreamErrorStatus. Complete only after message_stop.
  std::unique_ptr<StreamDecoder> NewStreamDecoder(const ChatRequest& request) const override;
  // {"type":"error","error":{"type","message"}}.
  ProviderError DecodeError(std::string_view body) const override;
};

}  // namespace kf::llm
