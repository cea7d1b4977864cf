#include "engine/cli/model_agent.h"

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

}  // namespace

Result<AgentFactory> NewModelAgentFactory(const std::string& spec_text, const llm::EnvLookup& env,
                                          bool stream) {
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
  if (stream) {
    client->options.stream = true;
    client->options.sink = &client->sink;
  }
  return AgentFactory([client](Clock& run_clock) -> Result<std::unique_ptr<agent::Agent>> {
    return std::unique_ptr<agent::Agent>(std::make_unique<agent::LlmAgent>(
        client->model.get(), &ToolCatalog::Default(), &run_clock, client->options));
  });
}

}  // namespace kf::cli
