// A ResourceQuota that forbids the pods a rollout needs: the ReplicaSet's
// FailedCreate "... is forbidden: exceeded quota: ..." events and the
// Deployment's ReplicaFailure condition. The quota is the namespace's budget,
// not the incident: the remedy is the previous pod template (a rollback),
// which fit.
#include "engine/agent/rules/common.h"
#include "engine/agent/sched_evidence.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

// "resourcequota compute: requests.memory 3Gi/3584Mi, pods 4/10" per quota.
std::vector<std::string> QuotaLines(const Json& list) {
  std::vector<std::string> out;
  const Json* items = JsonAtPath(list, "items");
  if (items == nullptr || !items->is_array()) return out;
  for (const Json& q : *items) {
    const Json* hard = JsonAtPath(q, "status.hard");
    if (hard == nullptr || !hard->is_object()) continue;
    std::vector<std::string> parts;
    for (auto it = hard->begin(); it != hard->end(); ++it) {
      const Json* used = JsonAtPath(q, "status.used");
      const std::string u = used != nullptr ? JsonString(*used, it.key().c_str(), "0") : "0";
      parts.push_back(it.key() + " " + u + "/" + (it.value().is_string() ? it.value().get<std::string>() : it.value().dump()));
    }
    out.push_back("resourcequota " + JsonString(q["metadata"], "name") + " used/hard: " + Join(parts, ", "));
  }
  return out;
}

}  // namespace

std::optional<Finding> QuotaRule(const Facts& f) {
  if (!f.workload) return std::nullopt;
  const std::string prefix = f.workload->name + "-";
  // The most recent FailedCreate of the workload's ReplicaSets that names a quota.
  const Json* event = nullptr;
  const int event_step = f.ns_events.step;
  const Json* items = f.ns_events.seen() ? JsonAtPath(f.ns_events.value(), "items") : nullptr;
  if (items == nullptr || !items->is_array()) return std::nullopt;
  for (const Json& e : *items) {
    const std::string involved = JsonString(JsonMember(e, "involvedObject"), "name");
    if (JsonString(e, "reason") != "FailedCreate" || involved.rfind(prefix, 0) != 0 ||
        JsonString(e, "message").find("exceeded quota") == std::string::npos) {
      continue;
    }
    if (event == nullptr || JsonString(e, "lastTimestamp") >= JsonString(*event, "lastTimestamp")) event = &e;
  }
  if (!event) return std::nullopt;
  Finding out;
  out.evidence.push_back({event_step, EventLine(*event) + StrFormat(" (x%lld)", static_cast<long long>(JsonInt(*event, "count")))});
  const Json& d = f.deployment.value();
  const int64_t want = JsonInt(JsonMember(d, "spec"), "replicas");
  const Json& st = JsonMember(d, "status");
  if (const Json* cond = ReplicaFailureCondition(f)) {
    out.evidence.push_back({f.deployment.step, StrFormat("deployment condition ReplicaFailure=True (%s); %lld of %lld replicas updated, %lld available",
                                                         JsonString(*cond, "reason").c_str(),
                                                         static_cast<long long>(JsonInt(st, "updatedReplicas")),
                                                         static_cast<long long>(want),
                                                         static_cast<long long>(JsonInt(st, "availableReplicas")))});
  }
  if (f.quotas.seen()) {
    for (const std::string& line : QuotaLines(f.quotas.value())) out.evidence.push_back({f.quotas.step, line});
  }
  const Revision* cur = FindRevision(f, f.current_revision);
  const Revision* prev = RollbackTarget(f);
  if (f.history.seen() && cur && prev && RequestsOf(*cur) != RequestsOf(*prev)) {
    out.evidence.push_back({f.history.step, StrFormat("revision %d %s; revision %d %s", cur->revision,
                                                      RequestsOf(*cur).c_str(), prev->revision,
                                                      RequestsOf(*prev).c_str())});
  }
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "quota";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = "The namespace's ResourceQuota forbids the pods the rollout of deployment " +
                           f.workload->name + " needs: " + JsonString(*event, "message");
  out.impact = want > 0 ? StrFormat("%lld of %lld replicas available; the rollout cannot progress.",
                                    static_cast<long long>(JsonInt(st, "availableReplicas")), static_cast<long long>(want))
                        : "The rollout cannot progress.";
  if (auto rb = RollbackOption(f, "Restores the previous pod template, whose requests fit the quota; the quota itself is the namespace's budget.")) {
    out.options.push_back(*rb);
  }
  out.follow_up = "Check new requests against the namespace's ResourceQuota (kubectl describe quota) before releasing, or agree a larger quota with the platform team.";
  return out;
}

}  // namespace kf::agent::rules
