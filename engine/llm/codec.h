// What the HTTP model needs from a provider's wire codec. Codecs are pure:
// JSON in, JSON out, no transport, no clock, no secrets.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/core/status.h"
#include "engine/llm/chat.h"
#include "engine/llm/sse.h"

namespace kf::llm {

// The error object a provider puts in an error body or stream event.
struct ProviderError {
  std::string type;     // "invalid_request_error", "overloaded_error", ...
  std::string code;     // OpenAI's "code" ("model_not_found", "insufficient_quota")
  std::string message;  // the human-readable error.message
};

// Assembles one streamed response. Not thread-safe.
class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  // Consumes one SSE event, passing text deltas to `sink` (may be null).
  // Returns the error an error event carries (status from StreamErrorStatus,
  // message without the provider prefix) or Internal for a malformed event.
  virtual Status OnEvent(const SseEvent& event, StreamSink* sink) = 0;
  // Called when the body ended. The assembled response (raw fields empty),
  // or Unavailable "stream ended before ..." when the terminal event never
  // came (a dropped stream).
  virtual Result<ChatResponse> Finish() = 0;
};

class WireCodec {
 public:
  virtual ~WireCodec() = default;
  // The request body (canonical JSON). Streams when request.stream.
  virtual std::string EncodeRequest(const ChatRequest& request) const = 0;
  // A whole (non-streaming) 2xx body. Internal "malformed response: ..." when
  // it is not the expected JSON. Raw fields are left empty.
  virtual Result<ChatResponse> DecodeResponse(std::string_view body,
                                              const ChatRequest& request) const = 0;
  virtual std::unique_ptr<StreamDecoder> NewStreamDecoder(const ChatRequest& request) const = 0;
  // The error object of an error body; all fields empty when there is none
  // (an HTML error page from a proxy, say).
  virtual ProviderError DecodeError(std::string_view body) const = 0;
};

}  // namespace kf::llm
