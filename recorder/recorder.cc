#include "recorder/recorder.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <climits>
#include <functional>
#include <map>
#include <vector>

#include "engine/core/strings.h"
#include "recorder/redact.h"
#include "recorder/schema.h"
#include "recorder/sqlite_status.h"
#include "recorder/store.h"

namespace kf::recorder {

namespace {

struct OpenRun {
  int64_t next_seq = 1;
  int64_t last_step = INT64_MIN;
};

bool ValidRunId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string DeriveRunId(const RunInfo& info, int64_t ordinal) {
  RunRecord record;
  record.info = info;
  Json basis = {{"info", RunToJson(record)}, {"ordinal", ordinal}};
  return "r" + Sha256Hex(CanonicalJson(basis)).substr(0, 16);
}

}  // namespace

struct Recorder::Impl {
  std::string path;
  // Declared first so it is destroyed after the statements that use it.
  std::unique_ptr<SQLite::Database> db;
  std::unique_ptr<SQLite::Statement> begin;
  std::unique_ptr<SQLite::Statement> commit;
  std::unique_ptr<store::EventWriter> writer;
  std::unique_ptr<store::RunWriter> run_writer;
  std::map<std::string, OpenRun> runs;
  std::vector<store::EventRow> pending;

  Status CheckOpen() const {
    return db ? Status::Ok() : FailedPrecondition(path + ": recorder is closed");
  }

  // Runs body in one write transaction; rolls back when it fails or throws.
  Status Write(const std::string& context, const std::function<Status()>& body) {
    try {
      begin->exec();
      begin->reset();
      Status status = body();
      if (!status.ok()) {
        Rollback();
        return status;
      }
      commit->exec();
      commit->reset();
      return Status::Ok();
    } catch (const std::exception& e) {
      Rollback();
      return StatusFromException(e, path + ": " + context);
    }
  }

  void Rollback() {
    begin->tryReset();
    commit->tryReset();
    writer->Reset();
    run_writer->Reset();
    if (sqlite3_get_autocommit(db->getHandle()) == 0) {
      try {
        db->exec("ROLLBACK");
      } catch (const std::exception&) {
        // The transaction is already gone (SQLite rolled it back itself).
      }
    }
  }

  void WritePending() {
    for (const store::EventRow& row : pending) writer->Insert(row);
  }
};

Recorder::Recorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Recorder::Recorder(Recorder&&) noexcept = default;
Recorder& Recorder::operator=(Recorder&&) noexcept = default;

Recorder::~Recorder() {
  if (impl_ && impl_->db) (void)Close();
}

Result<Recorder> Recorder::Open(const std::string& path) {
  KF_ASSIGN_OR_RETURN(auto db, OpenDatabase(path, OpenMode::kCreate));
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  Status prepared = Guard(path, [&]() -> Status {
    impl->begin = std::make_unique<SQLite::Statement>(*db, "BEGIN IMMEDIATE");
    impl->commit = std::make_unique<SQLite::Statement>(*db, "COMMIT");
    impl->writer = std::make_unique<store::EventWriter>(*db);
    impl->run_writer = std::make_unique<store::RunWriter>(*db);
    return Status::Ok();
  });
  KF_RETURN_IF_ERROR(prepared);
  impl->db = std::move(db);
  return Recorder(std::move(impl));
}

const std::string& Recorder::path() const { return impl_->path; }

Result<std::string> Recorder::BeginRun(const RunInfo& info) {
  KF_RETURN_IF_ERROR(impl_->CheckOpen());
  if (!info.id.empty() && !ValidRunId(info.id)) {
    return InvalidArgument("run id \"" + info.id + "\": expected 1-128 characters of [A-Za-z0-9._:-]");
  }
  if (!info.labels.is_object() && !info.labels.is_null()) {
    return InvalidArgument("run labels: expected a JSON object");
  }
  KF_RETURN_IF_ERROR(CommitStep());
  RunRecord run;
  run.info = info;
  if (run.info.labels.is_null()) run.info.labels = Json::object();
  RedactJson(&run.info.labels);
  Status written = impl_->Write("begin run", [&]() -> Status {
    store::RunWriter& runs = *impl_->run_writer;
    run.ordinal = runs.NextOrdinal();
    if (run.info.id.empty()) run.info.id = DeriveRunId(info, run.ordinal);
    if (runs.Exists(run.info.id)) {
      return AlreadyExists(impl_->path + ": run " + run.info.id + " already exists");
    }
    runs.Insert(run);
    return Status::Ok();
  });
  KF_RETURN_IF_ERROR(written);
  impl_->runs[run.info.id] = OpenRun{};
  return run.info.id;
}

Status Recorder::Append(const std::string& run_id, RecordedEvent event) {
  KF_RETURN_IF_ERROR(impl_->CheckOpen());
  auto it = impl_->runs.find(run_id);
  if (it == impl_->runs.end()) {
    return FailedPrecondition(impl_->path + ": run " + run_id + " is not open in this recorder");
  }
  OpenRun& run = it->second;
  if (event.step < run.last_step) {
    return InvalidArgument(StrFormat("run %s: event step %lld after step %lld", run_id.c_str(),
                                     static_cast<long long>(event.step), static_cast<long long>(run.last_step)));
  }
  const auto& pending = impl_->pending;
  if (!pending.empty() && (pending.back().run_id != run_id || pending.back().step != event.step)) {
    KF_RETURN_IF_ERROR(CommitStep());
  }
  int64_t step = event.step;
  KF_ASSIGN_OR_RETURN(store::EventRow row, store::MakeEventRow(run_id, run.next_seq, std::move(event)));
  impl_->pending.push_back(std::move(row));
  ++run.next_seq;
  run.last_step = step;
  return Status::Ok();
}

Status Recorder::CommitStep() {
  KF_RETURN_IF_ERROR(impl_->CheckOpen());
  if (impl_->pending.empty()) return Status::Ok();
  KF_RETURN_IF_ERROR(impl_->Write("commit step", [&]() -> Status {
    impl_->WritePending();
    return Status::Ok();
  }));
  impl_->pending.clear();
  return Status::Ok();
}

Status Recorder::EndRun(const std::string& run_id, const RunOutcome& outcome) {
  KF_RETURN_IF_ERROR(impl_->CheckOpen());
  if (!impl_->runs.count(run_id)) {
    return FailedPrecondition(impl_->path + ": run " + run_id + " is not open in this recorder");
  }
  if (outcome.status == RunStatus::kRunning) {
    return InvalidArgument("run " + run_id + ": EndRun needs a final status, not running");
  }
  RunOutcome redacted = outcome;
  RedactText(&redacted.verdict);
  KF_RETURN_IF_ERROR(impl_->Write("end run", [&]() -> Status {
    impl_->WritePending();
    if (!impl_->run_writer->UpdateOutcome(run_id, redacted)) {
      return Internal(impl_->path + ": run " + run_id + " vanished from the file");
    }
    return Status::Ok();
  }));
  impl_->pending.clear();
  impl_->runs.erase(run_id);
  return Status::Ok();
}

Status Recorder::Close() {
  KF_RETURN_IF_ERROR(impl_->CheckOpen());
  Status status = CommitStep();
  impl_->writer.reset();
  impl_->run_writer.reset();
  impl_->commit.reset();
  impl_->begin.reset();
  impl_->db.reset();
  impl_->runs.clear();
  return status;
}

}  // namespace kf::recorder
