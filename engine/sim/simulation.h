// A simulated cluster played from a scenario on a virtual clock.
//
// Create() builds the initial objects, plays the scenario's history (e.g. the
// v2.14.0 rollout at T-20m) through the same controllers that run afterwards,
// and stops at the alert time T0. From there the caller (the loop, `scenario
// show --at`, `serve`) advances time and acts through cluster().
//
// Deterministic: the same scenario and seed give byte-identical state at
// every virtual instant. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/metrics/metrics_backend.h"
#include "engine/metrics/series_store.h"
#include "engine/tools/cluster_backend.h"

namespace kf {

struct Scenario;  // engine/scenario/scenario.h

class Simulation {
 public:
  virtual ~Simulation() = default;

  // seed overrides the scenario's seed when set.
  static Result<std::unique_ptr<Simulation>> Create(const Scenario& scenario,
                                                    std::optional<uint64_t> seed = std::nullopt);

  // The simulated API server. Its clock() is this simulation's clock:
  // clock().Sleep(d) runs the controllers, kubelet and metrics for d.
  virtual ClusterBackend& cluster() = 0;
  // PromQL over the simulated series, answering at any instant up to now.
  virtual MetricsBackend& metrics() = 0;
  virtual const SeriesStore& series() const = 0;
  virtual VirtualClock& clock() = 0;
  // The alert time T0 of the scenario.
  virtual UnixMillis alert_time() const = 0;
  // Advances the virtual clock to t (>= now), running the cluster.
  virtual void AdvanceTo(UnixMillis t) = 0;
  // Every stored object, canonical and ordered (kind, namespace, name), for
  // determinism checks.
  virtual Json DumpObjects() const = 0;
};

}  // namespace kf
