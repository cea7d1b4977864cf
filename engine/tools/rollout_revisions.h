// A deployment's revisions as kubectl computes them client-side
// (kubectl/pkg/polymorphichelpers/history.go, rollback.go): the ReplicaSets
// listed by the deployment's selector and controlled by it
// (ownerReferences[controller=true].uid == deployment uid), each numbered by
// its deployment.kubernetes.io/revision annotation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/tools/cluster_backend.h"

namespace kf {

struct DeploymentRevision {
  int64_t revision = 0;
  Json replicaset;  // the ReplicaSet object
};

// A ReplicaSetList of the ReplicaSets the deployment controls, in the
// backend's order.
Result<Json> ListOwnedReplicaSets(ClusterBackend& cluster, const Json& deployment);

// The controlled ReplicaSets that carry a revision, ascending by revision.
Result<std::vector<DeploymentRevision>> ListRevisions(ClusterBackend& cluster,
                                                      const Json& deployment);

// The object's deployment.kubernetes.io/revision annotation; 0 when absent
// or malformed.
int64_t RevisionOf(const Json& object);

// A pod template without the pod-template-hash label and without a null
// metadata.creationTimestamp: the form kubectl compares and restores.
Json TemplateWithoutHash(const Json& pod_template);

// Semantic equality of two pod templates, ignoring pod-template-hash.
bool TemplatesEqual(const Json& a, const Json& b);

}  // namespace kf
