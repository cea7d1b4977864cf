#include "engine/sim/eviction_manager.h"

#include <algorithm>
#include <vector>

#include "engine/core/quantity.h"
#include "engine/core/strings.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

constexpr int64_t kCriticalPriority = 2000000000;
constexpr int64_t kPage = 4096;
constexpr char kTaintKey[] = "node.kubernetes.io/memory-pressure";

bool NodeReady(const Json& node) {
  const Json* conds = JsonAtPath(node, "status.conditions");
  if (conds == nullptr || !conds->is_array()) return true;
  for (const Json& c : *conds) {
    if (JsonString(c, "type") == "Ready") return JsonString(c, "status") == "True";
  }
  return true;
}

bool HasPressure(const Json& node) {
  const Json* conds = JsonAtPath(node, "status.conditions");
  if (conds == nullptr || !conds->is_array()) return false;
  for (const Json& c : *conds) {
    if (JsonString(c, "type") == "MemoryPressure") return JsonString(c, "status") == "True";
  }
  return false;
}

// One pod on the node as the eviction manager ranks it.
struct Candidate {
  const PodRuntime* pod = nullptr;
  int64_t usage = 0, request = 0, priority = 0;
};

// A running container's working set as the eviction manager reads it (whole pages).
int64_t WorkingSet(const ContainerRuntime& c, UnixMillis now) {
  return MemoryAt(c.current.model, now) / kPage * kPage;
}

// The "Container x was using ..." sentences of an eviction message: one per
// container using more memory than it requested. Built only for the pod
// evicted (every check reads every pod; few checks evict).
std::string OverRequestSentences(const PodRuntime& p, UnixMillis now) {
  std::string out;
  for (const ContainerRuntime& rc : p.containers) {
    if (rc.state != State::kRunning || rc.profile == nullptr) continue;
    const int64_t ws = WorkingSet(rc, now);
    if (ws > rc.memory_request) {
      out += "Container " + rc.name + " was using " + FormatMemory(ws) + ", request is " +
             FormatMemory(rc.memory_request) + ", has larger consumption of memory. ";
    }
  }
  return out;
}

}  // namespace

void EvictionManager::RefreshGroups() {
  if (grouped_at_ != kubelet_->pods_version()) {
    by_node_.clear();
    for (const auto& [key, p] : kubelet_->pods()) by_node_[p.node].pods.push_back(&p);
    grouped_at_ = kubelet_->pods_version();
    ceilings_at_ = UINT64_MAX;
  }
  if (ceilings_at_ != kubelet_->runs_version()) {
    // Only a start can raise a ceiling; stops only lower the working sets.
    for (auto& [node, group] : by_node_) {
      group.base = group.per_ms = group.weighted_starts = 0;
      for (const PodRuntime* p : group.pods) {
        for (const ContainerRuntime& rc : p->containers) {
          if (rc.state != State::kRunning || rc.profile == nullptr) continue;
          const MemoryCeiling c = MemoryCeilingOf(rc.current.model);
          group.base += c.at_start;
          group.per_ms += c.per_ms;
          group.weighted_starts += c.per_ms * static_cast<double>(rc.current.model.started_at);
        }
      }
    }
    ceilings_at_ = kubelet_->runs_version();
  }
}

const EvictionManager::NodeFacts& EvictionManager::FactsOf(const Json& node) {
  NodeFacts& f = facts_[NameOf(node)];
  const std::string& rv = ResourceVersionOf(node);
  if (f.resource_version.empty() || f.resource_version != rv) {
    f.resource_version = rv;
    f.capacity = MemoryBytes(node, "status.capacity");
    f.allocatable = MemoryBytes(node, "status.allocatable");
    f.ready = NodeReady(node);
    f.pressure = HasPressure(node);
  }
  return f;
}

void EvictionManager::Synchronize() {
  static const NodeGroup kNone;
  std::vector<std::string> names;
  for (const Json* n : w_->store.List("Node")) names.push_back(NameOf(*n));
  for (const std::string& name : names) {
    // A check may rewrite its own node (SetPressure): each is read afresh.
    const Json* n = w_->store.Get("Node", "", name);
    if (n == nullptr) continue;
    RefreshGroups();  // a check that evicts only stops containers; re-checked all the same
    auto it = by_node_.find(name);
    SyncNode(*n, it == by_node_.end() ? kNone : it->second);
  }
  std::erase_if(facts_, [&](const auto& f) { return !std::binary_search(names.begin(), names.end(), f.first); });
}

int64_t EvictionManager::PriorityOf(const Json& pod) const {
  // The Priority admission plugin resolves the class into spec.priority; the
  // simulated API server does not, so the class wins when it exists.
  const std::string cls = StrAt(pod, "spec.priorityClassName");
  if (const Json* pc = cls.empty() ? nullptr : w_->store.Get("PriorityClass", "", cls)) return IntAt(*pc, "value");
  return IntAt(pod, "spec.priority");
}

