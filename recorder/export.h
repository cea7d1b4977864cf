// Export and import of recordings as JSON Lines, and merging recordings.
//
// Format, version 1 (docs/recording.md, "Export format"): one canonical JSON
// value per line,
//   {"format":"kubeflight-recording","version":1}
//   {"run":{...}}          a run (RunToJson), followed by its events
//   {"event":{...}}        EventToJson, in seq order
//   ...                    more runs, each followed by its events
//   {"end":{"events":N,"runs":M}}
// Exporting the same runs always gives the same bytes.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "recorder/reader.h"

namespace kf::recorder {

inline constexpr std::string_view kExportFormat = "kubeflight-recording";
inline constexpr int kExportVersion = 1;

// Writes the given runs (every run, in file order, when run_ids is empty).
// NotFound for an unknown id.
Status ExportRuns(const Reader& reader, const std::vector<std::string>& run_ids, std::ostream& out);

struct ImportStats {
  int64_t runs_added = 0;
  int64_t runs_identical = 0;  // already present with the same content: skipped
  int64_t events_added = 0;
};

// Imports every run of an export into the recording at db_path (created when
// missing), all or nothing, in one transaction. Run ids are kept; imported
// runs go to the end of the file's run order. A run already present with
// identical content is skipped; with other content it fails with Conflict.
// Payloads are checked against their payload_hash (when given) and redacted
// again. Errors name the source and line: "run.jsonl:1: export format
// version 2 is newer than this kubeflight supports (1)".
Result<ImportStats> ImportRuns(const std::string& db_path, std::istream& in, const std::string& source);

// Imports every run of each source recording, in order, into dst (created
// when missing), all or nothing, with ImportRuns' rules for existing runs.
Status MergeDatabases(const std::string& dst, const std::vector<std::string>& srcs,
                      ImportStats* stats = nullptr);

}  // namespace kf::recorder
