#include "recorder/schema.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <filesystem>

#include "engine/core/strings.h"
#include "recorder/sqlite_status.h"

namespace kf::recorder {

namespace {

// Version 1: runs, events and content-addressed payload blobs.
constexpr const char* kV1 = R"sql(
CREATE TABLE runs (
  id             TEXT PRIMARY KEY NOT NULL,
  ordinal        INTEGER NOT NULL UNIQUE,
  mode           TEXT NOT NULL CHECK (mode IN ('simulated', 'live', 'replay')),
  scenario       TEXT NOT NULL,
  scenario_hash  TEXT NOT NULL,
  seed           INTEGER NOT NULL,
  agent          TEXT NOT NULL,
  model          TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  started_at     INTEGER NOT NULL,
  started_wall   INTEGER NOT NULL,
  ended_at       INTEGER,
  ended_wall     INTEGER,
  status         TEXT NOT NULL CHECK (status IN ('running', 'passed', 'failed',
                   'stopped_at_gate', 'denied', 'error', 'diverged')),
  verdict        TEXT NOT NULL DEFAULT '',
  steps          INTEGER NOT NULL DEFAULT 0,
  tool_calls     INTEGER NOT NULL DEFAULT 0,
  tokens_in      INTEGER NOT NULL DEFAULT 0,
  tokens_out     INTEGER NOT NULL DEFAULT 0,
  cost_usd       REAL NOT NULL DEFAULT 0,
  parent_run_id  TEXT,
  labels         TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE TABLE blobs (
  hash  TEXT PRIMARY KEY NOT NULL,
  bytes BLOB NOT NULL
) STRICT;
CREATE TABLE events (
  run_id       TEXT NOT NULL REFERENCES runs(id),
  seq          INTEGER NOT NULL CHECK (seq >= 1),
  step         INTEGER NOT NULL,
  type         TEXT NOT NULL,
  phase        TEXT NOT NULL,
  virtual_time INTEGER NOT NULL,
  wall_time    INTEGER NOT NULL,
  payload_hash TEXT NOT NULL REFERENCES blobs(hash),
  summary      TEXT,
  PRIMARY KEY (run_id, seq)
) STRICT, WITHOUT ROWID;
)sql";

// Version 2: find a run's replays and resumes, and earlier runs of a scenario.
constexpr const char* kV2 = R"sql(
CREATE INDEX runs_by_parent ON runs(parent_run_id) WHERE parent_run_id IS NOT NULL;
CREATE INDEX runs_by_scenario ON runs(scenario_hash, seed);
)sql";

// Version 3: a payload under store::kBlobMinBytes is kept in its event row;
// only larger ones are content-addressed in blobs. A step's commit then
// writes one B-tree instead of three (events, blobs and the blob hash index).
// Events become a rowid table (rows append in recording order) keyed by
// (run_id, seq). Existing events keep their payloads in blobs. The columns
// repeat version 1's on purpose: a shipped migration is frozen text, and
// each states the table it builds.
constexpr const char* kV3 = R"sql(
CREATE TABLE events_v3 (
  run_id       TEXT NOT NULL REFERENCES runs(id),
  seq          INTEGER NOT NULL CHECK (seq >= 1),
  step         INTEGER NOT NULL,
  type         TEXT NOT NULL,
  phase        TEXT NOT NULL,
  virtual_time INTEGER NOT NULL,
  wall_time    INTEGER NOT NULL,
  payload_hash TEXT NOT NULL,
  payload      BLOB,
  summary      TEXT,
  UNIQUE (run_id, seq)
) STRICT;
INSERT INTO events_v3 (run_id, seq, step, type, phase, virtual_time, wall_time, payload_hash, summary)
  SELECT e.run_id, e.seq, e.step, e.type, e.phase, e.virtual_time, e.wall_time, e.payload_hash, e.summary
  FROM events e JOIN runs r ON r.id = e.run_id ORDER BY r.ordinal, e.seq;
DROP TABLE events;
ALTER TABLE events_v3 RENAME TO events;
)sql";

Status CheckIdentity(SQLite::Database& db, const std::string& path, int* version) {
  int app_id = db.execAndGet("PRAGMA application_id").getInt();
  *version = db.execAndGet("PRAGMA user_version").getInt();
  if (app_id == 0 && *version == 0) {
    int objects = db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt();
    if (objects == 0) return Status::Ok();  // a new, empty file
  }
  if (app_id != kApplicationId) {
    return FailedPrecondition(StrFormat("%s: not a kubeflight recording (application_id 0x%08x)",
                                        path.c_str(), static_cast<unsigned>(app_id)));
  }
  if (*version > SchemaVersion()) {
    return Unimplemented(StrFormat("%s: schema version %d is newer than this kubeflight supports (%d)",
                                   path.c_str(), *version, SchemaVersion()));
  }
  return Status::Ok();
}

Status Migrate(SQLite::Database& db, const std::string& path, int target) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  // Another connection may have migrated between the check and this lock.
  int version = db.execAndGet("PRAGMA user_version").getInt();
  for (const Migration& m : Migrations()) {
    if (m.version <= version || m.version > target) continue;
    try {
      db.exec(m.sql);
    } catch (const std::exception& e) {
      return StatusFromException(
          e, StrFormat("%s: migration to schema version %d (%s)", path.c_str(), m.version, m.description));
    }
    version = m.version;
  }
  db.exec(StrFormat("PRAGMA application_id = %d", kApplicationId));
  db.exec(StrFormat("PRAGMA user_version = %d", version));
  tx.commit();
  return Status::Ok();
}

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "runs, events and payload blobs", kV1},
      {2, "indexes on runs by parent and by scenario", kV2},
      {3, "small payloads inline in their event row", kV3},
  };
  return kMigrations;
}

int SchemaVersion() { return Migrations().back().version; }

Result<std::unique_ptr<SQLite::Database>> OpenDatabase(const std::string& path, OpenMode mode,
                                                       int target_version) {
  int target = target_version > 0 ? target_version : SchemaVersion();
  std::error_code ec;
  if (mode == OpenMode::kExisting && !std::filesystem::exists(path, ec)) {
    return NotFound(path + ": no such recording");
  }
  return Guard(path, [&]() -> Result<std::unique_ptr<SQLite::Database>> {
    int flags = SQLite::OPEN_READWRITE | (mode == OpenMode::kCreate ? SQLite::OPEN_CREATE : 0);
    auto db = std::make_unique<SQLite::Database>(path, flags, /*busy_timeout_ms=*/5000);
    int version = 0;
    KF_RETURN_IF_ERROR(CheckIdentity(*db, path, &version));
    std::string journal = db->execAndGet("PRAGMA journal_mode = WAL").getString();
    if (journal != "wal" && journal != "memory") {
      return FailedPrecondition(path + ": cannot use WAL (journal_mode is " + journal + ")");
    }
    db->exec("PRAGMA synchronous = NORMAL");
    db->exec("PRAGMA foreign_keys = ON");
    if (version < target) KF_RETURN_IF_ERROR(Migrate(*db, path, target));
    return db;
  });
}

}  // namespace kf::recorder
