// Runs the loop with a ReplaySession wired in (observer, invoker, gate,
// preview, interrupt), optionally recording the new run. Shared by replay,
// what-if and resume.
#pragma once

#include <optional>
#include <string>

#include "engine/agent/loop.h"
#include "engine/replay/replay_session.h"
#include "recorder/types.h"

namespace kf::replay {

struct SessionRunSpec {
  RecordedRun* recorded = nullptr;  // required; consumed (replay_session.h)
  SessionOptions session;
  agent::Agent* agent = nullptr;          // required
  ClusterBackend* cluster = nullptr;      // required (a ReplayCluster for kRecorded)
  MetricsBackend* metrics = nullptr;      // may be null
  agent::RunObserver* observer = nullptr;  // printer; may be null
  std::string prompt;                     // the operator's request, as recorded
  DurationMs settle = 5 * 60 * 1000;      // the loop's wait after a change (LoopOptions::settle)
  // Recording of the new run: record_db empty = not recorded.
  std::string record_db;
  recorder::RunInfo record_info;  // mode, scenario hash, parent, engine version, labels
};

struct SessionRunResult {
  agent::RunResult result;
  std::optional<Divergence> divergence;
  std::vector<Drift> drifts;
  bool went_live = false;
  int mutations_not_repeated = 0;
  size_t prefix = 0;
  int64_t events_compared = 0;
  std::string recorded_run_id;  // "" when not recorded
};

// Errors: the recording could not be opened or written (the loop's own
// outcome is in the result).
Result<SessionRunResult> RunSession(const SessionRunSpec& spec);

// The operator's request of a recorded run: its run_started event's prompt.
std::string RecordedPrompt(const RecordedRun& recorded);

}  // namespace kf::replay
