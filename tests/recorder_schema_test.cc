#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <fstream>

#include "recorder/reader.h"
#include "recorder/recorder.h"
#include "recorder/schema.h"
#include "tests/recorder_testing.h"

namespace kf::recorder {
namespace {

using testing::TempDb;

int Pragma(const std::string& path, const std::string& name) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA " + name).getInt();
}

TEST(RecorderSchemaTest, NewFileCarriesIdentityVersionAndWal) {
  std::string path = TempDb();
  {
    auto rec = Recorder::Open(path);
    ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  }
  EXPECT_EQ(Pragma(path, "application_id"), 0x6b666c74);
  EXPECT_EQ(Pragma(path, "user_version"), SchemaVersion());
  EXPECT_EQ(SchemaVersion(), 3);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(RecorderSchemaTest, MigrationsAreNumberedWithoutGaps) {
  int expected = 1;
  for (const Migration& m : Migrations()) EXPECT_EQ(m.version, expected++);
}

TEST(RecorderSchemaTest, ConnectionsUseNormalSyncAndForeignKeys) {
  std::string path = TempDb();
  auto db = OpenDatabase(path, OpenMode::kCreate);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ((*db)->execAndGet("PRAGMA synchronous").getInt(), 1);  // NORMAL
  EXPECT_EQ((*db)->execAndGet("PRAGMA foreign_keys").getInt(), 1);
}

TEST(RecorderSchemaTest, NewerSchemaIsRefusedWithItsVersion) {
  std::string path = TempDb();
  { ASSERT_TRUE(Recorder::Open(path).ok()); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 7");
  }
  auto rec = Recorder::Open(path);
  ASSERT_FALSE(rec.ok());
  EXPECT_EQ(rec.status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(rec.status().message(), path + ": schema version 7 is newer than this kubeflight supports (3)");
  EXPECT_EQ(Reader::Open(path).status().message(), rec.status().message());
  EXPECT_EQ(Pragma(path, "user_version"), 7);  // untouched
}

TEST(RecorderSchemaTest, ForeignDatabaseIsRefused) {
  std::string path = TempDb("other.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE notes (x TEXT)");
  }
  auto rec = Recorder::Open(path);
  ASSERT_FALSE(rec.ok());
  EXPECT_EQ(rec.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(rec.status().message(), path + ": not a kubeflight recording (application_id 0x00000000)");
}

TEST(RecorderSchemaTest, NonDatabaseFileIsRefused) {
  std::string path = TempDb("garbage.db");
  std::ofstream(path) << "this is not an SQLite database, just some text long enough to be read as one";
  auto rec = Recorder::Open(path);
  ASSERT_FALSE(rec.ok());
  EXPECT_EQ(rec.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(rec.status().message(), path + ": file is not a database");
}

TEST(RecorderSchemaTest, ReaderNeedsAnExistingFile) {
  std::string path = TempDb("missing.db");
  auto reader = Reader::Open(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reader.status().message(), path + ": no such recording");
}

TEST(RecorderSchemaTest, OlderSchemaIsMigratedForwardKeepingData) {
  std::string path = TempDb();
  {
    auto db = OpenDatabase(path, OpenMode::kCreate, /*target_version=*/1);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ((*db)->execAndGet("PRAGMA user_version").getInt(), 1);
    EXPECT_FALSE((*db)->execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'runs_by_parent'").getInt());
    (*db)->exec(
        "INSERT INTO runs(id, ordinal, mode, scenario, scenario_hash, seed, agent, model, engine_version, "
        "started_at, started_wall, status) VALUES ('old', 1, 'live', 's', 'h', 1, 'builtin', '', '0.0.1', 5, 6, "
        "'passed')");
  }
  auto reader = Reader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(Pragma(path, "user_version"), SchemaVersion());
  auto run = reader->GetRun("old");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->info.mode, RunMode::kLive);
  EXPECT_EQ(run->outcome.status, RunStatus::kPassed);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'runs_by_parent'").getInt(), 1);
}

TEST(RecorderSchemaTest, EventsOfVersion2KeepTheirPayloadsInBlobs) {
  std::string path = TempDb();
  {
    auto db = OpenDatabase(path, OpenMode::kCreate, /*target_version=*/2);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    (*db)->exec(
        "INSERT INTO runs(id, ordinal, mode, scenario, scenario_hash, seed, agent, model, engine_version, "
        "started_at, started_wall, status) VALUES ('old', 1, 'simulated', 's', 'h', 1, 'builtin', '', '0.0.1', 5, "
        "6, 'passed');"
        "INSERT INTO blobs(hash, bytes) VALUES ('h1', CAST('{\"a\":1}' AS BLOB)), ('h2', CAST('{\"b\":2}' AS BLOB));"
        "INSERT INTO events(run_id, seq, step, type, phase, virtual_time, wall_time, payload_hash) VALUES "
        "('old', 2, 1, 'tool_result', 'INVESTIGATE', 8, 9, 'h2'), ('old', 1, 1, 'tool_call', 'INVESTIGATE', 7, 9, 'h1')");
  }
  auto reader = Reader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(Pragma(path, "user_version"), 3);
  auto events = reader->Events("old");
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].type, "tool_call");
  EXPECT_EQ((*events)[0].payload, Json({{"a", 1}}));
  EXPECT_EQ((*events)[1].payload, Json({{"b", 2}}));
  EXPECT_EQ((*events)[1].payload_hash, "h2");
  // New events append to the migrated table.
  auto rec = Recorder::Open(path);
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  auto run = rec->BeginRun(testing::SampleRunInfo());
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(rec->Append(*run, testing::SampleEvent(1)).ok());
  ASSERT_TRUE(rec->Close().ok());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM events").getInt(), 3);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM pragma_foreign_key_check").getInt(), 0);
}

}  // namespace
}  // namespace kf::recorder
