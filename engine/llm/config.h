// The model section of kubeflight's config file: default model, prices,
// timeouts and retries. Never holds keys: an "api_key" field is an error.
//
//   llm:
//     default_model: anthropic:claude-sonnet-4-5
//     timeouts: {connect_seconds: 10, total_seconds: 600, idle_seconds: 60}
//     retries: {max_attempts: 4, initial_backoff_ms: 1000, max_backoff_ms: 30000,
//               max_retry_after_seconds: 120}
//     budgets: {max_model_calls: 60, max_total_tokens: 2000000, max_cost_usd: 5}
//     prices:                   # USD per 1M tokens
//       gpt-4o: {input: 2.50, output: 10.00}
//       anthropic:claude-sonnet-4-5: {input: 3.00, output: 15.00}
//
// Other top-level sections belong to other modules and are ignored here.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "engine/core/status.h"
#include "engine/llm/chat.h"
#include "engine/llm/http_transport.h"
#include "engine/llm/model_spec.h"
#include "engine/llm/retry.h"

namespace kf::llm {

struct Price {
  double input_per_mtok = 0;   // USD per 1,000,000 input tokens
  double output_per_mtok = 0;  // USD per 1,000,000 output tokens
};

// Per-run limits of the LLM agent; a run that would exceed one ends cleanly
// as budget_exhausted. Unset fields keep the agent's defaults.
struct ModelBudgets {
  std::optional<int64_t> max_model_calls;
  std::optional<int64_t> max_total_tokens;
  std::optional<double> max_cost_usd;  // 0: no cost budget
};

struct LlmConfig {
  std::string default_model;              // a model spec; empty when not configured
  std::map<std::string, Price> prices;    // by model spec or bare model name
  HttpTimeouts timeouts;
  RetryPolicy retry;
  ModelBudgets budgets;
  std::string source;                     // the file read; empty for built-in defaults
};

// Parses config text. Errors are InvalidArgument "FILE:LINE: FIELD: problem",
// e.g. "config.yaml:4: llm.retries.max_attempts: expected an integer >= 1",
// "config.yaml:3: llm.api_key: API keys come from the environment only
// (OPENAI_API_KEY, ANTHROPIC_API_KEY, KUBEFLIGHT_LLM_API_KEY)", and
// "config.yaml:5: llm.colour: unknown field".
Result<LlmConfig> ParseLlmConfig(const std::string& text, const std::string& filename);

// The config file: $KUBEFLIGHT_CONFIG (must exist), else
// $XDG_CONFIG_HOME/kubeflight/config.yaml, else $HOME/.config/kubeflight/
// config.yaml (either optional: built-in defaults when missing).
Result<LlmConfig> LoadLlmConfig(const EnvLookup& env);

// The model to use: `flag` (--model) when set, else $KUBEFLIGHT_MODEL, else
// the config's default_model. FailedPrecondition "no model selected: pass
// --model PROVIDER:MODEL or set llm.default_model in <config path>" otherwise.
Result<ModelSpec> SelectModel(const std::string& flag, const LlmConfig& config, const EnvLookup& env);

// The price of `spec`: by the full spec ("openai:gpt-4o"), else by the bare
// model name ("gpt-4o"); nullopt when the table has neither.
std::optional<Price> FindPrice(const LlmConfig& config, const ModelSpec& spec);

// Cost in USD of `usage` on `spec`: priced by the full spec
// ("openai:gpt-4o"), else by the bare model name ("gpt-4o"); nullopt when
// the table has neither.
std::optional<double> CostUsd(const LlmConfig& config, const ModelSpec& spec, const Usage& usage);

}  // namespace kf::llm
