// `kubeflight runs list [--db FILE]`: one line per recorded run.
#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/cli/recording_commands.h"
#include "engine/core/strings.h"
#include "recorder/reader.h"

namespace kf::cli {
namespace {

int List(const std::string& db_flag) {
  const std::string path = RecordingPathOrReport("runs list", db_flag);
  if (path.empty()) return kExitError;
  Result<recorder::Reader> reader = recorder::Reader::Open(path);
  if (!reader.ok()) {
    std::cerr << "kubeflight runs list: " << reader.status().message() << "\n";
    return kExitError;
  }
  Result<std::vector<recorder::RunRecord>> runs = reader->ListRuns();
  if (!runs.ok()) {
    std::cerr << "kubeflight runs list: " << runs.status().message() << "\n";
    return kExitError;
  }
  std::cout << StrFormat("%-18s %-9s %-24s %-10s %-16s %5s %5s  %s\n", "ID", "MODE", "SCENARIO", "SEED",
                         "STATUS", "STEPS", "TOOLS", "STARTED");
  for (const recorder::RunRecord& r : *runs) {
    std::cout << StrFormat("%-18s %-9s %-24s %-10llu %-16s %5lld %5lld  %s", r.info.id.c_str(),
                           recorder::RunModeName(r.info.mode), r.info.scenario.c_str(),
                           static_cast<unsigned long long>(r.info.seed),
                           recorder::RunStatusName(r.outcome.status),
                           static_cast<long long>(r.outcome.totals.steps),
                           static_cast<long long>(r.outcome.totals.tool_calls),
                           FormatRfc3339(r.info.started_at).c_str());
    if (!r.info.parent_run_id.empty()) std::cout << "  (from " << r.info.parent_run_id << ")";
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterRunsListCommand(CLI::App& runs, Action* action) {
  auto db = std::make_shared<std::string>();
  CLI::App* list = runs.add_subcommand("list", "List the recorded runs, oldest first");
  list->add_option("--db", *db, "The recording (default: as for run)");
  list->callback([db, action] { *action = [db] { return List(*db); }; });
}

}  // namespace kf::cli
