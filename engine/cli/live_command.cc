// `kubeflight live "PROMPT" [--kubeconfig FILE] [--context NAME]
// [--namespace NS] [--agent builtin] [--allow-mutations]
// [--approve=1|2|…|recommended|deny] [--prometheus URL] [--settle 5m]
// [--json]`: flags in, RunLive (live_session.h), exit code out.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "engine/agent/json_printer.h"
#include "engine/agent/transcript_printer.h"
#include "engine/agent/recording_observer.h"
#include "engine/cli/cli.h"
#include "engine/cli/live_session.h"
#include "engine/cli/model_agent.h"
#include "engine/cli/prometheus_flags.h"
#include "engine/cli/run_support.h"
#include "engine/core/clock.h"
#include "engine/core/duration.h"
#include "engine/kube/in_cluster.h"
#include "engine/kube/kubeconfig.h"
#include "engine/llm/model_spec.h"
#include "recorder/db_path.h"
#include "recorder/recorder.h"

namespace kf::cli {
namespace {

struct LiveFlags {
  std::string prompt;
  std::string kubeconfig;
  std::string context;
  std::string ns;
  std::string agent = "builtin";
  std::string model;
  bool stream = false;  // --stream: print the model's answer as it arrives
  llm::ModelBudgets model_budgets;  // --max-model-calls, --max-tokens, --max-cost
  int max_steps = 0;                // --max-steps: the loop's step budget (0: its default)
  bool allow_mutations = false;
  std::string approve;
  PrometheusConfig prometheus;
  std::string db;
  bool no_record = false;
  std::string settle = "5m";
  bool json = false;
};

int Live(const LiveFlags& f) {
  std::unique_ptr<PrometheusClient> prometheus;
  if (!f.prometheus.url.empty() || std::getenv("KUBEFLIGHT_PROMETHEUS_URL") != nullptr) {
    Result<std::unique_ptr<PrometheusClient>> client = NewPrometheusClient(f.prometheus);
    if (!client.ok()) {
      std::cerr << "kubeflight live: " << client.status().message() << "\n";
      return kExitUsage;
    }
    prometheus = std::move(*client);
  }
  AgentFactory make_agent;
  if (!f.model.empty()) {
    Result<AgentFactory> factory = NewModelAgentFactory(f.model, llm::ProcessEnv(), f.stream, f.model_budgets);
    if (!factory.ok()) {
      std::cerr << "kubeflight live: " << factory.status().message() << "\n";
      return kExitError;
    }
    make_agent = std::move(*factory);
  }
  Result<DurationMs> settle = ParseDuration(f.settle);
  if (!settle.ok()) {
    std::cerr << "kubeflight live: invalid --settle: " << settle.status().message() << "\n";
    return kExitUsage;
  }
  std::unique_ptr<agent::ApprovalGate> gate;
  if (!f.approve.empty()) {
    Result<agent::PolicyGate> policy = agent::PolicyGate::Parse(f.approve);
    if (!policy.ok()) {
      std::cerr << "kubeflight live: " << policy.status().message() << "\n";
      return kExitUsage;
    }
    gate = std::make_unique<agent::PolicyGate>(std::move(*policy));
  } else if (isatty(STDIN_FILENO)) {
    gate = std::make_unique<agent::TerminalGate>(std::cin, f.json ? std::cerr : std::cout);
  } else {
    gate = std::make_unique<agent::NoTerminalGate>();
  }
  Result<kube::RestConfig> rest = ResolveLiveCluster(f.kubeconfig, f.context);
  if (!rest.ok()) {
    std::cerr << "kubeflight live: " << rest.status().message() << "\n";
    return kExitError;
  }
  std::unique_ptr<agent::RunObserver> printer;
  if (f.json) {
    printer = std::make_unique<agent::JsonLinesPrinter>(std::cout);
  } else {
    printer = std::make_unique<agent::TranscriptPrinter>(std::cout);
  }
  agent::MultiObserver observers;
  observers.Add(printer.get());
  WallClock wall;
  std::optional<recorder::Recorder> rec;
  std::unique_ptr<agent::RecordingObserver> recording;
  if (!f.no_record) {
    Result<std::string> path = recorder::ResolveRecordingPath(f.db);
    Status st = path.ok() ? recorder::EnsureParentDirectory(*path) : path.status();
    Result<recorder::Recorder> opened =
        st.ok() ? recorder::Recorder::Open(*path) : Result<recorder::Recorder>(st);
    if (!opened.ok()) {
      std::cerr << "kubeflight live: " << opened.status().message()
                << " (--no-record runs without recording)\n";
      return kExitError;
    }
    rec.emplace(std::move(*opened));
    recorder::RunInfo info;
    info.mode = recorder::RunMode::kLive;
    info.engine_version = KF_VERSION;
    info.model = f.model;
    info.labels["server"] = rest->server;
    if (!f.approve.empty()) info.labels["approve"] = f.approve;
    recording = std::make_unique<agent::RecordingObserver>(&*rec, info, &wall);
    observers.Add(recording.get());
  }
  LiveRequest request;
  request.rest = std::move(*rest);
  request.prompt = f.prompt;
  request.agent = f.agent;
  request.make_agent = make_agent;
  request.allow_mutations = f.allow_mutations;
  request.gate = gate.get();
  request.observer = &observers;
  request.metrics = prometheus.get();
  request.scope_namespace = f.ns;
  request.settle = *settle;
  if (f.max_steps > 0) request.budgets.max_steps = f.max_steps;
  if (!f.json) {
    std::cerr << "kubeflight live: " << request.rest.server << " (" << request.rest.origin << "), "
              << (f.allow_mutations ? "mutations allowed after approval" : "read-only") << "\n";
  }
  Result<LiveRun> run = RunLive(request);
  if (!run.ok()) {
    std::cerr << "kubeflight live: " << run.status().message() << "\n";
    return kExitError;
  }
  if (rec) {
    Status st = recording->status();
    if (Status closed = rec->Close(); st.ok()) st = closed;
    if (!st.ok()) {
      std::cerr << "kubeflight live: " << st.message() << "\n";
      return kExitError;
    }
    if (!f.json) {
      std::cerr << "kubeflight live: recorded run " << recording->run_id() << " in " << rec->path() << "\n";
    }
  }
  const agent::RunResult& r = run->result;
  if (r.outcome == agent::RunOutcome::kStoppedAtGate && !f.json) {
    std::cerr << (f.allow_mutations
                      ? "kubeflight live: stopped at the approval gate; nothing was changed. Re-run "
                        "with --approve=1|2|…|deny to decide.\n"
                      : "kubeflight live: read-only run; nothing was changed. Re-run with "
                        "--allow-mutations to act on the proposal after approval.\n");
  }
  return ExitCodeFor(r.outcome);
}

}  // namespace

void RegisterLiveCommand(CLI::App& app, Action* action) {
  auto flags = std::make_shared<LiveFlags>();
  CLI::App* live = app.add_subcommand(
      "live", "Run the loop against a real cluster (read-only unless --allow-mutations; docs/live.md)");
  live->add_option("prompt", flags->prompt, "What to investigate")->required();
  live->add_option("--kubeconfig", flags->kubeconfig, "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)");
  live->add_option("--context", flags->context, "kubeconfig context (default: current-context)");
  live->add_option("--namespace,-n", flags->ns, "Look only in this namespace");
  live->add_option("--agent", flags->agent, "The agent: builtin");
  live->add_option("--model", flags->model,
                   "An LLM agent on this model: openai:MODEL, anthropic:MODEL, "
                   "openai-compatible:URL#MODEL (keys from the environment; docs/llm.md)");
  live->add_flag("--stream", flags->stream,
               "With --model: stream the answers (SSE) and print them to stderr as they arrive");
  AddModelBudgetFlags(live, &flags->model_budgets);
  live->add_option("--max-steps", flags->max_steps, "End the run (budget_exhausted) after N steps (default 80)")
      ->check(CLI::PositiveNumber);
  live->add_flag("--allow-mutations", flags->allow_mutations,
                 "Allow the approved change to be made (otherwise read-only)");
  live->add_option("--approve", flags->approve,
                   "Decide every approval without asking: 1, 2, … (an option), recommended (= 1), deny");
  live->add_option("--prometheus", flags->prometheus.url,
                   "Prometheus base URL for prometheus.* tools (also --prometheus-url, "
                   "$KUBEFLIGHT_PROMETHEUS_URL)");
  AddPrometheusFlags(*live, &flags->prometheus);
  live->add_option("--db", flags->db,
                   "Record into this file (default: $KUBEFLIGHT_DB, else "
                   "$XDG_STATE_HOME/kubeflight/runs.db, else ~/.local/state/kubeflight/runs.db)");
  live->add_flag("--no-record", flags->no_record, "Do not record the run");
  live->add_option("--settle", flags->settle, "Wait after the change before verifying (default 5m)");
  live->add_flag("--json", flags->json, "Print the run as JSON lines, one event per line");
  live->callback([flags, action] { *action = [flags] { return Live(*flags); }; });
}

}  // namespace kf::cli
