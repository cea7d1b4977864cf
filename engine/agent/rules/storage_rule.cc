// Pods that cannot be scheduled because a PersistentVolumeClaim they mount
// is not bound (FailedScheduling "pod has unbound immediate
// PersistentVolumeClaims" or "persistentvolumeclaim ... not found"), with
// the claim's own ProvisioningFailed event (e.g. a StorageClass that does
// not exist) when the namespace's events show it. A claim's spec cannot be
// changed once created, so the remedy is the previous pod template (a
// rollback), whose claim was bound.
#include "engine/agent/rules/common.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

std::optional<Finding> StorageRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  int event_step = 0;
  const Json* event = FindEvent(f, [](const Json& e) {
    return JsonString(e, "reason") == "FailedScheduling" &&
           ToLower(JsonString(e, "message")).find("persistentvolumeclaim") != std::string::npos;
  }, &event_step);
  const int pending = CountStatus(f, {"Pending"});
  if (!event || pending == 0) return std::nullopt;
  // The latest ProvisioningFailed of a claim in the namespace.
  const Json* failed = nullptr;
  const Json* items = f.ns_events.seen() ? JsonAtPath(f.ns_events.value(), "items") : nullptr;
  if (items != nullptr && items->is_array()) {
    for (const Json& e : *items) {
      if (JsonString(e, "reason") != "ProvisioningFailed") continue;
      if (failed == nullptr || JsonString(e, "lastTimestamp") >= JsonString(*failed, "lastTimestamp")) failed = &e;
    }
  }
  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(pending, total, "Pending")});
  out.evidence.push_back({event_step, EventLine(*event)});
  std::string claim;
  if (failed != nullptr) {
    claim = JsonString(JsonMember(*failed, "involvedObject"), "name");
    out.evidence.push_back({f.ns_events.step, "persistentvolumeclaim/" + claim + ": " + EventLine(*failed)});
  }
  AddCurrentRevisionEvidence(f, &out.evidence);
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "storage";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = "Pods of deployment " + f.workload->name + " mount a PersistentVolumeClaim" +
                           (claim.empty() ? std::string() : " (" + claim + ")") +
                           " that cannot bind, so they cannot be scheduled: " + JsonString(*event, "message") +
                           (failed != nullptr ? " The claim: " + JsonString(*failed, "message") : std::string());
  out.impact = PodsPhrase(pending, total, "not running") + "; the rollout cannot progress.";
  if (auto rb = RollbackOption(f, "Restores the previous pod template, whose claim is bound; a claim's StorageClass cannot be changed in place.")) {
    out.options.push_back(*rb);
  }
  out.follow_up = "Create claims only with StorageClasses that exist in the cluster (kubectl get storageclass), and delete the unused claim.";
  return out;
}

}  // namespace kf::agent::rules
