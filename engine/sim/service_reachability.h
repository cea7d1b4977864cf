// Whether a Service's traffic reaches a listening socket: an endpoint's port
// must be one its pod's containers listen on. Containers that declare no
// ports at all are taken to listen on whatever the Service targets (Kubernetes
// does not require ports to be declared). Internal to engine/sim.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/core/json.h"

namespace kf::sim {

// The ports of an Endpoints subset (subsets[i].ports[*].port).
std::vector<int64_t> SubsetPorts(const Json& subset);
// Whether some container of `pod` declares containerPort `port`, or no
// container declares any port.
bool PodListensOn(const Json& pod, int64_t port);
// The Endpoints ports of a pod for a Service's spec.ports: targetPort as a
// number (or the port when unset), a named targetPort resolved to the pod's
// containerPort of that name. nullopt when a named port is not in the pod
// (the Endpoints controller leaves such a pod out).
std::optional<Json> ResolveEndpointPorts(const Json& service_ports, const Json& pod);

}  // namespace kf::sim
