// The PromQL engine as a MetricsBackend over an in-memory SeriesStore: what
// the simulator answers PromQL with. Semantics follow Prometheus v2.42
// (the version Debian 12 ships): 5m lookback, staleness markers, the @
// modifier, subqueries, and the result shapes of the HTTP API.
#pragma once

#include <memory>

#include "engine/metrics/metrics_backend.h"
#include "engine/metrics/series_store.h"

namespace kf {

struct PromqlOptions {
  DurationMs lookback_delta = 5 * 60 * 1000;
  // Range queries with (end - start) / step above this fail with
  // InvalidArgument, as Prometheus's 11,000-point limit does.
  int64_t max_points_per_series = 11000;
};

class PromqlEngine final : public MetricsBackend {
 public:
  // `store` must outlive the engine; it may grow between queries.
  explicit PromqlEngine(const SeriesStore* store, PromqlOptions options = {});
  ~PromqlEngine() override;

  Result<Json> Query(const std::string& promql, UnixMillis at) override;
  Result<Json> QueryRange(const std::string& promql, UnixMillis start, UnixMillis end,
                          DurationMs step) override;

 private:
  const SeriesStore* store_;
  PromqlOptions options_;
};

}  // namespace kf
