// Runs a scenario with the LLM agent against the loopback fake model server,
// for the LLM agent tests: the real HTTP client (libcurl), the real
// simulator and tools, a policy gate, and a "model" that is a script of
// responses pushed to the server in either protocol, whole or streamed.
#pragma once

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/agent/approval_gate.h"
#include "engine/agent/llm_agent.h"
#include "engine/agent/run_scenario.h"
#include "engine/llm/http_model.h"
#include "tests/testing/fake_llm_server.h"

namespace kf::testing {

enum class Wire { kOpenAi, kAnthropic };

struct ScriptedRunOptions {
  Wire wire = Wire::kOpenAi;
  bool stream = false;
  std::string approve = "1";
  std::string scenario = "payment-service-oom";
  agent::LlmAgentOptions agent;  // provider and model are filled in
  llm::ModelOptions model;       // retries back off on a VirtualClock
  std::string api_key = "sk-test-key-0123";
  const ToolCatalog* tools = nullptr;  // null: ToolCatalog::Default()
};

struct ScriptedRunResult {
  Result<agent::ScenarioRun> run = Internal("not run");
  std::vector<agent::RunEvent> events;
  std::string transcript;  // the TranscriptPrinter's output
  std::string json;        // the JsonLinesPrinter's output
  std::vector<ReceivedRequest> requests;
};

class ScriptedLlm {
 public:
  explicit ScriptedLlm(ScriptedRunOptions options = {});
  bool Start() { return server_.Start(); }
  FakeLlmServer& server() { return server_; }
  const ScriptedRunOptions& options() const { return options_; }

  // Queues one answer calling `tool` (catalog name; sent in wire form) with
  // `args`, in the run's protocol, whole or streamed.
  void Call(const std::string& tool, const Json& args);
  // One answer with raw OpenAI-style argument text (not necessarily JSON).
  void CallRaw(const std::string& tool, const std::string& arguments);
  void Text(const std::string& text);
  void Push(ScriptedResponse r) { server_.Push(std::move(r)); }

  ScriptedRunResult Run();
  // The same run with another model (a ReplayModel, say) and no server.
  ScriptedRunResult RunWith(llm::Model* model);

 private:
  std::string NextId();
  void PushOpenAiCall(const std::string& id, const std::string& tool, const std::string& arguments);

  ScriptedRunOptions options_;
  FakeLlmServer server_;
  int ids_ = 0;
};

// The wire name of a catalog tool ("kubernetes.list_pods" → "kubernetes__list_pods").
std::string WireName(const std::string& tool);

}  // namespace kf::testing
