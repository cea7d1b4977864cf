// `kubeflight run SCENARIO [--approve=1|2|…|recommended|deny] [--seed N]
// [--agent builtin] [--json]`: flags in, agent::RunScenario, exit code out.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "engine/agent/json_printer.h"
#include "engine/agent/run_scenario.h"
#include "engine/agent/transcript_printer.h"
#include "engine/cli/cli.h"
#include "engine/cli/model_agent.h"

namespace kf::cli {
namespace {

struct RunFlags {
  std::string scenario;
  std::string approve;
  std::optional<uint64_t> seed;
  std::string agent = "builtin";
  bool json = false;
  std::string model;  // --model: the LLM agent on this model
};

int ExitCodeFor(agent::RunOutcome outcome) {
  switch (outcome) {
    case agent::RunOutcome::kPassed: return kExitOk;
    case agent::RunOutcome::kNoAction: return kExitOk;
    case agent::RunOutcome::kVerificationFailed: return kExitVerificationFailed;
    case agent::RunOutcome::kStoppedAtGate: return kExitStoppedAtGate;
    case agent::RunOutcome::kDenied: return kExitDenied;
    case agent::RunOutcome::kBudgetExhausted: return kExitError;
    case agent::RunOutcome::kError: return kExitError;
  }
  return kExitError;
}

int Run(const RunFlags& f) {
  std::unique_ptr<agent::ApprovalGate> gate;
  if (!f.approve.empty()) {
    Result<agent::PolicyGate> policy = agent::PolicyGate::Parse(f.approve);
    if (!policy.ok()) {
      std::cerr << "kubeflight run: " << policy.status().message() << "\n";
      return kExitUsage;
    }
    gate = std::make_unique<agent::PolicyGate>(std::move(*policy));
  } else if (isatty(STDIN_FILENO)) {
    // The prompt goes to stderr so --json output stays clean.
    gate = std::make_unique<agent::TerminalGate>(std::cin, f.json ? std::cerr : std::cout);
  } else {
    gate = std::make_unique<agent::NoTerminalGate>();
  }
  std::unique_ptr<agent::RunObserver> printer;
  if (f.json) {
    printer = std::make_unique<agent::JsonLinesPrinter>(std::cout);
  } else {
    printer = std::make_unique<agent::TranscriptPrinter>(std::cout);
  }
  agent::RunRequest request;
  request.scenario_path = ResolveScenarioPath(f.scenario);
  request.seed = f.seed;
  request.agent = f.agent;
  request.gate = gate.get();
  request.observer = printer.get();
  if (!f.model.empty()) {
    Result<AgentFactory> factory = NewModelAgentFactory(f.model, llm::ProcessEnv());
    if (!factory.ok()) {
      std::cerr << "kubeflight run: " << factory.status().message() << "\n";
      return kExitError;
    }
    request.make_agent = std::move(*factory);
  }
  Result<agent::ScenarioRun> run = agent::RunScenario(request);
  if (!run.ok()) {
    std::cerr << "kubeflight run: " << run.status().message() << "\n";
    return kExitError;
  }
  const agent::RunResult& r = run->result;
  if (r.outcome == agent::RunOutcome::kStoppedAtGate && !f.json) {
    std::cerr << "kubeflight run: stopped at the approval gate; nothing was changed by the pending "
                 "proposal. Re-run with --approve=1|2|…|deny to decide.\n";
  }
  return ExitCodeFor(r.outcome);
}

}  // namespace

void RegisterRunCommand(CLI::App& app, Action* action) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* run = app.add_subcommand(
      "run", "Run the Plan → Execute → Verify loop on a scenario (docs/cli.md)");
  run->add_option("scenario", flags->scenario, "Scenario file, or a name from scenarios/")->required();
  run->add_option("--approve", flags->approve,
                  "Decide every approval without asking: 1, 2, … (an option), recommended (= 1), deny");
  run->add_option("--seed", flags->seed, "Override the scenario's seed");
  run->add_option("--agent", flags->agent, "The agent: builtin");
  run->add_flag("--json", flags->json, "Print the run as JSON lines, one event per line");
  run->add_option("--model", flags->model,
                  "Run the LLM agent on a model: openai:MODEL, anthropic:MODEL, openai-compatible:URL#MODEL "
                  "(keys from the environment; docs/llm.md)");
  run->callback([flags, action] { *action = [flags] { return Run(*flags); }; });
}

}  // namespace kf::cli
