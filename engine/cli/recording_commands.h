// The commands over recordings, each in its own file: `runs list|show|
// export|import` (runs_*_command.cc), `replay` (replay_command.cc) and
// `resume` (resume_command.cc). RegisterRecordingCommands (cli.h) adds them
// all to the command line.
#pragma once

#include <string>

#include "engine/cli/cli.h"

namespace kf::cli {

void RegisterRunsListCommand(CLI::App& runs, Action* action);
void RegisterRunsShowCommand(CLI::App& runs, Action* action);
void RegisterRunsExportCommand(CLI::App& runs, Action* action);
void RegisterRunsImportCommand(CLI::App& runs, Action* action);
void RegisterRunsMergeCommand(CLI::App& runs, Action* action);  // runs_merge_command.cc
void RegisterReplayCommand(CLI::App& app, Action* action);
void RegisterResumeCommand(CLI::App& app, Action* action);

// The recording a command reads: --db FILE, else recorder::ResolveRecordingPath.
// On error prints "kubeflight CMD: message" and returns "".
std::string RecordingPathOrReport(const std::string& command, const std::string& flag);

}  // namespace kf::cli
