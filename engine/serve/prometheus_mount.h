// Prometheus's HTTP API over the served scenario's simulated series, under
// a path prefix of `kubeflight serve` (default "/prometheus"): point
// Grafana, promtool or an agent's Prometheus client at
// http://127.0.0.1:PORT/prometheus and query /api/v1/query, query_range,
// series, labels, label/NAME/values and status/buildinfo as on a real
// Prometheus 2.42 (engine/metrics/prometheus_api.h). Queries default to the
// served cluster's current virtual time.
#pragma once

#include <string>

namespace kf::serve {

class Server;

inline constexpr const char* kPrometheusPrefix = "/prometheus";

// Mounts the API on `server` under `prefix` (no trailing slash). The
// handler reads the series under the server's mutex (WithSimulation).
void MountPrometheusApi(Server* server, const std::string& prefix = kPrometheusPrefix);

}  // namespace kf::serve
