#include "recorder/import.h"

#include <SQLiteCpp/Database.h>

#include "engine/core/strings.h"
#include "recorder/redact.h"
#include "recorder/store.h"

namespace kf::recorder {

namespace {

long long LL(int64_t v) { return static_cast<long long>(v); }

bool SameEvent(const StoredEvent& e, const store::EventRow& row) {
  std::string summary = e.summary.is_null() ? "" : CanonicalJson(e.summary);
  return e.seq == row.seq && e.step == row.step && e.type == row.type && e.phase == row.phase &&
         e.virtual_time == row.virtual_time && e.wall_time == row.wall_time &&
         e.payload_hash == row.payload_hash && summary == row.summary;
}

// OK when db's copy of the run equals the incoming one; Conflict naming the
// first difference otherwise.
Status CompareExisting(SQLite::Database& db, const std::string& db_path, const RunRecord& existing,
                       const RunRecord& incoming, const std::vector<store::EventRow>& rows) {
  std::string prefix = db_path + ": run " + incoming.info.id + " already exists with different ";
  if (RunToJson(existing) != RunToJson(incoming)) return Conflict(prefix + "metadata");
  size_t i = 0;
  KF_RETURN_IF_ERROR(store::ForEachEvent(db, incoming.info.id, [&](StoredEvent& e) -> Status {
    if (i >= rows.size() || !SameEvent(e, rows[i])) return Conflict(prefix + StrFormat("event seq %lld", LL(e.seq)));
    ++i;
    return Status::Ok();
  }));
  if (i != rows.size()) {
    return Conflict(prefix + StrFormat("events (%zu here, %zu imported)", i, rows.size()));
  }
  return Status::Ok();
}

}  // namespace

Status ImportRun(SQLite::Database& db, const std::string& db_path, RunRecord run,
                 const std::vector<StoredEvent>& events, ImportStats* stats) {
  const std::string id = run.info.id;
  if (id.empty()) return InvalidArgument("run without an id");
  std::vector<store::EventRow> rows;
  rows.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const StoredEvent& e = events[i];
    if (e.run_id != id) {
      return InvalidArgument(StrFormat("run %s: event seq %lld belongs to run %s", id.c_str(), LL(e.seq), e.run_id.c_str()));
    }
    if (e.seq != static_cast<int64_t>(i) + 1) {
      return InvalidArgument(StrFormat("run %s: seq %lld follows seq %zu", id.c_str(), LL(e.seq), i));
    }
    if (!e.payload_hash.empty() && e.payload_hash != Sha256Hex(CanonicalJson(e.payload))) {
      return InvalidArgument(StrFormat("run %s seq %lld: payload_hash does not match the payload", id.c_str(), LL(e.seq)));
    }
    RecordedEvent recorded{e.type, e.phase, e.step, e.virtual_time, e.wall_time, e.payload, e.summary};
    KF_ASSIGN_OR_RETURN(store::EventRow row, store::MakeEventRow(id, e.seq, std::move(recorded)));
    rows.push_back(std::move(row));
  }
  if (run.info.labels.is_null()) run.info.labels = Json::object();
  RedactJson(&run.info.labels);
  RedactText(&run.outcome.verdict);
  if (std::optional<RunRecord> existing = store::LoadRun(db, id)) {
    KF_RETURN_IF_ERROR(CompareExisting(db, db_path, *existing, run, rows));
    ++stats->runs_identical;
    return Status::Ok();
  }
  store::RunWriter runs(db);
  run.ordinal = runs.NextOrdinal();
  runs.Insert(run);
  store::EventWriter writer(db);
  for (const store::EventRow& row : rows) writer.Insert(row);
  ++stats->runs_added;
  stats->events_added += static_cast<int64_t>(rows.size());
  return Status::Ok();
}

}  // namespace kf::recorder
