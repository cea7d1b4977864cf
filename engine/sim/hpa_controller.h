// The horizontal-pod-autoscaler controller (autoscaling/v2) for Deployment
// targets and CPU utilization metrics, as kube-controller-manager runs it
// every 15s (--horizontal-pod-autoscaler-sync-period):
//   utilization = sum(cpu usage) / sum(cpu requests) of the Ready pods, as
//     metrics-server last reported them;
//   desired = ceil(ready pods × utilization / target), unchanged within the
//     0.1 tolerance; Pods not Ready count as 0% when scaling up;
//   bounded by the default behaviour (up: max(+100%, +4 pods) per period;
//     down: the highest recommendation of the last 5 minutes) and by
//     [minReplicas, maxReplicas].
// It writes status.currentReplicas/desiredReplicas/currentMetrics/
// lastScaleTime and the conditions AbleToScale, ScalingActive and
// ScalingLimited with the real reasons and messages, scales the target
// through its spec.replicas and records SuccessfulRescale events
// ("New size: 6; reason: cpu resource utilization (percentage of request)
// above target"). Other metric types are ignored. Internal to engine/sim.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/sim/metrics_emitter.h"
#include "engine/sim/sim_world.h"
#include "engine/tools/cluster_backend.h"

namespace kf::sim {

class HpaController {
 public:
  static constexpr DurationMs kSyncPeriod = 15000;

  // All pointers must outlive the controller; scales go through backend.
  HpaController(SimWorld* world, const MetricsEmitter* metrics, ClusterBackend* backend)
      : w_(world), metrics_(metrics), backend_(backend) {}

  // One sync of every HorizontalPodAutoscaler at the clock's current time.
  void SyncAll();

 private:
  struct Recommendation {
    UnixMillis at = 0;
    int64_t replicas = 0;
  };
  void Sync(const Json& hpa);

  SimWorld* w_;
  const MetricsEmitter* metrics_;
  ClusterBackend* backend_;
  std::map<std::string, std::vector<Recommendation>> recommendations_;  // by "ns/name"
};

}  // namespace kf::sim
