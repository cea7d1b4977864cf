// Named verification checks, each computed from a tool's structured result
// and citing the step it came from. The builtin agent uses them; the
// verdict is their conjunction (the loop recomputes it).
#pragma once

#include <optional>
#include <string>

#include "engine/agent/facts.h"
#include "engine/agent/transcript.h"

namespace kf::agent {

// "pods-ready": every pod of the workload Running and Ready, none
// terminating, and no container restarted after `since` (the fix).
Check PodsReadyCheck(const Located<std::vector<PodFact>>& pods, UnixMillis since);
// "no-oom-events": no OOM events (reason OOMKilling/OOMKilled or "exceeded
// memory limit") last seen after `since`, and no pod whose last
// termination after `since` was OOMKilled.
Check NoOomEventsCheck(const JsonRead& oom_events, const Located<std::vector<PodFact>>& pods,
                       UnixMillis since);
// "memory-utilisation": the highest pod's memory below `max_fraction` of
// `limit_bytes` (the limit now in the spec). FAIL when no usage was read.
Check MemoryUtilisationCheck(const Located<std::vector<PodUsage>>& usage, int64_t limit_bytes,
                             double max_fraction = 0.85);
// "rollout-complete": observedGeneration caught up and every replica updated
// and available.
Check RolloutCompleteCheck(const JsonRead& deployment);
// "latency-p99": p99 at most 1.5x the pre-incident baseline (when known),
// else at most half of the incident's p99. FAIL when there is no data.
Check LatencyCheck(const Located<double>& now, std::optional<double> incident,
                   std::optional<double> baseline);

}  // namespace kf::agent
