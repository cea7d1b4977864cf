// `kubeflight runs export [ID...] [--format jsonl] [-o FILE] [--db FILE]`:
// recorded runs in the export format (docs/recording.md).
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/cli/recording_commands.h"
#include "recorder/export.h"

namespace kf::cli {
namespace {

struct ExportFlags {
  std::vector<std::string> ids;
  std::string format = "jsonl";
  std::string out;
  std::string db;
};

int Export(const ExportFlags& f) {
  if (f.format != "jsonl") {
    std::cerr << "kubeflight runs export: unknown --format \"" << f.format << "\": expected jsonl\n";
    return kExitUsage;
  }
  const std::string path = RecordingPathOrReport("runs export", f.db);
  if (path.empty()) return kExitError;
  Result<recorder::Reader> reader = recorder::Reader::Open(path);
  if (!reader.ok()) {
    std::cerr << "kubeflight runs export: " << reader.status().message() << "\n";
    return kExitError;
  }
  std::ofstream file;
  if (!f.out.empty()) {
    file.open(f.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "kubeflight runs export: cannot write " << f.out << "\n";
      return kExitError;
    }
  }
  std::ostream& out = f.out.empty() ? std::cout : file;
  if (Status st = recorder::ExportRuns(*reader, f.ids, out); !st.ok()) {
    std::cerr << "kubeflight runs export: " << st.message() << "\n";
    return kExitError;
  }
  out.flush();
  if (!out) {
    std::cerr << "kubeflight runs export: write failed" << (f.out.empty() ? "" : ": " + f.out) << "\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

void RegisterRunsExportCommand(CLI::App& runs, Action* action) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = runs.add_subcommand("export", "Write recorded runs as JSON Lines (the fixture format)");
  cmd->add_option("ids", flags->ids, "Run ids (runs list); none: every run of the file");
  cmd->add_option("--format", flags->format, "Export format: jsonl");
  cmd->add_option("-o,--output", flags->out, "Write to FILE instead of stdout");
  cmd->add_option("--db", flags->db, "The recording (default: as for run)");
  cmd->callback([flags, action] { *action = [flags] { return Export(*flags); }; });
}

}  // namespace kf::cli
