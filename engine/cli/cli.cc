#include "engine/cli/cli.h"

#include <cstdlib>
#include <filesystem>

#include <CLI/CLI.hpp>

namespace kf::cli {

namespace {
// The command table: one registration function per subcommand file.
using RegisterFn = void (*)(CLI::App&, Action*);
const RegisterFn kCommands[] = {
    RegisterScenarioCommand,
    RegisterRunCommand,
    RegisterEvalCommand,
    RegisterRecordingCommands,
    RegisterMetricsCommand,
    RegisterServeCommand,
    RegisterLiveCommand,
};
}  // namespace

std::string ResolveScenarioPath(const std::string& arg) {
  namespace fs = std::filesystem;
  if (fs::exists(arg)) return arg;
  std::string dir = KF_SCENARIOS_DIR;
  if (const char* env = std::getenv("KUBEFLIGHT_SCENARIOS"); env && *env) dir = env;
  std::string candidate = dir + "/" + arg + ".yaml";
  if (fs::exists(candidate)) return candidate;
  return arg;  // let the loader report "cannot open"
}

int Main(int argc, char** argv) {
  CLI::App app{"kubeflight: a flight recorder and flight simulator for Kubernetes incident response"};
  app.set_version_flag("--version", std::string("kubeflight ") + KF_VERSION);
  app.require_subcommand(1);
  Action action;
  for (RegisterFn fn : kCommands) fn(app, &action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (!action) return kExitUsage;
  return action();
}

}  // namespace kf::cli
