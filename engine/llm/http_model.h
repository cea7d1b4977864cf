// The HTTP model clients: one Model over a WireCodec, an HttpTransport, a
// Clock and a retry policy.
#pragma once

#include <cstdint>
#include <memory>

#include "engine/core/clock.h"
#include "engine/llm/chat.h"
#include "engine/llm/codec.h"
#include "engine/llm/http_transport.h"
#include "engine/llm/model_spec.h"
#include "engine/llm/retry.h"

namespace kf::llm {

struct ModelOptions {
  HttpTimeouts timeouts;
  RetryPolicy retry;
  uint64_t seed = 1;  // seeds the backoff jitter
};

// A client for `endpoint` (OpenAI-style for openai and openai-compatible,
// Messages for anthropic). `transport` and `clock` are not owned and must
// outlive the model. Chat:
//   - fills request.model from the endpoint when empty;
//   - sends the key as "Authorization: Bearer" (OpenAI-style, omitted when
//     empty) or "x-api-key" with "anthropic-version: 2023-06-01";
//   - retries IsRetryable errors up to retry.max_attempts, sleeping on
//     `clock` for the Retry-After the server asked for, else the backoff;
//     the StreamSink hears OnRetry before each sleep;
//   - returns errors prefixed with the provider ("openai: 401 Unauthorized:
//     invalid API key (check OPENAI_API_KEY)"; see errors.h), adding
//     " (gave up after N attempts)" when retries ran out;
//   - fills raw_request/raw_response with the key redacted, latency_ms from
//     `clock` and attempts.
std::unique_ptr<Model> NewHttpModel(const Endpoint& endpoint, const ModelOptions& options,
                                    HttpTransport* transport, Clock* clock);

// The codec a provider speaks: Messages for anthropic; Chat Completions for
// openai (with max_completion_tokens) and openai-compatible (max_tokens).
std::unique_ptr<WireCodec> NewWireCodec(Provider provider);

// The URL Chat posts to: {base}/chat/completions or {base}/v1/messages. A
// query string in the base URL (Azure's "?api-version=...") is kept after
// the path.
std::string ChatUrl(const Endpoint& endpoint);

}  // namespace kf::llm
