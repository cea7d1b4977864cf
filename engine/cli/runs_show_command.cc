// `kubeflight runs show ID [--db FILE] [--json]`: a recorded run's
// transcript, printed as `kubeflight run` printed it.
#include <iostream>

#include <CLI/CLI.hpp>

#include "engine/agent/json_printer.h"
#include "engine/agent/recording_decode.h"
#include "engine/agent/transcript_printer.h"
#include "engine/cli/recording_commands.h"
#include "recorder/reader.h"

namespace kf::cli {
namespace {

struct ShowFlags {
  std::string id;
  std::string db;
  bool json = false;
};

int Show(const ShowFlags& f) {
  const std::string path = RecordingPathOrReport("runs show", f.db);
  if (path.empty()) return kExitError;
  Result<recorder::Reader> reader = recorder::Reader::Open(path);
  Result<recorder::RunRecord> run = reader.ok() ? reader->GetRun(f.id) : Result<recorder::RunRecord>(reader.status());
  if (!run.ok()) {
    std::cerr << "kubeflight runs show: " << run.status().message() << "\n";
    return kExitError;
  }
  agent::TranscriptPrinter transcript(std::cout);
  Status st = reader->ForEachEvent(f.id, [&](const recorder::StoredEvent& e) -> Status {
    if (f.json) {
      // The recorded payload is ToJson(RunEvent): the line `run --json` printed.
      std::cout << CanonicalJson(e.payload) << "\n";
      return Status::Ok();
    }
    Result<agent::RunEvent> event = agent::RunEventFromJson(e.payload);
    if (event.status().code() == StatusCode::kNotFound) return Status::Ok();  // a kind this build cannot print
    if (!event.ok()) return event.status().WithPrefix("event " + std::to_string(e.seq));
    transcript.OnEvent(*event);
    return Status::Ok();
  });
  if (!st.ok()) {
    std::cerr << "kubeflight runs show: " << st.message() << "\n";
    return kExitError;
  }
  if (!f.json && run->outcome.status == recorder::RunStatus::kRunning) {
    std::cout << "(the run was interrupted here: its status is still running; "
                 "kubeflight resume " << f.id << " continues it)\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterRunsShowCommand(CLI::App& runs, Action* action) {
  auto flags = std::make_shared<ShowFlags>();
  CLI::App* show = runs.add_subcommand("show", "Print a recorded run's transcript");
  show->add_option("id", flags->id, "The run id (runs list)")->required();
  show->add_option("--db", flags->db, "The recording (default: as for run)");
  show->add_flag("--json", flags->json, "Print the recorded events as JSON lines, as run --json does");
  show->callback([flags, action] { *action = [flags] { return Show(*flags); }; });
}

}  // namespace kf::cli
