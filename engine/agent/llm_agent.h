// The LLM agent: an Agent over a kf::llm::Model. It keeps the conversation
// with the model and turns the model's tool calls into loop actions, one per
// Next(); what the loop did with an action (the new transcript steps) goes
// back to the model as that call's tool result. The loop enforces the phase
// rules (loop.h); this agent offers the model only what the phase allows
// (llm_tools.h) and explains the loop in the system prompt (llm_prompt.h).
//
// Robustness: invalid JSON arguments, unknown tools, schema violations and
// answers without a tool call go back to the model as errors, without
// reaching the loop; after max_corrections model answers in a row that gave
// the loop nothing, the run ends with an error. A call repeated with the same
// arguments, with no change executed in between, is refused with a note.
// Tool output is cut to max_tool_output_bytes with a note on narrowing.
//
// Budgets: model calls, tokens (input + output) and cost; running out ends
// the run as kBudgetExhausted (Next returns ResourceExhausted).
//
// Every exchange is told to the run as a ModelExchanged event (through
// AgentContext::emit), with its usage, cost (options.price) and latency on
// `clock` (the run's clock: virtual in simulation, so events stay
// deterministic). Model errors end the run (kError) with the model's message.
//
// Not thread-safe. One agent per run: it keeps the conversation.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/llm/chat.h"
#include "engine/llm/config.h"
#include "engine/tools/tool.h"

namespace kf::agent {

struct LlmAgentOptions {
  std::string provider;  // for events: "openai", "anthropic", "openai-compatible"
  std::string model;     // the provider's model id; also sent as ChatRequest::model
  std::optional<llm::Price> price;  // nullopt: cost unknown (events say priced=false)
  bool stream = false;
  llm::StreamSink* sink = nullptr;  // hears streamed text when stream; may be null
  int max_output_tokens = 4096;     // per answer
  double temperature = 0;           // < 0: the provider's default
  int max_model_calls = 60;
  int64_t max_total_tokens = 2'000'000;
  double max_cost_usd = 0;          // 0: no cost budget
  int max_corrections = 3;
  size_t max_tool_output_bytes = 8000;
  // Appended to the system prompt (site conventions, say); part of every
  // request, so changing it makes a replay diverge at the first exchange.
  std::string extra_instructions;
};

class LlmAgent final : public Agent {
 public:
  // `model`, `tools` and `clock` are not owned and must outlive the agent.
  LlmAgent(llm::Model* model, const ToolCatalog* tools, Clock* clock, LlmAgentOptions options);

  std::string name() const override;  // "llm:<provider>:<model>"
  Result<AgentAction> Next(const AgentContext& context, const Transcript& transcript) override;

  // Totals so far.
  int model_calls() const { return calls_; }
  int64_t input_tokens() const { return input_tokens_; }
  int64_t output_tokens() const { return output_tokens_; }
  double cost_usd() const { return cost_usd_; }

 private:
  // A model tool call not yet answered, stamped with where the loop was
  // when the model asked for it.
  struct Pending {
    llm::ToolCall call;
    Phase phase;
    int iteration;
  };
  // The action handed to the loop, whose steps start at `from`.
  struct Awaiting {
    std::string call_id;
    Phase phase;
    int iteration;
    size_t from;
  };

  Status CheckBudgets() const;
  Status AskModel(const AgentContext& context);
  // Records a failed exchange (request sent, the client's error) so a replay
  // ends the same way.
  void EmitFailedExchange(const llm::ChatRequest& request, const Status& error, DurationMs latency,
                          const AgentContext& context) const;
  // The action for `p`, or a tool error (already answered to the model).
  std::optional<AgentAction> Take(const Pending& p, const AgentContext& context, const Transcript& t);
  void Answer(const std::string& call_id, std::string text, bool is_error);
  std::optional<std::string> RepeatedCall(const ToolCall& call, const AgentContext& ctx, const Transcript& t) const;

  llm::Model* model_;
  const ToolCatalog* tools_;
  Clock* clock_;
  LlmAgentOptions options_;
  std::string system_;

  std::vector<llm::Message> messages_;
  std::deque<Pending> pending_;
  std::optional<Awaiting> awaiting_;
  bool forwarded_this_turn_ = true;
  int bad_turns_ = 0;
  std::string last_problem_;

  int calls_ = 0;
  int64_t input_tokens_ = 0;
  int64_t output_tokens_ = 0;
  double cost_usd_ = 0;
};

}  // namespace kf::agent
