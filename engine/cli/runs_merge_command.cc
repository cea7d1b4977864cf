// `kubeflight runs merge OUT SRC…`: combine recordings (e.g. the databases of
// the shards of `eval --shard`) into OUT, all or nothing. Run ids are kept;
// a run already in OUT with identical content is skipped, a different run
// with the same id is an error.
#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/cli/recording_commands.h"
#include "recorder/db_path.h"
#include "recorder/export.h"

namespace kf::cli {
namespace {

struct MergeFlags {
  std::string out;
  std::vector<std::string> srcs;
};

int Merge(const MergeFlags& f) {
  recorder::ImportStats stats;
  Status st = recorder::EnsureParentDirectory(f.out);
  if (st.ok()) st = recorder::MergeDatabases(f.out, f.srcs, &stats);
  if (!st.ok()) {
    std::cerr << "kubeflight runs merge: " << st.message() << "\n";
    return kExitError;
  }
  std::cout << "merged " << stats.runs_added << " run(s), " << stats.events_added << " event(s) from "
            << f.srcs.size() << " recording(s) into " << f.out;
  if (stats.runs_identical > 0) std::cout << "; " << stats.runs_identical << " already present";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

void RegisterRunsMergeCommand(CLI::App& runs, Action* action) {
  auto flags = std::make_shared<MergeFlags>();
  CLI::App* cmd = runs.add_subcommand("merge", "Combine recordings (e.g. eval shards) into one");
  cmd->add_option("out", flags->out, "The recording to merge into (created when missing)")->required();
  cmd->add_option("srcs", flags->srcs, "The recordings to merge")->required();
  cmd->callback([flags, action] { *action = [flags] { return Merge(*flags); }; });
}

}  // namespace kf::cli
