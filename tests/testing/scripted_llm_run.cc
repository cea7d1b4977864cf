#include "tests/testing/scripted_llm_run.h"

#include "engine/agent/json_printer.h"
#include "engine/agent/transcript_printer.h"
#include "engine/llm/tool_names.h"
#include "tests/testing/test_util.h"

namespace kf::testing {

std::string WireName(const std::string& tool) { return llm::ToWireToolName(tool); }

ScriptedLlm::ScriptedLlm(ScriptedRunOptions options) : options_(std::move(options)) {
  options_.agent.provider = options_.wire == Wire::kAnthropic ? "anthropic" : "openai-compatible";
  options_.agent.model = "fake-model";
  options_.agent.stream = options_.stream;
}

std::string ScriptedLlm::NextId() {
  ++ids_;
  return (options_.wire == Wire::kAnthropic ? "toolu_" : "call_") + std::to_string(ids_);
}

void ScriptedLlm::Call(const std::string& tool, const Json& args) {
  const std::string id = NextId();
  const std::string text = args.dump();
  if (options_.wire == Wire::kAnthropic) {
    if (options_.stream) {
      size_t half = text.size() / 2;
      server_.Push(FakeLlmServer::AnthropicStreamToolUse(id, WireName(tool), {text.substr(0, half), text.substr(half)}));
    } else {
      server_.Push(FakeLlmServer::AnthropicToolUse(id, WireName(tool), args));
    }
    return;
  }
  PushOpenAiCall(id, tool, text);
}

void ScriptedLlm::CallRaw(const std::string& tool, const std::string& arguments) {
  PushOpenAiCall(NextId(), tool, arguments);
}

void ScriptedLlm::PushOpenAiCall(const std::string& id, const std::string& tool, const std::string& arguments) {
  if (options_.stream) {
    size_t half = arguments.size() / 2;
    server_.Push(FakeLlmServer::OpenAiStreamToolCall(id, WireName(tool), {arguments.substr(0, half), arguments.substr(half)}));
  } else {
    server_.Push(FakeLlmServer::OpenAiToolCalls({{id, WireName(tool), arguments}}));
  }
}

void ScriptedLlm::Text(const std::string& text) {
  if (options_.wire == Wire::kAnthropic) {
    server_.Push(options_.stream ? FakeLlmServer::AnthropicStream({text}) : FakeLlmServer::AnthropicText(text));
  } else {
    server_.Push(options_.stream ? FakeLlmServer::OpenAiStream({text}) : FakeLlmServer::OpenAiText(text));
  }
}

ScriptedRunResult ScriptedLlm::Run() {
  llm::Endpoint ep;
  ep.model = options_.agent.model;
  ep.api_key = options_.api_key;
  if (options_.wire == Wire::kAnthropic) {
    ep.provider = llm::Provider::kAnthropic;
    ep.base_url = server_.BaseUrl();
    ep.key_env = "ANTHROPIC_API_KEY";
  } else {
    ep.provider = llm::Provider::kOpenAiCompatible;
    ep.base_url = server_.BaseUrl() + "/v1";
    ep.key_env = "KUBEFLIGHT_LLM_API_KEY";
  }
  std::unique_ptr<llm::HttpTransport> transport = llm::NewCurlTransport();
  VirtualClock backoff_clock{1'700'000'000'000};
  std::unique_ptr<llm::Model> model = llm::NewHttpModel(ep, options_.model, transport.get(), &backoff_clock);
  ScriptedRunResult out = RunWith(model.get());
  out.requests = server_.Requests();
  return out;
}

ScriptedRunResult ScriptedLlm::RunWith(llm::Model* model) {
  ScriptedRunResult out;
  Result<agent::PolicyGate> gate = agent::PolicyGate::Parse(options_.approve);
  if (!gate.ok()) {
    out.run = gate.status();
    return out;
  }
  std::ostringstream text, lines;
  agent::TranscriptPrinter tp(text);
  agent::JsonLinesPrinter jp(lines);
  agent::CollectingObserver collect;
  agent::MultiObserver all;
  all.Add(&tp);
  all.Add(&jp);
  all.Add(&collect);
  agent::RunRequest req;
  req.scenario_path = SourceDir() + "/scenarios/" + options_.scenario + ".yaml";
  req.gate = &*gate;
  req.observer = &all;
  const agent::LlmAgentOptions agent_options = options_.agent;
  const ToolCatalog* tools = options_.tools != nullptr ? options_.tools : &ToolCatalog::Default();
  req.make_agent = [model, tools, agent_options](Clock& run_clock) -> Result<std::unique_ptr<agent::Agent>> {
    return std::unique_ptr<agent::Agent>(std::make_unique<agent::LlmAgent>(model, tools, &run_clock, agent_options));
  };
  out.run = agent::RunScenario(req);
  out.events = collect.events();
  out.transcript = text.str();
  out.json = lines.str();
  return out;
}

}  // namespace kf::testing
