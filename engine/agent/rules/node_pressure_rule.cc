// A node under memory pressure evicting the workload's pods: pods with
// status.reason Evicted ("The node was low on resource: memory ..."), the
// node reporting MemoryPressure (or EvictionThresholdMet events), and, among
// the pods on that node, a heavier pod of another workload whose container
// has no memory limit. That neighbour is the cause (its working set grows
// until the node runs out; the kubelet evicts the pods most over their
// request, which need not be the culprit). Remedies, most recommended
// first: give the neighbour's container a memory limit (2x its request, at
// least its request + 512Mi), so it is OOM-killed inside its own cgroup
// instead of starving the node; or scale it to 0.
#include <algorithm>

#include "engine/agent/node_evidence.h"
#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

std::string StrOf(const Json& j, const char* path) {
  const Json* v = JsonAtPath(j, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

std::string Gi(double bytes) { return StrFormat("%.1fGi", bytes / (1024.0 * 1024 * 1024)); }

// The node's MemoryPressure condition status ("" when absent).
std::string PressureOf(const Json& node) {
  if (const Json* cs = JsonAtPath(node, "status.conditions"); cs && cs->is_array()) {
    for (const Json& c : *cs) {
      if (JsonString(c, "type") == "MemoryPressure") return JsonString(c, "status");
    }
  }
  return "";
}

int CountReason(const Json& events, const char* reason) {
  int n = 0;
  if (const Json* items = JsonAtPath(events, "items"); items && items->is_array()) {
    for (const Json& e : *items) {
      if (JsonString(e, "reason") == reason) n += static_cast<int>(JsonInt(e, "count", 1));
    }
  }
  return n;
}

}  // namespace

std::optional<Finding> NodePressureRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  const std::string node = EvictedPodsNode(f);
  if (node.empty() || !f.node.node.seen() || !f.node.deployment.seen()) return std::nullopt;
  const std::string pressure = PressureOf(f.node.node.value());
  const int threshold_events = f.node.events.seen() ? CountReason(f.node.events.value(), "EvictionThresholdMet") : 0;
  if (pressure != "True" && threshold_events == 0) return std::nullopt;
  const std::optional<NodePod> top = HeaviestOtherPod(f);
  if (!top) return std::nullopt;
  const Json& d = f.node.deployment.value();
  const Json* cs = JsonAtPath(d, "spec.template.spec.containers");
  if (!cs || !cs->is_array() || cs->empty()) return std::nullopt;
  const Json& c = (*cs)[0];
  if (!StrOf(c, "resources.limits.memory").empty()) return std::nullopt;  // bounded: not this pattern
  const std::string culprit = StrOf(d, "metadata.name"), culprit_ns = StrOf(d, "metadata.namespace");
  const auto req = Quantity::Parse(StrOf(c, "resources.requests.memory"));
  const int64_t request = req.ok() ? req->Value() : 0;
  const int64_t mi = int64_t{1} << 20;
  const int64_t limit = ((std::max(2 * request, request + 512 * mi) + mi - 1) / mi) * mi;

  Finding out;
  int evicted = 0, evidence_step = 0;
  for (const PodFact& p : f.pods.value) evicted += p.reason == "Evicted" ? 1 : 0;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(evicted, total, "Evicted") + " (status Failed, reason Evicted)"});
  if (const Json* e = FindEvent(f, [](const Json& ev) { return JsonString(ev, "reason") == "Evicted"; }, &evidence_step)) {
    out.evidence.push_back({evidence_step, EventLine(*e)});
  }
  std::string node_line = "node/" + node + ": MemoryPressure " + (pressure.empty() ? "unknown" : pressure);
  if (const Json* taints = JsonAtPath(f.node.node.value(), "spec.taints"); taints && taints->is_array()) {
    for (const Json& t : *taints) node_line += ", taint " + JsonString(t, "key") + ":" + JsonString(t, "effect");
  }
  out.evidence.push_back({f.node.node.step, node_line});
  if (threshold_events > 0) {
    out.evidence.push_back({f.node.events.step, StrFormat("EvictionThresholdMet \"Attempting to reclaim memory\" %d times on node/%s",
                                                          threshold_events, node.c_str())});
  }
  out.evidence.push_back({f.node.memory_by_pod.step,
                          "heaviest other pod on node/" + node + ": " + top->ns + "/" + top->name + " at " + Gi(top->bytes) +
                              " (all pods on the node: " + Gi(NodePodsMemory(f)) + ")"});
  out.evidence.push_back({f.node.deployment.step, "deployment/" + culprit + " (namespace " + culprit_ns + "): container " +
                                                      JsonString(c, "name") + " requests " +
                                                      (request > 0 ? FormatMemory(request) : std::string("no memory")) +
                                                      " and has no memory limit"});
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "node-pressure";
  out.root_cause.resource = "deployment/" + culprit;
  out.root_cause.ns = culprit_ns;
  out.root_cause.summary = "Node " + node + " is under memory pressure: pod " + top->ns + "/" + top->name + " of deployment " +
                           culprit + " has no memory limit and uses " + Gi(top->bytes) +
                           ", so the kubelet evicts the pods most over their memory request, which are " +
                           f.workload->name + "'s.";
  out.impact = StrFormat("%d pod%s of %s evicted", evicted, evicted == 1 ? "" : "s", f.workload->name.c_str()) +
               ": requests in flight failed and every eviction drops capacity until a replacement is Ready.";
  Option limit_fix;
  limit_fix.title = "Set a " + FormatMemory(limit) + " memory limit on container " + JsonString(c, "name") + " of deployment " + culprit;
  limit_fix.call = calls::PatchResource(
      "deployment", culprit_ns, culprit,
      ContainerPatch(JsonString(c, "name"), Json{{"resources", {{"limits", {{"memory", FormatMemory(limit)}}}}}}));
  limit_fix.rationale = "Bounds the neighbour inside its own cgroup: if it keeps growing it is OOM-killed and restarted "
                        "alone, instead of starving the node and getting other services evicted. The rollout replaces "
                        "the bloated pod now.";
  out.options.push_back(limit_fix);
  Option stop;
  stop.title = "Scale deployment " + culprit + " to 0";
  stop.call = {"kubernetes.scale", Json{{"kind", "deployment"}, {"namespace", culprit_ns}, {"name", culprit}, {"replicas", 0}}};
  stop.rationale = "Frees the node at once; the work it does stops until it is fixed.";
  out.options.push_back(stop);
  out.follow_up = "Find the leak in " + culprit + " (its memory grows without bound since its last rollout); give every "
                  "workload a memory limit (a LimitRange default) and raise " + f.workload->name +
                  "'s memory request to what it uses, so it is not the first pod evicted.";
  return out;
}

}  // namespace kf::agent::rules
