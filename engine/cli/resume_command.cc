// `kubeflight resume ID [--approve=…] [--db FILE] [--scenario FILE] [--json]
// [--no-record]`: flags in, replay::ResumeRecordedRun, exit code out (as run).
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "engine/agent/json_printer.h"
#include "engine/agent/transcript_printer.h"
#include "engine/cli/recording_commands.h"
#include "engine/cli/run_support.h"
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
};

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
  cmd->callback([flags, action] { *action = [flags] { return Resume(*flags); }; });
}

}  // namespace kf::cli
