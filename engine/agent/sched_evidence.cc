#include "engine/agent/sched_evidence.h"

#include <cstdlib>

#include "engine/agent/tool_calls.h"

namespace kf::agent {

const Json* ReplicaFailureCondition(const Facts& f) {
  if (!f.deployment.seen()) return nullptr;
  const Json* conds = JsonAtPath(f.deployment.value(), "status.conditions");
  if (conds == nullptr || !conds->is_array()) return nullptr;
  for (const Json& c : *conds) {
    if (JsonString(c, "type") == "ReplicaFailure" && JsonString(c, "status") == "True") return &c;
  }
  return nullptr;
}

std::string PendingInitContainer(const Facts& f) {
  if (!f.pods.seen() || f.failing_pod.empty() || !f.deployment.seen()) return "";
  for (const PodFact& p : f.pods.value) {
    if (p.name != f.failing_pod || p.status.rfind("Init:", 0) != 0) continue;
    const Json* inits = JsonAtPath(f.deployment.value(), "spec.template.spec.initContainers");
    if (inits == nullptr || !inits->is_array() || inits->empty()) return "";
    // "Init:1/2": the second init container is the one running; "Init:Error"
    // and friends: the first that has not completed is unknown, take the first.
    size_t index = 0;
    const std::string rest = p.status.substr(5);
    if (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') index = std::strtoul(rest.c_str(), nullptr, 10);
    if (index >= inits->size()) index = 0;
    return JsonString((*inits)[index], "name");
  }
  return "";
}

void AppendSchedInvestigation(const Facts& f, std::vector<ToolCall>* plan) {
  if (!f.workload) return;
  const Workload& w = *f.workload;
  if (ReplicaFailureCondition(f) != nullptr) {
    // Shows the condition itself (the resources query before did not print it).
    plan->push_back(calls::GetResource("deployment", w.ns, w.name, "{.status.conditions}"));
    plan->push_back(calls::GetEvents(w.ns, ""));
    plan->push_back(calls::ListResources("resourcequota", w.ns));
  }
  const std::string init = PendingInitContainer(f);
  if (!init.empty()) {
    plan->push_back({calls::kGetPodLogs, Json{{"namespace", w.ns}, {"pod", f.failing_pod}, {"container", init},
                                              {"previous", false}, {"tail_lines", 20}}});
  }
}

}  // namespace kf::agent
