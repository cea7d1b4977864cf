// `kubeflight runs list|show|export|import|merge` and the registration of every
// recording command (runs, replay, resume).
#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/cli/recording_commands.h"
#include "recorder/db_path.h"

namespace kf::cli {

std::string RecordingPathOrReport(const std::string& command, const std::string& flag) {
  Result<std::string> path = recorder::ResolveRecordingPath(flag);
  if (!path.ok()) {
    std::cerr << "kubeflight " << command << ": " << path.status().message() << "\n";
    return "";
  }
  return *path;
}

void RegisterRecordingCommands(CLI::App& app, Action* action) {
  CLI::App* runs = app.add_subcommand("runs", "List, show, export, import and merge recorded runs (docs/cli.md)");
  runs->require_subcommand(1);
  RegisterRunsListCommand(*runs, action);
  RegisterRunsShowCommand(*runs, action);
  RegisterRunsExportCommand(*runs, action);
  RegisterRunsImportCommand(*runs, action);
  RegisterRunsMergeCommand(*runs, action);
  RegisterReplayCommand(app, action);
  RegisterResumeCommand(app, action);
}

}  // namespace kf::cli
