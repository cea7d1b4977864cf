// The kubeflight command line: one file per subcommand binds flags and calls
// a library API; exit codes are decided here and documented in docs/cli.md.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kf::cli {

// Exit codes (docs/cli.md).
enum ExitCode : int {
  kExitOk = 0,                  // success; for `run`: verification PASSED
  kExitError = 1,               // an error (bad input, I/O, backend failure)
  kExitUsage = 2,               // bad flags or arguments
  kExitVerificationFailed = 3,  // the loop ended with verification FAILED
  kExitStoppedAtGate = 4,       // stopped at the approval gate (resumable)
  kExitDenied = 5,              // every proposal was denied; nothing changed
  kExitDivergence = 6,          // replay diverged from its recording
  kExitEvalFailed = 7,          // `eval`: at least one scenario failed
};

// A subcommand registers its flags on `app` (adding its own subcommand) and
// sets *action, when it is chosen, to the function that runs it. Each lives
// in its own file (scenario_command.cc, run_command.cc, ...) and is listed in
// cli.cc's command table.
using Action = std::function<int()>;
void RegisterScenarioCommand(CLI::App& app, Action* action);
void RegisterRunCommand(CLI::App& app, Action* action);
void RegisterRecordingCommands(CLI::App& app, Action* action);  // runs, replay, resume
void RegisterMetricsCommand(CLI::App& app, Action* action);
void RegisterServeCommand(CLI::App& app, Action* action);
void RegisterLiveCommand(CLI::App& app, Action* action);
void RegisterEvalCommand(CLI::App& app, Action* action);  // eval_command.cc

// Runs the CLI: parses argv, dispatches, returns the exit code.
int Main(int argc, char** argv);

// Resolves a scenario argument: an existing path, or a name looked up as
// scenarios/NAME.yaml under the source tree's scenarios directory (or
// $KUBEFLIGHT_SCENARIOS).
std::string ResolveScenarioPath(const std::string& arg);

}  // namespace kf::cli
