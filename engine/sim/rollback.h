// `kubectl rollout undo`, done as kubectl does it, client-side, against any
// ClusterBackend: find the deployment's ReplicaSet with the wanted revision
// (0 = the one before the current), then JSON-patch the deployment's
// template with that ReplicaSet's (without pod-template-hash) and its
// annotations with the ReplicaSet's (keeping the deployment's own
// controller-managed keys). The deployment controller then reuses that
// ReplicaSet and gives it the next revision.
#pragma once

#include <cstdint>
#include <string>

#include "engine/tools/cluster_backend.h"

namespace kf {

// The JSON patch kubectl would send, or kubectl's errors:
//   unable to find specified revision 9 in history
//   no rollout history found for deployment "x"
//   skipped rollback (current template already matches revision 3)  [kAlreadyExists]
Result<Json> BuildRollbackPatch(ClusterBackend& cluster, const std::string& ns,
                                const std::string& name, int64_t to_revision);

// BuildRollbackPatch, then the PATCH. Returns the patched deployment.
Result<Json> RolloutUndo(ClusterBackend& cluster, const std::string& ns, const std::string& name,
                         int64_t to_revision, bool dry_run = false);

}  // namespace kf
