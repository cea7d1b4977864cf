// `kubeflight run SCENARIO [--approve=1|2|…|recommended|deny] [--seed N]
// [--agent builtin] [--json] [--db FILE | --no-record]`: flags in,
// agent::RunScenario recorded through agent::RecordingObserver, exit code out.
#include <signal.h>

#include <cstdlib>

#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "engine/agent/json_printer.h"
#include "engine/agent/recording_observer.h"
#include "engine/agent/run_scenario.h"
#include "engine/agent/transcript_printer.h"
#include "engine/cli/cli.h"
#include "engine/cli/run_support.h"
#include "engine/replay/scenario_source.h"
#include "recorder/db_path.h"
#include "engine/cli/model_agent.h"

namespace kf::cli {
namespace {

struct RunFlags {
  std::string scenario;
  std::string approve;
  std::optional<uint64_t> seed;
  std::string agent = "builtin";
  bool json = false;
  std::string db;
  bool no_record = false;
  std::string model;    // --model: the LLM agent on this model
  bool stream = false;  // --stream: print the model's answer as it arrives
  llm::ModelBudgets model_budgets;  // --max-model-calls, --max-tokens, --max-cost
  int max_steps = 0;                // --max-steps: the loop's step budget (0: its default)
};

// Fault injection for the crash-safety test (tests/replay_crash_test.cc):
// with KUBEFLIGHT_FAULT_KILL_AFTER_EVENT=N the process SIGKILLs itself right
// after event N has been handed to the recorder. Unset: does nothing.
class FaultKillObserver final : public agent::RunObserver {
 public:
  explicit FaultKillObserver(int after) : after_(after) {}
  void OnEvent(const agent::RunEvent& event) override {
    if (after_ > 0 && event.seq >= after_) raise(SIGKILL);
  }

 private:
  int after_;
};

int FaultKillPoint() {
  const char* v = std::getenv("KUBEFLIGHT_FAULT_KILL_AFTER_EVENT");
  return v ? std::atoi(v) : 0;
}

int Run(const RunFlags& f) {
  Result<std::unique_ptr<agent::ApprovalGate>> gate = MakeGate(f.approve, f.json);
  if (!gate.ok()) {
    std::cerr << "kubeflight run: " << gate.status().message() << "\n";
    return kExitUsage;
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
  request.gate = gate->get();
  if (f.max_steps > 0) request.budgets.max_steps = f.max_steps;
  if (!f.model.empty()) {
    Result<AgentFactory> factory = NewModelAgentFactory(f.model, llm::ProcessEnv(), f.stream, f.model_budgets);
    if (!factory.ok()) {
      std::cerr << "kubeflight run: " << factory.status().message() << "\n";
      return kExitError;
    }
    request.make_agent = std::move(*factory);
  }

  agent::MultiObserver observers;
  observers.Add(printer.get());
  std::optional<recorder::Recorder> rec;
  std::unique_ptr<agent::RecordingObserver> recording;
  if (!f.no_record) {
    Result<std::string> path = recorder::ResolveRecordingPath(f.db);
    Status st = path.ok() ? recorder::EnsureParentDirectory(*path) : path.status();
    Result<recorder::Recorder> opened = st.ok() ? recorder::Recorder::Open(*path) : Result<recorder::Recorder>(st);
    if (!opened.ok()) {
      std::cerr << "kubeflight run: " << opened.status().message() << " (--no-record runs without recording)\n";
      return kExitError;
    }
    rec.emplace(std::move(*opened));
    recorder::RunInfo info;
    info.mode = recorder::RunMode::kSimulated;
    info.engine_version = KF_VERSION;
    info.model = f.model;
    // The approval policy is part of what the run was asked to do (and of
    // its derived id: the same scenario run with --approve=1 and =2 differ).
    if (!f.approve.empty()) info.labels["approve"] = f.approve;
    if (Result<std::string> hash = replay::ScenarioFileHash(request.scenario_path); hash.ok()) {
      info.scenario_hash = *hash;
    }
    recording = std::make_unique<agent::RecordingObserver>(&*rec, info);
    observers.Add(recording.get());
  }
  FaultKillObserver fault(FaultKillPoint());
  observers.Add(&fault);
  request.observer = &observers;
  Result<agent::ScenarioRun> run = agent::RunScenario(request);
  if (!run.ok()) {
    std::cerr << "kubeflight run: " << run.status().message() << "\n";
    return kExitError;
  }
  const agent::RunResult& r = run->result;
  if (r.outcome == agent::RunOutcome::kStoppedAtGate && !f.json) {
    std::cerr << "kubeflight run: stopped at the approval gate; nothing was changed by the pending "
                 "proposal. Re-run with --approve=1|2|…|deny to decide, or resume the recorded run "
                 "with kubeflight resume ID --approve=….\n";
  }
  if (rec) {
    Status st = recording->status();
    if (Status closed = rec->Close(); st.ok()) st = closed;
    if (!st.ok()) {
      std::cerr << "kubeflight run: " << st.message() << "\n";
      return kExitError;
    }
    std::cerr << "kubeflight run: recorded run " << recording->run_id() << " in " << rec->path() << "\n";
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
  run->add_option("--db", flags->db,
                  "Record into this file (default: $KUBEFLIGHT_DB, else "
                  "$XDG_STATE_HOME/kubeflight/runs.db, else ~/.local/state/kubeflight/runs.db)");
  run->add_flag("--no-record", flags->no_record, "Do not record the run");
  run->add_option("--model", flags->model,
                  "Run the LLM agent on a model: openai:MODEL, anthropic:MODEL, openai-compatible:URL#MODEL "
                  "(keys from the environment; docs/llm.md)");
  run->add_flag("--stream", flags->stream,
               "With --model: stream the answers (SSE) and print them to stderr as they arrive");
  AddModelBudgetFlags(run, &flags->model_budgets);
  run->add_option("--max-steps", flags->max_steps,
                  "End the run (budget_exhausted) after N steps (default 80)")
      ->check(CLI::PositiveNumber);
  run->callback([flags, action] { *action = [flags] { return Run(*flags); }; });
}

}  // namespace kf::cli
