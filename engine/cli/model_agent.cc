#include "engine/cli/model_agent.h"

#include "engine/agent/llm_agent.h"
#include "engine/llm/config.h"
#include "engine/llm/http_model.h"
#include "engine/tools/tool.h"

namespace kf::cli {

namespace {

// What the agents of one factory share.
struct ModelClient {
  std::unique_ptr<llm::HttpTransport> transport;
  WallClock wall;  // live retries wait for real; events use the run's clock
  std::unique_ptr<llm::Model> model;
  agent::LlmAgentOptions options;
};

}  // namespace

Result<AgentFactory> NewModelAgentFactory(const std::string& spec_text, const llm::EnvLookup& env) {
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
  return AgentFactory([client](Clock& run_clock) -> Result<std::unique_ptr<agent::Agent>> {
    return std::unique_ptr<agent::Agent>(std::make_unique<agent::LlmAgent>(
        client->model.get(), &ToolCatalog::Default(), &run_clock, client->options));
  });
}

}  // namespace kf::cli
