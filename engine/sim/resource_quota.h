// ResourceQuota, as the API server's quota admission plugin and the
// resource-quota controller enforce and report it. Internal to engine/sim.
//
// Tracked resources (the keys of spec.hard this model counts; others are
// copied to status.hard and left out of status.used):
//   pods; requests.cpu (alias cpu); requests.memory (alias memory);
//   limits.cpu; limits.memory.
// Usage is the sum over the namespace's non-terminal pods (Succeeded and
// Failed pods do not count), read from the store when asked, so admission
// never lags behind the controller.
#pragma once

#include <string>

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/sim/sim_world.h"

namespace kf::sim {

// Quota admission of a pod create (the ReplicaSet controller's and the API
// server's Create): PermissionDenied (403 Forbidden) with the
// API server's text when the pod would push any quota of its namespace past
// spec.hard, e.g.
//   pods "web-7d4b9c7f5d-" is forbidden: exceeded quota: compute,
//   requested: requests.memory=1Gi, used: requests.memory=3Gi,
//   limited: requests.memory=3584Mi
// The pod is named by metadata.name, else generateName (admission runs
// before a generated name exists). Only the exceeded resources are listed,
// sorted by name. Ok when every quota has room (or there is none).
Status AdmitPodQuota(const SimWorld& w, const Json& pod);

// Rewrites status.hard and status.used of every ResourceQuota in ns from the
// pods now stored (the resource-quota controller's sync); writes only what
// changed.
void SyncQuotaStatus(SimWorld* w, const std::string& ns);

}  // namespace kf::sim
