// The scale subresource (autoscaling/v1 Scale) and metrics.k8s.io node
// metrics, derived from the objects of a ClusterBackend.
#pragma once

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/tools/cluster_backend.h"

namespace kf::serve {

// The Scale of a Deployment, ReplicaSet or StatefulSet: its name, namespace,
// uid, resourceVersion and creationTimestamp, spec.replicas, and
// status.replicas with the selector as text ("app=payment-service").
Json ScaleOf(const Json& object);

// The merge patch {"spec":{"replicas":N}} that applies `scale` (a Scale the
// client sent) to `object`. Conflict (the API server's text) when the
// Scale's metadata.resourceVersion is set and is not the object's;
// BadRequest when spec.replicas is not an integer.
Result<Json> ReplicasPatch(const Json& object, const Json& scale);

// metrics.k8s.io/v1beta1 NodeMetricsList: per node, the usage of the pods
// scheduled on it (what metrics-server last scraped), ordered by name.
Result<Json> NodeMetrics(ClusterBackend* backend);

}  // namespace kf::serve
