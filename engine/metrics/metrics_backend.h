// The MetricsBackend seam: PromQL instant and range queries. Implemented by
// the simulator's PromQL engine (engine/metrics/promql) and by a Prometheus
// HTTP client (engine/metrics/prometheus_client.h).
//
// Results use the shape of Prometheus's HTTP API "data" member:
//   {"resultType":"vector","result":[{"metric":{...},"value":[1712345678.5,"0.135"]}]}
//   {"resultType":"matrix","result":[{"metric":{...},"values":[[t,"v"],...]}]}
//   {"resultType":"scalar","result":[t,"v"]}
//   {"resultType":"string","result":[t,"s"]}
// Timestamps are float seconds; values are strings formatted as Prometheus
// does (strconv.FormatFloat(v, 'f', -1, 64), "NaN", "+Inf", "-Inf").
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

class MetricsBackend {
 public:
  virtual ~MetricsBackend() = default;
  // Parse errors are InvalidArgument naming the position and what was
  // expected; unsupported features are Unimplemented, never a wrong number.
  virtual Result<Json> Query(const std::string& promql, UnixMillis at) = 0;
  virtual Result<Json> QueryRange(const std::string& promql, UnixMillis start, UnixMillis end,
                                  DurationMs step) = 0;
};

}  // namespace kf
