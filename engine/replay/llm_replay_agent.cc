#include "engine/replay/llm_replay_agent.h"

#include <string>
#include <utility>

#include "engine/agent/llm_agent.h"
#include "engine/core/clock.h"
#include "engine/llm/config.h"
#include "engine/llm/model_spec.h"
#include "engine/llm/replay_model.h"
#include "engine/tools/tool.h"

namespace kf::replay {
namespace {

constexpr std::string_view kLlmPrefix = "llm:";

// Owns what the LlmAgent borrows: the replayed model and a clock for the
// exchanges' latency (a volatile field, not compared).
class OwningLlmAgent final : public agent::Agent {
 public:
  OwningLlmAgent(std::unique_ptr<llm::ReplayModel> model, agent::LlmAgentOptions options)
      : model_(std::move(model)), agent_(model_.get(), &ToolCatalog::Default(), &clock_, std::move(options)) {}
  std::string name() const override { return agent_.name(); }
  Result<agent::AgentAction> Next(const agent::AgentContext& context,
                                  const agent::Transcript& transcript) override {
    return agent_.Next(context, transcript);
  }

 private:
  std::unique_ptr<llm::ReplayModel> model_;
  VirtualClock clock_{0};
  agent::LlmAgent agent_;
};

// "llm:openai-compatible:llama3.1:8b" → provider and model.
Status SplitAgentName(const std::string& name, std::string* provider, std::string* model) {
  std::string rest = name.substr(kLlmPrefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string::npos) return InvalidArgument("agent name \"" + name + "\" has no model");
  *provider = rest.substr(0, colon);
  *model = rest.substr(colon + 1);
  return Status::Ok();
}

// Whether the first recorded request streamed ({"stream": true} in both wires).
bool FirstRequestStreamed(const std::vector<recorder::StoredEvent>& events) {
  for (const recorder::StoredEvent& e : events) {
    if (e.type != "model_exchange") continue;
    Json body = Json::parse(e.payload.value("request", std::string()), nullptr, false);
    return body.is_object() && body.value("stream", false);
  }
  return false;
}

}  // namespace

bool IsLlmRun(const recorder::RunRecord& run) { return run.info.agent.rfind(kLlmPrefix, 0) == 0; }

Result<std::unique_ptr<agent::Agent>> MakeLlmReplayAgent(const recorder::RunRecord& run,
                                                         const std::vector<recorder::StoredEvent>& events) {
  agent::LlmAgentOptions options;
  KF_RETURN_IF_ERROR(SplitAgentName(run.info.agent, &options.provider, &options.model));
  if (!run.info.model.empty()) {
    Result<llm::ModelSpec> spec = llm::ParseModelSpec(run.info.model);
    Result<llm::LlmConfig> config = llm::LoadLlmConfig(llm::ProcessEnv());
    if (spec.ok() && config.ok()) options.price = llm::FindPrice(*config, *spec);
  }
  options.stream = FirstRequestStreamed(events);
  std::vector<Json> payloads;
  payloads.reserve(events.size());
  for (const recorder::StoredEvent& e : events) payloads.push_back(e.payload);
  Result<std::unique_ptr<llm::ReplayModel>> model = llm::ReplayModel::FromEvents(payloads);
  if (!model.ok()) return model.status().WithPrefix("cannot replay run " + run.info.id);
  return std::unique_ptr<agent::Agent>(new OwningLlmAgent(std::move(*model), std::move(options)));
}

}  // namespace kf::replay
