#include "engine/sim/node_lifecycle_controller.h"

#include <algorithm>
#include <vector>

#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

constexpr char kNotReadyTaint[] = "node.kubernetes.io/not-ready";
constexpr char kNodeController[] = "node-controller";
constexpr char kTaintEvictionController[] = "taint-eviction-controller";

// Pods bound to `node`, as (namespace, name, uid), in store order.
struct PodRef {
  std::string ns, name, uid;
};
std::vector<PodRef> PodsOn(const SimWorld& w, const std::string& node) {
  std::vector<PodRef> out;
  for (const Json* p : w.store.List("Pod")) {
    if (StrAt(*p, "spec.nodeName") == node) out.push_back({NamespaceOf(*p), NameOf(*p), UidOf(*p)});
  }
  return out;
}

}  // namespace

int64_t NoExecuteTolerationSeconds(const Json& pod, const std::string& key) {
  const Json* tols = JsonAtPath(pod, "spec.tolerations");
  if (tols == nullptr || !tols->is_array()) return 0;
  bool tolerated = false;
  int64_t shortest = -1;  // getMinTolerationTime: the shortest bounded one wins; none bounded: forever
  for (const Json& t : *tols) {
    const std::string effect = JsonString(t, "effect");
    if (!effect.empty() && effect != "NoExecute") continue;
    const std::string tkey = JsonString(t, "key");
    const std::string op = JsonString(t, "operator", "Equal");
    if (!(tkey.empty() && op == "Exists") && tkey != key) continue;
    if (op != "Exists" && !JsonString(t, "value").empty()) continue;  // the taints carry no value
    tolerated = true;
    const Json* secs = JsonAtPath(t, "tolerationSeconds");
    if (secs == nullptr || !secs->is_number_integer()) continue;
    const int64_t s = std::max<int64_t>(secs->get<int64_t>(), 0);
    if (s == 0) return 0;  // at once
    if (shortest < 0 || s < shortest) shortest = s;
  }
  return tolerated ? shortest : 0;
}

void AddDefaultTolerations(Json* pod_spec) {
  Json& tols = (*pod_spec)["tolerations"];
  if (!tols.is_array()) tols = Json::array();
  for (const char* key : {kNotReadyTaint, NodeLifecycleController::kUnreachableTaint}) {
    bool tolerated = false;
    for (const Json& t : tols) {
      const std::string tkey = JsonString(t, "key"), effect = JsonString(t, "effect");
      if ((tkey == key || tkey.empty()) && (effect == "NoExecute" || effect.empty())) tolerated = true;
    }
    if (!tolerated) {
      tols.push_back({{"key", key}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}});
    }
  }
}

void NodeLifecycleController::Monitor() {
  const UnixMillis now = w_->clock.Now();
  for (const auto& [node, stopped_at] : w_->stopped_kubelets) {
    if (unknown_.count(node) || now - stopped_at < kGracePeriod) continue;
    if (w_->store.Get("Node", "", node) == nullptr) continue;
    unknown_.insert(node);
    MarkNodeUnknown(node, stopped_at);
    MarkPodsNotReady(node);
    EvictPods(node, now);
  }
}

