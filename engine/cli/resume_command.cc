// `kubeflight resume ID [--approve=…] [--db FILE] [--scenario FILE] [--json]
// [--no-record]` and, for a live run, `[--kubeconfig FILE] [--context NAME]
// [--namespace NS] [--allow-mutations] [--prometheus URL] [--settle 5m]`:
// flags in, replay::ResumeRecordedRun, exit code out (as run).
#include <cstdlib>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "engine/agent/json_printer.h"
#include "engine/agent/transcript_printer.h"
#include "engine/cli/live_session.h"
#include "engine/cli/prometheus_flags.h"
#include "engine/cli/recording_commands.h"
#include "engine/cli/run_support.h"
#include "engine/core/duration.h"
#include "engine/replay/resume.h"

namespace kf::cli {
namespace {

struct ResumeFlags {
  std::string id;
  std::string approve;
  std::string db;
  std::string scenario;
  bool json = false;
  bool no_record = false;
  // A live run: the cluster to resume against, as for `live`.
  std::string kubeconfig;
  std::string context;
  std::string ns;
  bool allow_mutations = false;
  PrometheusConfig prometheus;
  std::string settle = "5m";
};

// Connects a live run's resume to its cluster; owns the connection.
struct LiveResume {
  std::unique_ptr<LiveCluster> cluster;
  std::unique_ptr<PrometheusClient> prometheus;
};

Result<replay::LiveTarget> ConnectForResume(const ResumeFlags& f, agent::ApprovalGate* gate, LiveResume* out) {
  Result<DurationMs> settle = ParseDuration(f.settle);
  if (!settle.ok()) return InvalidArgument("invalid --settle: " + settle.status().message());
  if (!f.prometheus.url.empty() || std::getenv("KUBEFLIGHT_PROMETHEUS_URL") != nullptr) {
    KF_ASSIGN_OR_RETURN(out->prometheus, NewPrometheusClient(f.prometheus));
  }
  KF_ASSIGN_OR_RETURN(kube::RestConfig rest, ResolveLiveCluster(f.kubeconfig, f.context));
  LiveConnectOptions o;
  o.rest = std::move(rest);
  o.allow_mutations = f.allow_mutations;
  o.gate = gate;
  o.scope_namespace = f.ns;
  KF_ASSIGN_OR_RETURN(out->cluster, ConnectLive(o));
  replay::LiveTarget target;
  target.cluster = out->cluster->cluster();
  target.gate = out->cluster->gate();
  target.metrics = out->prometheus.get();
  target.settle = *settle;
  return target;
}

int Resume(const ResumeFlags& f) {
  Result<std::unique_ptr<agent::ApprovalGate>> gate = MakeGate(f.approve, f.json);
  if (!gate.ok()) {
    std::cerr << "kubeflight resume: " << gate.status().message() << "\n";
    return kExitUsage;
  }
  const std::string path = RecordingPathOrReport("resume", f.db);
  if (path.empty()) return kExitError;
  std::unique_ptr<agent::RunObserver> printer;
  if (f.json) {
    printer = std::make_unique<agent::JsonLinesPrinter>(std::cout);
  } else {
    printer = std::make_unique<agent::TranscriptPrinter>(std::cout);
  }
  replay::ResumeRequest req;
  req.db_path = path;
  req.run_id = f.id;
  req.gate = gate->get();
  req.scenario_path = f.scenario;
  req.resolve_scenario = &ResolveScenarioPath;
  req.observer = printer.get();
  req.record = !f.no_record;
  req.engine_version = KF_VERSION;
  LiveResume live;
  req.connect_live = [&f, &gate, &live](const recorder::RunInfo&) { return ConnectForResume(f, gate->get(), &live); };
  Result<replay::ResumeOutcome> out = replay::ResumeRecordedRun(req);
  if (!out.ok()) {
    std::cerr << "kubeflight resume: " << out.status().message() << "\n";
    return kExitError;
  }
  const replay::SessionRunResult& r = out->run;
  if (r.divergence) {
    std::cerr << "kubeflight resume: the recorded prefix does not replay; nothing after it was run live.\n"
              << r.divergence->Render();
    return kExitDivergence;
  }
  if (r.mutations_not_repeated > 0) {
    std::cerr << "kubeflight resume: " << r.mutations_not_repeated
              << " change(s) the interrupted run had applied were not applied again\n";
  }
  if (!r.recorded_run_id.empty()) {
    std::cerr << "kubeflight resume: resumed run " << f.id << " as run " << r.recorded_run_id << " in " << path
              << "\n";
  }
  return ExitCodeFor(r.result.outcome);
}

}  // namespace

void RegisterResumeCommand(CLI::App& app, Action* action) {
  auto flags = std::make_shared<ResumeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "resume", "Continue a recorded run that stopped at the approval gate or was killed (docs/cli.md)");
  cmd->add_option("id", flags->id, "The run id (runs list)")->required();
  cmd->add_option("--approve", flags->approve, "Decide approvals without asking (as for run)");
  cmd->add_option("--db", flags->db, "The recording (default: as for run)");
  cmd->add_option("--scenario", flags->scenario, "The scenario file (default: the recorded scenario's name)");
  cmd->add_flag("--json", flags->json, "Print the run as JSON lines");
  cmd->add_flag("--no-record", flags->no_record, "Do not record the resumed run");
  cmd->add_option("--kubeconfig", flags->kubeconfig, "A live run: the kubeconfig (as for live)");
  cmd->add_option("--context", flags->context, "A live run: the kubeconfig context (default: current-context)");
  cmd->add_option("--namespace", flags->ns, "A live run: send lists across namespaces to this one (as for live)");
  cmd->add_flag("--allow-mutations", flags->allow_mutations,
                "A live run: allow the approved change to be made (otherwise read-only)");
  cmd->add_option("--prometheus", flags->prometheus.url, "A live run: Prometheus base URL (as for live)");
  AddPrometheusFlags(*cmd, &flags->prometheus);
  cmd->add_option("--settle", flags->settle, "A live run: wait after the change before verifying (default 5m)");
  cmd->callback([flags, action] { *action = [flags] { return Resume(*flags); }; });
}

}  // namespace kf::cli
