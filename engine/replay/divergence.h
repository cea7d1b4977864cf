// Comparing what a replay does with what was recorded, and saying where and
// how they differ (as Temporal reports non-determinism: the position, what
// history holds and what the code asked for).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/agent/run_event.h"
#include "engine/core/json.h"

namespace kf::replay {

// The comparable form of a recorded payload or a replayed event: redacted
// (recorder::Redacted, as the file holds it) and with volatile fields
// removed, at any depth: "latency_ms", "duration_ms", "wall_time",
// "request_id", "created", "system_fingerprint", and "id" inside a
// "model_exchange" response (provider ids such as chatcmpl-…).
Json Comparable(const std::string& type, const Json& payload);
// The same for a payload read from a recording, which was redacted when it
// was written (redaction is idempotent): only the volatile fields go.
Json ComparableRecorded(const std::string& type, Json payload);
// Whether two comparable payloads are the same: structurally equal, or equal
// as canonical JSON (numbers spelled differently, NaN).
bool SamePayload(const Json& recorded, const Json& replayed);

// Whether a recorded payload and a replayed event's payload are equal once
// volatile fields are ignored (as Comparable removes them), structurally and
// without copying either: the fast path. False does not mean a divergence
// (redaction or number spelling may differ): compare the Comparable forms.
bool EqualIgnoringVolatile(const std::string& type, const Json& recorded, const Json& replayed);
// The same for a replayed event, without copying a tool result into JSON.
bool EqualIgnoringVolatile(const Json& recorded, const agent::RunEvent& replayed);
// The same for a tool result whose structured result is compared by other
// means (replay_session.h): everything but "structured". False for other
// events.
bool EqualIgnoringVolatileExceptStructured(const Json& recorded, const agent::RunEvent& replayed);

// One line per differing leaf, "path: recorded X, replayed Y", in document
// order (sorted keys), at most `limit` lines plus "… N more". Strings longer
// than 120 characters are shortened; "<absent>" marks a missing field.
std::vector<std::string> DiffJson(const Json& recorded, const Json& replayed, size_t limit = 20);

// Where a replay stopped matching its recording.
struct Divergence {
  int64_t seq = 0;    // the event position (1-based)
  int64_t step = 0;   // the loop step
  std::string phase;  // "INVESTIGATE", ...
  std::string recorded_type;  // "" when the recording has no event there
  std::string replayed_type;  // "" when the replay produced none
  Json recorded;  // comparable payloads; null when absent
  Json replayed;
  std::string note;  // extra context, e.g. "the recording ends here"

  // A readable report:
  //   replay diverged at step 7 (INVESTIGATE), event 15:
  //     recorded: tool_call kubernetes.get_pod_logs {"namespace":"production",...}
  //     replayed: tool_call kubernetes.get_pod_logs {"namespace":"production",...}
  //     differences:
  //       call.args.tail: recorded 50, replayed 100
  std::string Render() const;
};

// A tool answer of the simulator that differs from the recorded one
// (--tools=simulate).
struct Drift {
  int64_t seq = 0;  // the recorded tool_result event
  int64_t step = 0;
  std::string tool;
  std::vector<std::string> differences;  // DiffJson of the results
  std::string Render() const;
};

}  // namespace kf::replay
