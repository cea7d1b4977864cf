// The flags that point a command at a real Prometheus (live mode). Each
// completes from the environment in NewPrometheusClient
// (engine/metrics/prometheus_client.h): --prometheus-url
// (KUBEFLIGHT_PROMETHEUS_URL), --prometheus-token (_TOKEN; prefer the
// environment, a flag shows in `ps`), --prometheus-user, --prometheus-password,
// --prometheus-ca-file, --prometheus-insecure.
#pragma once

#include "engine/metrics/prometheus_client.h"

namespace CLI {
class App;
}

namespace kf::cli {

// Adds the flags to `cmd`, writing into *config (which must outlive parsing).
void AddPrometheusFlags(CLI::App& cmd, PrometheusConfig* config);

}  // namespace kf::cli
