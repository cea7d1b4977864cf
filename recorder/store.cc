#include "recorder/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "engine/core/strings.h"
#include "recorder/redact.h"

namespace kf::recorder::store {

namespace {

constexpr const char* kRunColumns =
    "id, ordinal, mode, scenario, scenario_hash, seed, agent, model, engine_version, started_at, "
    "started_wall, ended_at, ended_wall, status, verdict, steps, tool_calls, tokens_in, tokens_out, "
    "cost_usd, parent_run_id, labels";

void BindNullable(SQLite::Statement& st, int index, int64_t value, bool present) {
  if (present) {
    st.bind(index, value);
  } else {
    st.bind(index);
  }
}

RunRecord ReadRun(SQLite::Statement& st) {
  RunRecord run;
  RunInfo& i = run.info;
  RunOutcome& o = run.outcome;
  i.id = st.getColumn(0).getString();
  run.ordinal = st.getColumn(1).getInt64();
  i.mode = ParseRunMode(st.getColumn(2).getString()).value_or(RunMode::kSimulated);
  i.scenario = st.getColumn(3).getString();
  i.scenario_hash = st.getColumn(4).getString();
  i.seed = static_cast<uint64_t>(st.getColumn(5).getInt64());
  i.agent = st.getColumn(6).getString();
  i.model = st.getColumn(7).getString();
  i.engine_version = st.getColumn(8).getString();
  i.started_at = st.getColumn(9).getInt64();
  i.started_wall = st.getColumn(10).getInt64();
  o.ended_at = st.getColumn(11).getInt64();  // NULL reads as 0
  o.ended_wall = st.getColumn(12).getInt64();
  o.status = ParseRunStatus(st.getColumn(13).getString()).value_or(RunStatus::kError);
  o.verdict = st.getColumn(14).getString();
  o.totals.steps = st.getColumn(15).getInt64();
  o.totals.tool_calls = st.getColumn(16).getInt64();
  o.totals.tokens_in = st.getColumn(17).getInt64();
  o.totals.tokens_out = st.getColumn(18).getInt64();
  o.totals.cost_usd = st.getColumn(19).getDouble();
  i.parent_run_id = st.getColumn(20).getString();
  i.labels = Json::parse(st.getColumn(21).getString());
  return run;
}

}  // namespace

Result<EventRow> MakeEventRow(std::string run_id, int64_t seq, RecordedEvent event) {
  if (event.type.empty()) return InvalidArgument(StrFormat("run %s seq %lld: event type is empty", run_id.c_str(), static_cast<long long>(seq)));
  RedactJson(&event.payload);
  EventRow row;
  if (!event.summary.is_null()) {
    RedactJson(&event.summary);
    row.summary = CanonicalJson(event.summary);
    if (row.summary.size() > kMaxSummaryBytes) {
      return InvalidArgument(StrFormat("run %s seq %lld: summary is %zu bytes (at most %zu; put detail in the payload)",
                                       run_id.c_str(), static_cast<long long>(seq), row.summary.size(),
                                       kMaxSummaryBytes));
    }
  }
  row.run_id = std::move(run_id);
  row.seq = seq;
  row.step = event.step;
  row.type = std::move(event.type);
  row.phase = std::move(event.phase);
  row.virtual_time = event.virtual_time;
  row.wall_time = event.wall_time;
  row.payload = CanonicalJson(event.payload);
  row.payload_hash = Sha256Hex(row.payload);
  return row;
}

EventWriter::EventWriter(SQLite::Database& db)
    : blob_(std::make_unique<SQLite::Statement>(db, "INSERT OR IGNORE INTO blobs(hash, bytes) VALUES (?, ?)")),
      event_(std::make_unique<SQLite::Statement>(
          db,
          "INSERT INTO events(run_id, seq, step, type, phase, virtual_time, wall_time, payload_hash, payload, "
          "summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {}

EventWriter::~EventWriter() = default;

void EventWriter::Insert(const EventRow& row) {
  const bool in_blob = row.payload.size() >= kBlobMinBytes;
  if (in_blob) {
    blob_->bindNoCopy(1, row.payload_hash);
    blob_->bindNoCopy(2, row.payload.data(), static_cast<int>(row.payload.size()));
    blob_->exec();
    blob_->reset();
  }
  event_->bindNoCopy(1, row.run_id);
  event_->bind(2, row.seq);
  event_->bind(3, row.step);
  event_->bindNoCopy(4, row.type);
  event_->bindNoCopy(5, row.phase);
  event_->bind(6, row.virtual_time);
  event_->bind(7, row.wall_time);
  event_->bindNoCopy(8, row.payload_hash);
  if (in_blob) {
    event_->bind(9);
  } else {
    event_->bindNoCopy(9, row.payload.data(), static_cast<int>(row.payload.size()));
  }
  if (row.summary.empty()) {
    event_->bind(10);
  } else {
    event_->bindNoCopy(10, row.summary);
  }
  event_->exec();
  event_->reset();
}

void EventWriter::Reset() {
  blob_->tryReset();
  event_->tryReset();
}

RunWriter::RunWriter(SQLite::Database& db)
    : next_ordinal_(std::make_unique<SQLite::Statement>(db, "SELECT coalesce(max(ordinal), 0) + 1 FROM runs")),
      exists_(std::make_unique<SQLite::Statement>(db, "SELECT 1 FROM runs WHERE id = ?")),
      insert_(std::make_unique<SQLite::Statement>(
          db, std::string("INSERT INTO runs(") + kRunColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      update_(std::make_unique<SQLite::Statement>(
          db,
          "UPDATE runs SET ended_at = ?, ended_wall = ?, status = ?, verdict = ?, steps = ?, "
          "tool_calls = ?, tokens_in = ?, tokens_out = ?, cost_usd = ? WHERE id = ?")) {}

RunWriter::~RunWriter() = default;

int64_t RunWriter::NextOrdinal() {
  next_ordinal_->executeStep();
  const int64_t next = next_ordinal_->getColumn(0).getInt64();
  next_ordinal_->reset();
  return next;
}

bool RunWriter::Exists(const std::string& id) {
  exists_->bind(1, id);
  const bool found = exists_->executeStep();
  exists_->reset();
  return found;
}

void RunWriter::Insert(const RunRecord& run) {
  SQLite::Statement& st = *insert_;
  const RunInfo& i = run.info;
  const RunOutcome& o = run.outcome;
  bool ended = o.status != RunStatus::kRunning;
  st.bind(1, i.id);
  st.bind(2, run.ordinal);
  st.bind(3, RunModeName(i.mode));
  st.bind(4, i.scenario);
  st.bind(5, i.scenario_hash);
  st.bind(6, static_cast<int64_t>(i.seed));
  st.bind(7, i.agent);
  st.bind(8, i.model);
  st.bind(9, i.engine_version);
  st.bind(10, i.started_at);
  st.bind(11, i.started_wall);
  BindNullable(st, 12, o.ended_at, ended);
  BindNullable(st, 13, o.ended_wall, ended);
  st.bind(14, RunStatusName(o.status));
  st.bind(15, o.verdict);
  st.bind(16, o.totals.steps);
  st.bind(17, o.totals.tool_calls);
  st.bind(18, o.totals.tokens_in);
  st.bind(19, o.totals.tokens_out);
  st.bind(20, o.totals.cost_usd);
  if (i.parent_run_id.empty()) {
    st.bind(21);
  } else {
    st.bind(21, i.parent_run_id);
  }
  st.bind(22, CanonicalJson(i.labels));
  st.exec();
  st.reset();
}

bool RunWriter::UpdateOutcome(const std::string& id, const RunOutcome& o) {
  SQLite::Statement& st = *update_;
  bool ended = o.status != RunStatus::kRunning;
  BindNullable(st, 1, o.ended_at, ended);
  BindNullable(st, 2, o.ended_wall, ended);
  st.bind(3, RunStatusName(o.status));
  st.bind(4, o.verdict);
  st.bind(5, o.totals.steps);
  st.bind(6, o.totals.tool_calls);
  st.bind(7, o.totals.tokens_in);
  st.bind(8, o.totals.tokens_out);
  st.bind(9, o.totals.cost_usd);
  st.bind(10, id);
  const bool updated = st.exec() == 1;
  st.reset();
  return updated;
}

void RunWriter::Reset() {
  for (auto* st : {&next_ordinal_, &exists_, &insert_, &update_}) (*st)->tryReset();
}

std::optional<RunRecord> LoadRun(SQLite::Database& db, const std::string& id) {
  SQLite::Statement st(db, std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  return ReadRun(st);
}

std::vector<RunRecord> LoadRuns(SQLite::Database& db) {
  SQLite::Statement st(db, std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY ordinal");
  std::vector<RunRecord> runs;
  while (st.executeStep()) runs.push_back(ReadRun(st));
  return runs;
}

Status ForEachEvent(SQLite::Database& db, const std::string& run_id,
                    const std::function<Status(StoredEvent&)>& fn) {
  SQLite::Statement st(db,
                       "SELECT e.seq, e.step, e.type, e.phase, e.virtual_time, e.wall_time, e.payload_hash, "
                       "e.summary, coalesce(e.payload, b.bytes) "
                       "FROM events e LEFT JOIN blobs b ON e.payload IS NULL AND b.hash = e.payload_hash "
                       "WHERE e.run_id = ? ORDER BY e.seq");
  st.bind(1, run_id);
  StoredEvent e;
  while (st.executeStep()) {
    e.run_id = run_id;  // every field is set on each row: fn may move e out
    e.seq = st.getColumn(0).getInt64();
    e.step = st.getColumn(1).getInt64();
    e.type = st.getColumn(2).getString();
    e.phase = st.getColumn(3).getString();
    e.virtual_time = st.getColumn(4).getInt64();
    e.wall_time = st.getColumn(5).getInt64();
    e.payload_hash = st.getColumn(6).getString();
    SQLite::Column summary = st.getColumn(7);
    e.summary = summary.isNull() ? Json() : Json::parse(summary.getString());
    SQLite::Column bytes = st.getColumn(8);
    const char* data = static_cast<const char*>(bytes.getBlob());
    if (bytes.isNull()) e.payload = Json::value_t::discarded;
    else e.payload = Json::parse(data, data + bytes.getBytes(), nullptr, /*allow_exceptions=*/false);
    if (e.payload.is_discarded()) {
      return FailedPrecondition(StrFormat("run %s seq %lld: payload %s is missing or not JSON", run_id.c_str(),
                                          static_cast<long long>(e.seq), e.payload_hash.c_str()));
    }
    KF_RETURN_IF_ERROR(fn(e));
  }
  return Status::Ok();
}

Status CheckGapless(SQLite::Database& db, const std::string& run_id) {
  SQLite::Statement st(db, "SELECT seq FROM events WHERE run_id = ? ORDER BY seq");
  st.bind(1, run_id);
  int64_t previous = 0;
  while (st.executeStep()) {
    int64_t seq = st.getColumn(0).getInt64();
    KF_RETURN_IF_ERROR(SeqFollows(run_id, previous, seq));
    previous = seq;
  }
  return Status::Ok();
}

Status SeqFollows(const std::string& run_id, int64_t previous, int64_t seq) {
  if (seq == previous + 1) return Status::Ok();
  return FailedPrecondition(StrFormat("run %s: seq %lld follows seq %lld", run_id.c_str(),
                                      static_cast<long long>(seq), static_cast<long long>(previous)));
}

}  // namespace kf::recorder::store
