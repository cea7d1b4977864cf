#include "recorder/reader.h"

#include <SQLiteCpp/Database.h>

#include "recorder/schema.h"
#include "recorder/sqlite_status.h"
#include "recorder/store.h"

namespace kf::recorder {

struct Reader::Impl {
  std::string path;
  std::unique_ptr<SQLite::Database> db;
};

Reader::Reader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;
Reader::~Reader() = default;

Result<Reader> Reader::Open(const std::string& path) {
  KF_ASSIGN_OR_RETURN(auto db, OpenDatabase(path, OpenMode::kExisting));
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->db = std::move(db);
  return Reader(std::move(impl));
}

const std::string& Reader::path() const { return impl_->path; }

Result<std::vector<RunRecord>> Reader::ListRuns() const {
  return Guard(impl_->path, [&]() -> Result<std::vector<RunRecord>> { return store::LoadRuns(*impl_->db); });
}

Result<RunRecord> Reader::GetRun(const std::string& run_id) const {
  return Guard(impl_->path, [&]() -> Result<RunRecord> {
    std::optional<RunRecord> run = store::LoadRun(*impl_->db, run_id);
    if (!run) return NotFound(impl_->path + ": no run " + run_id);
    return *std::move(run);
  });
}

Status Reader::ForEachEvent(const std::string& run_id,
                            const std::function<Status(const StoredEvent&)>& fn) const {
  return Guard(impl_->path, [&]() -> Status {
    return store::ForEachEvent(*impl_->db, run_id, [&](StoredEvent& e) { return fn(e); });
  });
}

Result<std::vector<StoredEvent>> Reader::Events(const std::string& run_id) const {
  std::vector<StoredEvent> events;
  KF_RETURN_IF_ERROR(Guard(impl_->path, [&]() -> Status {
    return store::ForEachEvent(*impl_->db, run_id, [&](StoredEvent& e) -> Status {
      const int64_t previous = events.empty() ? 0 : events.back().seq;
      KF_RETURN_IF_ERROR(store::SeqFollows(run_id, previous, e.seq));
      events.push_back(std::move(e));  // the store refills every field of e for the next row
      return Status::Ok();
    });
  }));
  return events;
}

Status Reader::CheckGapless(const std::string& run_id) const {
  return Guard(impl_->path, [&]() -> Status { return store::CheckGapless(*impl_->db, run_id); });
}

}  // namespace kf::recorder
