// Choosing a model: "--model openai:gpt-4o", "anthropic:claude-sonnet-4-5",
// "openai-compatible:http://127.0.0.1:8080/v1#llama3". API keys come from the
// environment only (never flags, never the config file).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace kf::llm {

enum class Provider { kOpenAi, kAnthropic, kOpenAiCompatible };
// "openai", "anthropic", "openai-compatible".
const char* ProviderName(Provider p);
// The inverse: InvalidArgument `unknown provider "x" (openai, anthropic, openai-compatible)`.
Result<Provider> ProviderFromName(const std::string& name);

struct ModelSpec {
  Provider provider = Provider::kOpenAi;
  std::string model;     // "gpt-4o"
  std::string base_url;  // set for openai-compatible only
  // The spec as written, the canonical form: "openai:gpt-4o".
  std::string ToString() const;
};

// Errors (InvalidArgument):
//   model "gpt-4o": expected PROVIDER:MODEL (openai:gpt-4o, anthropic:claude-sonnet-4-5, openai-compatible:URL#MODEL)
//   model "x:y": unknown provider "x" (openai, anthropic, openai-compatible)
//   model "openai-compatible:http://h/v1": expected openai-compatible:URL#MODEL
//   model "openai-compatible:ftp://h#m": URL must start with http:// or https://
Result<ModelSpec> ParseModelSpec(std::string_view spec);

// Reads one environment variable; nullopt when unset. Tests pass a map.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
// The process environment (getenv).
EnvLookup ProcessEnv();

// Where and how to reach a model. Holds the API key: never log or record an
// Endpoint; Describe() is the safe form.
struct Endpoint {
  Provider provider = Provider::kOpenAi;
  std::string model;
  std::string base_url;  // no trailing slash: "https://api.openai.com/v1"
  std::string api_key;   // empty only for openai-compatible without a key
  std::string key_env;   // "OPENAI_API_KEY", ...

  // "openai:gpt-4o via https://api.openai.com/v1"
  std::string Describe() const;
};

// Resolves base URL and key:
//   openai            OPENAI_BASE_URL or https://api.openai.com/v1; OPENAI_API_KEY required
//   anthropic         ANTHROPIC_BASE_URL or https://api.anthropic.com; ANTHROPIC_API_KEY required
//   openai-compatible the spec's URL; KUBEFLIGHT_LLM_API_KEY optional
// A missing required key is Unauthenticated
// "openai: OPENAI_API_KEY is not set (keys come from the environment only)".
Result<Endpoint> ResolveEndpoint(const ModelSpec& spec, const EnvLookup& env);

}  // namespace kf::llm
