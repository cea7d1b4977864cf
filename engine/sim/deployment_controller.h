// The Deployment controller (pkg/controller/deployment, abridged):
//  - finds the ReplicaSet whose template equals the deployment's (ignoring
//    pod-template-hash), adopting orphans that match the selector;
//  - on a template change creates `<deployment>-<pod-template-hash>` (hash
//    pinned by the scenario, else computed), with revision max+1 and the
//    deployment's annotations (kubernetes.io/change-cause) carried over;
//  - a template equal to an old ReplicaSet (a rollback) reuses it and gives
//    it the next revision, recording the old one in revision-history;
//  - RollingUpdate with maxSurge/maxUnavailable (25% defaults) as
//    rolling.go does it (scale up the new RS within maxSurge; clean up
//    unhealthy old replicas, then scale old RSes down while availability
//    stays >= replicas - maxUnavailable); Recreate;
//  - status (replicas, updated, ready, available, unavailable,
//    observedGeneration, Available/Progressing conditions, progress
//    deadline) and ScalingReplicaSet events; old ReplicaSets beyond
//    revisionHistoryLimit are deleted once the rollout completes.
// Internal to engine/sim.
#pragma once

#include <string>
#include <vector>

#include "engine/sim/sim_world.h"

namespace kf::sim {

class DeploymentController {
 public:
  explicit DeploymentController(SimWorld* world) : w_(world) {}

  // Reconciles one Deployment. Returns when it wants to be synced again
  // (progress deadline), or 0.
  UnixMillis Sync(const std::string& ns, const std::string& name);

 private:
  struct View;  // the deployment and its ReplicaSets, as read at sync start
  std::vector<Json> OwnedReplicaSets(const Json& d);
  Json* EnsureNewReplicaSet(View& v);
  void ScaleReplicaSet(View& v, Json& rs, int64_t replicas);
  void RolloutRolling(View& v, Json* new_rs);
  void RolloutRecreate(View& v, Json* new_rs);
  void ReconcileOldReplicaSets(View& v, Json* new_rs);
  void CleanupOldReplicaSets(View& v);
  UnixMillis SyncStatus(View& v, Json* new_rs, bool created);

  SimWorld* w_;
};

}  // namespace kf::sim
