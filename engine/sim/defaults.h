// API-server defaulting and validation of the kinds the simulator runs
// (SetDefaults_* and ValidateX of kubernetes/pkg/apis, abridged to the
// fields kubectl and the controllers read). Internal to engine/sim.
#pragma once

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf::sim {

// Fills defaults in place: Deployment (replicas 1, RollingUpdate 25%/25%,
// revisionHistoryLimit 10, progressDeadlineSeconds 600, pod template
// defaults), ReplicaSet, Pod spec and container defaults, Namespace status,
// Node status (capacity, allocatable, conditions, nodeInfo), Service.
void ApplyDefaults(Json* obj, UnixMillis now);

// Validates an object about to be stored; `old` is the stored version for
// updates (null for creates). Errors use the API server's Invalid text:
//   Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1: ...
Status ValidateObject(const Json& obj, const Json* old);

// The QoS class of a pod spec: "Guaranteed", "Burstable" or "BestEffort".
std::string QosClass(const Json& pod_spec);

}  // namespace kf::sim
