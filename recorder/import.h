// Internal to recorder/: writing complete runs into a recording, shared by
// ImportRuns and MergeDatabases. May throw SQLite::Exception; callers Guard.
#pragma once

#include <string>
#include <vector>

#include "recorder/export.h"
#include "recorder/types.h"

namespace SQLite {
class Database;
}

namespace kf::recorder {

// Adds `run` and its events to db, or skips it when db holds an identical
// run. REQUIRES: a write transaction is open. InvalidArgument when the events
// are not the run's, not numbered 1..n or a payload does not match its hash;
// Conflict when db holds a different run with the same id.
Status ImportRun(SQLite::Database& db, const std::string& db_path, RunRecord run,
                 const std::vector<StoredEvent>& events, ImportStats* stats);

}  // namespace kf::recorder
