// Exports a SeriesStore as OpenMetrics text with explicit timestamps, the
// input of `promtool tsdb create-blocks-from openmetrics` (Prometheus's
// backfill), so the same samples can be loaded into a real Prometheus.
//
// Format: metric families are not interleaved and end with "# EOF".
// Families named *_total are counters (TYPE without the suffix); *_bucket
// series with an `le` label plus the matching *_sum and *_count form a
// histogram family whose points are written per timestamp (buckets in `le`
// order, then _count and _sum); every other family is a gauge. Within a
// series, points are in time order. Timestamps are seconds; values print as
// the shortest decimal that round-trips (NaN, +Inf, -Inf).
//
// Staleness markers cannot be written in OpenMetrics: they are left out, so
// after a backfill Prometheus keeps answering a series that ended for the
// 5m lookback. ExportedSeries() is the store exactly as the export writes
// it, for comparing with what a Prometheus loaded from the file answers.
#pragma once

#include <ostream>
#include <string>

#include "engine/core/clock.h"
#include "engine/metrics/series_store.h"

namespace kf {

struct ExportWindow {
  UnixMillis from = 0;  // inclusive
  UnixMillis to = 0;    // inclusive
  // 0: every sample. Otherwise each series keeps, per interval
  // [from + k*step, from + (k+1)*step), only its first sample.
  DurationMs step = 0;
};

// The samples of `store` the export writes: those within the window, thinned
// by step, without staleness markers; series without such samples are left out.
SeriesStore ExportedSeries(const SeriesStore& store, const ExportWindow& window);

// Writes ExportedSeries(store, window) as OpenMetrics text.
void WriteOpenMetrics(const SeriesStore& store, const ExportWindow& window, std::ostream& out);

// A timestamp in OpenMetrics seconds: "1773153600" or, with milliseconds,
// "1773153600.0151": the trailing 1 (0.1ms) keeps a parser that multiplies
// by 1000 and truncates on the right millisecond.
std::string OpenMetricsTimestamp(UnixMillis t);

}  // namespace kf
