// A deployment's ReplicaSets as kubectl's deployment util sees them
// (k8s.io/kubectl/pkg/util/deployment): only those controlled by the
// deployment (an ownerReference with controller=true and the deployment's
// uid), sorted by creationTimestamp then name.
#pragma once

#include <vector>

#include "engine/core/json.h"

namespace kf::render {

struct RolloutReplicaSets {
  std::vector<const Json*> all;       // controlled, oldest first
  const Json* new_set = nullptr;      // template equals the deployment's (ignoring pod-template-hash)
  std::vector<const Json*> old_sets;  // all but new_set (by uid)
};

// The pointers point into replicaset_list, which must outlive the result.
RolloutReplicaSets ClassifyReplicaSets(const Json& deployment, const Json& replicaset_list);

}  // namespace kf::render
