#include "engine/sim/scheduler.h"

#include <algorithm>
#include <map>
#include <vector>

#include "engine/core/strings.h"
#include "engine/sim/pv_controller.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

bool NodeReady(const Json& node) {
  const Json* conds = JsonAtPath(node, "status.conditions");
  if (conds == nullptr || !conds->is_array()) return true;
  for (const Json& c : *conds) {
    if (JsonString(c, "type") == "Ready") return JsonString(c, "status") == "True";
  }
  return true;
}

// Whether the node carries the taint TaintNodesByCondition / the node
// lifecycle controller puts on a NotReady node.
bool HasNodeConditionTaint(const Json& node) {
  const Json* taints = JsonAtPath(node, "spec.taints");
  if (taints == nullptr || !taints->is_array()) return false;
  for (const Json& t : *taints) {
    const std::string key = JsonString(t, "key");
    if (key == "node.kubernetes.io/unreachable" || key == "node.kubernetes.io/not-ready") return true;
  }
  return false;
}

bool Tolerates(const Json& pod, const Json& taint) {
  const Json* tols = JsonAtPath(pod, "spec.tolerations");
  if (tols == nullptr || !tols->is_array()) return false;
  for (const Json& t : *tols) {
    const std::string op = JsonString(t, "operator", "Equal");
    const std::string key = JsonString(t, "key");
    const std::string effect = JsonString(t, "effect");
    if (!effect.empty() && effect != JsonString(taint, "effect")) continue;
    if (key.empty() && op == "Exists") return true;
    if (key != JsonString(taint, "key")) continue;
    if (op == "Exists" || JsonString(t, "value") == JsonString(taint, "value")) return true;
  }
  return false;
}

// Records why the pod stays unscheduled: PodScheduled=False/Unschedulable
// and a Warning FailedScheduling event with the same message.
void MarkUnschedulable(SimWorld* w, const Json& pod, const std::string& msg) {
  Json p = pod;
  p["status"]["conditions"] = Json::array(
      {{{"type", "PodScheduled"}, {"status", "False"}, {"lastProbeTime", nullptr},
        {"lastTransitionTime", FormatRfc3339(w->clock.Now())}, {"reason", "Unschedulable"},
        {"message", msg}}});
  auto stored = w->store.Update(std::move(p));
  w->events.Record(stored.ok() ? *stored : pod, "Warning", "FailedScheduling", msg,
                   EventSource{"default-scheduler", ""});
}

}  // namespace

Scheduler::Usage Scheduler::PodRequests(const Json& pod) {
  Usage u;
  u.pods = 1;
  const Json* cs = JsonAtPath(pod, "spec.containers");
  if (cs == nullptr || !cs->is_array()) return u;
  for (const Json& c : *cs) {
    const Json* r = JsonAtPath(c, "resources");
    if (r == nullptr) continue;
    u.cpu += CpuMilli(*r, "requests");
    u.mem += MemoryBytes(*r, "requests");
  }
  return u;
}

void Scheduler::OnPodChange(const Json& pod, bool deleted) {
  const std::string key = KeyOf(pod);
  const std::string node = StrAt(pod, "spec.nodeName");
  const bool counts = !deleted && !node.empty() && !IsPodTerminal(pod);
  auto it = bound_.find(key);
  if (it != bound_.end()) {
    if (counts && it->second.first == node) return;
    Usage& n = used_[it->second.first];
    n.cpu -= it->second.second.cpu;
    n.mem -= it->second.second.mem;
    n.pods -= 1;
    bound_.erase(it);
  }
  if (!counts) return;
  Usage u = PodRequests(pod);
  bound_[key] = {node, u};
  Usage& n = used_[node];
  n.cpu += u.cpu;
  n.mem += u.mem;
  n.pods += 1;
}

void Scheduler::RetryUnschedulable() {
  pending_.insert(unschedulable_.begin(), unschedulable_.end());
  unschedulable_.clear();
}

int Scheduler::ScheduleAll() {
  if (pending_.empty()) return 0;
  std::set<std::string> batch;
  batch.swap(pending_);
  int bound = 0;
  std::vector<NodeInfo> nodes;
  for (const Json* node : w_->store.List("Node")) {
    const Json& alloc = (*node)["status"]["allocatable"];
    const Json* cordoned = JsonAtPath(*node, "spec.unschedulable");
    const Json* taints = JsonAtPath(*node, "spec.taints");
    nodes.push_back({node, NameOf(*node), CpuMilli(Json{{"a", alloc}}, "a"),
                     MemoryBytes(Json{{"a", alloc}}, "a"),
                     std::atoll(JsonString(alloc, "pods", "110").c_str()),
                     !NodeReady(*node) && !HasNodeConditionTaint(*node),
                     cordoned != nullptr && *cordoned == true,
                     taints != nullptr && taints->is_array() && !taints->empty() ? taints : nullptr,
                     &used_[NameOf(*node)]});
  }
  for (const std::string& key : batch) {
    auto slash = key.find('/');
    const Json* pod = w_->store.Get("Pod", key.substr(0, slash), key.substr(slash + 1));
    if (pod == nullptr || !StrAt(*pod, "spec.nodeName").empty()) continue;
    if (ScheduleOne(*pod, nodes)) {
      ++bound;
    } else {
      unschedulable_.insert(key);
    }
  }
  return bound;
}

