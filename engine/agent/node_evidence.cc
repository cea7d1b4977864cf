#include "engine/agent/node_evidence.h"
#include "engine/agent/check_steps.h"

#include <cstdlib>

#include "engine/agent/tool_calls.h"
#include "engine/agent/verification.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

constexpr double kHeadroom = 0.9;  // healthy: the pods use at most 90% of allocatable

std::string StrOf(const Json& j, const char* path) {
  const Json* v = JsonAtPath(j, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

ToolCall NodeEvents(const std::string& node) {
  return {calls::kGetEvents, Json{{"namespace", "default"}, {"involved_object_kind", "Node"},
                                  {"involved_object_name", node}}};
}

// The owner of `kind` in an object's ownerReferences ("" when none).
std::string OwnerName(const Json& obj, const char* kind) {
  const Json* refs = JsonAtPath(obj, "metadata.ownerReferences");
  if (!refs || !refs->is_array()) return "";
  for (const Json& r : *refs) {
    if (JsonString(r, "kind") == kind) return JsonString(r, "name");
  }
  return "";
}

UnixMillis TimeOf(const Json& j, const char* path) {
  UnixMillis t = 0;
  const std::string s = StrOf(j, path);
  if (!s.empty()) ParseRfc3339(s, &t);
  return t;
}

std::string Gi(double bytes) { return StrFormat("%.1fGi", bytes / (1024.0 * 1024 * 1024)); }

}  // namespace

std::string EvictedPodsNode(const Facts& f) {
  for (const PodFact& p : f.pods.value) {
    if (p.reason == "Evicted" && !p.node.empty()) return p.node;
  }
  return "";
}

std::optional<NodePod> HeaviestOtherPod(const Facts& f) {
  if (!f.node.memory_by_pod.seen() || !f.workload) return std::nullopt;
  const Json* result = JsonAtPath(f.node.memory_by_pod.value(), "result");
  if (!result || !result->is_array()) return std::nullopt;
  std::optional<NodePod> best;
  for (const Json& series : *result) {
    NodePod p;
    p.ns = StrOf(series, "metric.namespace");
    p.name = StrOf(series, "metric.pod");
    const Json* v = JsonAtPath(series, "value");
    if (!v || !v->is_array() || v->size() != 2 || !(*v)[1].is_string()) continue;
    p.bytes = std::strtod((*v)[1].get<std::string>().c_str(), nullptr);
    bool ours = p.ns == f.workload->ns;
    if (ours) {
      ours = false;
      for (const PodFact& w : f.pods.value) ours = ours || w.name == p.name;
    }
    if (ours) continue;
    if (!best || p.bytes > best->bytes) best = p;
  }
  return best;
}

double NodePodsMemory(const Facts& f) {
  const Json* result = JsonAtPath(f.node.memory_by_pod.value(), "result");
  double sum = 0;
  if (!result || !result->is_array()) return 0;
  for (const Json& series : *result) {
    const Json* v = JsonAtPath(series, "value");
    if (v && v->is_array() && v->size() == 2 && (*v)[1].is_string()) {
      sum += std::strtod((*v)[1].get<std::string>().c_str(), nullptr);
    }
  }
  return sum;
}

void AddNodeInvestigation(const Facts& f, std::vector<ToolCall>* plan) {
  const std::string node = EvictedPodsNode(f);
  if (node.empty()) return;
  plan->push_back(calls::GetResource("node", "", node));
  plan->push_back(NodeEvents(node));
  if (f.metrics_unavailable) return;
  plan->push_back(calls::PromQuery(MemoryByPodQuery(node)));
  const std::optional<NodePod> top = HeaviestOtherPod(f);
  if (!top) return;
  plan->push_back(calls::GetResource("pod", top->ns, top->name));
  if (!f.node.pods.seen()) return;
  const std::string rs = OwnerName(f.node.pods.value(), "ReplicaSet");
  if (rs.empty()) return;
  plan->push_back(calls::GetResource("replicaset", top->ns, rs));
  if (!f.node.replicaset.seen()) return;
  const std::string deploy = OwnerName(f.node.replicaset.value(), "Deployment");
  if (!deploy.empty()) plan->push_back(calls::GetResource("deployment", top->ns, deploy));
}

std::optional<AgentAction> NodeVerifyStep(const Transcript& t, int iteration, const std::vector<const Step*>& scope,
                                          const Facts& now, const Step& fix, const std::string& prompt) {
  const Assessment* a = LastAssessmentOf(t, iteration);
  if (a == nullptr || a->root_cause.category != "node-pressure" || !now.workload) return std::nullopt;
  const Workload& w = *now.workload;
  const std::vector<const Step*> first = FirstInvestigation(t);
  const Facts incident = ExtractFacts(t, first, prompt);
  const std::string node = EvictedPodsNode(incident);
  const std::string culprit = a->root_cause.resource.substr(a->root_cause.resource.find('/') + 1);
  const ToolCall evicted_events = calls::GetEvents(w.ns, "", "Evicted");
  std::vector<ToolCall> plan = {calls::ListPods(w.ns, w.selector), calls::GetResource("deployment", w.ns, w.name),
                                evicted_events, calls::GetResource("node", "", node),
                                calls::GetResource("deployment", a->root_cause.ns, culprit)};
  if (!now.metrics_unavailable) plan.push_back(calls::PromQuery(MemoryByPodQuery(node)));
  for (const ToolCall& c : plan) {
    if (!CallDone(scope, c)) return AgentAction::Call(c.name, c.args);
  }
  Verification v;
  // The workload's pods that run now; pods evicted before the fix are history.
  {
    int running = 0, ready = 0, evicted_before = 0, evicted_after = 0;
    std::vector<std::string> bad;
    const Json* items = JsonAtPath(*now.net.pod_list, "items");
    for (const Json& p : items && items->is_array() ? *items : EmptyJsonArray()) {
      if (StrOf(p, "status.reason") == "Evicted") {
        UnixMillis at = 0;
        if (const Json* cs = JsonAtPath(p, "status.conditions"); cs && cs->is_array()) {
          for (const Json& c : *cs) {
            if (JsonString(c, "type") == "DisruptionTarget") at = TimeOf(c, "lastTransitionTime");
          }
        }
        (at >= fix.time ? evicted_after : evicted_before) += 1;
        continue;
      }
      ++running;
      const PodFact pf = ReadPod(p);
      if (pf.ready && pf.status == "Running" && !(pf.restarts > 0 && pf.last_terminated_at >= fix.time)) {
        ++ready;
      } else {
        bad.push_back(pf.name + " " + pf.status);
      }
    }
    const int64_t want = now.deployment.seen() ? JsonInt(now.deployment.value()["spec"], "replicas", 1) : -1;
    std::string ev = StrFormat("%d/%lld pods Running and Ready", ready, static_cast<long long>(want));
    if (evicted_before > 0) ev += StrFormat(" (%d pod%s evicted before the fix, left as Failed)", evicted_before, evicted_before == 1 ? "" : "s");
    if (evicted_after > 0) ev += StrFormat("; %d evicted since the fix", evicted_after);
    if (!bad.empty()) ev += "; not ready: " + Join(bad, ", ");
    v.checks.push_back(MakeCheck("pods-ready", now.pods.seen() && ready == running && ready == want && evicted_after == 0, ev,
                            now.pods.step));
  }
  {
    int n = 0;
    int step = 0;
    for (const Step* s : scope) {
      if (s->kind != Step::Kind::kToolCall || !(s->call == evicted_events) || s->result.is_error) continue;
      step = s->number;
      n = 0;
      const Json* items = JsonAtPath(s->result.structured, "items");
      for (const Json& e : items && items->is_array() ? *items : EmptyJsonArray()) {
        if (TimeOf(e, "lastTimestamp") >= fix.time) n += static_cast<int>(JsonInt(e, "count", 1));
      }
    }
    v.checks.push_back(MakeCheck("no-evictions", step > 0 && n == 0,
                            StrFormat("%d Evicted event%s in %s since the fix", n, n == 1 ? "" : "s", w.ns.c_str()), step));
  }
  if (now.node.node.seen() && !now.metrics_unavailable) {
    const Json& n = now.node.node.value();
    const auto alloc = Quantity::Parse(StrOf(n, "status.allocatable.memory"));
    const double allocatable = alloc.ok() ? static_cast<double>(alloc->Value()) : 0;
    const double used = NodePodsMemory(now);
    std::string pressure = "unknown";
    if (const Json* cs = JsonAtPath(n, "status.conditions"); cs && cs->is_array()) {
      for (const Json& c : *cs) {
        if (JsonString(c, "type") == "MemoryPressure") pressure = JsonString(c, "status");
      }
    }
    const bool ok = now.node.memory_by_pod.seen() && allocatable > 0 && used <= kHeadroom * allocatable;
    std::string ev = "pods on node/" + node + " use " + Gi(used) + " of " + Gi(allocatable) + " allocatable; MemoryPressure " +
                     pressure;
    if (pressure == "True" && ok) ev += " (the kubelet clears it 5m after the threshold was last met)";
    Check c = MakeCheck("node-memory", ok, ev, now.node.memory_by_pod.step);
    c.steps.push_back(now.node.node.step);
    v.checks.push_back(c);
  } else {
    v.checks.push_back(MakeCheck("node-memory", false, "the node's memory was not read", 0));
  }
  if (now.node.deployment.seen()) {
    const Json& d = now.node.deployment.value();
    const int64_t replicas = JsonInt(d["spec"], "replicas", 1);
    const Json* c0 = JsonAtPath(d, "spec.template.spec.containers");
    const std::string limit = c0 && c0->is_array() && !c0->empty() ? StrOf((*c0)[0], "resources.limits.memory") : "";
    const Json& st = JsonMember(d, "status");
    const bool rolled = JsonInt(st, "updatedReplicas") == replicas && JsonInt(st, "availableReplicas") == replicas &&
                        JsonInt(st, "replicas") == replicas;
    const bool ok = (replicas == 0 || !limit.empty()) && rolled;
    std::string ev = "deployment/" + culprit + ": " +
                     (replicas == 0 ? std::string("scaled to 0") : "memory limit " + (limit.empty() ? std::string("none") : limit)) +
                     StrFormat(", %lld/%lld replicas updated and available", static_cast<long long>(JsonInt(st, "availableReplicas")),
                               static_cast<long long>(replicas));
    v.checks.push_back(MakeCheck("culprit-contained", ok, ev, now.node.deployment.step));
  } else {
    v.checks.push_back(MakeCheck("culprit-contained", false, "deployment/" + culprit + " was not read", 0));
  }
  return SubmitChecks(std::move(v));
}

}  // namespace kf::agent
