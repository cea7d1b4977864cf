// `kubeflight runs import FILE [--db FILE]`: add the runs of an export to a
// recording (all or nothing; identical runs already present are skipped).
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/cli/recording_commands.h"
#include "recorder/db_path.h"
#include "recorder/export.h"

namespace kf::cli {
namespace {

struct ImportFlags {
  std::string file;
  std::string db;
};

int Import(const ImportFlags& f) {
  const std::string path = RecordingPathOrReport("runs import", f.db);
  if (path.empty()) return kExitError;
  std::ifstream in(f.file, std::ios::binary);
  if (!in) {
    std::cerr << "kubeflight runs import: cannot open " << f.file << "\n";
    return kExitError;
  }
  Status dir = recorder::EnsureParentDirectory(path);
  Result<recorder::ImportStats> stats = dir.ok() ? recorder::ImportRuns(path, in, f.file)
                                                 : Result<recorder::ImportStats>(dir);
  if (!stats.ok()) {
    std::cerr << "kubeflight runs import: " << stats.status().message() << "\n";
    return kExitError;
  }
  std::cout << "imported " << stats->runs_added << " run(s), " << stats->events_added << " event(s) into "
            << path;
  if (stats->runs_identical > 0) std::cout << "; " << stats->runs_identical << " already present";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

void RegisterRunsImportCommand(CLI::App& runs, Action* action) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* cmd = runs.add_subcommand("import", "Add the runs of a JSON Lines export to a recording");
  cmd->add_option("file", flags->file, "An export (runs export)")->required();
  cmd->add_option("--db", flags->db, "The recording (default: as for run)");
  cmd->callback([flags, action] { *action = [flags] { return Import(*flags); }; });
}

}  // namespace kf::cli
