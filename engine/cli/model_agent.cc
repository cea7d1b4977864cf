#include "engine/cli/model_agent.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string_view>

#include "engine/agent/llm_agent.h"
#include "engine/llm/config.h"
#include "engine/llm/http_model.h"
#include "engine/tools/tool.h"

namespace kf::cli {

namespace {

// Prints streamed answer text to stderr as it arrives, one "[model]" line
// per answer; tool calls as they start.
class StderrStreamSink final : public llm::StreamSink {
 public:
  void OnText(std::string_view delta) override {
    if (!open_) std::cerr << "[model] ";
    open_ = true;
    std::cerr << delta << std::flush;
    if (!delta.empty() && delta.back() == '\n') open_ = false;
  }
  void OnToolCallStart(const std::string& /*id*/, const std::string& name) override {
    EndLine();
    std::cerr << "[model] calls " << name << std::endl;
  }
  void OnRetry(const Status& why, DurationMs delay_ms) override {
    EndLine();
    std::cerr << "[model] retrying in " << delay_ms << " ms: " << why.message() << std::endl;
  }

 private:
  void EndLine() {
    if (open_) std::cerr << "\n";
    open_ = false;
  }
  bool open_ = false;
};

// What the agents of one factory share.
struct ModelClient {
  std::unique_ptr<llm::HttpTransport> transport;
  WallClock wall;  // live retries wait for real; events use the run's clock
  std::unique_ptr<llm::Model> model;
  agent::LlmAgentOptions options;
  StderrStreamSink sink;
};

// An agent that keeps its factory (and the model client the factory owns)
// alive as long as the agent.
class OwningAgent final : public agent::Agent {
 public:
  OwningAgent(AgentFactory factory, std::unique_ptr<agent::Agent> inner)
      : factory_(std::move(factory)), inner_(std::move(inner)) {}
  std::string name() const override { return inner_->name(); }
  Result<agent::AgentAction> Next(const agent::AgentContext& c, const agent::Transcript& t) override {
    return inner_->Next(c, t);
  }

 private:
  AgentFactory factory_;
  std::unique_ptr<agent::Agent> inner_;
};

}  // namespace

void AddModelBudgetFlags(CLI::App* command, llm::ModelBudgets* budgets) {
  command->add_option("--max-model-calls", budgets->max_model_calls,
                      "With --model: end the run (budget_exhausted) before a model call beyond N (default 60)")
      ->check(CLI::PositiveNumber);
  command->add_option("--max-tokens", budgets->max_total_tokens,
                      "With --model: end the run before the run's tokens exceed N (default 2000000)")
      ->check(CLI::PositiveNumber);
  command->add_option("--max-cost", budgets->max_cost_usd,
                      "With --model: end the run before its cost exceeds USD (priced models; default none)")
      ->check(CLI::NonNegativeNumber);
}

Result<AgentFactory> NewModelAgentFactory(const std::string& spec_text, const llm::EnvLookup& env,
                                          bool stream, const llm::ModelBudgets& budgets) {
  KF_ASSIGN_OR_RETURN(llm::LlmConfig config, llm::LoadLlmConfig(env));
  KF_ASSIGN_OR_RETURN(llm::ModelSpec spec, llm::SelectModel(spec_text, config, env));
  KF_ASSIGN_OR_RETURN(llm::Endpoint endpoint, llm::ResolveEndpoint(spec, env));
  auto client = std::make_shared<ModelClient>();
  client->transport = llm::NewCurlTransport();
  llm::ModelOptions model_options;
  model_options.timeouts = config.timeouts;
  model_options.retry = config.retry;
  client->model = llm::NewHttpModel(endpoint, model_options, client->transport.get(), &client->wall);
  client->options.provider = llm::ProviderName(spec.provider);
  client->options.model = spec.model;
  client->options.price = llm::FindPrice(config, spec);
  // The flags win over the config file, which wins over the agent's defaults.
  for (const llm::ModelBudgets* b : {static_cast<const llm::ModelBudgets*>(&config.budgets), &budgets}) {
    if (b->max_model_calls) client->options.max_model_calls = static_cast<int>(*b->max_model_calls);
    if (b->max_total_tokens) client->options.max_total_tokens = *b->max_total_tokens;
    if (b->max_cost_usd) client->options.max_cost_usd = *b->max_cost_usd;
  }
  if (stream) {
    client->options.stream = true;
    client->options.sink = &client->sink;
  }
  return AgentFactory([client](Clock& run_clock) -> Result<std::unique_ptr<agent::Agent>> {
    return std::unique_ptr<agent::Agent>(std::make_unique<agent::LlmAgent>(
        client->model.get(), &ToolCatalog::Default(), &run_clock, client->options));
  });
}

Result<std::unique_ptr<agent::Agent>> NewSelfContainedModelAgent(const std::string& spec, Clock& clock,
                                                                 const llm::ModelBudgets& budgets) {
  KF_ASSIGN_OR_RETURN(AgentFactory factory, NewModelAgentFactory(spec, llm::ProcessEnv(), false, budgets));
  KF_ASSIGN_OR_RETURN(std::unique_ptr<agent::Agent> inner, factory(clock));
  return std::unique_ptr<agent::Agent>(std::make_unique<OwningAgent>(std::move(factory), std::move(inner)));
}

}  // namespace kf::cli
