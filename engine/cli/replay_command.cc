// `kubeflight replay DB [--run ID] [--tools=recorded|simulate]
// [--until N [--agent builtin|MODEL] [--approve=…]] [--scenario FILE]
// [--transcript | --json] [--no-record]`: flags in, replay::ReplayRecording,
// exit code out (0 identical, 6 diverged or drifted; a what-if exits as run).
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "engine/agent/json_printer.h"
#include "engine/agent/transcript_printer.h"
#include "engine/cli/model_agent.h"
#include "engine/cli/recording_commands.h"
#include "engine/cli/run_support.h"
#include "engine/replay/replay.h"

namespace kf::cli {
namespace {

struct ReplayFlags {
  std::string db;
  std::string run;
  std::string tools = "recorded";
  std::optional<int> until;
  std::string agent = "builtin";
  std::string approve;
  std::string scenario;
  bool transcript = false;
  bool json = false;
  bool no_record = false;
  llm::ModelBudgets model_budgets;
};

int Replay(const ReplayFlags& f) {
  replay::ReplayRequest req;
  req.db_path = f.db;
  req.run_id = f.run;
  if (f.tools == "simulate") {
    req.tools = replay::ToolSource::kSimulate;
  } else if (f.tools != "recorded") {
    std::cerr << "kubeflight replay: unknown --tools \"" << f.tools << "\": expected recorded|simulate\n";
    return kExitUsage;
  }
  std::unique_ptr<agent::ApprovalGate> gate;
  if (f.until) {
    Result<std::unique_ptr<agent::ApprovalGate>> g = MakeGate(f.approve, f.json);
    if (!g.ok()) {
      std::cerr << "kubeflight replay: " << g.status().message() << "\n";
      return kExitUsage;
    }
    gate = std::move(*g);
    req.until_step = f.until;
    req.agent = f.agent;
    req.live_gate = gate.get();
    if (f.agent != "builtin") {
      // A model spec: fail before replaying anything when it cannot be used.
      Result<AgentFactory> probe = NewModelAgentFactory(f.agent, llm::ProcessEnv(), false, f.model_budgets);
      if (!probe.ok()) {
        std::cerr << "kubeflight replay: --agent: " << probe.status().message() << "\n";
        return kExitUsage;
      }
      req.make_agent = [spec = f.agent, budgets = f.model_budgets](Clock& clock) {
        return NewSelfContainedModelAgent(spec, clock, budgets);
      };
    }
  } else if (!f.approve.empty() || f.agent != "builtin") {
    std::cerr << "kubeflight replay: --approve and --agent need --until N (the first N steps are the recorded ones)\n";
    return kExitUsage;
  }
  req.scenario_path = f.scenario;
  req.resolve_scenario = &ResolveScenarioPath;
  req.record = !f.no_record;
  req.engine_version = KF_VERSION;
  std::unique_ptr<agent::RunObserver> printer;
  if (f.json) {
    printer = std::make_unique<agent::JsonLinesPrinter>(std::cout);
  } else if (f.transcript) {
    printer = std::make_unique<agent::TranscriptPrinter>(std::cout);
  }
  req.observer = printer.get();
  Result<replay::ReplayOutcome> out = replay::ReplayRecording(req);
  if (!out.ok()) {
    std::cerr << "kubeflight replay: " << out.status().message() << "\n";
    return kExitError;
  }
  std::ostream& report = f.json ? std::cerr : std::cout;
  const replay::SessionRunResult& r = out->run;
  if (f.transcript) report << "\n";
  for (const replay::Drift& d : r.drifts) report << d.Render();
  if (r.divergence) {
    report << r.divergence->Render();
  } else if (f.until) {
    report << "what-if: replayed " << r.prefix << " events of run " << out->source_run_id << " (" << *f.until
           << " steps), then continued with agent " << f.agent << ": "
           << agent::RunOutcomeName(r.result.outcome) << " - " << r.result.report.message << "\n";
  } else {
    report << "replay of run " << out->source_run_id << ": identical (" << r.events_compared
           << " events compared; recorded verdict " << out->source_status << ")\n";
  }
  if (!r.drifts.empty()) {
    report << "simulator drift: " << r.drifts.size() << " recorded tool result(s) differ from the simulator's\n";
  }
  if (!r.recorded_run_id.empty()) {
    report << "recorded replay as run " << r.recorded_run_id << " in " << f.db << "\n";
  }
  if (r.divergence || !r.drifts.empty()) return kExitDivergence;
  return f.until ? ExitCodeFor(r.result.outcome) : kExitOk;
}

}  // namespace

void RegisterReplayCommand(CLI::App& app, Action* action) {
  auto flags = std::make_shared<ReplayFlags>();
  CLI::App* cmd = app.add_subcommand(
      "replay", "Re-run a recorded run against its recording and report the first divergence (docs/cli.md)");
  cmd->add_option("db", flags->db, "The recording")->required();
  cmd->add_option("--run", flags->run, "The run id (default: the recording's last run)");
  cmd->add_option("--tools", flags->tools,
                  "recorded: feed recorded tool results (no cluster); simulate: re-execute them against "
                  "the scenario's simulator and report drift");
  cmd->add_option("--until", flags->until, "What-if: replay N steps, then continue live against the simulator");
  cmd->add_option("--agent", flags->agent,
                  "What-if: the agent after step N: builtin, or a model (openai:gpt-4o, anthropic:…, "
                  "openai-compatible:URL#MODEL; it reads the steps so far)");
  AddModelBudgetFlags(cmd, &flags->model_budgets);
  cmd->add_option("--approve", flags->approve, "What-if: decide approvals after step N (as for run)");
  cmd->add_option("--scenario", flags->scenario, "The scenario file (default: the recorded scenario's name)");
  cmd->add_flag("--transcript", flags->transcript, "Print the replayed transcript");
  cmd->add_flag("--json", flags->json, "Print the replayed events as JSON lines");
  cmd->add_flag("--no-record", flags->no_record, "Do not record the replay");
  cmd->callback([flags, action] { *action = [flags] { return Replay(*flags); }; });
}

}  // namespace kf::cli
