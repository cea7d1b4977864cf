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
  EXPECT_EQ(SchemaVersion(), 2);
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
  EXPECT_EQ(rec.status().message(), path + ": schema version 7 is newer than this kubeflight supports (2)");
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
  EXPECT_EQ(Pragma(path, "user_version"), 2);
  auto run = reader->GetRun("old");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->info.mode, RunMode::kLive);
  EXPECT_EQ(run->outcome.status, RunStatus::kPassed);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'runs_by_parent'").getInt(), 1);
}

}  // namespace
}  // namespace kf::recorder
