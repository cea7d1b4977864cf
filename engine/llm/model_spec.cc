#include "engine/llm/model_spec.h"

#include <cstdlib>

#include "engine/core/strings.h"

namespace kf::llm {

const char* ProviderName(Provider p) {
  switch (p) {
    case Provider::kOpenAi: return "openai";
    case Provider::kAnthropic: return "anthropic";
    case Provider::kOpenAiCompatible: return "openai-compatible";
  }
  return "openai";
}

Result<Provider> ProviderFromName(const std::string& name) {
  for (Provider p : {Provider::kOpenAi, Provider::kAnthropic, Provider::kOpenAiCompatible}) {
    if (name == ProviderName(p)) return p;
  }
  return InvalidArgument("unknown provider \"" + name + "\" (openai, anthropic, openai-compatible)");
}

std::string ModelSpec::ToString() const {
  std::string out = ProviderName(provider);
  out += ':';
  if (provider == Provider::kOpenAiCompatible) {
    out += base_url;
    out += '#';
  }
  out += model;
  return out;
}

std::string Endpoint::Describe() const {
  std::string out = ProviderName(provider);
  out += ':';
  out += model;
  out += " via ";
  out += base_url;
  return out;
}

namespace {

std::string StripTrailingSlashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Result<ModelSpec> ParseModelSpec(std::string_view text) {
  std::string spec = Trim(text);
  std::string quoted = "model \"" + spec + "\": ";
  size_t colon = spec.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) {
    return InvalidArgument(quoted +
                           "expected PROVIDER:MODEL (openai:gpt-4o, anthropic:claude-sonnet-4-5, "
                           "openai-compatible:URL#MODEL)");
  }
  std::string provider = spec.substr(0, colon);
  std::string rest = spec.substr(colon + 1);
  ModelSpec out;
  if (provider == "openai") {
    out.provider = Provider::kOpenAi;
    out.model = rest;
  } else if (provider == "anthropic") {
    out.provider = Provider::kAnthropic;
    out.model = rest;
  } else if (provider == "openai-compatible") {
    out.provider = Provider::kOpenAiCompatible;
    size_t hash = rest.rfind('#');
    if (hash == std::string::npos || hash == 0 || hash + 1 == rest.size()) {
      return InvalidArgument(quoted + "expected openai-compatible:URL#MODEL");
    }
    out.base_url = StripTrailingSlashes(rest.substr(0, hash));
    out.model = rest.substr(hash + 1);
    if (!StartsWith(out.base_url, "http://") && !StartsWith(out.base_url, "https://")) {
      return InvalidArgument(quoted + "URL must start with http:// or https://");
    }
  } else {
    return InvalidArgument(quoted + "unknown provider \"" + provider +
                           "\" (openai, anthropic, openai-compatible)");
  }
  return out;
}

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<Endpoint> ResolveEndpoint(const ModelSpec& spec, const EnvLookup& env) {
  Endpoint ep;
  ep.provider = spec.provider;
  ep.model = spec.model;
  std::string base_env;
  std::string default_base;
  bool key_required = true;
  switch (spec.provider) {
    case Provider::kOpenAi:
      ep.key_env = "OPENAI_API_KEY";
      base_env = "OPENAI_BASE_URL";
      default_base = "https://api.openai.com/v1";
      break;
    case Provider::kAnthropic:
      ep.key_env = "ANTHROPIC_API_KEY";
      base_env = "ANTHROPIC_BASE_URL";
      default_base = "https://api.anthropic.com";
      break;
    case Provider::kOpenAiCompatible:
      ep.key_env = "KUBEFLIGHT_LLM_API_KEY";
      default_base = spec.base_url;
      key_required = false;
      break;
  }
  std::optional<std::string> base = base_env.empty() ? std::nullopt : env(base_env);
  ep.base_url = StripTrailingSlashes(base && !base->empty() ? Trim(*base) : default_base);
  std::optional<std::string> key = env(ep.key_env);
  if (key) ep.api_key = Trim(*key);
  if (key_required && ep.api_key.empty()) {
    return Unauthenticated(std::string(ProviderName(spec.provider)) + ": " + ep.key_env +
                           " is not set (keys come from the environment only)");
  }
  return ep;
}

}  // namespace kf::llm
