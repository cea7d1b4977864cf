// Durations as people and kubectl write them.
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/status.h"

namespace kf {

// Go-style durations: "5m", "1h30m", "10s", "250ms", "1.5h", "-20m", "0".
// Prometheus-style "1d", "1w", "1y" are accepted too. Sub-millisecond parts
// are truncated. Errors (InvalidArgument) use Go's texts:
// `time: invalid duration "x"`, `time: missing unit in duration "5"`,
// `time: unknown unit "x" in duration "5x"`.
Result<DurationMs> ParseDuration(const std::string& s);
// Shortest Go-style form: "1h30m", "5m", "10s", "250ms", "1.5s", "0s"; hours
// are not folded into days ("48h"). ParseDuration(FormatDuration(d)) == d.
std::string FormatDuration(DurationMs d);

// kubectl's HumanDuration (k8s.io/apimachinery/pkg/util/duration), used for
// AGE columns and event intervals: "45s", "3m10s", "18m", "125m", "3h5m",
// "3d"; "0s" for up to 1s in the future, "<invalid>" beyond.
std::string HumanDuration(DurationMs d);
// Age of something created at `then`, seen at `now`: HumanDuration(now-then),
// "<unknown>" when then == 0.
std::string FormatAge(UnixMillis then, UnixMillis now);
// kubectl describe's event interval: "16m" for count <= 1 (age of first,
// or of last when first is 0), else "2m (x14 over 16m)" (age of last,
// count, age of first).
std::string FormatEventInterval(UnixMillis first, UnixMillis last, int count, UnixMillis now);

}  // namespace kf