void EvictionManager::SyncNode(const Json& node, const NodeGroup& group) {
  const UnixMillis now = w_->clock.Now();
  const NodeFacts& facts = FactsOf(node);
  const int64_t capacity = facts.capacity, allocatable = facts.allocatable;
  if (capacity <= 0 || !facts.ready) return;  // no kubelet reporting
  const int64_t system = std::max<int64_t>(0, capacity - allocatable - kMemoryThreshold);
  // Without pressure to clear, a node whose pods cannot be using enough
  // memory to meet the threshold needs no reading of their working sets.
  const bool pressure = facts.pressure;
  if (!pressure && static_cast<double>(capacity - system) - group.CeilingAt(now) >=
                       static_cast<double>(kMemoryThreshold)) {
    return;
  }
  const std::string node_name = NameOf(node);
  const std::vector<const PodRuntime*>& pods = group.pods;
  int64_t used = 0;
  std::vector<Candidate> candidates;
  for (const PodRuntime* pod : pods) {
    const PodRuntime& p = *pod;
    if (!p.evicted_message.empty()) continue;
    Candidate c;
    c.pod = &p;
    for (const ContainerRuntime& rc : p.containers) {
      c.request += rc.memory_request;
      if (rc.state != State::kRunning || rc.profile == nullptr) continue;
      c.usage += WorkingSet(rc, now);
    }
    if (c.usage == 0) continue;
    used += c.usage;
    candidates.push_back(std::move(c));
  }
  const int64_t available = capacity - system - used;
  const bool met = available < kMemoryThreshold;
  // Priorities only rank candidates, which matters only when the threshold is met.
  if (met) {
    for (Candidate& c : candidates) {
      const Json* obj = w_->store.Get("Pod", c.pod->ns, c.pod->name);
      c.priority = obj != nullptr ? PriorityOf(*obj) : 0;
    }
  }
  if (met) last_met_[node_name] = now;
  if (met && !pressure) {
    SetPressure(node_name, true);
  } else if (!met && pressure && now - last_met_[node_name] >= kPressureTransition) {
    SetPressure(node_name, false);
  }
  if (!met) return;
  if (const Json* n = w_->store.Get("Node", "", node_name)) {
    w_->events.Record(*n, "Warning", "EvictionThresholdMet", "Attempting to reclaim memory",
                      EventSource{"kubelet", node_name});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const bool ax = a.usage > a.request, bx = b.usage > b.request;
    if (ax != bx) return ax;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.usage - a.request > b.usage - b.request;
  });
  for (const Candidate& c : candidates) {
    if (c.priority >= kCriticalPriority) continue;
    const std::string message = "The node was low on resource: memory. Threshold quantity: " +
                                FormatMemory(kMemoryThreshold) + ", available: " + FormatMemory(available) + ". " +
                                OverRequestSentences(*c.pod, now);
    kubelet_->Evict(c.pod->ns, c.pod->name, message);
    return;  // one pod per check; the next check sees what it freed
  }
}

void EvictionManager::SetPressure(const std::string& node_name, bool pressure) {
  const Json* stored = w_->store.Get("Node", "", node_name);
  if (stored == nullptr) return;
  Json n = *stored;
  const std::string now = FormatRfc3339(w_->clock.Now());
  Json& conds = n["status"]["conditions"];
  if (!conds.is_array()) conds = Json::array();
  Json cond = {{"type", "MemoryPressure"},
               {"status", pressure ? "True" : "False"},
               {"reason", pressure ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory"},
               {"message", pressure ? "kubelet has insufficient memory available" : "kubelet has sufficient memory available"},
               {"lastHeartbeatTime", now},
               {"lastTransitionTime", now}};
  bool found = false;
  for (Json& c : conds) {
    if (JsonString(c, "type") == "MemoryPressure") {
      c = cond;
      found = true;
    }
  }
  if (!found) conds.push_back(cond);
  Json taints = Json::array();
  if (const Json* old = JsonAtPath(n, "spec.taints"); old != nullptr && old->is_array()) {
    for (const Json& t : *old) {
      if (JsonString(t, "key") != kTaintKey) taints.push_back(t);
    }
  }
  if (pressure) taints.push_back({{"key", kTaintKey}, {"effect", "NoSchedule"}});
  if (taints.empty()) {
    if (n.contains("spec")) n["spec"].erase("taints");
  } else {
    n["spec"]["taints"] = taints;
  }
  (void)w_->store.Replace(n);
  const std::string status = pressure ? "NodeHasInsufficientMemory" : "NodeHasSufficientMemory";
  if (const Json* fresh = w_->store.Get("Node", "", node_name)) {
    w_->events.Record(*fresh, "Normal", status, "Node " + node_name + " status is now: " + status,
                      EventSource{"kubelet", node_name});
  }
}

}  // namespace kf::sim
