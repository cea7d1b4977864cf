// Internal to recorder/: rows of the recording tables, shared by the writer,
// the reader and import. Every function here may throw SQLite::Exception or
// nlohmann::json exceptions; the public classes wrap calls in Guard().
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "recorder/types.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace kf::recorder::store {

// An event ready to write: redacted, canonical, hashed.
struct EventRow {
  std::string run_id;
  int64_t seq = 0;
  int64_t step = 0;
  std::string type;
  std::string phase;
  int64_t virtual_time = 0;
  int64_t wall_time = 0;
  std::string payload_hash;
  std::string payload;  // CanonicalJson of the redacted payload
  std::string summary;  // CanonicalJson of the redacted summary; "" for none
};

// Redacts the event, serialises it canonically and hashes the payload.
// InvalidArgument when the type is empty or the summary exceeds
// kMaxSummaryBytes.
Result<EventRow> MakeEventRow(std::string run_id, int64_t seq, RecordedEvent event);

// Payloads of at least this many bytes (one page) are stored once per
// distinct content in blobs; smaller ones in their event row.
inline constexpr size_t kBlobMinBytes = 4096;

// Prepared inserts for events and their payload blobs, reused across calls.
// A large payload's blob is written once per distinct hash. Call inside a
// transaction.
class EventWriter {
 public:
  explicit EventWriter(SQLite::Database& db);
  ~EventWriter();
  void Insert(const EventRow& row);
  // Rewinds both statements after a failed Insert.
  void Reset();

 private:
  std::unique_ptr<SQLite::Statement> blob_;
  std::unique_ptr<SQLite::Statement> event_;
};

// Prepared statements for run rows, reused across runs (a recorder writes a
// run row when a run begins and when it ends). Call inside a transaction.
class RunWriter {
 public:
  explicit RunWriter(SQLite::Database& db);
  ~RunWriter();
  int64_t NextOrdinal();
  bool Exists(const std::string& id);
  // REQUIRES: run.ordinal set and run.info.id not yet stored.
  void Insert(const RunRecord& run);
  // Returns false when no run has that id.
  bool UpdateOutcome(const std::string& id, const RunOutcome& outcome);
  // Rewinds every statement after a failure.
  void Reset();

 private:
  std::unique_ptr<SQLite::Statement> next_ordinal_;
  std::unique_ptr<SQLite::Statement> exists_;
  std::unique_ptr<SQLite::Statement> insert_;
  std::unique_ptr<SQLite::Statement> update_;
};

std::optional<RunRecord> LoadRun(SQLite::Database& db, const std::string& id);
std::vector<RunRecord> LoadRuns(SQLite::Database& db);  // by ordinal

// Calls fn with each event of the run in seq order, payload resolved; stops
// at and returns fn's first error. FailedPrecondition when a payload blob is
// missing or unreadable.
Status ForEachEvent(SQLite::Database& db, const std::string& run_id,
                    const std::function<Status(StoredEvent&)>& fn);

// OK when the run's seqs are exactly 1..n; otherwise FailedPrecondition
// naming the first gap: "run r1: seq 5 follows seq 3".
Status CheckGapless(SQLite::Database& db, const std::string& run_id);
// The check behind it, for one seq after `previous` (0 before the first).
Status SeqFollows(const std::string& run_id, int64_t previous, int64_t seq);

}  // namespace kf::recorder::store
