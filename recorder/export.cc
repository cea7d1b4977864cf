#include "recorder/export.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <functional>
#include <optional>

#include "engine/core/strings.h"
#include "recorder/import.h"
#include "recorder/schema.h"
#include "recorder/sqlite_status.h"

namespace kf::recorder {

namespace {

using RunSink = std::function<Status(RunRecord run, std::vector<StoredEvent> events, int line)>;

// Reads an export line by line and hands each run, with its events, to sink.
class ExportParser {
 public:
  ExportParser(std::istream& in, std::string source) : in_(in), source_(std::move(source)) {}

  Status Parse(const RunSink& sink) {
    std::string text;
    while (std::getline(in_, text)) {
      ++line_;
      if (Trim(text).empty()) continue;
      if (ended_) return Error("data after the end line");
      Result<Json> j = ParseJson(text);
      if (!j.ok()) return Error(j.status().message());
      if (!j->is_object()) return Error("expected a JSON object");
      KF_RETURN_IF_ERROR(header_seen_ ? Record(*j, sink) : Header(*j));
    }
    if (!header_seen_) return InvalidArgument(source_ + ": empty: not a kubeflight recording export");
    if (!ended_) return InvalidArgument(StrFormat("%s: truncated: no end line after line %d", source_.c_str(), line_));
    return Status::Ok();
  }

 private:
  Status Error(const std::string& message) const {
    return InvalidArgument(StrFormat("%s:%d: %s", source_.c_str(), line_, message.c_str()));
  }

  Status Header(const Json& j) {
    if (JsonString(j, "format") != kExportFormat) {
      return Error("not a kubeflight recording export (format \"" + JsonString(j, "format") + "\")");
    }
    int64_t version = JsonInt(j, "version", 0);
    if (version > kExportVersion) {
      return Unimplemented(StrFormat("%s:%d: export format version %lld is newer than this kubeflight supports (%d)",
                                     source_.c_str(), line_, static_cast<long long>(version), kExportVersion));
    }
    if (version < 1) return Error("export format version missing or not a positive integer");
    header_seen_ = true;
    return Status::Ok();
  }

  Status Record(const Json& j, const RunSink& sink) {
    if (j.size() != 1) return Error("expected one of {\"run\":…}, {\"event\":…}, {\"end\":…}");
    if (auto it = j.find("run"); it != j.end()) {
      KF_RETURN_IF_ERROR(Flush(sink));
      Result<RunRecord> run = RunFromJson(*it);
      if (!run.ok()) return Error(run.status().message());
      run_ = std::move(run).value();
      run_line_ = line_;
    } else if (auto it = j.find("event"); it != j.end()) {
      if (!run_) return Error("event before any run");
      Result<StoredEvent> event = EventFromJson(*it);
      if (!event.ok()) return Error(event.status().message());
      events_.push_back(std::move(event).value());
    } else if (auto it = j.find("end"); it != j.end()) {
      KF_RETURN_IF_ERROR(Flush(sink));
      int64_t events = JsonInt(*it, "events", -1), runs = JsonInt(*it, "runs", -1);
      if (events != total_events_ || runs != total_runs_) {
        return Error(StrFormat("end line counts %lld events in %lld runs; the file has %lld in %lld",
                               static_cast<long long>(events), static_cast<long long>(runs),
                               static_cast<long long>(total_events_), static_cast<long long>(total_runs_)));
      }
      ended_ = true;
    } else {
      return Error("expected one of {\"run\":…}, {\"event\":…}, {\"end\":…}");
    }
    return Status::Ok();
  }

  Status Flush(const RunSink& sink) {
    if (!run_) return Status::Ok();
    ++total_runs_;
    total_events_ += static_cast<int64_t>(events_.size());
    Status status = sink(*std::move(run_), std::move(events_), run_line_);
    run_.reset();
    events_.clear();
    if (status.ok()) return status;
    return status.WithPrefix(StrFormat("%s:%d", source_.c_str(), run_line_));
  }

  std::istream& in_;
  std::string source_;
  int line_ = 0;
  bool header_seen_ = false;
  bool ended_ = false;
  std::optional<RunRecord> run_;
  int run_line_ = 0;
  std::vector<StoredEvent> events_;
  int64_t total_runs_ = 0;
  int64_t total_events_ = 0;
};

void WriteLine(std::ostream& out, const Json& j) { out << CanonicalJson(j) << '\n'; }

}  // namespace

Status ExportRuns(const Reader& reader, const std::vector<std::string>& run_ids, std::ostream& out) {
  std::vector<RunRecord> runs;
  if (run_ids.empty()) {
    KF_ASSIGN_OR_RETURN(runs, reader.ListRuns());
  }
  for (const std::string& id : run_ids) {
    KF_ASSIGN_OR_RETURN(RunRecord run, reader.GetRun(id));
    runs.push_back(std::move(run));
  }
  WriteLine(out, Json{{"format", std::string(kExportFormat)}, {"version", kExportVersion}});
  int64_t events = 0;
  for (const RunRecord& run : runs) {
    WriteLine(out, Json{{"run", RunToJson(run)}});
    KF_RETURN_IF_ERROR(reader.ForEachEvent(run.info.id, [&](const StoredEvent& e) {
      WriteLine(out, Json{{"event", EventToJson(e)}});
      ++events;
      return Status::Ok();
    }));
  }
  WriteLine(out, Json{{"end", {{"events", events}, {"runs", static_cast<int64_t>(runs.size())}}}});
  out.flush();
  return out ? Status::Ok() : Unavailable(reader.path() + ": export: write failed");
}

Result<ImportStats> ImportRuns(const std::string& db_path, std::istream& in, const std::string& source) {
  KF_ASSIGN_OR_RETURN(auto db, OpenDatabase(db_path, OpenMode::kCreate));
  ImportStats stats;
  KF_RETURN_IF_ERROR(Guard(db_path, [&]() -> Status {
    SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
    ExportParser parser(in, source);
    KF_RETURN_IF_ERROR(parser.Parse([&](RunRecord run, std::vector<StoredEvent> events, int) {
      return ImportRun(*db, db_path, std::move(run), events, &stats);
    }));
    tx.commit();
    return Status::Ok();
  }));
  return stats;
}

Status MergeDatabases(const std::string& dst, const std::vector<std::string>& srcs, ImportStats* stats_out) {
  KF_ASSIGN_OR_RETURN(auto db, OpenDatabase(dst, OpenMode::kCreate));
  ImportStats stats;
  KF_RETURN_IF_ERROR(Guard(dst, [&]() -> Status {
    SQLite::Transaction tx(*db, SQLite::TransactionBehavior::IMMEDIATE);
    for (const std::string& src : srcs) {
      KF_ASSIGN_OR_RETURN(Reader reader, Reader::Open(src));
      KF_ASSIGN_OR_RETURN(std::vector<RunRecord> runs, reader.ListRuns());
      for (RunRecord& run : runs) {
        KF_ASSIGN_OR_RETURN(std::vector<StoredEvent> events, reader.Events(run.info.id));
        Status status = ImportRun(*db, dst, std::move(run), events, &stats);
        if (!status.ok()) return status.WithPrefix(src);
      }
    }
    tx.commit();
    return Status::Ok();
  }));
  if (stats_out) *stats_out = stats;
  return Status::Ok();
}

}  // namespace kf::recorder
