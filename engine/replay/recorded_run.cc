#include "engine/replay/recorded_run.h"

namespace kf::replay {

Result<RecordedRun> LoadRecordedRun(const recorder::Reader& reader, const std::string& run_id) {
  RecordedRun r;
  if (run_id.empty()) {
    KF_ASSIGN_OR_RETURN(std::vector<recorder::RunRecord> runs, reader.ListRuns());
    if (runs.empty()) return NotFound(reader.path() + ": no runs");
    r.run = runs.back();
  } else {
    KF_ASSIGN_OR_RETURN(r.run, reader.GetRun(run_id));
  }
  KF_ASSIGN_OR_RETURN(r.events, reader.Events(r.run.info.id));  // checked gapless
  return r;
}

Result<RecordedRun> LoadRecordedRun(const std::string& db_path, const std::string& run_id) {
  KF_ASSIGN_OR_RETURN(recorder::Reader reader, recorder::Reader::Open(db_path));
  return LoadRecordedRun(reader, run_id);
}

}  // namespace kf::replay