bool Scheduler::ScheduleOne(const Json& pod, const std::vector<NodeInfo>& nodes) {
  // VolumeBinding's PreFilter: claims that are not Bound fail every node.
  if (const std::string claims = UnboundClaimsReason(*w_, pod); !claims.empty()) {
    const std::string n = std::to_string(nodes.size());
    MarkUnschedulable(w_, pod, "0/" + n + " nodes are available: " + claims + ". preemption: 0/" + n +
                                   " nodes are available: " + n + " Preemption is not helpful for scheduling.");
    return false;
  }
  const Usage want = PodRequests(pod);
  const Json* selector = JsonAtPath(pod, "spec.nodeSelector");
  int not_ready = 0, no_cpu = 0, no_mem = 0, no_pods = 0, mismatch = 0, unschedulable = 0;
  std::map<std::string, int> tainted;  // "{key: value}" → nodes
  const Json* best = nullptr;
  double best_score = -1;
  for (const NodeInfo& info : nodes) {
    const Json* node = info.node;
    // A NotReady node the node lifecycle controller tainted fails on its taint.
    if (info.not_ready) {
      ++not_ready;
      continue;
    }
    if (info.unschedulable) {
      ++unschedulable;
      continue;
    }
    bool match = true;
    if (selector != nullptr && selector->is_object()) {
      const Json& labels = LabelsOf(*node);
      for (auto it = selector->begin(); it != selector->end(); ++it) {
        if (!labels.contains(it.key()) || labels[it.key()] != it.value()) match = false;
      }
    }
    if (!match) {
      ++mismatch;
      continue;
    }
    const Json* blocked = nullptr;  // the first untolerated taint
    if (info.taints != nullptr) {
      for (const Json& t : *info.taints) {
        if (blocked == nullptr && JsonString(t, "effect") != "PreferNoSchedule" && !Tolerates(pod, t)) blocked = &t;
      }
    }
    if (blocked != nullptr) {
      ++tainted["{" + JsonString(*blocked, "key") + ": " + JsonString(*blocked, "value") + "}"];
      continue;
    }
    const int64_t cpu = info.cpu, mem = info.mem, pods = info.pods;
    const Usage& u = *info.used;
    bool fits = true;
    if (u.cpu + want.cpu > cpu) ++no_cpu, fits = false;
    if (u.mem + want.mem > mem) ++no_mem, fits = false;
    if (u.pods + 1 > pods) ++no_pods, fits = false;
    if (!fits) continue;
    const double score = static_cast<double>(cpu - u.cpu - want.cpu) / std::max<int64_t>(cpu, 1) +
                         static_cast<double>(mem - u.mem - want.mem) / std::max<int64_t>(mem, 1);
    if (score > best_score + 1e-12) {
      best_score = score;
      best = node;
    }
  }
  if (best == nullptr) {
    std::vector<std::string> why;
    if (no_cpu) why.push_back(std::to_string(no_cpu) + " Insufficient cpu");
    if (no_mem) why.push_back(std::to_string(no_mem) + " Insufficient memory");
    if (no_pods) why.push_back(std::to_string(no_pods) + " Too many pods");
    if (mismatch) {
      why.push_back(std::to_string(mismatch) + " node(s) didn't match Pod's node affinity/selector");
    }
    int unresolvable = mismatch + unschedulable + not_ready;  // nodes preemption cannot help
    for (const auto& [taint, count] : tainted) {
      why.push_back(std::to_string(count) + " node(s) had untolerated taint " + taint);
      unresolvable += count;
    }
    if (unschedulable) why.push_back(std::to_string(unschedulable) + " node(s) were unschedulable");
    if (not_ready) why.push_back(std::to_string(not_ready) + " node(s) were not ready");
    std::sort(why.begin(), why.end());  // the scheduler sorts its reason histogram
    const std::string n = std::to_string(nodes.size());
    std::string msg = "0/" + n + " nodes are available";
    msg += why.empty() ? "." : ": " + Join(why, ", ") + ".";
    std::vector<std::string> preemption;
    const int victims = static_cast<int>(nodes.size()) - unresolvable;
    if (unresolvable) preemption.push_back(std::to_string(unresolvable) + " Preemption is not helpful for scheduling");
    if (victims > 0) preemption.push_back(std::to_string(victims) + " No preemption victims found for incoming pod");
    std::sort(preemption.begin(), preemption.end());
    msg += " preemption: 0/" + n + " nodes are available: " + Join(preemption, ", ") + ".";
    MarkUnschedulable(w_, pod, msg);
    return false;
  }
  // Bound in place: the pod is not copied to set two fields.
  auto stored = w_->store.Mutate("Pod", NamespaceOf(pod), NameOf(pod), [&](Json& p) {
    p["spec"]["nodeName"] = NameOf(*best);
    p["status"]["conditions"] = Json::array(
        {{{"type", "PodScheduled"}, {"status", "True"}, {"lastProbeTime", nullptr},
          {"lastTransitionTime", FormatRfc3339(w_->clock.Now())}}});
    return true;
  });
  if (!stored.ok()) return false;
  w_->events.Record(**stored, "Normal", "Scheduled",
                    "Successfully assigned " + NamespaceOf(pod) + "/" + NameOf(pod) + " to " +
                        NameOf(*best),
                    EventSource{"default-scheduler", ""});
  return true;
}

}  // namespace kf::sim
