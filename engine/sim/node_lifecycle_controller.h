// The node lifecycle controller and the taint eviction controller of
// kube-controller-manager, for nodes whose kubelet stopped (history
// stop_kubelet; SimWorld::stopped_kubelets).
//
// Node monitor (every kMonitorPeriod): once a stopped kubelet's last status
// is older than kGracePeriod (--node-monitor-grace-period 40s), every node
// condition becomes Unknown (reason NodeStatusUnknown, "Kubelet stopped
// posting node status."; lastHeartbeatTime kept), the node is tainted
// node.kubernetes.io/unreachable NoSchedule and NoExecute (timeAdded), a
// Normal NodeNotReady "Node NAME status is now: NodeNotReady" event from
// node-controller is recorded, and MarkPodsNotReady sets the Ready condition
// of every pod on the node False with a Warning NodeNotReady "Node is not
// ready" event on each pod. Container statuses keep what the kubelet last
// reported.
//
// Taint eviction (NoExecute): a pod on the node that does not tolerate the
// taint is deleted at once; one that tolerates it for tolerationSeconds
// (DefaultTolerationSeconds: 300) at timeAdded + tolerationSeconds; one that
// tolerates it forever stays. Deleting adds the DisruptionTarget condition
// (DeletionByTaintManager), records a Normal TaintManagerEviction "Marking
// for deletion Pod NS/NAME" event from taint-eviction-controller and sets
// metadata.deletionTimestamp (now + the pod's terminationGracePeriodSeconds)
// and deletionGracePeriodSeconds. No kubelet confirms the deletion, so the
// pod object stays (Terminating) until someone force-deletes it; the
// ReplicaSet controller no longer counts it and creates a replacement.
// Internal to engine/sim. Not thread-safe.
#pragma once

#include <set>
#include <string>

#include "engine/sim/sim_world.h"

namespace kf::sim {

class NodeLifecycleController {
 public:
  static constexpr DurationMs kMonitorPeriod = 5000;  // --node-monitor-period
  static constexpr DurationMs kGracePeriod = 40000;   // --node-monitor-grace-period
  static constexpr char kUnreachableTaint[] = "node.kubernetes.io/unreachable";

  // world must outlive the controller.
  explicit NodeLifecycleController(SimWorld* world) : w_(world) {}

  // One pass of the node monitor at the clock's current time.
  void Monitor();

 private:
  // Conditions Unknown (last heartbeat: `last_post`, when the kubelet stopped) and the unreachable taints.
  void MarkNodeUnknown(const std::string& node, UnixMillis last_post);
  void MarkPodsNotReady(const std::string& node);
  // Schedules the taint eviction of every pod on the node.
  void EvictPods(const std::string& node, UnixMillis taint_added);
  void MarkForDeletion(const std::string& ns, const std::string& name, const std::string& uid);

  SimWorld* w_;
  std::set<std::string> unknown_;  // nodes already marked Unknown
};

// How long `pod` tolerates a NoExecute taint `key` (no value), in seconds,
// as the taint manager computes it: the shortest tolerationSeconds among
// the matching tolerations; -1 (forever) when none of them is bounded; 0
// (evict at once) when none matches or one says 0.
int64_t NoExecuteTolerationSeconds(const Json& pod, const std::string& key);

// The DefaultTolerationSeconds admission plugin: adds the tolerations of
// node.kubernetes.io/not-ready and /unreachable (NoExecute, 300s) to a pod
// spec that does not already tolerate them.
void AddDefaultTolerations(Json* pod_spec);

}  // namespace kf::sim
