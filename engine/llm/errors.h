// Mapping provider failures onto Status codes, by what the caller should do
// next: Unavailable and DeadlineExceeded are retried (retry.h); the others
// are not.
#pragma once

#include <string>

#include "engine/core/status.h"
#include "engine/llm/codec.h"

namespace kf::llm {

struct ErrorContext {
  std::string provider;  // "openai", "anthropic", "openai-compatible": the message prefix
  std::string model;
  std::string key_env;   // the environment variable the key came from
  std::string url;       // the endpoint URL (never holds a key)
};

// The Status for a non-2xx response:
//   401 → Unauthenticated "openai: 401 Unauthorized: invalid API key (check OPENAI_API_KEY)"
//   403 → PermissionDenied "openai: 403 Forbidden: <error.message>"
//   404 → NotFound "openai: 404 Not Found: model \"x\" not found: <error.message>"
//         (the URL instead of the message when there is none: a wrong base URL)
//   429 → Unavailable "openai: 429 Too Many Requests: <error.message>", except
//         OpenAI's insufficient_quota → ResourceExhausted (retrying won't help)
//   408, 409, 5xx, 529 → Unavailable "anthropic: 529 Overloaded: <error.message>"
//   other 4xx → InvalidArgument "openai: 400 Bad Request: <error.message>"
// The provider's message is omitted for 401 (OpenAI echoes part of the key).
Status HttpErrorStatus(int http_status, const ProviderError& error, const ErrorContext& ctx);

// The Status for an error event inside a 2xx stream, by error.type:
// overloaded_error, api_error, rate_limit_error, server_error and unknown
// types → Unavailable; invalid_request_error → InvalidArgument;
// authentication_error → Unauthenticated; permission_error →
// PermissionDenied; not_found_error → NotFound. Message:
// "<type>: <message>" (no provider prefix; the caller adds it).
Status StreamErrorStatus(const ProviderError& error);

// "Too Many Requests" for 429, "Overloaded" for 529, "" when unknown.
const char* HttpReasonPhrase(int http_status);

// `text` with every occurrence of `secret` replaced by "[REDACTED]"; `text`
// unchanged when `secret` is empty.
std::string Redact(std::string text, const std::string& secret);

}  // namespace kf::llm
