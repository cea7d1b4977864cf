// The recording file: identity, schema version and forward migrations.
//
// A recording is an SQLite database whose header carries
//   PRAGMA application_id = kApplicationId ('kflt')
//   PRAGMA user_version   = the schema version (1..kSchemaVersion)
// Opening applies every migration above the file's version, in order, in one
// transaction. A file newer than this build is refused, never downgraded.
//
// Connections run in WAL mode with synchronous=NORMAL: a committed step
// survives an application crash; a power loss may roll back the most recent
// commits but never corrupts the file (docs/recording.md, "Durability").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace SQLite {
class Database;
}

namespace kf::recorder {

inline constexpr int kApplicationId = 0x6b666c74;  // "kflt"

struct Migration {
  int version;              // the user_version after this migration
  const char* description;  // one line, for docs and errors
  const char* sql;          // statements, run in the migration transaction
};

// Every migration, in version order; versions are 1, 2, ... without gaps.
const std::vector<Migration>& Migrations();
// The version this build writes: Migrations().back().version.
int SchemaVersion();

enum class OpenMode {
  kCreate,    // create the file when missing
  kExisting,  // NotFound when missing
};

// Opens (or creates) the recording at `path`, checks its identity and brings
// its schema up to `target_version` (default: SchemaVersion()). Errors name
// the path: "recording.db: schema version 7 is newer than this kubeflight
// supports (2)" (Unimplemented); "x.db: not a kubeflight recording
// (application_id 0x12345678)" (FailedPrecondition). Never throws.
// target_version below SchemaVersion() exists for migration tests.
Result<std::unique_ptr<SQLite::Database>> OpenDatabase(const std::string& path, OpenMode mode,
                                                       int target_version = 0);

}  // namespace kf::recorder
