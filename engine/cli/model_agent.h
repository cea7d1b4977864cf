// `run --model SPEC`: the LLM agent over a live model client. The model
// spec, key and base URL resolve from the flag, the environment and the
// config file (engine/llm/config.h); keys come from the environment only and
// never reach a log or a recording (requests and errors are redacted).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/agent/agent.h"
#include "engine/core/clock.h"
#include "engine/core/status.h"
#include "engine/llm/config.h"
#include "engine/llm/model_spec.h"

namespace CLI {
class App;
}

namespace kf::cli {

// Makes one LLM agent per run on the run's clock. Owns the HTTP transport,
// the wall clock the client's retries sleep on, and the model client; the
// factory must outlive the agents it makes.
using AgentFactory = std::function<Result<std::unique_ptr<agent::Agent>>(Clock& run_clock)>;

// Errors stop `run` before it starts: a bad spec ("model \"x\": expected
// PROVIDER:MODEL ..."), a missing key ("openai: OPENAI_API_KEY is not set
// (keys come from the environment only)"), or a bad config file.
// With `stream` the model answers by SSE and each piece of answer text is
// printed to stderr as it arrives ("[model] ..."), so a person watches the
// answer form; the recorded exchange is the same but for its "stream" field.
// `budgets` (the --max-model-calls, --max-tokens and --max-cost flags) win
// over the config file's llm.budgets, which win over the agent's defaults.
Result<AgentFactory> NewModelAgentFactory(const std::string& spec, const llm::EnvLookup& env,
                                          bool stream = false, const llm::ModelBudgets& budgets = {});

// One LLM agent on `clock` that owns its factory (HTTP transport, model
// client): for callers that make agents one at a time — each eval run gets
// its own, so runs on different threads never share a transport; a
// what-if's agent after step N. Errors as NewModelAgentFactory.
Result<std::unique_ptr<agent::Agent>> NewSelfContainedModelAgent(const std::string& spec, Clock& clock,
                                                                 const llm::ModelBudgets& budgets = {});

// Adds --max-model-calls, --max-tokens and --max-cost to a command.
void AddModelBudgetFlags(CLI::App* command, llm::ModelBudgets* budgets);

}  // namespace kf::cli
