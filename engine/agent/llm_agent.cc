#include "engine/agent/llm_agent.h"

#include "engine/agent/llm_prompt.h"
#include "engine/agent/llm_tools.h"
#include "engine/core/strings.h"
#include "engine/llm/http_model.h"

namespace kf::agent {

LlmAgent::LlmAgent(llm::Model* model, const ToolCatalog* tools, Clock* clock, LlmAgentOptions options)
    : model_(model),
      tools_(tools),
      clock_(clock),
      options_(std::move(options)),
      system_(llm_prompt::SystemPrompt(*tools)) {
  if (!options_.extra_instructions.empty()) system_ += "\nOperator instructions:\n" + options_.extra_instructions + "\n";
}

std::string LlmAgent::name() const { return "llm:" + options_.provider + ":" + options_.model; }

Status LlmAgent::CheckBudgets() const {
  if (calls_ >= options_.max_model_calls) {
    return ResourceExhausted(StrFormat("model call budget exhausted: %d calls", options_.max_model_calls));
  }
  const int64_t tokens = input_tokens_ + output_tokens_;
  if (tokens >= options_.max_total_tokens) {
    return ResourceExhausted(StrFormat("token budget exhausted: %lld tokens used, budget %lld",
                                       static_cast<long long>(tokens),
                                       static_cast<long long>(options_.max_total_tokens)));
  }
  if (options_.max_cost_usd > 0 && cost_usd_ >= options_.max_cost_usd) {
    return ResourceExhausted(
        StrFormat("cost budget exhausted: $%.4f spent, budget $%.4f", cost_usd_, options_.max_cost_usd));
  }
  return Status::Ok();
}

void LlmAgent::Answer(const std::string& call_id, std::string text, bool is_error) {
  messages_.push_back(llm::Message::ToolResult(call_id, std::move(text), is_error));
}

std::optional<std::string> LlmAgent::RepeatedCall(const ToolCall& call, const AgentContext& ctx,
                                                  const Transcript& t) const {
  (void)ctx;
  for (auto it = t.rbegin(); it != t.rend(); ++it) {
    if (it->by_engine) return std::nullopt;  // a change ran since: results may differ
    if (it->kind == Step::Kind::kToolCall && it->call == call) {
      return StrFormat(
          "refused: %s was already called with these arguments at step %d, and no change has run since; "
          "its result is above. Vary the arguments to narrow or widen the query, or move on.",
          call.name.c_str(), it->number);
    }
  }
  return std::nullopt;
}

std::optional<AgentAction> LlmAgent::Take(const Pending& p, const AgentContext& ctx, const Transcript& t) {
  if (p.phase != ctx.phase || p.iteration != ctx.iteration) {
    Answer(p.call.id,
           std::string("not run: the loop moved to ") + PhaseName(ctx.phase) +
               " before this call; call it again if it is still needed.",
           true);
    return std::nullopt;
  }
  Result<AgentAction> action = llm_tools::ReadAction(p.call, *tools_);
  if (!action.ok()) {
    last_problem_ = action.status().message();
    Answer(p.call.id, "error: " + action.status().message(), true);
    return std::nullopt;
  }
  if (action->kind == AgentAction::Kind::kToolCall) {
    if (std::optional<std::string> repeated = RepeatedCall(action->call, ctx, t)) {
      last_problem_ = *repeated;
      Answer(p.call.id, *repeated, true);
      return std::nullopt;
    }
  }
  return std::move(*action);
}

void LlmAgent::EmitFailedExchange(const llm::ChatRequest& req, const Status& error, DurationMs latency,
                                  const AgentContext& ctx) const {
  if (!ctx.emit) return;
  ModelExchanged ev;
  ev.provider = options_.provider;
  ev.model = options_.model;
  if (Result<llm::Provider> p = llm::ProviderFromName(options_.provider); p.ok()) {
    ev.request = llm::NewWireCodec(*p)->EncodeRequest(req);  // the body sent (keys travel in headers)
  }
  ev.latency_ms = latency;
  ev.error = error;
  ctx.emit(ev);
}

Status LlmAgent::AskModel(const AgentContext& ctx) {
  llm::ChatRequest req;
  req.model = options_.model;
  req.system = system_;
  req.messages = messages_;
  req.tools = llm_tools::OfferedTools(*tools_, ctx.phase);
  req.max_tokens = options_.max_output_tokens;
  req.temperature = options_.temperature;
  req.stream = options_.stream;
  const UnixMillis start = clock_->Now();
  Result<llm::ChatResponse> resp = model_->Chat(req, options_.stream ? options_.sink : nullptr);
  if (!resp.ok()) {
    EmitFailedExchange(req, resp.status(), clock_->Now() - start, ctx);
    return resp.status();
  }
  ++calls_;
  ModelExchanged ev;
  ev.provider = options_.provider;
  ev.model = options_.model;
  ev.request = resp->raw_request;
  ev.response = resp->raw_response;
  ev.input_tokens = resp->usage.input_tokens;
  ev.output_tokens = resp->usage.output_tokens;
  if (options_.price) {
    ev.priced = true;
    ev.cost_usd = (static_cast<double>(ev.input_tokens) * options_.price->input_per_mtok +
                   static_cast<double>(ev.output_tokens) * options_.price->output_per_mtok) /
                  1e6;
  }
  ev.latency_ms = clock_->Now() - start;
  ev.attempts = resp->attempts;
  input_tokens_ += ev.input_tokens;
  output_tokens_ += ev.output_tokens;
  cost_usd_ += ev.cost_usd;
  if (ctx.emit) ctx.emit(ev);

  const bool empty = resp->text.empty() && resp->tool_calls.empty();
  if (!empty) messages_.push_back(llm::Message::Assistant(resp->text, resp->tool_calls));
  if (resp->tool_calls.empty()) {
    last_problem_ = empty ? "an empty answer" : "an answer without a tool call";
    messages_.push_back(llm::Message::User(llm_prompt::NoToolCallNote(ctx.phase, empty)));
    return Status::Ok();
  }
  for (const llm::ToolCall& c : resp->tool_calls) pending_.push_back({c, ctx.phase, ctx.iteration});
  return Status::Ok();
}

Result<AgentAction> LlmAgent::Next(const AgentContext& ctx, const Transcript& t) {
  if (messages_.empty()) {
    // A run it starts, or one it takes over (a what-if) with steps to read.
    messages_.push_back(llm::Message::User(t.empty() ? llm_prompt::OpeningMessage(ctx)
                                                     : llm_prompt::HandoffMessage(ctx, t, options_.max_tool_output_bytes)));
  }
  if (awaiting_) {
    bool is_error = false;
    std::string text = llm_prompt::RenderSteps(t, awaiting_->from, options_.max_tool_output_bytes, &is_error);
    if (ctx.phase != awaiting_->phase || ctx.iteration != awaiting_->iteration) {
      text += "\n" + llm_prompt::PhaseNote(ctx, t);
    }
    Answer(awaiting_->call_id, std::move(text), is_error);
    awaiting_.reset();
  }
  for (;;) {
    while (!pending_.empty()) {
      Pending p = std::move(pending_.front());
      pending_.pop_front();
      if (std::optional<AgentAction> action = Take(p, ctx, t)) {
        awaiting_ = Awaiting{p.call.id, ctx.phase, ctx.iteration, t.size()};
        forwarded_this_turn_ = true;
        return std::move(*action);
      }
    }
    if (forwarded_this_turn_) {
      bad_turns_ = 0;
    } else if (++bad_turns_ > options_.max_corrections) {
      return FailedPrecondition(StrFormat("the model gave %d answers in a row that the engine could not use; "
                                          "the last: %s",
                                          bad_turns_, last_problem_.c_str()));
    }
    forwarded_this_turn_ = false;
    KF_RETURN_IF_ERROR(CheckBudgets());
    KF_RETURN_IF_ERROR(AskModel(ctx));
  }
}

}  // namespace kf::agent
