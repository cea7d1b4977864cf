// The default scheduler, abridged: binds each unassigned pod to the Ready,
// schedulable node with room for its requests (and a matching nodeSelector,
// and no NoSchedule taint it does not tolerate) that has the most free
// resources; ties go to the node that sorts first. Emits Scheduled, or
// FailedScheduling with the scheduler's "0/N nodes are available: ..." text
// and PodScheduled=False/Unschedulable. Internal to engine/sim.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/sim/sim_world.h"

namespace kf::sim {

class Scheduler {
 public:
  explicit Scheduler(SimWorld* world) : w_(world) {}

  // Tries to bind every pending (unassigned) pod; returns how many bound.
  int ScheduleAll();
  void Enqueue(const std::string& pod_key) { pending_.insert(pod_key); }
  bool HasPending() const { return !pending_.empty(); }
  // Moves pods that did not fit back to the queue (on cluster changes and
  // periodically, as the scheduler's unschedulable queue is flushed).
  void RetryUnschedulable();
  // Keeps the per-node requested resources current (called for every pod
  // change, including deletes).
  void OnPodChange(const Json& pod, bool deleted);

 private:
  struct Usage {
    int64_t cpu = 0;  // millicores requested
    int64_t mem = 0;  // bytes requested
    int64_t pods = 0;
  };
  // A node as one scheduling batch sees it (nodes do not change while a
  // batch binds pods; used_ does, and is read through `used`).
  struct NodeInfo {
    const Json* node;
    std::string name;
    int64_t cpu, mem, pods;
    bool not_ready;      // NotReady and not (yet) tainted for it
    bool unschedulable;  // spec.unschedulable (cordoned)
    const Json* taints;  // spec.taints, nullptr when none
    const Usage* used;
  };
  static Usage PodRequests(const Json& pod);
  // Binds the pod or records why it cannot be bound.
  bool ScheduleOne(const Json& pod, const std::vector<NodeInfo>& nodes);

  SimWorld* w_;
  std::set<std::string> pending_;        // "ns/name"
  std::set<std::string> unschedulable_;  // failed, waiting for a retry
  std::map<std::string, std::pair<std::string, Usage>> bound_;  // pod → (node, requests)
  std::map<std::string, Usage> used_;                           // node → sum
};

}  // namespace kf::sim