void NodeLifecycleController::MarkNodeUnknown(const std::string& node_name, UnixMillis last_post) {
  Json n = *w_->store.Get("Node", "", node_name);
  const std::string now = FormatRfc3339(w_->clock.Now());
  const std::string last_heartbeat = FormatRfc3339(last_post);
  Json& conds = n["status"]["conditions"];
  if (!conds.is_array()) conds = Json::array();
  for (Json& c : conds) {
    c["status"] = "Unknown";
    c["reason"] = "NodeStatusUnknown";
    c["message"] = "Kubelet stopped posting node status.";
    c["lastTransitionTime"] = now;
    c["lastHeartbeatTime"] = last_heartbeat;
  }
  Json taints = Json::array();
  if (const Json* old = JsonAtPath(n, "spec.taints"); old != nullptr && old->is_array()) {
    for (const Json& t : *old) {
      if (JsonString(t, "key") != kUnreachableTaint && JsonString(t, "key") != kNotReadyTaint) taints.push_back(t);
    }
  }
  taints.push_back({{"key", kUnreachableTaint}, {"effect", "NoSchedule"}, {"timeAdded", now}});
  taints.push_back({{"key", kUnreachableTaint}, {"effect", "NoExecute"}, {"timeAdded", now}});
  n["spec"]["taints"] = taints;
  (void)w_->store.Update(n);
  if (const Json* fresh = w_->store.Get("Node", "", node_name)) {
    w_->events.Record(*fresh, "Normal", "NodeNotReady", "Node " + node_name + " status is now: NodeNotReady",
                      EventSource{kNodeController, ""});
  }
}

void NodeLifecycleController::MarkPodsNotReady(const std::string& node) {
  const std::string now = FormatRfc3339(w_->clock.Now());
  for (const PodRef& ref : PodsOn(*w_, node)) {
    const Json* stored = w_->store.Get("Pod", ref.ns, ref.name);
    if (stored == nullptr || IsPodTerminal(*stored)) continue;
    Json pod = *stored;
    if (!pod.contains("status") || !pod["status"].contains("conditions")) continue;
    Json& conds = pod["status"]["conditions"];
    if (!conds.is_array()) continue;
    bool changed = false;
    for (Json& c : conds) {
      if (JsonString(c, "type") != "Ready" || JsonString(c, "status") == "False") continue;
      c["status"] = "False";
      c["lastTransitionTime"] = now;
      changed = true;
    }
    if (!changed) continue;
    (void)w_->store.Update(pod);
    if (const Json* fresh = w_->store.Get("Pod", ref.ns, ref.name)) {
      w_->events.Record(*fresh, "Warning", "NodeNotReady", "Node is not ready", EventSource{kNodeController, ""});
    }
  }
}

void NodeLifecycleController::EvictPods(const std::string& node, UnixMillis taint_added) {
  for (const PodRef& ref : PodsOn(*w_, node)) {
    const Json* pod = w_->store.Get("Pod", ref.ns, ref.name);
    if (pod == nullptr || IsPodTerminal(*pod)) continue;
    const int64_t secs = NoExecuteTolerationSeconds(*pod, kUnreachableTaint);
    if (secs < 0) continue;  // tolerates it forever
    w_->clock.Schedule(taint_added + secs * 1000, [this, ref] { MarkForDeletion(ref.ns, ref.name, ref.uid); });
  }
}

void NodeLifecycleController::MarkForDeletion(const std::string& ns, const std::string& name, const std::string& uid) {
  const Json* stored = w_->store.Get("Pod", ns, name);
  if (stored == nullptr || UidOf(*stored) != uid || JsonAtPath(*stored, "metadata.deletionTimestamp") != nullptr) return;
  const UnixMillis now = w_->clock.Now();
  Json pod = *stored;
  Json& conds = pod["status"]["conditions"];
  if (!conds.is_array()) conds = Json::array();
  conds.push_back({{"type", "DisruptionTarget"},
                   {"status", "True"},
                   {"lastProbeTime", nullptr},
                   {"lastTransitionTime", FormatRfc3339(now)},
                   {"reason", "DeletionByTaintManager"},
                   {"message", "Taint manager: deleting due to NoExecute taint"}});
  const int64_t grace = IntAt(pod, "spec.terminationGracePeriodSeconds", 30);
  pod["metadata"]["deletionTimestamp"] = FormatRfc3339(now + grace * 1000);
  pod["metadata"]["deletionGracePeriodSeconds"] = grace;
  w_->events.Record(pod, "Normal", "TaintManagerEviction", "Marking for deletion Pod " + ns + "/" + name,
                    EventSource{kTaintEvictionController, ""});
  (void)w_->store.Update(pod);
}

}  // namespace kf::sim
