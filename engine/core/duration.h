// Durations as people and kubectl write them.
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/status.h"

namespace kf {

// Go-style durations: "5m", "1h30m", "10s", "250ms", "1.5h", "-20m", "0".
// Prometheus-style "1d", "1w", "1y" are accepted too.
Result<DurationMs> ParseDuration(const std::string& s);
// Shortest Go-style form: "1h30m", "5m", "10s", "250ms", "0s".
std::string FormatDuration(DurationMs d);

// kubectl's HumanDuration (k8s.io/apimachinery/pkg/util/duration), used for
// AGE columns and event intervals: "45s", "3m10s", "18m", "2h5m", "3d".
std::string HumanDuration(DurationMs d);
// Age of something created at `then`, seen at `now`: HumanDuration(now-then),
// "<unknown>" when then == 0.
std::string FormatAge(UnixMillis then, UnixMillis now);
// kubectl describe's event interval: "16m" for count <= 1, else
// "2m (x14 over 16m)" (age of last, count, age of first).
std::string FormatEventInterval(UnixMillis first, UnixMillis last, int count, UnixMillis now);

}  // namespace kf
