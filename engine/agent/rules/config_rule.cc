// Containers that cannot be created because their environment references a
// ConfigMap/Secret or key that does not exist: kubectl STATUS
// CreateContainerConfigError, event Failed "Error: couldn't find key K in
// ConfigMap ns/name" (or "configmap \"name\" not found"). When the current
// revision introduced it, the remedy is to roll back to the previous one.
#include "engine/agent/rules/common.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

bool IsConfigEvent(const Json& e) {
  const std::string msg = JsonString(e, "message");
  return JsonString(e, "reason") == "Failed" &&
         (msg.find("couldn't find key") != std::string::npos ||
          (msg.rfind("Error: configmap \"", 0) == 0 && msg.find("not found") != std::string::npos) ||
          (msg.rfind("Error: secret \"", 0) == 0 && msg.find("not found") != std::string::npos));
}

}  // namespace

std::optional<Finding> ConfigRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  const int stuck = CountStatus(f, {"CreateContainerConfigError"});
  if (stuck == 0) return std::nullopt;
  int event_step = 0;
  const Json* event = FindEvent(f, IsConfigEvent, &event_step);

  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(stuck, total, "in CreateContainerConfigError")});
  std::string error = event ? JsonString(*event, "message") : "a missing ConfigMap/Secret reference";
  if (error.rfind("Error: ", 0) == 0) error = error.substr(7);
  if (event) out.evidence.push_back({event_step, EventLine(*event)});
  const Revision* cur = FindRevision(f, f.current_revision);
  AddCurrentRevisionEvidence(f, &out.evidence);
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "config";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = "The pod template of deployment " + f.workload->name +
                           " references configuration that does not exist (" + error +
                           "), so its containers cannot be created" +
                           (cur ? StrFormat(" since revision %d", cur->revision) : std::string()) + ".";
  out.impact = PodsPhrase(stuck, total, "unable to start") + "; the rollout cannot progress.";
  if (auto rb = RollbackOption(f, "Restores the last pod template whose configuration references resolve; "
                                  "add the missing key before redeploying.")) {
    out.options.push_back(*rb);
  }
  out.follow_up = "Apply the ConfigMap change together with (before) the release that reads it.";
  return out;
}

}  // namespace kf::agent::rules
