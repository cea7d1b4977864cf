// Node-pressure eviction for memory: the kubelet's eviction manager
// (hard threshold memory.available<100Mi, checked every 10s) together with
// the node status it reports and the taint the node lifecycle controller
// derives from it (TaintNodesByCondition).
//
// memory.available of a node = capacity - system usage - the working sets
// of its running containers, where the system (kube-reserved,
// system-reserved) uses capacity - allocatable - 100Mi: the threshold is
// met when the pods' working sets exceed the node's allocatable memory.
// While it is met the node reports MemoryPressure True
// (KubeletHasInsufficientMemory), carries the taint
// node.kubernetes.io/memory-pressure:NoSchedule, records a Warning
// EvictionThresholdMet "Attempting to reclaim memory" and evicts one pod per
// check, ranked as the kubelet ranks them: pods whose usage exceeds their
// request first, then lower priority (the value of the PriorityClass named
// by spec.priorityClassName, else spec.priority), then the larger usage
// above request; critical pods (priority >= 2000000000) are never evicted.
// The condition (and the taint) clear 5 minutes after the threshold was
// last met (--eviction-pressure-transition-period). Internal to engine/sim.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/sim/kubelet.h"
#include "engine/sim/sim_world.h"

namespace kf::sim {

class EvictionManager {
 public:
  static constexpr DurationMs kMonitorInterval = 10000;
  static constexpr int64_t kMemoryThreshold = int64_t{100} << 20;  // 100Mi
  static constexpr DurationMs kPressureTransition = 5 * 60 * 1000;

  // Both must outlive the manager.
  EvictionManager(SimWorld* world, Kubelet* kubelet) : w_(world), kubelet_(kubelet) {}

  // One check of every node at the clock's current time.
  void Synchronize();

 private:
  // The kubelet's pods bound to one node, in the kubelet's (key) order, and
  // a ceiling on their running containers' working sets at t:
  // base + per_ms * t - weighted_starts (the sum of MemoryCeilingOf over
  // them, valid while the kubelet's runs_version() holds).
  struct NodeGroup {
    std::vector<const PodRuntime*> pods;
    double base = 0, per_ms = 0, weighted_starts = 0;
    double CeilingAt(UnixMillis t) const { return base + per_ms * static_cast<double>(t) - weighted_starts; }
  };
  // What SyncNode reads of a Node object, kept while the object's
  // resourceVersion stands (a check every 10s would otherwise parse the same
  // quantities and walk the same conditions of every node).
  struct NodeFacts {
    std::string resource_version;
    int64_t capacity = 0, allocatable = 0;
    bool ready = true, pressure = false;
  };
  const NodeFacts& FactsOf(const Json& node);
  void SyncNode(const Json& node, const NodeGroup& group);
  // Regroups the kubelet's pods and recomputes the ceilings when the
  // kubelet's pods_version()/runs_version() moved.
  void RefreshGroups();
  // Writes the MemoryPressure condition and the taint; events on change.
  void SetPressure(const std::string& node, bool pressure);
  int64_t PriorityOf(const Json& pod) const;

  SimWorld* w_;
  Kubelet* kubelet_;
  std::map<std::string, UnixMillis> last_met_;  // node → when the threshold was last met
  std::map<std::string, NodeFacts> facts_;      // node name → its facts (nodes listed last check)
  // The kubelet's pods grouped by node as of kubelet pods_version()
  // grouped_at_ (pods never change node), their ceilings as of
  // runs_version() ceilings_at_.
  std::map<std::string, NodeGroup> by_node_;
  uint64_t grouped_at_ = UINT64_MAX;
  uint64_t ceilings_at_ = UINT64_MAX;
};

}  // namespace kf::sim
