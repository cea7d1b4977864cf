// A recorded run loaded whole: its row and its events, in seq order.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "recorder/reader.h"

namespace kf::replay {

struct RecordedRun {
  recorder::RunRecord run;
  std::vector<recorder::StoredEvent> events;  // seq 1..n
};

// The run `run_id`, or the file's last run when run_id is empty. NotFound
// ("runs.db: no run r1", "runs.db: no runs"); FailedPrecondition when its
// events are not gapless.
Result<RecordedRun> LoadRecordedRun(const recorder::Reader& reader, const std::string& run_id);
// The same from the file at `db_path`, which is closed again before this
// returns: a replay or resume holds no connection to the recording while it
// runs (it records through a recorder of its own).
Result<RecordedRun> LoadRecordedRun(const std::string& db_path, const std::string& run_id);

}  // namespace kf::replay
