// The ReplicaSet controller: keeps spec.replicas active pods, creating
// `<replicaset>-<5 chars>` pods from the template (names pinned by the
// scenario, else drawn from the seeded RNG) and deleting surplus pods in
// the order the real controller ranks them (unassigned, pending, not ready,
// more restarts, newer first); keeps status (replicas, readyReplicas,
// availableReplicas, fullyLabeledReplicas, observedGeneration). Emits
// SuccessfulCreate / SuccessfulDelete. Internal to engine/sim.
#pragma once

#include <string>
#include <vector>

#include "engine/sim/sim_world.h"

namespace kf::sim {

class ReplicaSetController {
 public:
  explicit ReplicaSetController(SimWorld* world) : w_(world) {}

  // Reconciles one ReplicaSet. Returns the earliest time a resync is needed
  // (minReadySeconds pending), or 0.
  UnixMillis Sync(const std::string& ns, const std::string& name);

  // Active (not terminal) pods the ReplicaSet controls, ordered by name.
  std::vector<const Json*> ActivePods(const Json& rs) const;

 private:
  void CreatePods(const Json& rs, int64_t count);
  void DeletePods(const Json& rs, std::vector<const Json*> pods, int64_t count);
  Json NewPod(const Json& rs, const std::string& name) const;

  SimWorld* w_;
};

}  // namespace kf::sim
