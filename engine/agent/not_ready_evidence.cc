#include "engine/agent/not_ready_evidence.h"

#include <map>

#include "engine/agent/check_steps.h"
#include "engine/agent/tool_calls.h"
#include "engine/agent/verification.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

std::string StrOf(const Json& j, const char* path) {
  const Json* v = JsonAtPath(j, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

const Json& ItemsOf(const Json& list) {
  static const Json kEmpty = Json::array();
  const Json* items = JsonAtPath(list, "items");
  return items && items->is_array() ? *items : kEmpty;
}

bool Terminating(const Json& pod) { return JsonAtPath(pod, "metadata.deletionTimestamp") != nullptr; }

ToolCall NodeEvents(const std::string& node) {
  return {calls::kGetEvents, Json{{"namespace", "default"}, {"involved_object_kind", "Node"},
                                  {"involved_object_name", node}}};
}

// Whether a Service's selector selects `labels` (same namespace assumed).
bool Selects(const Json& service, const Json& labels) {
  const Json* sel = JsonAtPath(service, "spec.selector");
  if (!sel || !sel->is_object() || sel->empty() || !labels.is_object()) return false;
  for (auto it = sel->begin(); it != sel->end(); ++it) {
    if (!labels.contains(it.key()) || labels[it.key()] != it.value()) return false;
  }
  return true;
}

int64_t PodMemoryRequest(const Json& pod) {
  int64_t sum = 0;
  const Json* cs = JsonAtPath(pod, "spec.containers");
  for (const Json& c : cs && cs->is_array() ? *cs : EmptyJsonArray()) {
    auto q = Quantity::Parse(StrOf(c, "resources.requests.memory"));
    if (q.ok()) sum += q->Value();
  }
  return sum;
}

// The Deployment behind a pod: its ReplicaSet owner minus the
// pod-template-hash suffix ("" when not owned that way).
std::string DeploymentOf(const Json& pod) {
  const Json* refs = JsonAtPath(pod, "metadata.ownerReferences");
  const std::string hash = StrOf(pod, "metadata.labels.pod-template-hash");
  if (!refs || !refs->is_array() || hash.empty()) return "";
  for (const Json& r : *refs) {
    const std::string rs = JsonString(r, "name");
    if (JsonString(r, "kind") == "ReplicaSet" && EndsWith(rs, "-" + hash)) return rs.substr(0, rs.size() - hash.size() - 1);
  }
  return "";
}

}  // namespace

std::string TerminatingPodsNode(const Facts& f) {
  for (const Json& p : ItemsOf(*f.net.pod_list)) {
    if (Terminating(p) && !StrOf(p, "spec.nodeName").empty()) return StrOf(p, "spec.nodeName");
  }
  return "";
}

int TerminatingPods(const Facts& f) {
  int n = 0;
  for (const Json& p : ItemsOf(*f.net.pod_list)) n += Terminating(p) ? 1 : 0;
  return n;
}

std::string JsonReadyStatus(const Facts& f) {
  if (!f.node.node.seen()) return "";
  if (const Json* cs = JsonAtPath(f.node.node.value(), "status.conditions"); cs && cs->is_array()) {
    for (const Json& c : *cs) {
      if (JsonString(c, "type") == "Ready") return JsonString(c, "status");
    }
  }
  return "";
}

std::optional<CapacityHolder> NonServingCapacityHolder(const Facts& f, const std::string& dead_node) {
  auto pods = f.lists.find("pod"), services = f.lists.find("service");
  if (pods == f.lists.end() || services == f.lists.end() || !f.workload) return std::nullopt;
  std::map<std::pair<std::string, std::string>, CapacityHolder> by_deployment;
  for (const Json& p : ItemsOf(pods->second.value())) {
    const std::string ns = StrOf(p, "metadata.namespace"), node = StrOf(p, "spec.nodeName");
    const std::string phase = StrOf(p, "status.phase");
    if (node.empty() || node == dead_node || Terminating(p) || phase == "Succeeded" || phase == "Failed") continue;
    bool ours = ns == f.workload->ns;
    if (ours) {
      ours = false;
      for (const PodFact& w : f.pods.value) ours = ours || w.name == StrOf(p, "metadata.name");
    }
    if (ours) continue;
    bool serving = false;
    const Json* labels = JsonAtPath(p, "metadata.labels");
    for (const Json& s : ItemsOf(services->second.value())) {
      serving = serving || (StrOf(s, "metadata.namespace") == ns && labels && Selects(s, *labels));
    }
    const std::string deploy = DeploymentOf(p);
    if (serving || deploy.empty()) continue;
    CapacityHolder& h = by_deployment[{ns, deploy}];
    h.ns = ns;
    h.deployment = deploy;
    h.pods += 1;
    h.memory += PodMemoryRequest(p);
  }
  std::optional<CapacityHolder> best;
  for (const auto& [key, h] : by_deployment) {
    if (!best || h.memory > best->memory) best = h;
  }
  return best;
}

void AddNotReadyInvestigation(const Facts& f, std::vector<ToolCall>* plan) {
  const std::string node = TerminatingPodsNode(f);
  if (node.empty()) return;
  plan->push_back(calls::GetResource("node", "", node));
  plan->push_back(NodeEvents(node));
  plan->push_back(calls::ListResources("pod", ""));
  plan->push_back(calls::ListResources("service", ""));
}

std::optional<AgentAction> NotReadyVerifyStep(const Transcript& t, int iteration, const std::vector<const Step*>& scope,
                                              const Facts& now, const Step& fix, const std::string& prompt) {
  const Assessment* a = LastAssessmentOf(t, iteration);
  if (a == nullptr || a->root_cause.category != "node-not-ready" || !now.workload) return std::nullopt;
  const Workload& w = *now.workload;
  const std::vector<const Step*> first = FirstInvestigation(t);
  const Facts incident = ExtractFacts(t, first, prompt);
  const std::string node = a->root_cause.resource.substr(a->root_cause.resource.find('/') + 1);
  const std::string freed_ns = JsonString(fix.call.args, "namespace"), freed = JsonString(fix.call.args, "name");
  const ToolCall freed_get = calls::GetResource("deployment", freed_ns, freed);
  std::vector<ToolCall> plan = {calls::ListPods(w.ns, w.selector), calls::GetResource("deployment", w.ns, w.name),
                                calls::GetResource("node", "", node)};
  if (!freed.empty()) plan.push_back(freed_get);
  if (!now.metrics_unavailable) plan.push_back(calls::PromQuery(P99Query(w.name)));
  for (const ToolCall& c : plan) {
    if (!CallDone(scope, c)) return AgentAction::Call(c.name, c.args);
  }
  Verification v;
  {
    int current = 0, ready = 0, pending = 0, stuck = 0;
    std::vector<std::string> bad;
    for (const Json& p : ItemsOf(*now.net.pod_list)) {
      if (Terminating(p)) {
        ++stuck;
        continue;
      }
      ++current;
      const PodFact pf = ReadPod(p);
      if (pf.status == "Pending") ++pending;
      if (pf.ready && pf.status == "Running") {
        ++ready;
      } else {
        bad.push_back(pf.name + " " + pf.status);
      }
    }
    const int64_t want = now.deployment.seen() ? JsonInt(now.deployment.value()["spec"], "replicas", 1) : -1;
    std::string ev = StrFormat("%d/%lld pods Running and Ready", ready, static_cast<long long>(want));
    if (stuck > 0) {
      ev += StrFormat(" (%d pod%s still Terminating on node/%s: no kubelet confirms the deletion)", stuck,
                      stuck == 1 ? "" : "s", node.c_str());
    }
    if (!bad.empty()) ev += "; not ready: " + Join(bad, ", ");
    v.checks.push_back(MakeCheck("pods-ready", now.pods.seen() && ready == current && ready == want, ev, now.pods.step));
    v.checks.push_back(MakeCheck("no-pending", now.pods.seen() && pending == 0,
                                 StrFormat("%d Pending pod%s of %s", pending, pending == 1 ? "" : "s", w.name.c_str()),
                                 now.pods.step));
  }
  {
    int step = 0;
    Json d = Json::object();
    for (const Step* s : scope) {
      if (s->kind == Step::Kind::kToolCall && s->call == freed_get && !s->result.is_error) {
        step = s->number;
        d = s->result.structured;
      }
    }
    const int64_t replicas = JsonInt(JsonMember(d, "spec"), "replicas", -1);
    const int64_t running = JsonInt(JsonMember(d, "status"), "replicas", 0);
    const bool ok = step > 0 && replicas >= 0 && running <= replicas;
    v.checks.push_back(MakeCheck("capacity-freed", ok,
                                 StrFormat("deployment/%s (namespace %s): %lld replicas wanted, %lld running", freed.c_str(),
                                           freed_ns.c_str(), static_cast<long long>(replicas), static_cast<long long>(running)),
                                 step));
  }
  if (!now.metrics_unavailable) {
    std::optional<double> before, baseline;
    if (incident.p99_seconds.seen()) before = incident.p99_seconds.value;
    if (incident.p99_baseline.seen()) baseline = incident.p99_baseline.value;
    v.checks.push_back(LatencyCheck(now.p99_seconds, before, baseline));
  }
  return SubmitChecks(std::move(v));
}

}  // namespace kf::agent
