// The ReplicaSet controller: keeps spec.replicas active pods, creating
// `<replicaset>-<5 chars>` pods from the template (names pinned by the
// scenario, else drawn from the seeded RNG) and deleting surplus pods in
// the order the real controller ranks them (unassigned, pending, not ready,
// more restarts, newer first); keeps status (replicas, readyReplicas,
// availableReplicas, fullyLabeledReplicas, observedGeneration). Emits
// SuccessfulCreate / SuccessfulDelete. A create that quota admission forbids
// (resource_quota.h) stops the batch, emits Warning FailedCreate "Error
// creating: <API error>", sets the ReplicaFailure/FailedCreate condition
// (removed once a sync needs no failing create) and is retried with the
// workqueue's per-item back-off (5ms doubling, at most 1000s). Internal to
// engine/sim.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/sim/sim_world.h"

namespace kf::sim {

class ReplicaSetController {
 public:
  explicit ReplicaSetController(SimWorld* world) : w_(world) {}

  // Reconciles one ReplicaSet. Returns the earliest time a resync is needed
  // (minReadySeconds pending, a failed create to retry), or 0.
  UnixMillis Sync(const std::string& ns, const std::string& name);

  // Active (not terminal) pods the ReplicaSet controls, ordered by name.
  std::vector<const Json*> ActivePods(const Json& rs) const;

 private:
  // Returns the API error of the create that failed, "" when all succeeded.
  std::string CreatePods(const Json& rs, int64_t count);
  void DeletePods(const Json& rs, std::vector<const Json*> pods, int64_t count);
  // A pod of rs without metadata: the template's spec and the status the
  // API server's defaulting and admission give it, the same for every pod
  // of rs (built once per CreatePods).
  Json PodPrototype(const Json& rs) const;
  // A new pod of rs named `name`; proto is PodPrototype(rs).
  Json NewPod(const Json& rs, const std::string& name, const Json& proto) const;

  SimWorld* w_;
  std::map<std::string, int> create_failures_;  // "ns/name" → consecutive failed syncs
};

}  // namespace kf::sim
